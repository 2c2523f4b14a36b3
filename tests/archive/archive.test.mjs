// The archive stage on the real content: the meeting pack of 2020-11-20 and the whole site
// offline. Checked with independent tools: Info-ZIP's unzip, coreutils' sha256sum, and
// LinkChecker over the unzipped pages.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { writeArchive } from '../lib/archive.mjs';
import { docket, hashTree, repo, tempDir } from '../lib/docket.mjs';

const MEETING = 'tu-2020-11-20';
const PACK = `sammantraden/${MEETING}/trygghetsutskottet-${MEETING}.zip`;
const BAG = `trygghetsutskottet-${MEETING}`;
const OFFLINE = 'trygghetsutskottet-offline.zip';
const EPOCH = '1605830400'; // 2020-11-20
const env = { SOURCE_DATE_EPOCH: EPOCH };

let work, siteA, siteB;

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 300000, ...options });
  if (r.error) throw r.error;
  return r;
}

function unzip(zip, dir) {
  mkdirSync(dir, { recursive: true });
  const r = run('unzip', ['-q', zip, '-d', dir]);
  assert.equal(r.status, 0, r.stderr);
  // LinkChecker drops root's privileges to "nobody": the tree must be world-readable.
  run('chmod', ['-R', 'a+rX', dir]);
  return dir;
}

before(() => {
  work = tempDir('docket-archive-');
  chmodSync(work, 0o755);
  siteA = join(work, 'a');
  siteB = join(work, 'b');
  for (const out of [siteA, siteB]) {
    const r = docket(['build', '--out', out, '--quiet'], { env, timeout: 300000 });
    assert.equal(r.code, 0, r.stderr);
  }
});

after(() => rmSync(work, { recursive: true, force: true }));

test('unzip -t passes for the meeting pack and the offline site', () => {
  for (const zip of [PACK, OFFLINE]) {
    const r = run('unzip', ['-t', join(siteA, zip)]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /No errors detected in compressed data/);
    console.log(`archive: unzip -t ${zip}: ${r.stdout.trim().split('\n').at(-1)}`);
  }
});

test('the pack is a BagIt bag that sha256sum -c verifies, with bag-info from site.toml', () => {
  const dir = unzip(join(siteA, PACK), join(work, 'bag'));
  assert.deepEqual(readdirSync(dir), [BAG], 'everything under one directory');
  const root = join(dir, BAG);
  for (const manifest of ['manifest-sha256.txt', 'tagmanifest-sha256.txt']) {
    const r = run('sha256sum', ['-c', '--strict', manifest], { cwd: root });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.ok(lines.every((l) => l.endsWith(': OK')));
    console.log(`archive: sha256sum -c ${manifest}: ${lines.length} files OK`);
  }
  assert.equal(readFileSync(join(root, 'bagit.txt'), 'utf8'), 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
  const info = readFileSync(join(root, 'bag-info.txt'), 'utf8');
  assert.match(info, /^Source-Organization: Upplands-Bro kommun$/m);
  assert.match(info, new RegExp(`^External-Identifier: ${MEETING}$`, 'm'));
  assert.match(info, /^External-Description: .+$/m);
  assert.match(info, /^Bagging-Date: 2020-11-20$/m);
  for (const d of ['KS 20/0600', 'KS 20/0129', 'KS 20/0649', 'KS 20/0726']) assert.match(info, new RegExp(`^Diarienummer: ${d}$`, 'm'));
  // Payload-Oxum: bytes.files of data/.
  const files = [];
  const walk = (d) => readdirSync(d).forEach((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : files.push(join(d, n))));
  walk(join(root, 'data'));
  const bytes = files.reduce((s, f) => s + statSync(f).size, 0);
  assert.match(info, new RegExp(`^Payload-Oxum: ${bytes}\\.${files.length}$`, 'm'));
  // Every manifest line is "<64 hex>  <path>", and every payload file is listed.
  const listed = readFileSync(join(root, 'manifest-sha256.txt'), 'utf8').trim().split('\n');
  assert.ok(listed.every((l) => /^[0-9a-f]{64} {2}data\/\S/.test(l)));
  assert.equal(listed.length, files.length);
});

// Page ids named by front matter `attachments` of a case file.
function attachments(file) {
  const m = readFileSync(file, 'utf8').match(/^attachments\s*=\s*\[([^\]]*)\]/m);
  return m ? [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]) : [];
}

