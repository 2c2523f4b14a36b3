// Search in a real browser, from file:// and over http://127.0.0.1: the index docket built,
// searched by lunr.js with lunr.sv, through the site's own search page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { openSite, runAxe } from './lib/site.mjs';

let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

// Types a query into the search page's box and returns the result links (text, href) once the
// status says the search has finished.
async function search(page, query) {
  await page.fill('#sok-fraga', '');
  await page.type('#sok-fraga', query);
  await page.waitForFunction((q) => {
    const s = document.getElementById('sok-status').textContent;
    return s.includes(`”${q}”`);
  }, query);
  return page.$$eval('#sok-resultat > li > h2 > a', (as) => as.map((a) => ({ text: a.textContent, href: a.href })));
}

for (const scheme of ['file', 'http']) {
  test(`search from ${scheme}://: inflections, terms, opening a result at its section`, async () => {
    const page = await site.browser.newPage();
    try {
      await page.goto(site[scheme]('sok/index.html'));
      const vandring = await search(page, 'trygghetsvandringar');
      const top3 = vandring.slice(0, 3).map((r) => r.text);
      assert.ok(top3.includes('4.2 Trygghetsvandring'), `top 3 for trygghetsvandringar: ${top3.join(' | ')}`);
      const status = await page.textContent('#sok-status');
      assert.match(status, /^\d+ sidor hittades för ”trygghetsvandringar”\.$/);
      assert.equal(await page.getAttribute('#sok-status', 'aria-live'), 'polite');
      // Query words are highlighted in the excerpts.
      assert.ok(await page.locator('#sok-resultat mark').count() > 0);

      const est = await search(page, 'vad är EST');
      assert.ok(est.slice(0, 5).some((r) => r.text === 'EST'), `results for "vad är EST": ${est.map((r) => r.text).join(' | ')}`);

      // Expert syntax passes through to lunr.
      const required = await search(page, '+våld -heder');
      assert.ok(required.length > 0);
      // A misspelling finds nothing exactly, then retries fuzzily.
      await search(page, 'trygghetsvamdring');
      assert.match(await page.textContent('#sok-status'), /visar liknande ord/);

      // Keyboard: ArrowDown from the box moves into the results; Enter opens the result at its section.
      await search(page, 'lägesbildsmöte');
      await page.focus('#sok-fraga');
      await page.keyboard.press('ArrowDown');
      const focused = await page.evaluate(() => document.activeElement.getAttribute('href'));
      assert.ok(focused, 'a result link has focus');
      const sectionLink = page.locator('#sok-resultat a[href*="#"]').first();
      const href = await sectionLink.getAttribute('href');
      await sectionLink.focus();
      await Promise.all([page.waitForURL((u) => u.href.includes('#')), page.keyboard.press('Enter')]);
      const hash = new URL(href).hash;
      assert.equal(new URL(page.url()).hash, hash);
      assert.ok(await page.locator(hash).count() === 1, `the page has the section ${hash}`);
    } finally {
      await page.close();
    }
  });
}

test('search results page: ?q= runs the query on load, and axe finds no violations with results shown', async () => {
  const page = await site.browser.newPage();
  try {
    await page.goto(site.http('sok/index.html?q=trygghetsvandring'));
    await page.waitForSelector('#sok-resultat > li');
    assert.equal(await page.inputValue('#sok-fraga'), 'trygghetsvandring');
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      const violations = await runAxe(page);
      assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));
    }
  } finally {
    await page.close();
  }
});

test('the header search box leads to the search page with the query', async () => {
  const page = await site.browser.newPage();
  try {
    await page.goto(site.file('omraden/4-2-trygghetsvandring/index.html'));
    await page.fill('#sok-falt', 'kamerabevakning');
    await Promise.all([page.waitForURL(/sok\/index\.html\?q=kamerabevakning/), page.press('#sok-falt', 'Enter')]);
    await page.waitForSelector('#sok-resultat > li');
    const first = await page.textContent('#sok-resultat > li > h2 > a');
    assert.equal(first, '4.4 Kamerabevakning');
  } finally {
    await page.close();
  }
});

// Puts a query in the search page's box (as a paste would, without the search as you type) and
// submits it; waits until the status shows an outcome (not "Söker …") and returns the status and
// the result titles. Fails if no outcome comes within `timeout` ms.
async function submit(page, query, { timeout = 10000 } = {}) {
  await page.$eval('#sok-fraga', (input, q) => {
    document.getElementById('sok-status').textContent = '';
    input.value = q;
  }, query);
  await page.press('#sok-fraga', 'Enter');
  await page.waitForFunction(() => {
    const s = document.getElementById('sok-status').textContent;
    return s !== '' && !s.startsWith('Söker');
  }, null, { timeout });
  return {
    status: await page.textContent('#sok-status'),
    results: await page.$$eval('#sok-resultat > li > h2 > a', (as) => as.map((a) => a.textContent)),
  };
}

