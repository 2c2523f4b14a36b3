// The pages an archive has and the real site does not: lists split by year and into numbered
// parts (with their navigation), the index of a list's years, a history page per diarienummer
// and each meeting's page to print, the parts of a page's backlinks and of a term's mentions
// past per_page (crossLinks; a list of six parts, whose navigation leaves a gap), with base_url
// (feed links, canonical links, JSON-LD). The small archive of tests/lib/archive.mjs, two pages
// a list part: vnu finds no HTML error on any of its pages (its 404.html too) and axe-core no
// WCAG 2.1 AA violation (404.html's <base> is the public address, so it is audited by
// not-found.test.mjs, served there).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { writeArchive } from '../lib/archive.mjs';
import { WIDTHS, auditUrls, formatViolations, openSite } from './lib/site.mjs';

const require = createRequire(import.meta.url);
let source, site, pages;
before(async () => {
  source = mkdtempSync(join(tmpdir(), 'docket-e2e-archive-'));
  writeArchive(source, 2, { baseUrl: 'https://example.org/arkivet/', crossLinks: true, decisions: 6 });
  site = await openSite({ source });
  pages = [...site.pages, '404.html'];
});
after(async () => {
  await site?.close();
  if (source) rmSync(source, { recursive: true, force: true });
});

test('the archive has the pages of a split list, the index of its years, histories, pages to print and lists of links', () => {
  for (const p of ['arenden/index.html', 'arenden/2019/index.html', 'arenden/2019/2/index.html', 'sammantraden/2020/index.html',
    'diarienummer/ks-19-0100/index.html', 'sammantraden/tu-2019-03-01/utskrift/index.html',
    'beslut/ks-paragraf-12/refereras-fran/2/index.html', 'begrepp/lagesbild/anvands-pa/2/index.html',
    // 12 pages use the term: its sixth part links the first, a gap, and parts 4 and 5.
    'begrepp/lagesbild/anvands-pa/6/index.html'])
    assert.ok(pages.includes(p), `${p} is not written`);
});

test('vnu finds no HTML error on any page of the archive', { timeout: 5 * 60 * 1000 }, () => {
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  const r = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'json', ...pages.map((p) => join(site.dir, p))], {
    encoding: 'utf8', maxBuffer: 1 << 28, timeout: 4 * 60 * 1000,
  });
  if (r.error) throw r.error;
  const errors = JSON.parse(r.stderr || r.stdout).messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
  console.log(`lists: vnu: ${pages.length} pages of the archive checked, ${errors.length} errors`);
  const lines = errors.map((m) => `${(m.url ?? '').replace(/^file:/, '').replace(site.dir + '/', '')}:${m.lastLine ?? '?'}: ${m.message}`);
  assert.equal(errors.length, 0, `vnu errors:\n${lines.join('\n')}`);
});

test('axe-core finds no WCAG 2.1 AA violation on any page of the archive', { timeout: 10 * 60 * 1000 }, async () => {
  const violations = await auditUrls(site.browser, site.pages.map(site.http));
  console.log(`lists: axe: ${site.pages.length} pages of the archive audited at ${WIDTHS.join(' and ')} px, ${violations.length} violations`);
  assert.equal(violations.length, 0, `axe violations:\n${formatViolations(violations)}`);
});
