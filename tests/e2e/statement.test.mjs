// The accessibility statement (tillgänglighetsredogörelse) that DIGG requires: generated from
// site.toml's [accessibility], linked from every page's footer, and with every field DIGG asks
// for: organisation, service, compliance status, known gaps, how and when it was assessed,
// feedback contact, and the link to DIGG's reporting form.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { openSite, repo } from './lib/site.mjs';

const STATEMENT = 'tillganglighetsredogorelse/index.html';
const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];

// The keys of one table of a simple TOML file: `key = "string"` and `key = ["a", "b"]`
// (enough for site.toml's top level and [accessibility]; not a TOML parser).
function tomlTable(text, table) {
  const out = {};
  let current = '';
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/^\s+/, '');
    const header = /^\[([^\]]+)\]\s*(#.*)?$/.exec(line);
    if (header) { current = header[1].trim(); continue; }
    if (current !== table) continue;
    const kv = /^([A-Za-z0-9_-]+)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    let value = kv[2];
    if (value.startsWith('[')) {
      while (!/\]\s*(#.*)?$/.test(value) && i + 1 < lines.length) value += '\n' + lines[++i];
      out[kv[1]] = [...value.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`));
    } else {
      const s = /^"((?:[^"\\]|\\.)*)"/.exec(value);
      if (s) out[kv[1]] = JSON.parse(`"${s[1]}"`);
    }
  }
  return out;
}

const siteToml = readFileSync(join(repo, 'site.toml'), 'utf8');
const top = tomlTable(siteToml, '');
const a11y = tomlTable(siteToml, 'accessibility');

let site;
before(async () => { site = await openSite(); });
after(async () => { await site?.close(); });

test('site.toml has an [accessibility] table with every field', () => {
  for (const key of ['service', 'status', 'known_gaps', 'assessed', 'method', 'contact', 'report_url']) {
    assert.ok(a11y[key] !== undefined && a11y[key] !== '', `site.toml [accessibility] lacks ${key}`);
  }
  assert.ok(top.organisation, 'site.toml lacks organisation');
});

test('the statement page exists and has every field DIGG asks for', async () => {
  assert.ok(site.pages.includes(STATEMENT), `${STATEMENT} was not built`);
  const context = await site.browser.newContext();
  const page = await context.newPage();
  await page.goto(site.http(STATEMENT));
  const got = await page.evaluate(() => {
    const main = document.querySelector('main');
    return {
      title: document.title,
      h1: main.querySelector('h1')?.textContent.trim(),
      h2: [...main.querySelectorAll('h2')].map((h) => h.textContent.trim()),
      text: main.textContent.replace(/\s+/g, ' '),
      items: [...main.querySelectorAll('li')].map((li) => li.textContent.replace(/\s+/g, ' ').trim()),
      links: [...main.querySelectorAll('a[href]')].map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })),
    };
  });
  await context.close();
  const norm = (s) => s.replace(/\s+/g, ' ').trim();

  assert.match(got.h1 ?? '', /Tillgänglighetsredogörelse/);
  assert.match(got.title, /Tillgänglighetsredogörelse/);
  // Organisation and which service the statement covers.
  assert.ok(got.text.includes(top.organisation), 'names the organisation');
  assert.ok(got.text.includes(norm(a11y.service)), 'names the service');
  // Compliance status, in the law's words.
  assert.match(a11y.status, /^(helt förenlig|delvis förenlig|inte förenlig)$/, 'status is one of DIGG\'s three');
  assert.ok(got.text.includes(a11y.status), 'states the compliance status');
  assert.match(got.text, /lagen om tillgänglighet till digital offentlig service/);
  // Known gaps: every one of them, as list items.
  assert.ok(got.h2.some((h) => /inte är tillgängligt/i.test(h)), 'has a section on content that is not accessible');
  for (const gap of a11y.known_gaps) assert.ok(got.items.includes(norm(gap)), `lists the gap "${gap}"`);
  // How and when it was assessed.
  assert.ok(got.h2.some((h) => /testat|bedöm/i.test(h)), 'has a section on how the site was assessed');
  assert.ok(got.text.includes(norm(a11y.method)), 'describes the method');
  const [y, m, d] = a11y.assessed.split('-').map(Number);
  assert.ok(got.text.includes(`${d} ${MONTHS[m - 1]} ${y}`) || got.text.includes(a11y.assessed), `gives the assessment date ${a11y.assessed}`);
  // Feedback contact.
  assert.ok(got.links.some((l) => l.href === `mailto:${a11y.contact}` || l.href === a11y.contact), `links the feedback contact ${a11y.contact}`);
  // Enforcement: DIGG and its reporting form.
  assert.ok(got.h2.some((h) => /tillsyn/i.test(h)), 'has a section on enforcement');
  assert.match(got.text, /Myndigheten för digital förvaltning|Digg/);
  assert.ok(got.links.some((l) => l.href === a11y.report_url), 'links DIGG\'s reporting form');
  assert.match(a11y.report_url, /^https:\/\/www\.digg\.se\//);
});

test('every page links the statement from its footer', { timeout: 5 * 60 * 1000 }, async () => {
  const statementUrl = site.http(STATEMENT);
  const context = await site.browser.newContext();
  const pages = [await context.newPage(), await context.newPage()];
  const failures = [];
  let next = 0;
  await Promise.all(pages.map(async (page) => {
    while (next < site.pages.length) {
      const rel = site.pages[next++];
      await page.goto(site.http(rel), { waitUntil: 'domcontentloaded' });
      const hrefs = await page.evaluate(() => [...document.querySelectorAll('footer a[href]')].map((a) => ({ url: a.href, text: a.textContent.trim() })));
      if (!hrefs.some((h) => h.url === statementUrl && /Tillgänglighetsredogörelse/.test(h.text))) failures.push(rel);
    }
  }));
  await context.close();
  assert.deepEqual(failures, [], 'pages whose footer does not link the statement');
});