const EMPTY = 'Skriv ett eller flera ord att söka efter.';

for (const scheme of ['file', 'http']) {
  test(`search from ${scheme}://: a query lunr cannot parse is searched as plain words, never left at "Söker …"`, async () => {
    const page = await site.browser.newPage();
    try {
      await page.goto(site[scheme]('sok/index.html'));
      for (const query of ['kl. 18:00', 'mål:trygghet', 'ärende:KS', 'foo~x', 'a^b']) {
        const { status } = await submit(page, query);
        assert.match(status, /söktes som vanliga ord/, `status for ${query}: ${status}`);
        assert.ok(status.includes(`”${query}”`), `status for ${query}: ${status}`);
      }
      // The words of the query are searched: "trygghet" is on many pages.
      const { results } = await submit(page, 'mål:trygghet');
      assert.ok(results.length > 0, 'mål:trygghet finds the pages with trygghet');
      // Nothing but syntax: the query is empty.
      for (const query of ['+-', ':']) {
        const { status, results: listed } = await submit(page, query);
        assert.equal(status, EMPTY, `status for ${query}`);
        assert.deepEqual(listed, [], `results for ${query}`);
      }
    } finally {
      await page.close();
    }
  });

  test(`search from ${scheme}://: a query without a word to find lists nothing and says why`, async () => {
    const page = await site.browser.newPage();
    try {
      await page.goto(site[scheme]('sok/index.html'));
      for (const query of ['-', 'title:', '~1', '^', '*']) {
        const { status, results } = await submit(page, query);
        assert.deepEqual(results, [], `results for ${query}`);
        assert.equal(status, EMPTY, `status for ${query}`);
      }
      // Only words that must not occur would list every other page.
      for (const query of ['-heder', '-heder -våld']) {
        const { status, results } = await submit(page, query);
        assert.deepEqual(results, [], `results for ${query}`);
        assert.match(status, /har bara ord som inte får finnas/, `status for ${query}`);
      }
      // A word beside the junk is still searched.
      const { results } = await submit(page, 'trygghetsvandring -');
      assert.ok(results.includes('4.2 Trygghetsvandring'), results.join(' | '));
    } finally {
      await page.close();
    }
  });

  test(`search from ${scheme}://: a 10,000-character query is cut, says so, and answers within 3 s`, async () => {
    const page = await site.browser.newPage();
    try {
      await page.goto(site[scheme]('sok/index.html'));
      await submit(page, 'trygghetsvandring'); // the index is loaded
      for (const query of ['a'.repeat(10000), 'trygghetsvandring '.repeat(600).slice(0, 10000), 'trygghetsvandring~9']) {
        const start = Date.now();
        const { status } = await submit(page, query, { timeout: 3000 });
        const took = Date.now() - start;
        assert.ok(took < 3000, `${query.length} characters took ${took} ms`);
        if (query.length > 200) {
          assert.match(status, /Frågan var för lång: bara de första 200 tecknen söktes\./);
          const shown = status.match(/”([^”]*)”/)[1];
          assert.ok(shown.length <= 200, `the searched query has ${shown.length} characters`);
        }
      }
    } finally {
      await page.close();
    }
  });

  test(`search from ${scheme}://: a script that fails to load is reported, and the next search loads it`, async () => {
    // The manifest (the first part loaded), a term shard, a page's part of the result store.
    for (const [file, failure] of [['search/manifest.js', 'abort'], ['search/t/*.js', 'throws'], ['search/p/*.js', 'abort']]) {
      const page = await site.browser.newPage();
      try {
        await page.route(`**/assets/${file}`, (route) => (failure === 'abort'
          ? route.abort()
          : route.fulfill({ status: 200, contentType: 'text/javascript', body: 'throw new Error("broken");' })));
        await page.goto(site[scheme]('sok/index.html'));
        const failed = await submit(page, 'trygghetsvandring');
        const path = `assets/${file}`.replace(/[.]/g, '\\.').replace('*', '[0-9]+');
        assert.match(failed.status, new RegExp(`^Sökningen kunde inte laddas \\(${path} saknas eller gick inte att läsa\\)\\. Sök igen för att försöka på nytt\\.$`));
        assert.deepEqual(failed.results, []);
        assert.equal(await page.getAttribute('#sok-status', 'role'), 'status');
        await page.unroute(`**/assets/${file}`);
        const retried = await submit(page, 'trygghetsvandring');
        assert.match(retried.status, /^\d+ sidor hittades för ”trygghetsvandring”\.$/);
        assert.ok(retried.results.includes('4.2 Trygghetsvandring'), retried.results.join(' | '));
      } finally {
        await page.close();
      }
    }
  });
}
