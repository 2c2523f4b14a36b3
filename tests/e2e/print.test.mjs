// A meeting's page to print, printed to PDF by Chromium (`--print-to-pdf`, what a committee
// member's "Save as PDF" gives) and read back with poppler (pdftotext, pdftoppm): each document
// of the pack starts a new sheet, in the order of the page's table of contents, no sheet is
// blank, the agenda's tables are whole and nothing runs off the sheet.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';

import { buildSite, chromiumPath } from './lib/site.mjs';

const MEETING = 'sammantraden/tu-2020-11-20';
let site, work, pdf, sheets, boxes;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120000, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const norm = (s) => s.replace(/\s+/g, ' ').trim();
const decode = (s) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"');

// The documents of the page as its HTML has them: each section's kind and title, in order.
function documents(html) {
  return [...html.matchAll(/<section class="print-document" id="([^"]+)">\s*<p class="kicker">([^<]*)<\/p>\s*<h2>([^<]*)<\/h2>/g)]
    .map((m) => ({ id: m[1], kind: decode(m[2]), title: decode(m[3]) }));
}

before(() => {
  site = buildSite();
  work = mkdtempSync(join(tmpdir(), 'docket-print-'));
  pdf = join(work, 'pack.pdf');
  run(chromiumPath, ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer',
    `--print-to-pdf=${pdf}`, pathToFileURL(join(site.dir, MEETING, 'utskrift/index.html')).href]);
  // The text of each sheet (pdftotext ends each with a form feed).
  sheets = run('pdftotext', ['-enc', 'UTF-8', pdf, '-']).split('\f').slice(0, -1).map(norm);
  // Every word's box on each sheet, from poppler.
  boxes = [...run('pdftotext', ['-bbox', '-enc', 'UTF-8', pdf, '-']).matchAll(/<page [^>]*>([\s\S]*?)<\/page>/g)]
    .map((p) => [...p[1].matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
      .map((m) => ({ x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]), text: decode(m[5]) })));
});
after(() => {
  site?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('each document of the pack starts a sheet of its own, in the order of the contents', () => {
  const html = readFileSync(join(site.dir, MEETING, 'utskrift/index.html'), 'utf8');
  const docs = documents(html);
  assert.ok(docs.length >= 10, `${docs.length} documents`);
  // The contents list the same documents in the same order.
  const nav = html.slice(html.indexOf('<nav class="print-toc"'), html.indexOf('</nav>', html.indexOf('<nav class="print-toc"')));
  const toc = [...nav.matchAll(/<li><a href="#(dokument-[^"]+)">/g)].map((m) => m[1]);
  assert.deepEqual(toc, docs.map((d) => d.id));
  const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]))[1]);
  assert.equal(sheets.length, pages);
  // A sheet starts with a document's kind (printed in capitals) and title, and nothing but a
  // document's first sheet does: the first sheet holds the page's own title and contents.
  const starts = (sheet, d) => {
    const head = `${d.kind.toLocaleUpperCase('sv')} ${d.title}`;
    return sheet.toLocaleUpperCase('sv').startsWith(head.toLocaleUpperCase('sv')) &&
      /^(\s|$)/.test(sheet.slice(head.length));
  };
  let from = 1;
  const at = [];
  for (const d of docs) {
    const k = sheets.findIndex((s, i) => i >= from && starts(s, d));
    assert.ok(k > 0, `no sheet after sheet ${from} starts with ${d.kind} ${d.title}`);
    at.push(k + 1);
    from = k + 1;
  }
  assert.match(sheets[0], /Innehåll/);
  console.log(`print: ${MEETING}: ${docs.length} documents on ${pages} A4 sheets, each from a new sheet (sheets ${at.join(', ')})`);
});

