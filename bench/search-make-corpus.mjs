// Writes a deterministic synthetic search corpus (docket index's input format)
// built from the paragraphs of a seed text.
//   node bench/search-make-corpus.mjs SEED.txt COUNT OUT.json
import fs from 'node:fs';

const [seedPath, countArg, outPath] = process.argv.slice(2);
if (!seedPath || !countArg || !outPath) {
  console.error('usage: node bench/search-make-corpus.mjs SEED.txt COUNT OUT.json');
  process.exit(2);
}
const count = Number(countArg);

// mulberry32: a small, fixed PRNG so that every run makes the same corpus.
let state = 0x5eed1171;
function random() {
  state = (state + 0x6d2b79f5) | 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];

const paragraphs = fs.readFileSync(seedPath, 'utf8')
  .split(/\n\s*\n/)
  .map((p) => p.replace(/\s+/g, ' ').trim())
  .filter((p) => p.length > 0);
const headings = paragraphs.filter((p) => p.length < 120);

const documents = [];
for (let i = 0; i < count; i++) {
  const body = [];
  const n = 2 + Math.floor(random() * 6);
  for (let k = 0; k < n; k++) body.push(pick(paragraphs));
  const doc = { id: `doc-${i}`, title: pick(headings), body: body.join('\n\n') };
  if (random() < 0.1) doc.boost = 2;
  documents.push(doc);
}
const corpus = { ref: 'id', fields: [{ name: 'title', boost: 10 }, { name: 'body' }], documents };
fs.writeFileSync(outPath, JSON.stringify(corpus));
