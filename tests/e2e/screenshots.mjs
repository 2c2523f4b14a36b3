// Screenshots of the built site for a person to look at (not a test):
//   node tests/e2e/screenshots.mjs [OUTDIR]    (default: a temporary directory; printed)
// The start page (and the search results page, once there is one) at 320 px, and one page of
// each kind at 390 and 1280 px, full page.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { openSite, pageKind } from './lib/site.mjs';

const out = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'docket-shots-'));
mkdirSync(out, { recursive: true });

const site = await openSite();
try {
  // One page per kind: the longest page (by file size) of each kind shows the most.
  const { statSync } = await import('node:fs');
  const byKind = new Map();
  for (const rel of site.pages) {
    const kind = pageKind(rel);
    const size = statSync(join(site.dir, rel)).size;
    if (!byKind.has(kind) || byKind.get(kind).size < size) byKind.set(kind, { rel, size });
  }
  const shots = [{ rel: 'index.html', width: 320 }];
  if (site.pages.includes('sok/index.html')) shots.push({ rel: 'sok/index.html?q=trygghetsvandring', width: 320, name: 'sok-resultat', wait: '#sok-resultat li' });
  for (const { rel } of byKind.values()) for (const width of [390, 1280]) shots.push({ rel, width });

  const context = await site.browser.newContext();
  const page = await context.newPage();
  for (const { rel, width, name, wait } of shots) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(site.http(rel), { waitUntil: 'load' });
    if (wait) await page.waitForSelector(wait, { timeout: 20000 });
    await page.waitForTimeout(150);
    const file = join(out, `${(name ?? rel.replace(/\/?index\.html.*$/, '').replaceAll('/', '_')) || 'start'}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(file);
  }
  await context.close();
} finally {
  await site.close();
}