test('the sheets are A4, none is blank, and no word runs off a sheet or is too small to read', () => {
  const info = run('pdfinfo', [pdf]);
  const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  // A4 is 210 x 297 mm: 595.28 x 841.89 pt.
  assert.ok(Math.abs(w - 595.28) < 1 && Math.abs(h - 841.89) < 1, `${w} x ${h} pts`);
  // Every word inside the sheet, with a margin, and at least 7 pt high.
  let words = 0;
  boxes.forEach((sheet, k) => {
    for (const b of sheet) {
      ++words;
      assert.ok(b.x0 >= 20 && b.x1 <= w - 20 && b.y0 >= 20 && b.y1 <= h - 20, `sheet ${k + 1}: "${b.text}" at ${b.x0},${b.y0}-${b.x1},${b.y1}`);
      assert.ok(b.y1 - b.y0 >= 7, `sheet ${k + 1}: "${b.text}" is ${(b.y1 - b.y0).toFixed(1)} pt high`);
    }
  });
  assert.ok(words > 5000, `${words} words`);
  // Each sheet, rendered by pdftoppm in grey: some ink on every one (a break before an empty
  // element would leave a blank sheet).
  run('pdftoppm', ['-gray', '-r', '20', pdf, join(work, 'sheet')]);
  const images = readdirSync(work).filter((f) => f.startsWith('sheet')).sort();
  assert.equal(images.length, sheets.length);
  for (const f of images) {
    const data = readFileSync(join(work, f));
    // Binary PGM: "P5\n<w> <h>\n255\n" then one byte a pixel.
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(data.subarray(0, 64).toString('latin1'));
    const pixels = data.subarray(header[0].length);
    const ink = pixels.reduce((n, v) => n + (v < 128 ? 1 : 0), 0);
    assert.ok(ink > 20, `${f} is blank (${ink} dark pixels)`);
  }
  console.log(`print: ${words} words inside the sheets' margins, at least 7 pt high; ${images.length} sheets, none blank`);
});

test("the agenda's tables are printed whole: each row's cells side by side on the meeting's sheets", () => {
  const html = readFileSync(join(site.dir, MEETING, 'utskrift/index.html'), 'utf8');
  // The agenda as the page has it: each table's caption and rows.
  const meeting = html.slice(html.indexOf('<section class="print-document"'), html.indexOf('</section>'));
  const tables = [...meeting.matchAll(/<caption>([^<]*)<\/caption>[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/g)];
  assert.ok(tables.length >= 3, `${tables.length} tables`);
  // The meeting's sheets: from the second (the first is the contents) to the first case's.
  const docs = documents(html);
  const next = sheets.findIndex((s, i) => i > 1 && s.toLocaleUpperCase('sv').startsWith(docs[1].kind.toLocaleUpperCase('sv')));
  const words = boxes.slice(1, next).flatMap((sheet, k) => sheet.map((b) => ({ ...b, sheet: k })));
  let rows = 0;
  for (const [, caption, body] of tables) {
    for (const [, row] of body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)) {
      const cells = [...row.matchAll(/<td>(?:<a [^>]*>)?([^<]*)/g)].map((c) => norm(decode(c[1]))).filter(Boolean);
      // Each cell's first word, in the order of the row, left to right on one line (a row's
      // cells start at its top), and the rest of its words printed on the same sheet.
      let left = -1, line;
      for (const cell of cells) {
        const [head, ...rest] = cell.split(' ');
        const b = words.find((x) => x.text === head && x.x0 > left && (line === undefined || (x.sheet === line.sheet && Math.abs(x.y0 - line.y0) < 3)));
        assert.ok(b, `${caption}: "${cell}" is not printed in its row`);
        line ??= b;
        left = b.x1;
        for (const word of rest)
          assert.ok(words.some((x) => x.sheet === b.sheet && x.text === word), `${caption}: "${word}" of "${cell}" is not printed`);
      }
      ++rows;
    }
  }
  console.log(`print: ${tables.length} agenda tables, ${rows} rows, each row's cells side by side on the meeting's sheets`);
});
