// Shared helpers for the search tests: where the binaries are, running
// `docket index`, and comparing texts and query results.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { lunr } from './lunr-reference.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const docketBinary = path.resolve(repoRoot, process.env.DOCKET ?? 'build/docket');
export const stemBinary = path.resolve(repoRoot, process.env.SEARCH_STEM ?? 'build/search/search_stem');

export function makeTempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'docket-search-'));
}

// Runs `docket ARGS...`; returns {status, stdout, stderr}.
export function runDocket(args, options = {}) {
  const result = spawnSync(docketBinary, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  if (result.error) throw result.error;
  return result;
}

// Indexes the corpus file with `docket index` (in `language`'s pipeline) and
// returns the JSON text.
export function docketIndexJson(corpusPath, language = 'sv') {
  const dir = makeTempDir();
  try {
    const out = path.join(dir, 'index.json');
    const result = runDocket(['index', '--language', language, corpusPath, '-o', out]);
    assert.equal(result.status, 0, `docket index ${corpusPath} failed (${result.status}):\n${result.stderr}`);
    return fs.readFileSync(out, 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Asserts string equality; on failure names the first differing offset and
// shows both texts around it.
export function assertSameText(actual, expected, what) {
  if (actual === expected) return;
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  const from = Math.max(0, i - 120);
  const show = (s) => JSON.stringify(s.slice(from, i + 120));
  assert.fail(
    `${what}: texts differ at offset ${i} (docket ${actual.length} chars, lunr.js ${expected.length})\n` +
      `  docket:  …${show(actual)}…\n` +
      `  lunr.js: …${show(expected)}…`,
  );
}

// Queries in lunr's syntax: Swedish inflections, wildcards, fuzzy terms,
// fields, boosts, presence, and some that parse badly.
export const queries = [
  'trygg', 'trygghet', 'tryggheten', 'trygga', 'tryggare', 'tryggast', 'otrygghet', 'Trygghet',
  'trygg*', 'tryg*', '*het', 't*', 'p*', '*',
  'polis', 'polisen', 'polisens', 'poliserna', 'polis~1', 'polis~2', 'polos~1', 'pol*s',
  'våld', 'våldet', 'VÅLD', 'hedersrelaterat', 'hedersrelaterat våld', 'heder',
  '+våld -heder', '+trygghet +polis', '-plan trygg', '+plan', 'trygg -polis -våld',
  'title:plan', 'body:plan', 'title:trygg*', 'title:polis^10 body:polis', 'plan^5 polis', 'body:våld~1',
  'skola', 'skolan', 'skolor', 'skolorna', 'kommun', 'kommunen', 'kommunerna', 'kommunernas',
  'socialt hållbart', 'bro', 'delmål', 'delmål 1', 'samverkan', 'planering',
  '2020', '2020-11-20', '20/0129', 'ks', '§39', '39', '0', '007', '10', '3,5',
  'lösning', 'lösningar', 'löst', 'fullt', 'full', 'tydligt', 'tydligare',
  'åäö', 'ÅSA', 'örebro', 'istanbul', 'İstanbul', 'straße', 'strasse', 'ǆungla',
  'emoji', 'café', 'naïve', 'a😀en', '中文字', 'x😀y', 'xａy',
  'och', 'och att', 'är', 'det som',
  'constructor', 'toString', 'hasOwnProperty', 'prototype',
  'nonexistent', 'zzzz*', '',
  'title:', 'nosuchfield:plan', 'plan~', 'plan^', '-', '+',
];

// Queries made from the corpus's own words (deterministically: every k-th distinct word of
// four letters or more): single words as written, pairs, required and prohibited words, a
// field, boosts, prefixes and edit distances.
export function corpusQueries(corpus, count) {
  const words = [];
  const seen = new Set();
  for (const doc of corpus.documents) {
    for (const w of `${doc.title} ${doc.body}`.split(/[^\p{L}\p{N}]+/u)) {
      const lower = w.toLowerCase();
      if (lower.length >= 4 && !seen.has(lower)) { seen.add(lower); words.push(w); }
    }
  }
  const step = Math.max(1, Math.floor(words.length / count));
  const pick = (i) => words[(i * step) % words.length];
  const out = [];
  for (let i = 0; i < count; i++) {
    const a = pick(i), b = pick(i + 7);
    out.push([a, `${a} ${b}`, `+${a} +${b}`, `${a} -${b}`, `title:${a}`, `${a}^2 ${b}`, `${a.slice(0, 4)}*`, `${a}~1`][i % 8]);
  }
  return out;
}

// The words the search page retries with one edit allowed (through lunr's query API) when a
// query finds nothing.
export const fuzzyRetries = [['polisen', 'trygghet'], ['trygghett'], ['kommmun', 'samverkn']];

// Queries for the English pipeline: inflections the Porter stemmer folds,
// stop words, wildcards, fuzzy terms, fields and presence.
export const englishQueries = [
  'safety', 'safe', 'safely', 'safer', 'unsafe', 'Safety', 'safe*', 'saf*', '*ty',
  'police', 'policing', 'policed', 'polices', 'police~1', 'polize~1', 'pol*e',
  'meeting', 'meetings', 'meet', 'met', 'agreed', 'agree', 'agreement', 'relational', 'relate',
  'running', 'run', 'hopping', 'hop', 'happiness', 'happy', 'happily', 'always', 'yearly', 'year',
  'generalization', 'generalize', 'general', 'electrical', 'electric', 'cries', 'cry',
  '+safety -police', 'title:plan', 'body:plan', 'title:meet*', 'plan^5 police', 'body:safty~1',
  'the', 'and the', 'a', 'is', 'constructor', 'toString', 'hasOwnProperty', 'prototype',
  'café', 'naïve', 'x😀y', '2020', '2020-11-20', 'KS 20/0129', '',
  'title:', 'nosuchfield:plan', 'plan~', '-', '+',
];

// Results of every query on both serialised indexes; they must be the same.
export function assertSameSearchResults(docketJson, lunrJson, what, queryList = queries) {
  const docketIndex = lunr.Index.load(JSON.parse(docketJson));
  const lunrIndex = lunr.Index.load(JSON.parse(lunrJson));
  const run = (index, q) => {
    try {
      return index.search(q).map((r) => [r.ref, r.score]);
    } catch (e) {
      return `error: ${e.name}: ${e.message}`;
    }
  };
  let withResults = 0;
  for (const q of queryList) {
    const expected = run(lunrIndex, q);
    const actual = run(docketIndex, q);
    assert.deepStrictEqual(actual, expected, `${what}: query ${JSON.stringify(q)}`);
    if (Array.isArray(expected) && expected.length > 0) withResults++;
  }
  return withResults;
}
