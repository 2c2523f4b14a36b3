// docket serve after a random sequence of edits: body text, titles, headings, links (relations),
// terms, new and deleted files, renames. After each edit the served output must be the bytes a
// whole build of the same sources writes: a second `docket serve` started on the sources as they
// are then (its first build is a whole one) writes its output beside, and the two trees are
// compared file by file. Edits of a page's text (links and term mentions too) or title take
// serve's incremental path ("rebuilt N files of M pages"); the others rebuild everything. The sequence runs on the real site as it is,
// again with base_url set (feeds, sitemap, canonical addresses and structured data), and again
// with [lists] per_page = 2 (lists, backlinks and mentions in parts).
// DOCKET_EDIT_SEED picks another sequence.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { hashTree } from '../lib/docket.mjs';
import { copySite, freePort, startServe } from './lib.mjs';

const seed = Number(process.env.DOCKET_EDIT_SEED ?? 20261203);
const EDITS = 30;

// mulberry32: a small seeded generator, so a failing sequence can be run again.
function generator(a) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(seed);
const pick = (list) => list[Math.floor(random() * list.length)];

let site, serve;
let created = []; // the files the edits made, which they may delete or rename
// Lists in parts: an edit of a page's links or mentions that changes how many parts a list has
// changes the site's pages, which serve then builds whole.
let partsMayChange = false;

