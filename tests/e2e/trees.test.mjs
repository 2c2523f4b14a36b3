// The real documentation tree that builds (tests/fixtures/trees/rustup-user-guide, an mdBook
// guide built without site.toml): axe-core finds no WCAG 2.1 AA violation on any of its pages,
// and every image of every page loads, from the server and from file://.
// Their navigation (issue 19, part 4), on rustup's guide, Zola's templates, MkDocs' docs and a small tree with
// generated section pages in English and in Swedish: axe-core and the Nu Html Checker on every
// page, and the sidebar after the content on a phone, beside it on a desktop.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { WIDTHS, auditUrls, buildSite, formatViolations, listPages, openSite, repo, startServer } from './lib/site.mjs';
import { listFiles } from '../lib/docket.mjs';
import { makeTree } from '../lib/trees.mjs';

const require = createRequire(import.meta.url);

let site;
const others = {}; // name -> { dir, cleanup, server }
before(async () => {
  site = await openSite({ source: join(repo, 'tests/fixtures/trees/rustup-user-guide') });
  others.zola = buildSite({ source: join(repo, 'tests/fixtures/trees/zola-templates') });
  others.mkdocs = buildSite({ source: join(repo, 'tests/fixtures/trees/mkdocs-docs') });
  others.tree = buildSite({ source: makeTree({ many: 3 }) });
  others.sv = buildSite({
    source: makeTree({ siteToml: `title = "Träd"\nlanguage = "sv"\ntheme = ${JSON.stringify(join(repo, 'themes/default'))}\n[urls]\npage = "path"\n` }),
  });
  for (const o of Object.values(others)) o.server = await startServer(o.dir);
});
after(async () => {
  await site?.close();
  for (const o of Object.values(others)) {
    await o.server?.close();
    o.cleanup();
  }
});

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

test('axe-core finds no violation on the pages of Zola\'s templates, MkDocs\' docs and a tree with section pages, in English and Swedish', { timeout: 10 * 60 * 1000 }, async () => {
  const urls = Object.values(others).flatMap((o) => listPages(o.dir).map((p) => `${o.server.url}/${p}`));
  const violations = await auditUrls(site.browser, urls);
  console.log(`axe: ${urls.length} pages of Zola's templates, MkDocs' docs and a generated tree (en, sv) at ${WIDTHS.join(' and ')} px, ${violations.length} violations`);
  assert.equal(violations.length, 0, `axe violations:\n${formatViolations(violations)}`);
});

// Whether a Markdown text's headings (outside fenced code) skip a level below the page's h1.
function skipsLevel(text) {
  let level = 1;
  let fence = false;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const h = !fence && /^(#{1,6})\s/.exec(line);
    if (!h) continue;
    if (h[1].length > level + 1) return true;
    level = h[1].length;
  }
  return false;
}

test('vnu finds no HTML error on any page of the trees', { timeout: 10 * 60 * 1000 }, () => {
  const files = [site, ...Object.values(others)].flatMap((o) => listPages(o.dir).map((p) => join(o.dir, p)));
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  const r = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'json', ...files], { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 9 * 60 * 1000 });
  if (r.error) throw r.error;
  const all = JSON.parse(r.stderr || r.stdout).messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
  // The authors' own Markdown skips a heading level in a few files (faq.md: "# FAQ", then
  // "###"): docket keeps the levels written, and vnu reports the skip. Those pages are found
  // from the sources; any other error, or a skip elsewhere, fails.
  const skipping = new Set([['rustup-user-guide', site.dir], ['zola-templates', others.zola.dir], ['mkdocs-docs', others.mkdocs.dir]].flatMap(([tree, dir]) =>
    listFiles(join(repo, 'tests/fixtures/trees', tree)).filter((f) => f.endsWith('.md') && skipsLevel(readFileSync(join(repo, 'tests/fixtures/trees', tree, f), 'utf8')))
      .map((f) => join(dir, f.replace(/(^|\/)(index|_index|README)\.md$|\.md$/, '$1').replace(/\/?$/, '/'), 'index.html'))));
  const errors = all.filter((m) => !(/skipping \d+ heading level/.test(m.message) && skipping.has(m.url.replace(/^file:(\/\/)?/, ''))));
  console.log(`vnu: ${files.length} pages of four trees, ${errors.length} errors (and ${all.length - errors.length} heading levels the sources skip)`);
  assert.deepEqual(errors.map((m) => `${m.url}:${m.lastLine}: ${m.message}`), []);
});

test('the sidebar follows the content on a phone and stands beside it on a desktop; Swedish words in Swedish', { timeout: 5 * 60 * 1000 }, async () => {
  const deep = [
    site.http('installation/windows-msvc/index.html'),
    `${others.zola.server.url}/feeds/index.html`,
    `${others.tree.server.url}/guide/deep/er/page/index.html`,
    `${others.sv.server.url}/guide/deep/er/page/index.html`,
  ];
  for (const url of deep)
    for (const width of WIDTHS) {
      const page = await site.browser.newPage({ viewport: { width, height: 844 } });
      try {
        await page.goto(url, { waitUntil: 'load' });
        const box = (sel) => page.$eval(sel, (e) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, right: r.right }; });
        const [h1, main, nav] = [await box('main h1'), await box('main'), await box('nav.tree-nav')];
        assert.ok(h1.bottom < 844, `${url} at ${width}: the title is not in the first screenful (${h1.bottom})`);
        if (width < 600) assert.ok(nav.top >= main.bottom, `${url} at ${width}: the sidebar is not after the content`);
        else assert.ok(nav.right <= main.left + 1 && nav.top < 844, `${url} at ${width}: the sidebar is not beside the content`);
      } finally {
        await page.close();
      }
    }
  const page = await site.browser.newPage();
  try {
    await page.goto(`${others.sv.server.url}/guide/index.html`);
    const sv = readFileSync(join(repo, 'themes/default/i18n/sv.toml'), 'utf8');
    assert.equal(await page.getAttribute('nav.tree-nav', 'aria-label'), /^nav_tree = "(.*)"$/m.exec(sv)[1]);
    assert.equal(await page.getAttribute('html', 'lang'), 'sv');
  } finally {
    await page.close();
  }
});
