// Layout, from http://127.0.0.1 and from file://, on every page: no horizontal scrolling at
// 320 px (WCAG 1.4.10 reflow: 1280 px at 400%); readable at 200% zoom (1280 px at 200% is a
// 640 px viewport) and with text alone enlarged to 200% (1.4.4); and the print stylesheet hides
// navigation and prints the targets of cross-links.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { openSite, pageKind } from './lib/site.mjs';

let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

// Horizontal overflow of the document, and the elements that stick out past the right edge.
function overflow() {
  const width = document.documentElement.clientWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth <= width) return null;
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 0.5 && !el.closest('.table-wrap, pre')) {
      culprits.push(`<${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ''}> right=${Math.round(r.right)}`);
      if (culprits.length >= 3) break;
    }
  }
  return `scrollWidth ${scrollWidth} > ${width}: ${culprits.join(', ')}`;
}

for (const origin of ['http', 'file']) {
  describe(`from ${origin === 'http' ? 'http://127.0.0.1' : 'file://'}`, () => {
    const open = (rel) => (origin === 'http' ? site.http(rel) : site.file(rel));
    const found = { w320: [], zoom200: [], text200: [] };

    before(async () => {
      const contexts = await Promise.all([0, 1].map(() => site.browser.newContext({ viewport: { width: 320, height: 800 } })));
      const pages = await Promise.all(contexts.map((c) => c.newPage()));
      let next = 0;
      await Promise.all(pages.map(async (page) => {
        while (next < site.pages.length) {
          const rel = site.pages[next++];
          await page.setViewportSize({ width: 320, height: 800 });
          await page.goto(open(rel), { waitUntil: 'load' });
          let o = await page.evaluate(overflow);
          if (o) found.w320.push(`${rel}: ${o}`);
          await page.setViewportSize({ width: 640, height: 450 });
          o = await page.evaluate(overflow);
          if (o) found.zoom200.push(`${rel}: ${o}`);
          await page.setViewportSize({ width: 1280, height: 900 });
          await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
          o = await page.evaluate(overflow);
          if (o) found.text200.push(`${rel}: ${o}`);
        }
      }));
      for (const c of contexts) await c.close();
    }, { timeout: 10 * 60 * 1000 });

    test('no horizontal scrolling at 320 px on any page', () => {
      assert.deepEqual(found.w320, []);
    });

    test('no horizontal scrolling at 200% zoom (640 px viewport) on any page', () => {
      assert.deepEqual(found.zoom200, []);
    });

    test('no horizontal scrolling with text enlarged to 200% at 1280 px on any page', () => {
      assert.deepEqual(found.text200, []);
    });

    test('print: navigation hidden, link targets of cross-links printed', async () => {
      const context = await site.browser.newContext({ viewport: { width: 800, height: 1000 } });
      const page = await context.newPage();
      await page.emulateMedia({ media: 'print' });
      const failures = [];
      const kinds = new Set();
      for (const rel of site.pages) {
        if (kinds.has(pageKind(rel))) continue;
        kinds.add(pageKind(rel));
        await page.goto(open(rel), { waitUntil: 'load' });
        const out = await page.evaluate(() => {
          const out = [];
          for (const sel of ['.skip-link', '.site-header', '.site-nav', '.search-form', '.breadcrumbs', '.site-footer']) {
            for (const el of document.querySelectorAll(sel)) {
              if (getComputedStyle(el).display !== 'none') out.push(`${sel} is printed`);
            }
          }
          // Cross-links: links in main to another page or site (not to a place on the same page,
          // not e-mail addresses, which are their own text).
          const links = [...document.querySelectorAll('main a[href]')].filter((a) => {
            const href = a.getAttribute('href');
            return !/^(#|mailto:|tel:)/.test(href) && !a.matches('a.term, sup a, .footnote-back') && a.offsetParent !== null;
          });
          for (const a of links) {
            const content = getComputedStyle(a, '::after').content;
            if (!content.includes(a.getAttribute('href'))) {
              out.push(`cross-link "${a.textContent.trim().slice(0, 40)}" (${a.getAttribute('href')}) prints no target: ::after content ${content}`);
              break;
            }
          }
          return { out, links: links.length };
        });
        failures.push(...out.out.map((f) => `${rel}: ${f}`));
      }
      await context.close();
      assert.deepEqual(failures, []);
    });
  });
}
