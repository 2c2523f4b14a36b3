// axe-core (WCAG 2.1 A and AA) on every page of the built site, at a phone and a desktop width.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { WIDTHS, auditUrl, auditUrls, formatViolations, openSite } from './lib/site.mjs';

let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

test('axe-core finds no WCAG 2.1 AA violation on any page', { timeout: 20 * 60 * 1000 }, async () => {
  assert.ok(site.pages.length > 1, 'the built site has pages');
  // Every page, and the page for missing addresses (404.html).
  const pages = [...site.pages, '404.html'];
  const violations = await auditUrls(site.browser, pages.map(site.http));
  console.log(`axe: ${pages.length} pages audited at ${WIDTHS.join(' and ')} px, ${violations.length} violations`);
  assert.equal(violations.length, 0, `axe violations:\n${formatViolations(violations)}`);
});

// The search results page with results shown (and with none).
test('axe-core finds no violation on the search results page with results shown', { timeout: 5 * 60 * 1000 }, async () => {
  assert.ok(site.pages.includes('sok/index.html'), 'the site has a search page');
  const showsResults = async (page) => {
    await page.waitForSelector('#sok-resultat li', { timeout: 20000 });
  };
  const showsStatus = async (page) => {
    await page.waitForFunction(() => document.querySelector('#sok-status')?.textContent.trim(), null, { timeout: 20000 });
  };
  const failsToLoad = async (page) => {
    await page.route('**/assets/search/manifest.js', (route) => route.abort());
    await page.fill('#sok-fraga', 'trygghetsvandring');
    await page.press('#sok-fraga', 'Enter');
    await page.waitForFunction(() => document.querySelector('#sok-status')?.textContent.includes('kunde inte laddas'), null, { timeout: 20000 });
  };
  const violations = [
    ...await auditUrl(site.browser, site.http('sok/index.html?q=trygghetsvandring'), { prepare: showsResults }),
    ...await auditUrl(site.browser, site.file('sok/index.html') + '?q=samverkan', { prepare: showsResults }),
    ...await auditUrl(site.browser, site.http('sok/index.html?q=xyzzyqwerty'), { prepare: showsStatus }),
    // The messages for a query searched as plain words, one with only excluded words, a query
    // cut for its length, and a search whose index could not be loaded.
    ...await auditUrl(site.browser, site.http(`sok/index.html?q=${encodeURIComponent('kl. 18:00 mål:trygghet')}`), { prepare: showsResults }),
    ...await auditUrl(site.browser, site.http('sok/index.html?q=-heder'), { prepare: showsStatus }),
    ...await auditUrl(site.browser, site.http(`sok/index.html?q=${'trygghetsvandring+'.repeat(20)}`), { prepare: showsResults }),
    ...await auditUrl(site.browser, site.http('sok/index.html'), { prepare: failsToLoad }),
  ];
  console.log(`axe: search results page audited at ${WIDTHS.join(' and ')} px (http and file://, with and without results, with each message), ${violations.length} violations`);
  assert.equal(violations.length, 0, `axe violations:\n${formatViolations(violations)}`);
});