// The site path of the page with `id`, found in the full site build.
function sitePath(id) {
  for (const seg of readdirSync(siteA)) {
    if (existsSync(join(siteA, seg, id, 'index.html'))) return `${seg}/${id}/index.html`;
  }
  return null;
}

test('the pack holds the agenda, the four cases, all their attachments, and their sources', () => {
  const data = join(work, 'bag', BAG, 'data');
  const agenda = readFileSync(join(data, 'index.html'), 'utf8');
  assert.match(agenda, /<h1>Trygghetsutskottets sammanträde/);
  const cases = readdirSync(join(repo, 'content/cases')).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3));
  assert.equal(cases.length, 4);
  const wanted = new Set(cases);
  for (const c of cases) for (const a of attachments(join(repo, 'content/cases', `${c}.md`))) wanted.add(a);
  for (const id of wanted) {
    const path = sitePath(id);
    assert.ok(path, `${id} is a page of the site`);
    assert.ok(existsSync(join(data, path)), `the pack holds ${path}`);
    const source = readdirSync(join(repo, 'content'), { recursive: true }).find((f) => f.endsWith(`/${id}.md`));
    assert.equal(readFileSync(join(data, 'source/content', source), 'utf8'), readFileSync(join(repo, 'content', source), 'utf8'),
      `data/source holds ${source} as written`);
  }
  assert.ok(agenda.includes('href="arenden/ks-20-0726/index.html"'), 'the agenda links to KS 20/0726 inside the pack');
  for (const f of ['assets/site.css', 'assets/search.js', 'assets/search-loader.js', 'assets/search/manifest.js', 'assets/search/p/0.js', 'assets/lunr/lunr.js', 'sok/index.html'])
    assert.ok(existsSync(join(data, f)), f);
  console.log(`archive: the pack holds ${wanted.size} case and attachment pages; ${readdirSync(join(data, 'source/content'), { recursive: true }).filter((f) => f.endsWith('.md')).length} sources`);
});

// Every content page by id: its file's front matter values of `keys` (strings), and its kind.
function contentPages() {
  const pages = new Map();
  for (const f of readdirSync(join(repo, 'content'), { recursive: true }).filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(join(repo, 'content', f), 'utf8');
    const value = (key) => text.match(new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, 'm'))?.[1];
    const id = value('id') ?? f.split('/').at(-1).slice(0, -3);
    pages.set(id, { id, kind: value('kind') ?? 'page', file: join(repo, 'content', f), value });
  }
  return pages;
}

