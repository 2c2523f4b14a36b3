// The English site (tests/fixtures/english) searched in a real browser, from file:// and over
// http: search.js loads lunr.js alone (no lunr.sv) and searches with lunr's English pipeline,
// the one docket built the index with, and says so in the theme's English words.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { openSite, repo } from './lib/site.mjs';

let site;
before(async () => { site = await openSite({ source: join(repo, 'tests/fixtures/english') }); });
after(async () => { await site?.close(); });

for (const scheme of ['file', 'http']) {
  test(`English search from ${scheme}://: English stems, English messages, no lunr.sv`, async () => {
    const page = await site.browser.newPage();
    const scripts = [];
    page.on('request', (r) => { if (r.url().endsWith('.js')) scripts.push(r.url().split('/').pop()); });
    try {
      // "relate" and "relational" share the Porter stem "relat"; lunr.sv stems them apart.
      await page.goto(site[scheme]('search/index.html'));
      await page.fill('#sok-fraga', 'relate');
      await page.waitForFunction(() => document.getElementById('sok-status').textContent.includes('“relate”'));
      assert.equal(await page.textContent('#sok-status'), '1 page found for “relate”.');
      const results = await page.$$eval('#sok-resultat > li > h2 > a', (as) => as.map((a) => a.textContent));
      assert.deepEqual(results, ['About this website']);
      assert.equal(await page.evaluate(() => window.lunr.sv), undefined);
      assert.ok(scripts.includes('lunr.js') && !scripts.some((s) => s.startsWith('lunr.s')), scripts.join(', '));
      await page.fill('#sok-fraga', 'the');
      await page.waitForFunction(() => document.getElementById('sok-status').textContent.includes('“the”'));
      assert.equal(await page.textContent('#sok-status'), 'No results for “the”.');
    } finally {
      await page.close();
    }
  });
}
