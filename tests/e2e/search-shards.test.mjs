// The sharded search (assets/search/) in Chromium, from file:// and over HTTP, on a generated
// 10,000-page archive, and inside an unzipped meeting pack: the site's lunr.js and search-loader.js, loaded into the search page
// with <script> tags as search.js loads them, answer 200+ queries with the same refs, in the
// same order, with the same scores as lunr.js over the whole index in node. Then the search UI
// as a reader meets it: results as you type, "Visa fler", excerpts, the header's panel, nothing
// loaded before typing, the announced count, and axe-core with the results shown.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { corpusQueries, fuzzyRetries, makeTempDir, queries } from '../search/helpers.mjs';
import { buildLunrIndex, lunr } from '../search/lunr-reference.mjs';
import { loadSharded, refsOfCorpus } from '../search/sharded.mjs';
import { buildSite, docketBin, formatViolations, launchBrowser, repo, runAxe, startServer, WIDTHS } from './lib/site.mjs';

// What search.js loads before the index: lunr.js, the Swedish pipeline, the loader.
const ENGINE = ['assets/lunr/lunr.js', 'assets/lunr/lunr.stemmer.support.js', 'assets/lunr/lunr.sv.js', 'assets/search-loader.js'];
// Requests that only a search may make.
const SEARCH_REQUEST = /\/assets\/(?:search|lunr)\//;
// A query with more than 20 pages of results on the real site.
const MANY = 'kommun';

let work, site, server, browser, corpus, whole, indexed;

before(async () => {
  work = makeTempDir();
  const index = path.join(work, 'index.json');
  const corpusFile = path.join(work, 'corpus.json');
  site = buildSite({ extraArgs: ['--emit-search-index', index, '--emit-search-corpus', corpusFile] });
  corpus = JSON.parse(fs.readFileSync(corpusFile, 'utf8'));
  whole = lunr.Index.load(JSON.parse(fs.readFileSync(index, 'utf8')));
  // The site's lunr.js and its index's pipeline, as the search page reads text.
  const { search, context } = loadSharded(site.dir);
  await search.ready();
  indexed = { lunr: context.lunr, pipeline: search.pipeline };
  server = await startServer(site.dir);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  site?.cleanup();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const url = {
  file: (rel, root = site.dir) => pathToFileURL(path.join(root, rel)).href,
  http: (rel) => `${server.url}/${rel}`,
};

// The queries compared: lunr's syntax, and the search page's fuzzy retries (an array of words,
// each searched through lunr's query API with one edit allowed). `skip` leaves queries out.
function queryList(documents, skip = []) {
  return [...queries.filter((q) => !skip.includes(q)), ...corpusQueries({ documents }, 120), ...fuzzyRetries];
}

// Opens the search page at pageUrl, loads the site's engine into it with <script> tags (from
// the page's own assets/, as search.js finds them), builds a DocketSearch whose parts are the
// scripts under assets/search/, and runs every query there. Returns each query's results as
// [ref, score] (or "error: ..." as lunr.js threw it), the "documents" part, and the names of the
// parts loaded.
async function searchInChromium(pageUrl, list) {
  const page = await browser.newPage();
  try {
    await page.goto(pageUrl);
    return await page.evaluate(async ({ engine, list }) => {
      const base = document.querySelector('script[src$="assets/search.js"]').src.replace(/assets\/search\.js$/, '');
      const script = (file) => new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = base + file;
        s.onload = resolve;
        s.onerror = () => reject(new Error(`cannot load ${file}`));
        document.head.appendChild(s);
      });
      for (const file of engine) await script(file);
      const received = {};
      const parts = [];
      window.DOCKET_SEARCH_DATA = (name, data) => { received[name] = data; };
      const search = new window.DocketSearch(async (name) => {
        await script(`assets/search/${name}.js`);
        if (!(name in received)) throw new Error(`assets/search/${name}.js did not hand over its data`);
        parts.push(name);
        return received[name];
      });
      await search.ready();
      const results = [];
      for (const q of list) {
        try {
          const found = typeof q === 'string'
            ? await search.search(q)
            : await search.query((query) => q.forEach((t) => query.term(t, { editDistance: 1 })));
          results.push(found.map((r) => [r.ref, r.score]));
        } catch (e) {
          results.push(`error: ${e.name}: ${e.message}`);
        }
      }
      return { results, documents: await search.part('documents'), parts };
    }, { engine: ENGINE, list });
  } finally {
    await page.close();
  }
}

// lunr.js's answer to each query in node, as [ref, score] or "error: ...".
function answers(index, list) {
  return list.map((q) => {
    try {
      const found = typeof q === 'string'
        ? index.search(q)
        : index.query((query) => q.forEach((t) => query.term(t, { editDistance: 1 })));
      return found.map((r) => [r.ref, r.score]);
    } catch (e) {
      return `error: ${e.name}: ${e.message}`;
    }
  });
}

