// docket serve in a real browser (Chromium through playwright-core): an edit reloads the open tab
// with the new text; broken front matter shows the errors over the page, with the file and line;
// the fix brings the page back; a deleted page's errors name the files that link to it.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { formatViolations, launchBrowser, runAxe } from '../e2e/lib/site.mjs';
import { copySite, freePort, startServe } from './lib.mjs';

let site, serve, browser, page;
const plan = 'content/plans/atgardsplan-2020.md';
const planUrl = '/planer/atgardsplan-2020/';

before(async () => {
  site = copySite();
  serve = await startServe({ source: site.source, tmp: site.tmp, port: await freePort() });
  browser = await launchBrowser();
  page = await browser.newPage();
  // The page is ready once its reload script has its events stream open.
  const events = page.waitForResponse((r) => r.url().endsWith('/__docket/events'));
  await page.goto(serve.url + planUrl);
  await events;
});

after(async () => {
  await browser?.close();
  const exit = await serve?.stop();
  site?.cleanup();
  if (exit) assert.equal(exit.code, 0, serve.stderr);
});

const source = (rel) => join(site.source, rel);
const overlay = () => page.frameLocator('#docket-errors-overlay').locator('main#docket-errors');

// Writes `text` to `rel` as an editor that truncates and then writes does, and waits for the tab
// to load again.
async function saveAndReload(rel, text) {
  await page.evaluate(() => { window.beforeSave = true; });
  const reloaded = page.waitForEvent('load', { timeout: 30000 });
  writeFileSync(source(rel), '');
  writeFileSync(source(rel), text);
  await reloaded;
  assert.equal(await page.evaluate(() => window.beforeSave), undefined, 'the page was not loaded again');
}

test('an edit reloads the tab with the new text', async () => {
  const text = readFileSync(source(plan), 'utf8');
  await saveAndReload(plan, `${text}\nEn rad skriven under förhandsvisningen 7c1e.\n`);
  assert.match(await page.locator('main').innerText(), /En rad skriven under förhandsvisningen 7c1e\./);
  // One rebuild for the truncate-then-write save.
  assert.equal(serve.stderr.match(/^rebuilt /gm).length, 1, serve.stderr);
});

test('broken front matter shows its file and line over the page; the fix brings the page back', async () => {
  const good = readFileSync(source(plan), 'utf8');
  const lines = good.split('\n');
  const at = lines.findIndex((l) => l.startsWith('title = '));
  assert.ok(at > 0);
  lines[at] = 'title = "Åtgärdsplan utan slut';
  const failed = serve.waitFor(/docket: \d+ errors?; the preview shows the last good build\n/);
  writeFileSync(source(plan), lines.join('\n'));
  await failed;
  await overlay().waitFor({ timeout: 10000 });
  const shown = await overlay().innerText();
  assert.ok(shown.includes(`${plan}:${at + 1}:`), shown);
  assert.ok(shown.includes(lines[at]), 'the source line is not shown');
  // The last good page is still there underneath.
  assert.match(await page.locator('main').innerText(), /7c1e/);
  assert.match(serve.stderr, new RegExp(`${plan.replaceAll('.', '\\.')}:${at + 1}:\\d+: error: `));
  await page.screenshot({ path: join(site.work, 'overlay.png') });

  // The errors page on its own passes axe.
  const errors = await browser.newPage();
  await errors.goto(`${serve.url}/__docket/errors`);
  const violations = await runAxe(errors);
  assert.equal(violations.length, 0, formatViolations(violations));
  await errors.close();

  await saveAndReload(plan, good);
  assert.equal(await page.locator('#docket-errors-overlay').count(), 0);
  assert.match(await page.locator('main').innerText(), /7c1e/);
});

test('a deleted page that others link: the errors name the linking files', async () => {
  const id = '4-2-trygghetsvandring';
  // The files that link it, found in the sources: wiki links and front matter references.
  const linking = [];
  const refs = new RegExp(`\\[\\[${id}[\\]|#]|"${id}"`);
  for (const f of ['content/terms/trygghetsvandring.md', 'content/terms/bra.md', 'content/followups/uppfoljning-2020-4-2.md']) {
    const text = readFileSync(source(f), 'utf8');
    const line = text.split('\n').findIndex((l) => refs.test(l));
    assert.ok(line >= 0, `${f} does not link ${id}`);
    linking.push(`${f}:${line + 1}:`);
  }
  const failed = serve.waitFor(/the preview shows the last good build\n/);
  rmSync(source(`content/areas/${id}.md`));
  await failed;
  await overlay().waitFor({ timeout: 10000 });
  const shown = await overlay().innerText();
  for (const place of linking) assert.ok(shown.includes(place), `${place} not in:\n${shown}`);
  assert.ok(shown.includes(id));
});
