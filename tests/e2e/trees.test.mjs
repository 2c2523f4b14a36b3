// The real documentation tree that builds (tests/fixtures/trees/rustup-user-guide, an mdBook
// guide built without site.toml): axe-core finds no WCAG 2.1 AA violation on any of its pages,
// and every image of every page loads, from the server and from file://.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { WIDTHS, auditUrls, formatViolations, openSite, repo } from './lib/site.mjs';

let site;
before(async () => { site = await openSite({ source: join(repo, 'tests/fixtures/trees/rustup-user-guide') }); });
after(async () => { await site?.close(); });

test('axe-core finds no violation on any page of a real documentation tree', { timeout: 10 * 60 * 1000 }, async () => {
  assert.ok(site.pages.length > 20, `${site.pages.length} pages`);
  const violations = await auditUrls(site.browser, site.pages.map(site.http));
  console.log(`axe: ${site.pages.length} pages of rustup's user guide audited at ${WIDTHS.join(' and ')} px, ${violations.length} violations`);
  assert.equal(violations.length, 0, `axe violations:\n${formatViolations(violations)}`);
});

test('every image of a real documentation tree loads, from the server and from file://', { timeout: 5 * 60 * 1000 }, async () => {
  const page = await site.browser.newPage();
  let images = 0;
  try {
    for (const rel of site.pages)
      for (const url of [site.http(rel), site.file(rel)]) {
        await page.goto(url, { waitUntil: 'load' });
        const broken = await page.$$eval('img', (els) => els.filter((e) => !(e.complete && e.naturalWidth > 0)).map((e) => e.src));
        assert.deepEqual(broken, [], `${url}: images that do not load`);
        images += await page.$$eval('img', (els) => els.length);
      }
  } finally {
    await page.close();
  }
  assert.ok(images >= 14, `${images} images`); // the seven of installation/windows-msvc, twice
  console.log(`images: ${images} loads on ${site.pages.length} pages (server and file://), none broken`);
});
