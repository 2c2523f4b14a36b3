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