// The search in Chromium at pageUrl against lunr.js's `reference` index of `documents` (corpus
// documents, in the order the sharded index numbers them): the same results for every query.
async function assertSameAsLunr(pageUrl, reference, documents, what, skip = []) {
  const list = queryList(documents, skip);
  assert.ok(list.length >= 200, `${what}: ${list.length} queries`);
  const chromium = await searchInChromium(pageUrl, list);
  const refs = await refsOfCorpus({ part: async () => chromium.documents }, { documents });
  const expected = answers(reference, list);
  let withResults = 0;
  list.forEach((q, i) => {
    const got = chromium.results[i];
    const actual = Array.isArray(got) ? got.map(([ref, score]) => [refs.get(ref), score]) : got;
    assert.deepStrictEqual(actual, expected[i], `${what}: query ${JSON.stringify(q)}`);
    if (Array.isArray(expected[i]) && expected[i].length) withResults++;
  });
  assert.ok(withResults >= 150, `${what}: only ${withResults} of ${list.length} queries found anything`);
  assert.ok(chromium.parts.some((p) => p.startsWith('t/')) && chromium.parts.includes('vocabulary'),
    `${what}: parts loaded: ${chromium.parts.join(' ')}`);
  console.log(`search-shards: ${what}: ${list.length} queries (${withResults} with results) as lunr.js, ${chromium.parts.length} parts loaded`);
}

describe('Chromium answers as lunr.js over the whole index', () => {
  for (const scheme of ['file', 'http']) {
    test(`the real site from ${scheme}://`, async () => {
      await assertSameAsLunr(url[scheme]('sok/index.html'), whole, corpus.documents, `real site, ${scheme}://`);
    });
  }

  test('a generated 10,000-page archive from file://', async () => {
    const dir = path.join(work, 'archive');
    const made = spawnSync(process.execPath, [path.join(repo, 'bench/make-corpus'), '10000', path.join(dir, 'corpus'), '--shape', 'archive'], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const index = path.join(dir, 'index.json');
    const corpusFile = path.join(dir, 'corpus.json');
    const built = spawnSync(docketBin, ['build', '--quiet', '--no-archives', '--source', path.join(dir, 'corpus', 'docket'), '--out', path.join(dir, 'site'),
      '--emit-search-index', index, '--emit-search-corpus', corpusFile], { encoding: 'utf8' });
    assert.equal(built.status, 0, built.stderr);
    const big = JSON.parse(fs.readFileSync(corpusFile, 'utf8'));
    const reference = lunr.Index.load(JSON.parse(fs.readFileSync(index, 'utf8')));
    // "*" (every term of every document: a minute, most of it lunr.js's) is compared on the real site.
    await assertSameAsLunr(url.file('sok/index.html', path.join(dir, 'site')), reference, big.documents, '10,000 pages, file://', ['*']);
  });

  test('every meeting pack, unzipped, from file://: as lunr.js over the pack\'s own pages', async () => {
    const zips = fs.readdirSync(site.dir, { recursive: true })
      .filter((f) => /^sammantraden\/[^/]+\/[^/]+\.zip$/.test(f.split(path.sep).join('/')));
    assert.ok(zips.length > 0, 'the site has meeting packs');
    const byId = new Map(corpus.documents.map((d) => [d.id, d]));
    for (const zip of zips.sort()) {
      const dir = path.join(work, 'packs', path.basename(zip, '.zip'));
      fs.mkdirSync(dir, { recursive: true });
      const unzipped = spawnSync('unzip', ['-q', path.join(site.dir, zip), '-d', dir], { encoding: 'utf8' });
      assert.equal(unzipped.status, 0, unzipped.stderr);
      const [bag] = fs.readdirSync(dir);
      const data = path.join(dir, bag, 'data');
      // The pack's documents: its store parts list each page's documents' URLs, the corpus ids.
      const { search } = loadSharded(data);
      const counts = await search.part('documents');
      const ids = [];
      for (let n = 0; n < counts.length; n++) ids.push(...(await search.page(n)).docs.map((d) => d.u));
      const missing = ids.filter((id) => !byId.has(id));
      assert.deepEqual(missing, [], `${zip}: documents that are not the site's`);
      const inPack = new Set(ids);
      const documents = corpus.documents.filter((d) => inPack.has(d.id));
      assert.deepEqual(documents.map((d) => d.id), ids, `${zip}: the pack's documents in the site's order`);
      assert.ok(documents.length < corpus.documents.length, `${zip}: the pack is not the whole site`);
      const reference = buildLunrIndex({ ...corpus, documents });
      await assertSameAsLunr(url.file('sok/index.html', data), reference, documents, `pack ${path.basename(zip)}`);
    }
  });
});

// The pages (best hit first) that lunr.js over the whole index finds for q, in order: each page's
// best hit's corpus id, which is what its result links to.
function expectedPages(q) {
  const seen = new Set();
  const out = [];
  for (const r of whole.search(q)) {
    const page = r.ref.split('#')[0];
    if (!seen.has(page)) { seen.add(page); out.push(r.ref); }
  }
  return out;
}

// Records the requests a page makes; `search()` lists those only a search may make.
function watchRequests(page) {
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));
  return { search: () => urls.filter((u) => SEARCH_REQUEST.test(u)) };
}

