// The page for missing addresses (404.html), served by an HTTP server for every missing address
// as a web server configured with it does. With base_url the site lives under a sub-path and the
// page's <base> makes its stylesheet, links and search form work at any depth of a missing
// address; without base_url it works for missing addresses at the site's root (README). No
// axe violation there. Not in the packs nor in the offline zip.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { buildSite, formatViolations, launchBrowser, repo, runAxe, startServer } from './lib/site.mjs';

let work, server, browser, plain;
before(async () => {
  work = mkdtempSync(join(tmpdir(), 'docket-404-'));
  // The site under /sub/ of the server, built once the server's address is known.
  server = await startServer(join(work, 'root'), { notFound: 'sub/404.html' });
  const source = join(work, 'source');
  for (const f of ['site.toml', 'content', 'themes']) cpSync(join(repo, f), join(source, f), { recursive: true });
  symlinkSync(join(repo, 'node_modules'), join(source, 'node_modules'));
  writeFileSync(join(source, 'site.toml'),
    `base_url = "${server.url}/sub/"\n${readFileSync(join(source, 'site.toml'), 'utf8')}`);
  const built = buildSite({ source });
  cpSync(built.dir, join(work, 'root', 'sub'), { recursive: true });
  built.cleanup();
  // The real site, without base_url, at the root of another server.
  const site = buildSite();
  plain = { site, server: await startServer(site.dir, { notFound: '404.html' }) };
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await plain?.server.close();
  plain?.site.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

// Opens `url`; returns the page, the response's status and the statuses of the stylesheets.
async function open(url) {
  const page = await browser.newPage();
  const css = [];
  page.on('response', (r) => { if (r.url().endsWith('.css')) css.push([r.url(), r.status()]); });
  const response = await page.goto(url, { waitUntil: 'load' });
  return { page, status: response.status(), css };
}

// The page shows the 404 page in the site's look: its stylesheet loaded and applied.
async function assertStyled(page, css, cssUrl) {
  assert.deepEqual(css, [[cssUrl, 200]], 'the stylesheet was loaded');
  assert.ok(await page.evaluate(() => document.styleSheets.length === 1 && document.styleSheets[0].cssRules.length > 10),
    'the stylesheet applies');
  assert.equal(await page.locator('main h1').textContent(), 'Sidan finns inte');
}

test('with base_url, the 404 page works at any depth under the sub-path', { timeout: 120000 }, async () => {
  const site = `${server.url}/sub/`;
  for (const missing of ['saknas.html', 'a/b/c/', 'arenden/ks-99-9999/index.html']) {
    const { page, status, css } = await open(site + missing);
    try {
      assert.equal(status, 404, missing);
      await assertStyled(page, css, `${site}assets/site.css`);
      const home = page.locator('main a', { hasText: 'Till startsidan' });
      assert.equal(await home.evaluate((a) => a.href), `${site}index.html`, `${missing}: the link to the start page`);
      // The search box on the page leads to the search page with the query.
      await page.fill('#sok-saknad', 'trygghetsvandring');
      await Promise.all([page.waitForURL(/\/sub\/sok\/index\.html\?q=trygghetsvandring$/), page.press('#sok-saknad', 'Enter')]);
      await page.waitForSelector('#sok-resultat li', { timeout: 20000 });
      await page.goBack();
      await Promise.all([page.waitForURL(`${site}index.html`), home.click()]);
      assert.equal(await page.locator('main h1').textContent(), 'Trygghetsutskottets handlingar');
    } finally {
      await page.close();
    }
  }
});

test('without base_url, the 404 page works for missing addresses at the root', { timeout: 60000 }, async () => {
  const { page, status, css } = await open(`${plain.server.url}/saknas.html`);
  try {
    assert.equal(status, 404);
    await assertStyled(page, css, `${plain.server.url}/assets/site.css`);
    assert.equal(await page.locator('head base').count(), 0, 'no <base> without base_url');
  } finally {
    await page.close();
  }
});

test('axe-core finds no violation on the 404 page at a nested address', { timeout: 60000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/sub/a/b/c/`, { waitUntil: 'load' });
    const violations = [];
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      violations.push(...(await runAxe(page)).map((v) => ({ ...v, width })));
    }
    assert.equal(violations.length, 0, formatViolations(violations));
  } finally {
    await context.close();
  }
});

test('the packs and the offline zip have no 404 page', () => {
  assert.ok(existsSync(join(work, 'root', 'sub', '404.html')));
  const zips = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.zip')) zips.push(join(d, e.name));
    }
  };
  walk(join(work, 'root', 'sub'));
  assert.ok(zips.length >= 2, 'the site has packs and an offline zip');
  for (const zip of zips) {
    const list = spawnSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).stdout;
    assert.ok(list.includes('index.html'), zip);
    assert.doesNotMatch(list, /404\.html/, `${zip} holds no 404.html`);
  }
});
