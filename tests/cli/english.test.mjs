// An English site (tests/fixtures/english, language = "en"): every page, the packs' and the
// offline zip's too, is in English: lang="en", English addresses, and none of the Swedish
// interface strings (themes/default/i18n/sv.toml) in its text or in the attributes people read.
// A language the theme and search have nothing for is an error at its value in site.toml.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { docket, listFiles, repo, tempDir } from '../lib/docket.mjs';

const fixture = join(repo, 'tests/fixtures/english');

// key -> value of an i18n file (one `key = "value"` per line, as the theme's files are written).
function strings(language) {
  const out = {};
  for (const line of readFileSync(join(repo, `themes/default/i18n/${language}.toml`), 'utf8').split('\n')) {
    const m = /^([a-z0-9_]+) = (".*")$/.exec(line);
    if (m) out[m[1]] = JSON.parse(m[2]);
  }
  return out;
}

function decode(text) {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

// What a reader meets on a page: its text, and the attributes read out or shown (ids, classes
// and the fragments of links are names, not words).
function readable(html) {
  const out = [];
  for (const m of html.replace(/<script[\s\S]*?<\/script>/g, '').matchAll(/>([^<]+)</g)) out.push(decode(m[1]));
  for (const m of html.matchAll(/\s(aria-label|placeholder|title|alt|data-[a-z-]+|href|src|action)="([^"]*)"/g)) {
    out.push(decode(m[1] === 'href' ? m[2].split('#')[0] : m[2]));
  }
  return out;
}

// The Swedish interface strings to look for: each value of sv.toml that English says otherwise,
// as the runs of text between its {placeholders}.
function swedishStrings() {
  const sv = strings('sv');
  const en = strings('en');
  const out = new Set();
  for (const [key, value] of Object.entries(sv)) {
    if (value === en[key]) continue;
    for (const part of value.split(/\{[a-z]+\}/)) if (/\p{L}/u.test(part)) out.add(part.trim());
  }
  return [...out];
}

// Every HTML page of the built site and of the zips it holds, as { name: html }.
function pages(out) {
  const html = {};
  const unpacked = tempDir();
  for (const f of listFiles(out)) {
    if (f.endsWith('.html')) html[f] = readFileSync(join(out, f), 'utf8');
    if (!f.endsWith('.zip')) continue;
    const dir = join(unpacked, f.replace(/\//g, '_'));
    const r = spawnSync('unzip', ['-q', join(out, f), '-d', dir]);
    assert.equal(r.status, 0, `unzip ${f}: ${r.stderr}`);
    for (const g of listFiles(dir).filter((g) => g.endsWith('.html'))) html[`${f}:${g}`] = readFileSync(join(dir, g), 'utf8');
  }
  return html;
}

test('an English site is English on every page, in its packs and in the offline zip', () => {
  const out = join(tempDir(), 'public');
  const r = docket(['build', '--source', fixture, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const files = listFiles(out);
  for (const path of ['meetings/sc-2021-06-10/index.html', 'cases/sc-21-0042/index.html', 'plans/index.html',
    'areas/public-places/index.html', 'goals/goal-1/index.html', 'decisions/index.html', 'terms/cctv/index.html',
    'search/index.html', 'accessibility/index.html', 'about/index.html']) {
    assert.ok(files.includes(path), `${path} is not written (${files.join(', ')})`);
  }
  assert.ok(!files.includes('assets/lunr/lunr.sv.js'), 'an English site does not ship lunr.sv');

  const swedish = swedishStrings();
  assert.ok(swedish.length > 130, `only ${swedish.length} Swedish strings to look for`);
  const html = pages(out);
  assert.ok(Object.keys(html).length >= 40, `only ${Object.keys(html).length} pages`);
  const found = [];
  for (const [name, page] of Object.entries(html)) {
    assert.match(page, /^<!DOCTYPE html>\n<html lang="en">/, name);
    for (const text of readable(page)) {
      for (const s of swedish) {
        const at = text.indexOf(s);
        // A whole word or phrase: "Ärende" is not found in the heading "Ärendet" of the content.
        if (at >= 0 && !/\p{L}/u.test(text[at - 1] ?? '') && !/\p{L}/u.test(text[at + s.length] ?? '')) {
          found.push(`${name}: "${s}" in "${text.trim().slice(0, 80)}"`);
        }
      }
    }
  }
  assert.deepEqual(found.slice(0, 20), [], `${found.length} Swedish interface strings`);

  // The English strings are there: dates, kinds, the pack's contents, the footer.
  const meeting = html['meetings/sc-2021-06-10/index.html'];
  for (const s of ['10 June 2021', 'The agenda, 1 case and ', 'Accessibility statement', 'Meetings', 'Skip to content']) {
    assert.ok(meeting.includes(s), `the meeting page has no "${s}"`);
  }
  const cases = html['cases/sc-21-0042/index.html'];
  for (const s of ['(done) ', '(not done) ', 'Footnotes', 'aria-label="Footnote 1"', '20 May 2021']) {
    assert.ok(cases.includes(s), `the case page has no "${s}"`);
  }
  assert.ok(html['terms/index.html'].includes('<h3 id="letter-c">C</h3>'), 'the glossary jumps to "letter-c"');
  const bag = spawnSync('unzip', ['-p', join(out, 'meetings/sc-2021-06-10/safety-committee-sc-2021-06-10.zip'),
    'safety-committee-sc-2021-06-10/bag-info.txt'], { encoding: 'utf8' });
  assert.match(bag.stdout, /External-Description: Safety Committee meeting 10 June 2021\. The agenda, 1 case and \d+ pages they refer to/);
});

// Builds a copy of the English fixture with site.toml's language line replaced.
function buildWithLanguage(line) {
  const dir = tempDir();
  cpSync(fixture, dir, { recursive: true });
  const toml = readFileSync(join(fixture, 'site.toml'), 'utf8').replace('language = "en"', line)
    .replace('theme = "../../../themes/default"', `theme = ${JSON.stringify(join(repo, 'themes/default'))}`);
  writeFileSync(join(dir, 'site.toml'), toml);
  const lineNo = toml.split('\n').findIndex((l) => l.startsWith('language')) + 1;
  return { r: docket(['build', '--source', dir, '--out', join(dir, 'public')]), lineNo };
}

test('a language without an i18n file or a search pipeline is an error at its value in site.toml', () => {
  const { r, lineNo } = buildWithLanguage('language = "fr"');
  assert.equal(r.code, 1, r.stderr);
  const theme = join(repo, 'themes/default/i18n/fr.toml');
  assert.ok(r.stderr.includes(`site.toml:${lineNo}:12: error: language "fr": the theme has no interface strings for it (${theme} not found)`), r.stderr);
  assert.ok(r.stderr.includes(`site.toml:${lineNo}:12: error: language "fr": search has no pipeline for it (there are en and sv); set [search] enabled = false`), r.stderr);
  assert.match(r.stderr, /nothing was written/);
});

test('a language that is not a language tag is an error at its value', () => {
  const { r, lineNo } = buildWithLanguage('language = "../../x"');
  assert.equal(r.code, 1, r.stderr);
  assert.ok(r.stderr.includes(`site.toml:${lineNo}:12: error: "language" must be a language tag such as "sv" or "en" (found "../../x")`), r.stderr);
});

test('the English and Swedish i18n files have the same keys', () => {
  assert.deepEqual(Object.keys(strings('en')).sort(), Object.keys(strings('sv')).sort());
  assert.ok(Object.keys(strings('sv')).length > 150);
});
