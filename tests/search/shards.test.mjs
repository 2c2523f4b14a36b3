// The site's search in shards (assets/search/) against lunr.js over the whole index: for every
// query, the same refs in the same order with the same scores, as lunr.js computes them. The
// whole index is the one `docket build --emit-search-index` writes, itself checked byte for
// byte against lunr.js's own from the corpus.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertSameText, corpusQueries, fuzzyRetries, makeTempDir, queries, repoRoot, runDocket } from './helpers.mjs';
import { lunr, lunrIndexJson } from './lunr-reference.mjs';
import { loadSharded, refsOfCorpus } from './sharded.mjs';

// Builds `source` into dir/public with the whole index and the corpus beside it.
function build(source, dir) {
  const r = runDocket(['build', '--quiet', '--no-archives', '--source', source, '--out', path.join(dir, 'public'),
    '--emit-search-index', path.join(dir, 'index.json'), '--emit-search-corpus', path.join(dir, 'corpus.json')], { cwd: source });
  assert.equal(r.status, 0, `docket build ${source} failed (${r.status}):\n${r.stderr}`);
  return { root: path.join(dir, 'public'), index: fs.readFileSync(path.join(dir, 'index.json'), 'utf8'), corpus: JSON.parse(fs.readFileSync(path.join(dir, 'corpus.json'), 'utf8')) };
}

// lunr's results as [ref, score], or "error: ..." as lunr.js throws it; `ref` maps a result's
// ref to the one compared.
async function answer(run, ref = (r) => r) {
  try {
    return Array.from(await run(), (r) => [ref(r.ref), r.score]);
  } catch (e) {
    return `error: ${e.name}: ${e.message}`;
  }
}

// Every query on both; the sharded side's refs are mapped back to the whole index's. The
// store's part of each of the first 20 pages of results (what the search page shows) must
// name the same document.
async function assertSameResults(site, queryList, what) {
  const whole = lunr.Index.load(JSON.parse(site.index));
  const { search } = loadSharded(site.root);
  await search.ready();
  const refs = await refsOfCorpus(search, site.corpus);
  let withResults = 0;
  const check = async (run, label) => {
    const expected = await answer(() => run(whole));
    const actual = await answer(() => run(search), (r) => refs.get(r));
    assert.deepStrictEqual(actual, expected, `${what}: ${label}`);
    if (!Array.isArray(expected) || !expected.length) return;
    withResults++;
    for (const r of (await run(search)).slice(0, 20)) {
      const dot = r.ref.indexOf('.');
      const part = await search.page(Number(r.ref.slice(0, dot)));
      assert.equal(part.docs[Number(r.ref.slice(dot + 1))].u, refs.get(r.ref), `${what}: ${label}: the store's entry of ${r.ref}`);
    }
  };
  for (const q of queryList) await check((index) => index.search(q), `query ${JSON.stringify(q)}`);
  // The search page's retry of words with one edit allowed goes through lunr's query API.
  for (const words of fuzzyRetries) {
    const fn = (query) => words.forEach((t) => query.term(t, { editDistance: 1 }));
    await check((index) => index.query(fn), `the fuzzy retry of ${words.join(' ')}`);
  }
  return withResults;
}

describe('the sharded search answers as lunr.js over the whole index', () => {
  let dir;
  before(() => { dir = makeTempDir(); });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the real site: the whole index is lunr.js\'s, and 200+ queries give the same results', async () => {
    const site = build(repoRoot, path.join(dir, 'real'));
    assertSameText(site.index, lunrIndexJson(site.corpus), 'the whole index of the real site');
    const list = [...queries, ...corpusQueries(site.corpus, 120)];
    assert.ok(list.length >= 200, `${list.length} queries`);
    const withResults = await assertSameResults(site, list, 'real site');
    assert.ok(withResults >= 150, `only ${withResults} of ${list.length} queries found anything`);
  });

  test('a generated 10,000-page archive: 200+ queries give the same results', async () => {
    const corpusDir = path.join(dir, 'corpus');
    const made = spawnSync(process.execPath, [path.join(repoRoot, 'bench/make-corpus'), '10000', corpusDir, '--shape', 'archive'], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const site = build(path.join(corpusDir, 'docket'), path.join(dir, 'big'));
    // "*" (every term of every document: 70 s here, most of it lunr.js's) is checked on the
    // real site above; the search page never searches it.
    const list = [...queries.filter((q) => q !== '*'), ...corpusQueries(site.corpus, 120)];
    const withResults = await assertSameResults(site, list, '10,000 pages');
    assert.ok(withResults >= 150, `only ${withResults} of ${list.length} queries found anything`);
  });
});