test('the pack holds what the rule says: the cases, their attachments and what those belong to, the decisions and follow-ups on the cases, and the terms they mention', () => {
  const pages = contentPages();
  const expected = new Set();
  const cases = [...pages.values()].filter((p) => p.kind === 'case' && p.value('meeting') === MEETING);
  for (const c of cases) {
    expected.add(c.id);
    for (const a of attachments(c.file)) {
      expected.add(a);
      const att = pages.get(a);
      // One step up: an area's group or plan, a follow-up's area, a goal's plan.
      const up = { area: att.value('parent') ?? att.value('plan'), followup: att.value('area'), goal: att.value('plan') }[att.kind];
      if (up) expected.add(up);
    }
    for (const p of pages.values()) {
      if (p.kind === 'decision' && p.value('diarienummer') === c.value('diarienummer')) expected.add(p.id);
      if (p.kind === 'followup' && p.value('case') === c.id) expected.add(p.id);
    }
  }
  // The terms: every term page those pages link to in the site (their backlinks aside).
  const terms = new Set();
  for (const id of [MEETING, ...expected]) {
    const html = readFileSync(join(siteA, sitePath(id)), 'utf8').replace(/<aside class="backlinks"[\s\S]*?<\/aside>/, '');
    for (const m of html.matchAll(/href="(?:\.\.\/)*begrepp\/([a-z0-9-]+)\/index\.html/g)) terms.add(m[1]);
  }
  const entries = run('unzip', ['-Z1', join(siteA, PACK)]).stdout.trim().split('\n');
  const folders = entries.map((e) => e.match(/^[^/]+\/data\/([^/]+)\/([^/]+)\/index\.html$/)).filter(Boolean);
  const held = new Set(folders.filter((m) => m[1] !== 'diarienummer').map((m) => m[2]));
  assert.deepEqual([...held].sort(), [...expected].sort());
  // A history page for each diarienummer its pages and the meeting's agenda carry.
  const numbers = new Set([...expected].map((id) => pages.get(id).value('diarienummer')).filter(Boolean));
  for (const m of readFileSync(pages.get(MEETING).file, 'utf8').matchAll(/^diarienummer\s*=\s*"([^"]+)"/gm)) numbers.add(m[1]);
  const slug = (d) => d.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  assert.deepEqual(folders.filter((m) => m[1] === 'diarienummer').map((m) => m[2]).sort(), [...numbers].map(slug).sort());
  // The terms are entries of the pack's glossary, not pages of their own: a term's page lists
  // every page of the site that uses it.
  const glossary = run('unzip', ['-p', join(siteA, PACK), `${BAG}/data/begrepp/index.html`]).stdout;
  const glossed = [...glossary.matchAll(/<div id="([a-z0-9-]+)"><dt>/g)].map((m) => m[1]);
  assert.deepEqual(glossed.sort(), [...terms].sort());
  assert.equal(cases.length, 4);
  console.log(`archive: the pack holds ${expected.size} pages by the rule (${cases.length} cases) and ${terms.size} terms in its glossary, of ${pages.size} pages`);
});

test('a case brings the decisions and follow-ups whose front matter names it, not the pages whose text cites it', () => {
  // The test archive, with a decision and a follow-up on case KS 20/0001 (2020-02-14) whose
  // texts cite case KS 19/0100 (2019-03-01): a real archive cites a case's number in many later
  // documents, and a pack that took them all would grow with the site.
  const source = join(work, 'named');
  writeArchive(source, 10);
  const file = (path, body) => { mkdirSync(join(source, 'content', path, '..'), { recursive: true }); writeFileSync(join(source, 'content', path), body); };
  file('plans/trygghetsplan.md', '+++\ntitle = "Trygghetsplan"\nkind = "plan"\ndate = 2019-01-01\n+++\n\nPlanen.\n');
  file('areas/grannsamverkan-omrade.md', `+++\ntitle = "Grannsamverkan i Bro"\nkind = "area"\nplan = "trygghetsplan"\nnumber = "1"\n+++\n\n${['Definition', 'Mål och syfte', 'Utmaningar och prioritering', 'Åtaganden', 'Uppföljning'].map((h) => `## ${h}\n\nText.\n`).join('\n')}`);
  const followup = (id, onCase, text) => file(`followups/${id}.md`, `+++\ntitle = "Uppföljning ${id}"\nkind = "followup"\narea = "grannsamverkan-omrade"\nperiod = "2020"\ncase = "${onCase}"\n+++\n\n## Uppföljning\n\n${text}\n`);
  followup('uppf-kamera', 'ks-19-0101', 'Kamerorna är uppsatta.');
  followup('uppf-grannar', 'ks-20-0001', 'Som i ärende KS 19/0100 och [[ks-19-0100]].');
  file('decisions/ks-paragraf-30.md', '+++\ntitle = "KS § 30 Grannsamverkan"\nkind = "decision"\nbody = "Kommunstyrelsen"\nparagraph = 30\ndate = 2020-03-01\ndiarienummer = "KS 20/0001"\n+++\n\n## Beslut\n\nSom i ärende KS 19/0100.\n');
  const held = (meeting) => {
    const out = join(source, `${meeting}.zip`);
    const r = docket(['pack', meeting, '-o', out, '--source', source], { env });
    assert.equal(r.code, 0, r.stderr);
    return run('unzip', ['-Z1', out]).stdout.trim().split('\n')
      .map((e) => e.match(/^[^/]+\/data\/(?!diarienummer\/)[^/]+\/([^/]+)\/index\.html$/)?.[1]).filter(Boolean).sort();
  };
  // Case KS 19/0100 has its decision (KS § 12, the same diarienummer); KS 19/0101 its follow-up.
  assert.deepEqual(held('tu-2019-03-01'), ['ks-19-0100', 'ks-19-0101', 'ks-paragraf-12', 'uppf-kamera']);
  assert.deepEqual(held('tu-2020-02-14'), ['ks-20-0001', 'ks-paragraf-30', 'uppf-grannar']);
});

// LinkChecker over a tree, internal links and #fragments (AnchorCheck) only; returns its summary.
function linkcheck(start) {
  const config = join(work, 'linkcheckerrc');
  writeFileSync(config, '[AnchorCheck]\n');
  chmodSync(config, 0o644);
  const r = run('linkchecker', ['-f', config, '--no-status', '-r', '1000', start]);
  const summary = r.stdout.match(/That's it\. (\d+) links? in \d+ URLs? checked\. (\d+) warnings? found\. (\d+) errors? found\./);
  assert.ok(summary, r.stdout + r.stderr);
  return { links: Number(summary[1]), warnings: Number(summary[2]), errors: Number(summary[3]), output: r.stdout };
}

test('LinkChecker finds no broken link or anchor in the pack\'s pages', () => {
  const result = linkcheck(join(work, 'bag', BAG, 'data', 'index.html'));
  assert.equal(result.errors + result.warnings, 0, result.output);
  assert.ok(result.links > 100, `checked ${result.links} links`);
  console.log(`archive: linkchecker over the pack: ${result.links} links, 0 warnings, 0 errors`);
});

test('links out of the pack are text marked "finns på webbplatsen", or go to base_url when it is set', () => {
  const data = join(work, 'bag', BAG, 'data');
  const page = readFileSync(join(data, 'planer/socialt-hallbart-bro/index.html'), 'utf8');
  assert.match(page, /<span class="outside-scope">[^<]+<span class="outside-scope-note"> \(finns på webbplatsen\)<\/span><\/span>/);

  // The same site with base_url: out-of-pack links become absolute links to the public site.
  const src = join(work, 'with-base-url');
  mkdirSync(src);
  for (const f of ['content', 'themes', 'node_modules']) run('ln', ['-s', join(repo, f), join(src, f)]);
  writeFileSync(join(src, 'site.toml'), readFileSync(join(repo, 'site.toml'), 'utf8')
    .replace(/^# base_url = .*$/m, 'base_url = "https://example.org/tu/"'));
  const zip = join(work, 'base-url.zip');
  const r = docket(['pack', MEETING, '-o', zip, '--source', src, '--quiet'], { env });
  assert.equal(r.code, 0, r.stderr);
  const dir = unzip(zip, join(work, 'base-url-bag'));
  const html = readFileSync(join(dir, BAG, 'data/planer/socialt-hallbart-bro/index.html'), 'utf8');
  assert.doesNotMatch(html, /finns på webbplatsen/);
  assert.match(html, /href="https:\/\/example\.org\/tu\/[a-z]+\/[a-z0-9-]+\/index\.html"/);
  // A term links to its entry in the pack's glossary, which holds the term's text.
  assert.match(html, /href="\.\.\/\.\.\/begrepp\/index\.html#est"/);
  const glossary = readFileSync(join(dir, BAG, 'data/begrepp/index.html'), 'utf8');
  const est = glossary.match(/<div id="est">[\s\S]*?<\/div>\s*<\/dd>/)?.[0] ?? '';
  assert.match(est, /Effektiv Samordning för Trygghet/);
  assert.match(est, /<dd class="term-definition">/);
});

test('the offline site: whole, searchable, no link to itself, no broken link', () => {
  const dir = unzip(join(siteA, OFFLINE), join(work, 'offline'));
  const root = join(dir, 'trygghetsutskottet-offline');
  const pages = readdirSync(root, { recursive: true }).filter((f) => f.endsWith('index.html'));
  const sitePages = readdirSync(siteA, { recursive: true }).filter((f) => f.endsWith('index.html'));
  assert.deepEqual(pages.sort(), sitePages.sort());
  for (const f of ['assets/search/manifest.js', 'assets/search-loader.js', 'assets/lunr/lunr.sv.js']) assert.ok(existsSync(join(root, f)));
  assert.doesNotMatch(readFileSync(join(root, 'index.html'), 'utf8'), /\.zip"/);
  const result = linkcheck(join(root, 'index.html'));
  assert.equal(result.errors + result.warnings, 0, result.output);
  console.log(`archive: linkchecker over the offline site: ${result.links} links, 0 warnings, 0 errors`);
});

test('the site links to the archives with their real sizes', () => {
  const kB = (file) => `${Math.round(statSync(join(siteA, file)).size / 1000)} kB`;
  const meeting = readFileSync(join(siteA, `sammantraden/${MEETING}/index.html`), 'utf8');
  assert.ok(meeting.includes(`<a href="../../${PACK}"><span>Ladda ned handlingarna</span>, <span>zip, ${kB(PACK)}</span></a>`), meeting);
  for (const page of ['index.html', 'arenden/ks-20-0726/index.html']) {
    const html = readFileSync(join(siteA, page), 'utf8');
    assert.ok(html.includes(`${OFFLINE}"><span>Ladda ned hela webbplatsen för läsning utan nät</span> (<span>zip, ${kB(OFFLINE)}</span>)`), page);
  }
  console.log(`archive: pack ${statSync(join(siteA, PACK)).size} bytes (${kB(PACK)}), offline ${statSync(join(siteA, OFFLINE)).size} bytes (${kB(OFFLINE)})`);
});

// The entries whose CRC differs between two zips (zipinfo -v), for a readable failure.
function differingEntries(a, b) {
  const crcs = (zip) => Object.fromEntries([...run('zipinfo', ['-v', zip]).stdout
    .matchAll(/^Central directory entry #\d+:\n-+\n\n {2}(\S+)\n[\s\S]*?32-bit CRC value \(hex\): +([0-9a-f]+)/gm)].map((m) => [m[1], m[2]]));
  const x = crcs(a), y = crcs(b);
  return [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => x[k] !== y[k]);
}

test('two builds with the same SOURCE_DATE_EPOCH give byte-identical archives', () => {
  for (const zip of [PACK, OFFLINE]) {
    const a = join(siteA, zip), b = join(siteB, zip);
    assert.ok(readFileSync(a).equals(readFileSync(b)), `${zip} differs in: ${differingEntries(a, b).join(', ')}`);
  }
  const r = run('zipinfo', ['-T', join(siteA, PACK)]);
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('-rw'));
  assert.ok(lines.length > 50, `${lines.length} entries`);
  assert.ok(lines.every((l) => l.startsWith('-rw-r--r--') && l.includes(' 20201120.000000 ')), lines.find((l) => !l.includes('20201120')));
  const names = lines.map((l) => l.split(' ').at(-1));
  assert.deepEqual(names, [...names].sort(), 'entries sorted');
});

test('docket pack writes the same bytes as the build, and reports errors with exit codes', () => {
  const out = join(work, 'pack.zip');
  const r = docket(['pack', MEETING, '-o', out], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^packed tu-2020-11-20: \d+ pages, \d+ bytes, into /);
  assert.ok(readFileSync(out).equals(readFileSync(join(siteA, PACK))), `differs in: ${differingEntries(out, join(siteA, PACK)).join(', ')}`);

  const help = docket(['pack', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: docket pack MEETING-ID -o FILE/);
  assert.equal(docket(['pack', MEETING]).code, 2, '-o is required');
  assert.equal(docket(['pack', '-o', out]).code, 2, 'MEETING-ID is required');
  assert.equal(docket(['pack', MEETING, '-o', out, '--bogus']).code, 2);
  const missing = docket(['pack', 'tu-1999-01-01', '-o', join(work, 'none.zip')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no meeting with id "tu-1999-01-01" \(meetings: tu-2020-11-20\)/);
  assert.ok(!existsSync(join(work, 'none.zip')));
  const notMeeting = docket(['pack', 'ks-20-0726', '-o', join(work, 'none.zip')]);
  assert.equal(notMeeting.code, 1);
});

test('a build into the previous output, which copies the entries that did not change, writes the bytes of a fresh build', () => {
  // A later SOURCE_DATE_EPOCH changes every entry's time and each bag's Bagging-Date (bag-info.txt
  // and the tag manifest), not the pages: most entries are copied from the previous zips.
  const later = { SOURCE_DATE_EPOCH: '1606435200' }; // 2020-11-27
  const again = join(work, 'again'), fresh = join(work, 'fresh');
  for (const [out, e] of [[again, env], [again, later], [again, later], [fresh, later]]) {
    const r = docket(['build', '--out', out, '--quiet'], { env: e, timeout: 300000 });
    assert.equal(r.code, 0, r.stderr);
  }
  const zips = run('find', ['.', '-name', '*.zip'], { cwd: fresh }).stdout.trim().split('\n').sort();
  assert.ok(zips.length >= 2, zips.join(', '));
  for (const zip of zips) {
    const a = join(again, zip), b = join(fresh, zip);
    assert.ok(readFileSync(a).equals(readFileSync(b)), `${zip} differs in: ${differingEntries(a, b).join(', ')}`);
  }
  // docket pack into its previous file does the same.
  const out = join(work, 'pack-again.zip');
  for (const e of [env, later]) assert.equal(docket(['pack', MEETING, '-o', out], { env: e }).code, 0);
  assert.ok(readFileSync(out).equals(readFileSync(join(fresh, PACK))), `differs in: ${differingEntries(out, join(fresh, PACK)).join(', ')}`);
});

test('a pack holds the content\'s files that its pages link, and no other: each works in it, from the meeting\'s index.html too', () => {
  // Files beside the Markdown: a map the meeting and one of its cases show, a record the
  // meeting links (its name with a space), and a file no page links.
  const source = join(work, 'files');
  writeArchive(source, 10);
  const content = join(source, 'content');
  mkdirSync(join(content, 'bilder'));
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108020000009077' +
    '53de0000000c4944415478da63f8ff0f000101000518d84e0000000049454e44ae426082', 'hex');
  writeFileSync(join(content, 'bilder/karta.png'), png);
  writeFileSync(join(content, 'bilder/protokoll bro.pdf'), '%PDF-1.4\n%%EOF\n');
  writeFileSync(join(content, 'bilder/oanvand.pdf'), '%PDF-1.4\n%%EOF\n');
  const append = (file, text) => writeFileSync(join(content, file), readFileSync(join(content, file), 'utf8') + text);
  append('meetings/tu-2019-03-01.md', '\n[Protokollet](<../bilder/protokoll bro.pdf>)\n\n![Karta över Bro](../bilder/karta.png)\n');
  append('cases/ks-19-0100.md', '\n![Karta över Bro](../bilder/karta.png)\n');
  const out = join(source, 'public');
  const r = docket(['build', '--source', source, '--quiet'], { env });
  assert.equal(r.code, 0, r.stderr);
  const files = (zip) => run('unzip', ['-Z1', join(out, zip)]).stdout.trim().split('\n')
    .filter((e) => e.includes('/bilder/')).map((e) => e.replace(/^.*\/bilder\//, ''));
  const pack = (id) => `sammantraden/${id}/arkivet-${id}.zip`;
  assert.deepEqual(files(pack('tu-2019-03-01')), ['karta.png', 'protokoll bro.pdf']);
  for (const id of ['ks-2019-05-10', 'tu-2020-02-14', 'sn-2020-06-01', 'ks-2021-01-20'])
    assert.deepEqual(files(pack(id)), [], id);
  assert.deepEqual(files('arkivet-offline.zip').sort(), ['karta.png', 'oanvand.pdf', 'protokoll bro.pdf']);
  // The meeting is the pack's index.html: its links lead to the files there, not to the site.
  const bag = unzip(join(out, pack('tu-2019-03-01')), join(work, 'files-bag'));
  const index = readFileSync(join(bag, 'arkivet-tu-2019-03-01/data/index.html'), 'utf8');
  assert.match(index, /<a href="bilder\/protokoll%20bro\.pdf">Protokollet<\/a>/);
  assert.match(index, /<img src="bilder\/karta\.png" alt="Karta över Bro">/);
  const result = linkcheck(join(bag, 'arkivet-tu-2019-03-01/data/index.html'));
  assert.equal(result.errors + result.warnings, 0, result.output);
  console.log(`archive: content files: 2 of 3 in the meeting's pack, none in the 4 others; linkchecker ${result.links} links, 0 errors`);
});

test('a rebuild makes again only the packs whose inputs changed (the others are the previous files), and writes what a fresh build writes', () => {
  const source = join(work, 'rebuild');
  writeArchive(source, 10);
  // The theme is the site's own copy, so that a step can change one of its texts.
  cpSync(join(repo, 'themes/default'), join(source, 'theme'), { recursive: true });
  const toml = join(source, 'site.toml');
  writeFileSync(toml, readFileSync(toml, 'utf8').replace(/^theme = .*$/m, 'theme = "theme"'));
  // A case that mentions a term, so that its pack has a glossary.
  const kase = join(source, 'content/cases/ks-19-0100.md');
  writeFileSync(kase, readFileSync(kase, 'utf8').replace('## Sammanfattning\n\nText.', '## Sammanfattning\n\nEn lägesbild.'));
  const out = join(source, 'public'), fresh = join(source, 'fresh');
  const ids = ['tu-2019-03-01', 'ks-2019-05-10', 'tu-2020-02-14', 'sn-2020-06-01', 'ks-2021-01-20'];
  const pack = (dir, id) => join(dir, `sammantraden/${id}/arkivet-${id}.zip`);
  // A build's count of the packs it took from the previous output (--timings), 0 when none.
  const build = (dir) => {
    const r = docket(['build', '--source', source, '--out', dir, '--quiet', '--timings'], { env });
    assert.equal(r.code, 0, r.stderr);
    const stage = r.stderr.match(/^ {2}meeting packs(?:, (\d+) of (\d+) unchanged)? +\d+\.\d\d s$/m);
    assert.ok(stage, r.stderr);
    if (stage[2]) assert.equal(Number(stage[2]), ids.length);
    return Number(stage[1] ?? 0);
  };
  assert.equal(build(out), 0);
  const edit = (file, from, to) => {
    const path = join(source, file);
    const text = readFileSync(path, 'utf8');
    assert.ok(text.includes(from), `${file} holds ${from}`);
    writeFileSync(path, text.replace(from, to));
  };
  const glossaryHas = (id, term) => run('unzip', ['-p', pack(out, id), `arkivet-${id}/data/begrepp/index.html`]).stdout.includes(`id="${term}"`);
  assert.deepEqual(ids.filter((id) => glossaryHas(id, 'lagesbild')), ['tu-2019-03-01']);
  // Each step: what it changes, and the packs it must make again; the others are the files the
  // previous build wrote (and their inodes stay), and every file is what a fresh build writes.
  const steps = [
    ['nothing', () => {}, []],
    ['a case\'s text', () => edit('content/cases/ks-19-0100.md', '## Ärendet\n\nText.', '## Ärendet\n\nText, ändrad.'), ['tu-2019-03-01']],
    ['the text of a term in a glossary', () => edit('content/terms/lagesbild.md', 'beskriver händelser', 'beskriver händelser och risker'), ['tu-2019-03-01']],
    ['a pack changed after the build', () => writeFileSync(pack(out, 'sn-2020-06-01'), Buffer.concat([readFileSync(pack(out, 'sn-2020-06-01')), Buffer.from('x')])), ['sn-2020-06-01']],
    ['a text of the theme that every pack holds (in bag-info.txt)', () => edit('theme/i18n/sv.toml', 'sökbara utan nät', 'sökbara utan nätverk'), ids],
  ];
  for (const [what, change, remade] of steps) {
    const before = Object.fromEntries(ids.map((id) => [id, statSync(pack(out, id)).ino]));
    change();
    assert.equal(build(out), ids.length - remade.length, `${what}: the packs taken from the previous output`);
    rmSync(fresh, { recursive: true, force: true });
    build(fresh);
    const a = hashTree(out), b = hashTree(fresh);
    assert.deepEqual(Object.keys(a).filter((f) => a[f] !== b[f]), [], `${what}: the rebuild differs from a fresh build`);
    assert.deepEqual(ids.filter((id) => statSync(pack(out, id)).ino !== before[id]).sort(), [...remade].sort(), `${what}: the packs made again`);
  }
  console.log(`archive: rebuilds of ${ids.length} packs after ${steps.length} kinds of change: each as a fresh build, only the packs whose inputs changed made again`);
});
