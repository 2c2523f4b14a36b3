// GitHub's alerts ("> [!NOTE]" and the four other kinds, tests/fixtures/alerts) rendered as
// notes: each a role="note" labelled in the theme's words (en.toml, and sv.toml when the site
// is Swedish), audited by axe-core (WCAG 2.1 A/AA, colour contrast included) at both widths and
// checked by the Nu Html Checker.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { auditUrl, buildSite, formatViolations, launchBrowser, repo, startServer } from './lib/site.mjs';
import { tempDir } from '../lib/docket.mjs';

const require = createRequire(import.meta.url);
const fixture = join(repo, 'tests/fixtures/alerts');
const kinds = ['note', 'tip', 'important', 'warning', 'caution'];

// The fixture as it is (English), and a copy whose site.toml says language = "sv".
function swedishCopy() {
  const dir = tempDir('docket-alerts-sv-');
  cpSync(join(fixture, 'content'), join(dir, 'content'), { recursive: true });
  writeFileSync(join(dir, 'site.toml'),
    `title = "Alerts"\nlanguage = "sv"\ntheme = ${JSON.stringify(join(repo, 'themes/default'))}\n`);
  return dir;
}

// alert_<kind> of the theme's i18n file for `language`.
function labels(language) {
  const text = readFileSync(join(repo, `themes/default/i18n/${language}.toml`), 'utf8');
  return kinds.map((k) => new RegExp(`^alert_${k} = "([^"]*)"`, 'm').exec(text)[1]);
}

const sites = {};
let browser;
before(async () => {
  sites.en = buildSite({ source: fixture });
  sites.sv = buildSite({ source: swedishCopy() });
  for (const s of Object.values(sites)) s.server = await startServer(s.dir);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  for (const s of Object.values(sites)) {
    await s.server?.close();
    s.cleanup();
  }
});

for (const language of ['en', 'sv']) {
  test(`alerts are notes labelled in ${language}, with no axe violation`, async () => {
    const url = `${sites[language].server.url}/alerts/index.html`;
    const context = await browser.newContext({ viewport: { width: 800, height: 1100 } });
    try {
      const page = await context.newPage();
      await page.goto(url);
      const notes = await page.$$eval('main [role="note"]', (els) => els.map((e) => ({
        kind: e.className, label: e.querySelector('.alert-title')?.textContent, name: e.tagName,
      })));
      assert.deepEqual(notes.map((n) => n.kind), kinds.map((k) => `alert alert-${k}`));
      assert.deepEqual(notes.map((n) => n.label), labels(language));
      // The plain quote stays a quote, and no marker is left in the text.
      assert.equal(await page.$$eval('main blockquote', (q) => q.length), 1);
      assert.ok(!(await page.textContent('main')).includes('[!'));
    } finally {
      await context.close();
    }
    const violations = await auditUrl(browser, url);
    assert.equal(violations.length, 0, formatViolations(violations));
  });
}

test('vnu finds no HTML error on the alerts pages', () => {
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  const pages = Object.values(sites).map((s) => join(s.dir, 'alerts/index.html'));
  const r = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'json', ...pages], { encoding: 'utf8', timeout: 120000 });
  if (r.error) throw r.error;
  const errors = JSON.parse(r.stderr || r.stdout).messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
  assert.deepEqual(errors.map((m) => `${m.url}:${m.lastLine}: ${m.message}`), []);
  assert.equal(r.status, 0);
});
