// Page metadata and structured data as a search engine reads them: the real site, and a copy of it
// with base_url, built and read by extruct (Debian's python3-extruct) and lxml
// (structured-data.py); the values are compared with the Markdown's front matter (read with
// Python's tomllib), never with docket's own output. Every page has a non-empty description and
// Open Graph title and description; a canonical link and og:url only with base_url; a
// BreadcrumbList whose items are the visible breadcrumb; a meeting is an Event with its startDate
// and organizer, a case a DigitalDocument whose identifier is the diarienummer the Markdown
// writes, a term a DefinedTerm in the glossary's DefinedTermSet. And a title written to break out
// of the script element builds, and its JSON-LD holds the exact title.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { docket, repo, tempDir } from '../lib/docket.mjs';

const base = 'https://example.org/trygghetsutskottet/';

// Builds `source` and reads every page with structured-data.py.
function read(source) {
  const out = join(tempDir(), 'public');
  const r = docket(['build', '--source', source, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const py = spawnSync('/usr/bin/python3', [join(repo, 'tests/cli/structured-data.py'), out, source], {
    encoding: 'utf8', maxBuffer: 1 << 28,
  });
  assert.equal(py.status, 0, py.stderr);
  return JSON.parse(py.stdout);
}

// A copy of the real site with base_url set.
function withBaseUrl() {
  const dir = tempDir();
  for (const f of ['site.toml', 'content', 'themes']) cpSync(join(repo, f), join(dir, f), { recursive: true });
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  const toml = readFileSync(join(dir, 'site.toml'), 'utf8');
  writeFileSync(join(dir, 'site.toml'), `base_url = ${JSON.stringify(base)}\n${toml}`);
  return dir;
}

// The items of the page's JSON-LD (each script's @graph, or the script itself).
function items(page) {
  return page.jsonld.flatMap((d) => {
    assert.equal(d['@context'], 'https://schema.org');
    return d['@graph'] ?? [d];
  });
}
const ofType = (page, type) => items(page).filter((i) => i['@type'] === type);

// The public address of a site path: its directory's.
const address = (path) => base + path.replace(/index\.html$/, '');

function checkEveryPage(data, baseUrl) {
  const paths = Object.keys(data.pages);
  let lists = 0;
  for (const [path, page] of Object.entries(data.pages)) {
    assert.equal(page.descriptions.length, 1, `${path}: one meta description`);
    assert.ok(page.descriptions[0].trim().length > 10, `${path}: description ${JSON.stringify(page.descriptions[0])}`);
    const og = page.opengraph[0];
    assert.ok(og['og:title']?.length > 0, `${path}: og:title`);
    assert.equal(og['og:description'], page.descriptions[0], `${path}: og:description`);
    if (baseUrl && path !== '404.html') {
      assert.deepEqual(page.canonical, [address(path)], `${path}: canonical`);
      assert.equal(og['og:url'], address(path), `${path}: og:url`);
    } else {
      assert.deepEqual(page.canonical, [], `${path}: no canonical link`);
      assert.equal(og['og:url'], undefined, `${path}: no og:url`);
    }
    // The BreadcrumbList is the visible breadcrumb, item by item.
    const crumbs = ofType(page, 'BreadcrumbList');
    if (page.crumbs.length === 0) {
      assert.equal(crumbs.length, 0, `${path}: no breadcrumb shown, no BreadcrumbList`);
      continue;
    }
    assert.equal(crumbs.length, 1, `${path}: one BreadcrumbList`);
    lists++;
    assert.deepEqual(crumbs[0].itemListElement.map((i) => [i['@type'], i.position, i.name, i.item]),
      page.crumbs.map((c, k) => ['ListItem', k + 1, c.name, baseUrl ? address(c.path) : undefined]),
      `${path}: BreadcrumbList`);
  }
  assert.ok(lists > 100, `${lists} pages of ${paths.length} have a BreadcrumbList`);
  // Every page but the start page and the 404 page shows a breadcrumb.
  assert.deepEqual(paths.filter((p) => data.pages[p].crumbs.length === 0).sort(), ['404.html', 'index.html']);
}

// The page of a source: its kind's folder (site.toml's [urls]) and id.
function pageOf(data, source) {
  const folder = data.site.urls[source.kind];
  const path = `${folder ? folder + '/' : ''}${source.id}/index.html`;
  assert.ok(data.pages[path], `the page of ${source.id} (${path})`);
  return [path, data.pages[path]];
}

// For each source of `kind`: the source, its page's path and the one item of `type` on it.
function entities(data, kind, type) {
  const sources = data.sources.filter((s) => s.kind === kind);
  assert.ok(sources.length > 0, `the site has pages of kind ${kind}`);
  return sources.map((s) => {
    const [path, page] = pageOf(data, s);
    const found = ofType(page, type);
    assert.equal(found.length, 1, `${path}: one ${type}`);
    return [s, path, found[0]];
  });
}

function checkTypes(data, baseUrl) {
  for (const [m, path, event] of entities(data, 'meeting', 'Event')) {
    assert.equal(event.name, m.title, path);
    assert.equal(event.startDate, m.date, path);
    assert.deepEqual(event.organizer, {
      '@type': 'Organization', name: m.body,
      parentOrganization: { '@type': 'Organization', name: data.site.organisation },
    }, path);
    assert.equal(event.location, m.location, `${path}: a location only where the Markdown gives one`);
    assert.equal(event.url, baseUrl ? address(path) : undefined, path);
  }
  for (const [c, path, doc] of entities(data, 'case', 'DigitalDocument')) {
    assert.equal(doc.identifier, c.diarienummer, path);
    assert.equal(doc.name, c.title, path);
    assert.equal(doc.dateCreated, c.date, path);
    assert.deepEqual(doc.author, { '@type': 'Person', name: c.officer }, path);
    assert.equal(doc['@id'], baseUrl ? address(path) : undefined, path);
  }
  const glossary = `${data.site.urls.term}/index.html`;
  const setId = baseUrl ? address(glossary) : undefined;
  for (const [t, path, term] of entities(data, 'term', 'DefinedTerm')) {
    assert.equal(term.name, t.term, path);
    assert.ok(term.description.length > 0, path);
    if (t.expansion) assert.equal(term.description, t.expansion, path);
    assert.equal(term.inDefinedTermSet['@type'], 'DefinedTermSet', path);
    assert.equal(term.inDefinedTermSet['@id'], setId, path);
  }
  const [own] = ofType(data.pages[glossary], 'DefinedTermSet');
  assert.equal(own['@id'], setId, 'the glossary page is the DefinedTermSet its terms are in');
  assert.ok(own.name.length > 0 && own.description.length > 0);
}

test('every page has a description, Open Graph and a BreadcrumbList; no canonical link without base_url', () => {
  const data = read(repo);
  checkEveryPage(data, false);
  checkTypes(data, false);
  assert.deepEqual(data.pages['404.html'].base, [], 'no <base> without base_url');
});

test('with base_url: canonical links, og:url and absolute addresses in the JSON-LD', () => {
  const source = withBaseUrl();
  const data = read(source);
  checkEveryPage(data, true);
  checkTypes(data, true);
  assert.deepEqual(data.pages['404.html'].base, [base], 'the 404 page resolves its links against base_url');
  assert.equal(data.pages['404.html'].search_forms, 2, 'the header search box and the one on the 404 page');
});

test('a title that tries to close the script element stays inside the JSON-LD', () => {
  const dir = tempDir();
  const title = '</script><script>alert(1)</script> <!-- & </SCRIPT > "x" \\ å';
  mkdirSync(join(dir, 'content', 'arenden'), { recursive: true });
  writeFileSync(join(dir, 'site.toml'), `title = "Test"\ntheme = ${JSON.stringify(join(repo, 'themes/default'))}\n` +
    `base_url = "https://example.org/"\n[search]\nenabled = false\n`);
  writeFileSync(join(dir, 'content', 'arenden', 'x.md'), `+++\ntitle = ${JSON.stringify(title)}\nkind = "case"\n` +
    `diarienummer = "KS 1/1"\ndate = 2020-01-01\nunit = "U"\nofficer = "O"\nmeeting = "m"\nitem = 1\n` +
    `proposal = ["P"]\n+++\n\n## Sammanfattning\n\nText.\n\n## Ärendet\n\nText.\n`);
  writeFileSync(join(dir, 'content', 'm.md'), `+++\ntitle = ${JSON.stringify(title + ' möte')}\nkind = "meeting"\n` +
    `body = ${JSON.stringify(title)}\ndate = 2020-01-02\n+++\n`);
  const data = read(dir);
  // The theme's folders (url_case, url_meeting in sv.toml).
  const path = 'arenden/x/index.html';
  const page = data.pages[path];
  assert.equal(page.json_scripts.length, 1, `${path}: the page has exactly one JSON-LD script`);
  assert.doesNotMatch(page.json_scripts[0], /<|>|&/, 'no markup characters in the JSON text');
  assert.equal(ofType(page, 'DigitalDocument')[0].name, title);
  assert.equal(ofType(page, 'BreadcrumbList')[0].itemListElement.at(-1).name, title);
  const meeting = data.pages['sammantraden/m/index.html'];
  assert.equal(ofType(meeting, 'Event')[0].organizer.name, title);
  for (const [p, pg] of Object.entries(data.pages))
    assert.ok(pg.json_scripts.length <= 1, `${p}: no script element was broken out of`);
});