// The links of the results shown in `selector`, relative to the site's root.
async function resultLinks(page, selector, root) {
  const hrefs = await page.$$eval(selector, (as) => as.map((a) => a.href));
  return hrefs.map((h) => (h.startsWith(root) ? h.slice(root.length) : h));
}

async function assertNoViolations(page, what) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    const violations = (await runAxe(page)).map((v) => ({ ...v, width }));
    assert.deepEqual(violations, [], `${what}:\n${formatViolations(violations)}`);
  }
}

describe('the search UI in Chromium', () => {
  for (const scheme of ['file', 'http']) {
    const root = () => (scheme === 'file' ? `${pathToFileURL(site.dir).href}/` : `${server.url}/`);

    test(`the search page from ${scheme}://: results as you type, 20 at a time, "Visa fler", excerpts, the count announced`, async () => {
      const expected = expectedPages(MANY);
      assert.ok(expected.length > 20, `"${MANY}" finds ${expected.length} pages on the real site`);
      const page = await browser.newPage();
      try {
        const requests = watchRequests(page);
        await page.goto(url[scheme]('sok/index.html'));
        await page.focus('#sok-fraga');
        await page.waitForTimeout(500);
        assert.deepEqual(requests.search(), [], 'requests before the reader types');

        await page.locator('#sok-fraga').pressSequentially(MANY);
        const status = page.locator('#sok-status');
        const count = `${expected.length} sidor hittades för ”${MANY}”.`;
        await page.waitForFunction((s) => document.getElementById('sok-status').textContent === s, count);
        assert.equal(await status.getAttribute('role'), 'status');
        assert.equal(await status.getAttribute('aria-live'), 'polite');
        assert.ok(requests.search().length > 0, 'the search loaded its scripts once the reader typed');

        const links = '#sok-resultat > li.search-result > h2 > a';
        assert.deepEqual(await resultLinks(page, links, root()), expected.slice(0, 20), 'the first 20 pages');
        const more = page.locator('#sok-fler');
        assert.ok(await more.isVisible(), '"Visa fler" is shown');
        assert.equal((await more.textContent()).trim(), 'Visa fler');

        // Each marked word is the query's term as the index's pipeline reads it.
        const marks = await page.$$eval('#sok-resultat .excerpt mark', (ms) => ms.map((m) => m.textContent));
        assert.ok(marks.length >= 20, `${marks.length} marks`);
        const terms = (text) => indexed.pipeline.run(indexed.lunr.tokenizer(text)).map(String);
        for (const m of marks) assert.deepEqual(terms(m), terms(MANY), `<mark>${m}</mark>`);

        await more.click();
        const shown = Math.min(40, expected.length);
        await page.waitForFunction((n) => document.querySelectorAll('#sok-resultat > li.search-result').length === n, shown);
        assert.deepEqual(await resultLinks(page, links, root()), expected.slice(0, shown), `the first ${shown} pages`);
        assert.equal(await more.isVisible(), expected.length > 40, '"Visa fler" while more pages match');
        const focused = await page.evaluate(() => {
          const first = document.querySelectorAll('#sok-resultat > li.search-result')[20].querySelector('a');
          return document.activeElement === first;
        });
        assert.ok(focused, 'focus is on the first new result\'s link');
        assert.equal(await status.textContent(), count);

        await assertNoViolations(page, 'the search page with "Visa fler" expanded');
      } finally {
        await page.close();
      }
    });

    test(`the header's box from ${scheme}://: a panel of at most 5 results, Escape closes it`, async () => {
      const expected = expectedPages(MANY);
      const page = await browser.newPage();
      try {
        const requests = watchRequests(page);
        await page.goto(url[scheme]('index.html'));
        const box = page.locator('#sok-falt');
        const panel = page.locator('#sok-panel');
        await box.focus();
        await page.waitForTimeout(500);
        assert.deepEqual(requests.search(), [], 'requests before the reader types');
        assert.equal(await panel.isVisible(), false);

        await box.pressSequentially(MANY);
        const count = `${expected.length} sidor hittades för ”${MANY}”.`;
        await page.waitForFunction((s) => document.querySelector('#sok-panel .search-status').textContent === s, count);
        assert.ok(await panel.isVisible(), 'the panel is open');
        assert.equal(await panel.locator('.search-status').getAttribute('role'), 'status');
        assert.deepEqual(await resultLinks(page, '#sok-panel .search-results > li.search-result > p > a', root()), expected.slice(0, 5));
        assert.ok(await panel.locator('.search-all').isVisible(), 'the link to all results');

        await assertNoViolations(page, 'the start page with the header\'s panel open');

        await box.press('ArrowDown');
        assert.ok(await page.evaluate(() => document.getElementById('sok-panel').contains(document.activeElement)), 'ArrowDown moves into the panel');
        await page.keyboard.press('Escape');
        assert.equal(await panel.isVisible(), false, 'Escape closes the panel');
        assert.ok(await page.evaluate(() => document.activeElement === document.getElementById('sok-falt')), 'focus is back in the box');
      } finally {
        await page.close();
      }
    });
  }
});
