// The archives in a real browser: the meeting pack and the whole site offline are unzipped and
// opened from file:// in headless Chromium, as a committee member would on a train: links,
// search, and axe-core on every page of the pack.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { auditUrls, buildSite, formatViolations, launchBrowser, listPages } from './lib/site.mjs';

const MEETING = 'tu-2020-11-20';
let built, browser, pack, offline;

function unzip(zip, dir) {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('unzip', ['-q', zip, '-d', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return dir;
}

before(async () => {
  built = buildSite();
  pack = join(unzip(join(built.dir, `sammantraden/${MEETING}/trygghetsutskottet-${MEETING}.zip`), join(built.dir, '..', 'pack')),
    `trygghetsutskottet-${MEETING}`, 'data');
  offline = join(unzip(join(built.dir, 'trygghetsutskottet-offline.zip'), join(built.dir, '..', 'offline')), 'trygghetsutskottet-offline');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  built?.cleanup();
});

const fileUrl = (root, rel) => pathToFileURL(join(root, rel)).href;

// Types a query on the search page and returns the result links once the search has finished.
async function search(page, root, query) {
  await page.goto(fileUrl(root, 'sok/index.html'));
  await page.fill('#sok-fraga', query);
  await page.waitForFunction((q) => document.getElementById('sok-status').textContent.includes(`”${q}”`), query);
  return page.$$eval('#sok-resultat > li > h2 > a', (as) => as.map((a) => ({ text: a.textContent, href: a.href })));
}

// From the page at `start`, follows the link to KS 20/0726 and comes back by the breadcrumb.
async function toCaseAndBack(page, root, start, backCrumb) {
  await page.goto(fileUrl(root, start));
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await Promise.all([page.waitForURL(/arenden\/ks-20-0726\/index\.html$/), page.click('a[href$="arenden/ks-20-0726/index.html"]')]);
  assert.match(await page.textContent('h1'), /Kvinnojouren Anna/);
  assert.match(await page.textContent('.facts'), /KS 20\/0726/);
  await Promise.all([page.waitForURL(fileUrl(root, start)), page.click(`nav.breadcrumbs a:text-is("${backCrumb}")`)]);
  assert.equal(page.url(), fileUrl(root, start));
  assert.deepEqual(errors, []);
}

test('the meeting pack from file://: agenda to KS 20/0726 and back, search finds the IOP case', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(fileUrl(pack, 'index.html'));
    assert.match(await page.textContent('h1'), /^Trygghetsutskottets sammanträde/);
    assert.ok(await page.locator('.agenda a').count() >= 4, 'the agenda links its cases');
    const meetingTitle = (await page.textContent('h1')).trim();
    await toCaseAndBack(page, pack, 'index.html', meetingTitle);

    const results = await search(page, pack, 'kvinnojouren');
    const iop = results.find((r) => r.href.includes('arenden/ks-20-0726/index.html'));
    assert.ok(iop, `results for kvinnojouren: ${results.map((r) => r.text).join(' | ')}`);
    assert.match(iop.text, /IOP/);
    // Every result opens a page the pack holds.
    for (const r of results) assert.ok(r.href.startsWith(fileUrl(pack, '')), r.href);
    await Promise.all([page.waitForURL(/ks-20-0726/), page.click(`#sok-resultat a[href="${iop.href}"]`)]);
    assert.match(await page.textContent('h1'), /Kvinnojouren Anna/);
  } finally {
    await page.close();
  }
});

test('the whole site offline from file://: start page to KS 20/0726 and back, search finds trygghetsvandring', async () => {
  const page = await browser.newPage();
  try {
    await toCaseAndBack(page, offline, 'index.html', 'Start');
    const results = await search(page, offline, 'trygghetsvandringar');
    const top3 = results.slice(0, 3).map((r) => r.text);
    assert.ok(top3.includes('4.2 Trygghetsvandring'), `top 3 for trygghetsvandringar: ${top3.join(' | ')}`);
    const hit = results.find((r) => r.text === '4.2 Trygghetsvandring');
    await Promise.all([page.waitForURL(/omraden\/4-2-trygghetsvandring/), page.click(`#sok-resultat a[href="${hit.href}"]`)]);
    assert.match(await page.textContent('h1'), /Trygghetsvandring/);
  } finally {
    await page.close();
  }
});

test('axe-core: no WCAG 2.1 A/AA violations on any page of the meeting pack, at 390 and 1280 px', async () => {
  const pages = listPages(pack);
  // The meeting, its 4 cases, their attachments, the decisions and follow-ups on them (30
  // pages), and the pack's list pages, glossary, search page and statement.
  assert.ok(pages.length > 30, `${pages.length} pages`);
  const violations = await auditUrls(browser, pages.map((p) => fileUrl(pack, p)));
  assert.equal(violations.length, 0, formatViolations(violations));
  console.log(`archive e2e: axe-core on ${pages.length} pack pages at 2 widths: 0 violations`);
});