// A copy of the real site, `base_url` set when given, its lists `perPage` pages a part when given,
// served.
async function serveCopy(baseUrl, perPage) {
  site = copySite();
  const toml = join(site.source, 'site.toml');
  if (baseUrl)
    writeFileSync(toml, readFileSync(toml, 'utf8').replace(/^(\[|title = )/m, `base_url = "${baseUrl}"\n$1`));
  if (perPage) writeFileSync(toml, `${readFileSync(toml, 'utf8')}\n[lists]\nper_page = ${perPage}\n`);
  created = [];
  serve = await startServe({ source: site.source, tmp: site.tmp, port: await freePort() });
}

async function stopServe() {
  const exit = await serve?.stop();
  const said = serve?.stderr;
  site?.cleanup();
  serve = site = undefined;
  if (exit) assert.equal(exit.code, 0, said);
}
after(stopServe);

const content = (...parts) => join(site.source, 'content', ...parts);
const pages = (folder) => readdirSync(content(folder)).filter((n) => n.endsWith('.md')).map((n) => join(folder, n));
const read = (rel) => readFileSync(content(rel), 'utf8');
// The front matter and the body of a page's text.
function split(text) {
  const end = text.indexOf('\n+++\n', 4) + 5;
  return [text.slice(0, end), text.slice(end)];
}

// Each edit changes the sources and says what it did, and how serve must rebuild: `incremental`
// for a page's text (its links and term mentions too) or title ("rebuilt N files of M pages"),
// `whole` where its headings, a term's title or the set of files change.
const edits = {
  body(rel) {
    // After the first paragraph, so the first sentence (a term's definition) stays.
    const [front, body] = split(read(rel));
    const words = ['trygghet', 'samverkan', 'uppföljning', 'belysning', 'kommunen', 'åtgärder'];
    const sentence = `Tillagt stycke ${Math.floor(random() * 1e6)} om ${pick(words)} och ${pick(words)}.`;
    const paragraphs = body.split('\n\n');
    const at = 2 + Math.floor(random() * Math.max(1, paragraphs.length - 2));
    paragraphs.splice(at, 0, sentence);
    writeFileSync(content(rel), front + paragraphs.join('\n\n'));
    return { what: `body of ${rel}`, expect: 'incremental' };
  },
  lead(rel) {
    // A new first sentence: the page's description, and a term's definition in the glossary.
    const [front, body] = split(read(rel));
    writeFileSync(content(rel), `${front}\nInledning ${Math.floor(random() * 1e6)} om ${pick(['trygghet', 'samverkan'])}.\n${body}`);
    return { what: `first sentence of ${rel}`, expect: 'incremental' };
  },
  title(rel) {
    // A term's title is a link text the whole site matches: that one is built whole.
    const text = read(rel);
    writeFileSync(content(rel), text.replace(/^title = "(.*)"$/m, (_, t) => `title = "${t} ${Math.floor(random() * 100)}"`));
    return { what: `title of ${rel}`, expect: rel.startsWith('terms/') ? 'whole' : 'incremental' };
  },
  heading(rel) {
    writeFileSync(content(rel), `${read(rel)}\n## Ny rubrik ${Math.floor(random() * 1000)}\n\nMer text.\n`);
    return { what: `heading in ${rel}`, expect: 'whole' };
  },
  link(rel) {
    const target = pick(pages('plans')).replace(/^plans\//, '').replace(/\.md$/, '');
    writeFileSync(content(rel), `${read(rel)}\nSe även [[${target}]].\n`);
    return { what: `link from ${rel} to ${target}`, expect: 'incremental' }; // the plan's backlinks
  },
  term(rel) {
    // A term's own text (the glossary writes it) or a mention of a term in a page's text.
    writeFileSync(content(rel), `${read(rel)}\nDetta gäller också BRÅ.\n`);
    return { what: `term mention in ${rel}`, expect: 'incremental' }; // the term's mentions
  },
  create() {
    const id = `slumpord-${created.length}-${Math.floor(random() * 1e6)}`;
    writeFileSync(content('terms', `${id}.md`),
      `+++\ntitle = "Slumpord ${created.length}"\nid = "${id}"\nkind = "term"\nterm = "Slumpord ${created.length}"\n+++\n\nEtt ord som ett test skrev.\n`);
    created.push(join('terms', `${id}.md`));
    return { what: `new term ${id}`, expect: 'whole' };
  },
  remove() {
    if (!created.length) return edits.create();
    const rel = created.splice(Math.floor(random() * created.length), 1)[0];
    unlinkSync(content(rel));
    return { what: `deleted ${rel}`, expect: 'whole' };
  },
  rename() {
    if (!created.length) return edits.create();
    const k = Math.floor(random() * created.length);
    const to = created[k].replace(/\.md$/, '-flyttad.md');
    renameSync(content(created[k]), content(to));
    const was = created[k];
    created[k] = to;
    return { what: `renamed ${was} to ${to}`, expect: 'whole' };
  },
};

// Kinds of edit and how often each comes: text edits most, as a writer makes them.
const plan = [
  ['body', 8], ['lead', 2], ['title', 3], ['heading', 1], ['link', 1], ['term', 1], ['create', 1], ['remove', 1], ['rename', 1],
];
function nextEdit() {
  const total = plan.reduce((n, [, w]) => n + w, 0);
  let r = random() * total;
  for (const [kind, w] of plan) if ((r -= w) < 0) return kind;
  return 'body';
}

// The output of a whole build of the sources as they are now: a second serve's first build.
async function wholeBuild() {
  const tmp = mkdtempSync(join(site.work, 'whole-'));
  const other = await startServe({ source: site.source, tmp, port: await freePort() });
  const [dir] = readdirSync(tmp).filter((n) => n.startsWith('docket-serve-'));
  const tree = hashTree(join(tmp, dir, 'site'));
  const exit = await other.stop();
  assert.equal(exit.code, 0, other.stderr);
  return tree;
}

function servedTree() {
  const [dir] = readdirSync(site.tmp).filter((n) => n.startsWith('docket-serve-'));
  return hashTree(join(site.tmp, dir, 'site'));
}

// Makes one edit of `kind` on `rel` in the site served now, waits for the rebuild, checks the
// path it took where the edit says, and compares the served output with a whole build's.
async function editOnce(kind, rel, i) {
  const done = serve.waitFor(/^(rebuilt .*|docket: \d+ errors?; .*)\n/m);
  const { what, expect } = edits[kind](rel);
  await done;
  const line = serve.stderr.trimEnd().split('\n').at(-1);
  assert.match(line, /^rebuilt /, `edit ${i} (${what}) failed:\n${serve.stderr}`);
  const path = /^rebuilt \d+ files? of \d+ pages/.test(line) ? 'incremental' : 'whole';
  if (!partsMayChange || expect === 'whole')
    assert.equal(path, expect, `edit ${i} (${what}) was rebuilt ${path}: ${line}`);
  const served = servedTree(), built = await wholeBuild();
  const differ = Object.keys({ ...served, ...built }).filter((f) => served[f] !== built[f]);
  assert.deepEqual(differ, [], `edit ${i} (${what}; ${line}): these files differ from a whole build`);
  return path;
}

// Runs the random edits on the site served now, comparing after each.
async function editAndCompare(label) {
  const texts = [...pages('cases'), ...pages('plans'), ...pages('areas'), ...pages('terms'), ...pages('meetings')];
  let incremental = 0, whole = 0;
  for (let i = 0; i < EDITS; ++i) {
    if (await editOnce(nextEdit(), pick(texts), i) === 'incremental') ++incremental; else ++whole;
  }
  console.log(`incremental (${label}): ${EDITS} edits (seed ${seed}): ${incremental} rebuilt incrementally, ${whole} whole; every output identical to a whole build's`);
  return incremental;
}

test(`after each of ${EDITS} random edits (seed ${seed}) the served site is a whole build's bytes`, async () => {
  await serveCopy();
  try {
    await editAndCompare('the real site');
  } finally {
    await stopServe();
  }
});

test(`the same with base_url set: feeds, sitemap and canonical addresses too`, async () => {
  await serveCopy('https://docket.example/');
  try {
    assert.ok(servedTree()['sitemap.xml'], 'no sitemap.xml: base_url was not set');
    await editAndCompare('base_url set');
  } finally {
    await stopServe();
  }
});

// Two pages a part: the lists, a page's backlinks and a term's mentions are in parts, which
// edits of links and mentions add and remove.
test(`the same with [lists] per_page = 2: lists, backlinks and mentions in parts`, async () => {
  await serveCopy(undefined, 2);
  partsMayChange = true;
  try {
    const paths = Object.keys(servedTree());
    assert.ok(paths.some((p) => p.includes('/refereras-fran/2/')), 'no backlinks in parts');
    assert.ok(paths.some((p) => p.includes('/anvands-pa/2/')), 'no mentions in parts');
    assert.ok(await editAndCompare('per_page 2') > 0, 'no edit took the incremental path');
  } finally {
    partsMayChange = false;
    await stopServe();
  }
});

// Each kind's title is shown in other places: the meeting's by its cases' entries in lists and
// by the start page, a plan's by its areas' facts and crumbs, a case's by its meeting's agenda
// and by the links in other pages' text, a follow-up's by its area's list of follow-ups, a
// goal's by its plan. Every kind's page once, with base_url set (the feeds show titles too).
test('a new title on a page of each kind shows everywhere a whole build shows it', async () => {
  await serveCopy('https://docket.example/');
  const retitled = [
    'meetings/tu-2020-11-20.md', 'plans/atgardsplan-2020.md', 'plans/socialt-hallbart-bro.md',
    'cases/ks-20-0129.md', 'areas/4-2-trygghetsvandring.md', 'followups/uppfoljning-2020-11.md',
    'goals/delmal-1.md', 'decisions/ks-paragraf-39.md', 'plans/vald-i-nara-relation.md', 'terms/est.md',
  ];
  try {
    for (const [i, rel] of retitled.entries()) await editOnce('title', rel, i);
  } finally {
    await stopServe();
  }
  console.log(`incremental: ${retitled.length} titles changed, one of each kind; every output identical to a whole build's`);
});
