// axe-core (WCAG 2.1 A and AA) on every page of the built site, at a phone and a desktop width.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { WIDTHS, auditUrls, formatViolations, openSite } from './lib/site.mjs';

let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

test('axe-core finds no WCAG 2.1 AA violation on any page', { timeout: 20 * 60 * 1000 }, async () => {
  assert.ok(site.pages.length > 1, 'the built site has pages');
  const violations = await auditUrls(site.browser, site.pages.map(site.http));
  console.log(`axe: ${site.pages.length} pages audited at ${WIDTHS.join(' and ')} px, ${violations.length} violations`);
  assert.equal(violations.length, 0, `axe violations:\n${formatViolations(violations)}`);
});
