// The site is the pack: every sentence of eight or more words in the seed must occur in the text
// of the built site (whitespace-normalised). Tables of contents and running page headers of the
// printed pack are dropped first; they are listed here explicitly.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { docket, listFiles, repo, tempDir } from '../lib/docket.mjs';

const seedPath = join(repo, 'sources', 'trygghetsutskottet-2020-11-20.txt');

// 1-based, inclusive line ranges of the seed that are tables of contents with page numbers.
const tablesOfContents = [
  [337, 362],   // Åtgärdsplan 2020
  [752, 772],   // Handlingsplan för ett socialt hållbart Bro
  [1172, 1210], // Handlingsplan för våld i nära relation
];
// Running page headers and footers, and the logo, repeated on printed pages.
const runningHeaders = new Set([
  'Lipplands-Bro', 'Upplands-Bro', 'KOMMUNEN SOM GER PLATS', 'Innehåll', 'Åtgärdsplan',
  'Handlingsplan för ett socialt hållbart Bro',
  'Handlingsplan för våld i nära relation samt hedersrelaterat våld och förtryck',
  'Handlingplan för våld i nära relation samt hedersrelaterat våld och förtryck',
]);

const superscripts = /[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g;

function normalise(s) {
  return s.replace(superscripts, '').replace(/\*/g, '').replace(/[“”"]/g, '”').replace(/\s+/g, ' ').trim();
}

// Every sentence of 8 or more words in the seed, after dropping the listed parts.
export function seedSentences() {
  const lines = readFileSync(seedPath, 'utf8').split('\n');
  const kept = lines.filter((line, i) => {
    const n = i + 1;
    if (tablesOfContents.some(([a, b]) => n >= a && n <= b)) return false;
    return !runningHeaders.has(line.trim());
  });
  const sentences = [];
  for (const line of kept) {
    // Table rows are "label<TAB>cell" with <p> paragraphs inside cells.
    for (const cell of line.split('\t')) {
      for (const para of cell.split(/<\/?p>/)) {
        const text = normalise(para.replace(/<[^>]+>/g, ' ').replace(/^[-–]\s+/, ''));
        for (const sentence of text.split(/(?<=[.!?:])\s+(?=[A-ZÅÄÖ0-9”(])/)) {
          if (sentence.split(' ').filter((w) => /[\p{L}\p{N}]/u.test(w)).length >= 8) sentences.push(sentence);
        }
      }
    }
  }
  return sentences;
}

// The text of every built page: tags removed, footnote markers dropped, entities decoded.
function siteText(dir) {
  let all = '';
  for (const f of listFiles(dir).filter((f) => f.endsWith('.html'))) {
    const html = readFileSync(join(dir, f), 'utf8')
      .replace(/<sup class="footnote-ref">.*?<\/sup>/g, '')
      .replace(/<a [^>]*class="footnote-back"[^>]*>.*?<\/a>/g, '')
      .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
      .replace(/<\/?(p|li|td|th|h[1-6]|dt|dd|div|blockquote|caption|br)[^>]*>/g, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    all += '\n' + html.split('\n').map(normalise).join('\n');
  }
  return all;
}

test('at least 97% of the seed\'s sentences of 8+ words occur in the built site', () => {
  const out = join(tempDir(), 'public');
  const r = docket(['build', '--quiet', '--no-search', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const text = siteText(out);
  const sentences = seedSentences();
  const missing = sentences.filter((s) => !text.includes(s));
  const coverage = (sentences.length - missing.length) / sentences.length;
  console.log(`content coverage: ${sentences.length - missing.length} of ${sentences.length} sentences (${(coverage * 100).toFixed(1)}%)`);
  for (const s of missing.slice(0, 15)) console.log(`  missing: ${s}`);
  assert.ok(sentences.length > 800, `only ${sentences.length} sentences found in the seed`);
  assert.ok(coverage >= 0.97, `coverage ${(coverage * 100).toFixed(1)}% < 97%`);
});

test('the built site has every kind of page the pack holds, in the expected numbers', () => {
  const out = join(tempDir(), 'public');
  assert.equal(docket(['build', '--quiet', '--no-search', '--out', out]).code, 0);
  const pages = listFiles(out).filter((f) => /^[a-z]+\/[^/]+\/index\.html$/.test(f));
  const count = (dir) => pages.filter((f) => f.startsWith(`${dir}/`)).length;
  const counts = {
    meetings: count('sammantraden'), cases: count('arenden'), plans: count('planer'), areas: count('omraden'),
    followups: count('uppfoljning'), goals: count('delmal'), decisions: count('beslut'), terms: count('begrepp'),
  };
  console.log(`content pages: ${JSON.stringify(counts)}`);
  assert.equal(counts.meetings, 1);
  assert.equal(counts.cases, 4);
  assert.ok(counts.plans >= 4);
  assert.ok(counts.areas >= 22);
  assert.ok(counts.followups >= 18);
  assert.equal(counts.goals, 3);
  assert.equal(counts.decisions, 3);
  assert.ok(counts.terms >= 30);
  // The redacted signature stays redacted.
  assert.match(readFileSync(join(out, 'planer/samverkansoverenskommelse-2020/index.html'), 'utf8'), /██████████/);
});
