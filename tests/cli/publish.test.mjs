// The Atom feeds, the sitemap and robots.txt of a site with base_url, read by real tools (Debian's
// python3-feedparser, xmllint), and the warning of a site without base_url (the real site).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { docket, listFiles, repo, tempDir } from '../lib/docket.mjs';

const BASE = 'https://example.org/tu/';
const work = tempDir('docket-publish-');
const src = join(work, 'src');
const outA = join(work, 'a');
const outB = join(work, 'b');

// The meetings and cases of the real content, from their front matter: id and date.
function dated(kind) {
  const pages = [];
  for (const f of listFiles(join(repo, 'content')).filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(join(repo, 'content', f), 'utf8');
    const fm = text.slice(4, text.indexOf('\n+++', 3));
    if (/^kind\s*=\s*"([^"]+)"/m.exec(fm)?.[1] !== kind) continue;
    const id = /^id\s*=\s*"([^"]+)"/m.exec(fm)?.[1] ?? f.split('/').pop().replace(/\.md$/, '');
    pages.push({ id, date: /^date\s*=\s*(\d{4}-\d\d-\d\d)/m.exec(fm)[1] });
  }
  return pages;
}

// What feedparser reads of a feed: bozo, the feed's links and id, and each entry's.
function parseFeed(file) {
  const script = `
import feedparser, json, sys
d = feedparser.parse(sys.argv[1])
print(json.dumps({
  "bozo": d.bozo, "error": str(d.get("bozo_exception", "")), "version": d.version,
  "title": d.feed.get("title"), "id": d.feed.get("id"), "updated": d.feed.get("updated"),
  "links": [dict(l) for l in d.feed.get("links", [])],
  "entries": [{"id": e.id, "title": e.title, "updated": e.updated,
               "links": [dict(l) for l in e.links]} for e in d.entries]}))`;
  // Debian's python3, which python3-feedparser is installed for (not a python3 earlier on PATH).
  const r = spawnSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function xmllint(args) {
  const r = spawnSync('xmllint', args, { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// The written file a URL under base_url names (a directory's index.html as a server gives it).
function fileOf(out, url) {
  assert.ok(url.startsWith(BASE), `${url} is not under ${BASE}`);
  const path = decodeURIComponent(url.slice(BASE.length).replace(/[?#].*$/, ''));
  return join(out, path === '' || path.endsWith('/') ? path + 'index.html' : path);
}

before(() => {
  // The real content with base_url set (site.toml names it only in a comment).
  mkdirSync(src);
  for (const f of ['content', 'themes', 'node_modules']) symlinkSync(join(repo, f), join(src, f));
  writeFileSync(join(src, 'site.toml'), readFileSync(join(repo, 'site.toml'), 'utf8')
    .replace(/^# base_url = .*$/m, `base_url = "${BASE}"`));
  // Two builds, in two time zones: the feeds, the sitemap and robots.txt must not differ.
  for (const [out, tz] of [[outA, 'UTC'], [outB, 'Pacific/Kiritimati']]) {
    const r = docket(['build', '--source', src, '--out', out], { env: { TZ: tz, SOURCE_DATE_EPOCH: '' } });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /warning/);
  }
});

test('the Atom feeds: no bozo, newest first, stable tag ids, dates from the front matter', () => {
  for (const [kind, folder] of [['meeting', 'sammantraden'], ['case', 'arenden']]) {
    const file = join(outA, folder, 'atom.xml');
    assert.deepEqual(readFileSync(file), readFileSync(join(outB, folder, 'atom.xml')), `${file} differs between builds`);
    const feed = parseFeed(file);
    assert.equal(feed.bozo, false, feed.error);
    assert.equal(feed.version, 'atom10');
    const pages = dated(kind).sort((a, b) => (a.date === b.date ? a.id.localeCompare(b.id) : b.date.localeCompare(a.date)));
    assert.ok(pages.length > 0 && pages.length <= 50);
    assert.deepEqual(feed.entries.map((e) => e.id), pages.map((p) => `tag:example.org,${p.date}:trygghetsutskottet/${p.id}`));
    assert.deepEqual(feed.entries.map((e) => e.updated), pages.map((p) => `${p.date}T00:00:00Z`));
    assert.equal(feed.updated, `${pages[0].date}T00:00:00Z`);
    assert.equal(feed.id, `${BASE}${folder}/atom.xml`);
    assert.ok(feed.title.endsWith('Trygghetsutskottets handlingar'), feed.title);
    assert.ok(feed.entries.every((e) => e.title.length > 0));
    // Every link leads (under base_url) to a file the build wrote.
    const links = [...feed.links, ...feed.entries.flatMap((e) => e.links)];
    for (const l of links) assert.ok(existsSync(fileOf(outA, l.href)), `${l.rel} ${l.href} is not written`);
    assert.ok(feed.links.some((l) => l.rel === 'self' && l.href === feed.id));
    for (const [k, e] of feed.entries.entries()) {
      const page = e.links.find((l) => l.rel === 'alternate');
      assert.equal(page.href, `${BASE}${folder}/${pages[k].id}/`);
      const packs = e.links.filter((l) => l.rel === 'enclosure');
      if (kind === 'case') {
        assert.equal(packs.length, 0);
        continue;
      }
      // A meeting's pack, with its real length.
      assert.equal(packs.length, 1, JSON.stringify(e.links));
      assert.equal(packs[0].type, 'application/zip');
      assert.match(packs[0].href, /\.zip$/);
      assert.equal(Number(packs[0].length), statSync(fileOf(outA, packs[0].href)).size);
    }
    console.log(`publish: ${folder}/atom.xml: ${feed.entries.length} entries, bozo 0, ${links.length} links written`);
  }
});

test('the list pages and the start page link their feeds; the offline zip and the packs do not', () => {
  const expected = { 'index.html': ['sammantraden/atom.xml', 'arenden/atom.xml'],
    'sammantraden/index.html': ['sammantraden/atom.xml'], 'arenden/index.html': ['arenden/atom.xml'], 'planer/index.html': [] };
  for (const [page, feeds] of Object.entries(expected)) {
    const html = readFileSync(join(outA, page), 'utf8');
    const head = html.slice(0, html.indexOf('</head>'));
    const links = [...head.matchAll(/<link rel="alternate" type="application\/atom\+xml" href="([^"]+)" title="([^"]+)">/g)];
    const resolved = links.map((m) => new URL(m[1], `${BASE}${page}`).href.slice(BASE.length));
    assert.deepEqual(resolved, feeds, page);
  }
  const unzipped = join(work, 'unzipped');
  for (const zip of listFiles(outA).filter((f) => f.endsWith('.zip'))) {
    const r = spawnSync('unzip', ['-q', '-o', join(outA, zip), '-d', unzipped]);
    assert.equal(r.status, 0);
  }
  const files = listFiles(unzipped);
  assert.ok(files.length > 100);
  assert.ok(!files.some((f) => /atom\.xml$|sitemap[-.\d]*xml$|robots\.txt$/.test(f)), 'an archive holds a feed or the sitemap');
  for (const f of files.filter((f) => f.endsWith('.html')))
    assert.doesNotMatch(readFileSync(join(unzipped, f), 'utf8'), /application\/atom\+xml/, f);
});

test('sitemap.xml: well-formed, sitemaps.org 0.9, every HTML page once, lastmod from the front matter', () => {
  const file = join(outA, 'sitemap.xml');
  assert.deepEqual(readFileSync(file), readFileSync(join(outB, 'sitemap.xml')));
  const lint = xmllint(['--noout', file]);
  assert.equal(lint.code, 0, lint.err);
  const ns = xmllint(['--xpath', 'namespace-uri(/*)', file]);
  assert.equal(ns.out.trim(), 'http://www.sitemaps.org/schemas/sitemap/0.9');
  assert.equal(xmllint(['--xpath', 'local-name(/*)', file]).out.trim(), 'urlset');
  const xml = readFileSync(file, 'utf8');
  const urls = [...xml.matchAll(/<url>\s*<loc>([^<]+)<\/loc>(?:\s*<lastmod>([^<]+)<\/lastmod>)?\s*<\/url>/g)];
  const count = Number(xmllint(['--xpath', "count(/*[local-name()='urlset']/*[local-name()='url'])", file]).out);
  assert.equal(urls.length, count);
  // Every HTML page but 404.html, which no address leads to.
  const html = listFiles(outA).filter((f) => f.endsWith('.html') && f !== '404.html');
  assert.equal(count, html.length, 'one URL per HTML page');
  const locs = new Set(urls.map((m) => m[1]));
  assert.equal(locs.size, count, 'a URL is listed twice');
  // Each URL is a written page, in the form of the page's own canonical link.
  for (const loc of locs) {
    const page = fileOf(outA, loc);
    assert.ok(existsSync(page), `${loc} is not written`);
    const canonical = /<link rel="canonical" href="([^"]+)"/.exec(readFileSync(page, 'utf8'))?.[1];
    assert.equal(canonical, loc, `${page}: the canonical link and the sitemap differ`);
  }
  const lastmod = new Map(urls.map((m) => [m[1], m[2]]));
  for (const [kind, folder] of [['meeting', 'sammantraden'], ['case', 'arenden']])
    for (const p of dated(kind)) assert.equal(lastmod.get(`${BASE}${folder}/${p.id}/`), p.date, p.id);
  assert.equal(lastmod.get(BASE), undefined, 'the start page has no date of its own');
  const robots = readFileSync(join(outA, 'robots.txt'), 'utf8');
  assert.match(robots, /^User-agent: \*$/m);
  assert.deepEqual([...robots.matchAll(/^Sitemap: (.*)$/gm)].map((m) => m[1]), [`${BASE}sitemap.xml`]);
  assert.deepEqual(readFileSync(join(outA, 'robots.txt')), readFileSync(join(outB, 'robots.txt')));
  console.log(`publish: sitemap.xml: ${count} URLs, every one a written page; robots.txt names it`);
});

test('without base_url (the real site): one warning, exit 0, no feed, sitemap or robots.txt', () => {
  const out = join(work, 'real');
  const r = docket(['build', '--out', out, '--no-archives']);
  assert.equal(r.code, 0, r.stderr);
  const warnings = r.stderr.split('\n').filter((l) => l.includes('warning'));
  assert.deepEqual(warnings, ['site.toml: warning: base_url is not set, so the Atom feeds of meetings and cases, sitemap.xml and robots.txt are not written (they need absolute addresses): set base_url to the site\'s public address']);
  const files = listFiles(out);
  assert.ok(!files.some((f) => /atom\.xml$|sitemap[-.\d]*xml$|robots\.txt$/.test(f)), files.join('\n'));
  assert.doesNotMatch(readFileSync(join(out, 'index.html'), 'utf8'), /application\/atom\+xml/);
});
