// Navigation of plain Markdown trees (issue 19, part 4), on the real fixtures
// (tests/fixtures/trees/rustup-user-guide, an mdBook guide with SUMMARY.md; zola-templates, Zola
// pages ordered by `weight`; mkdocs-docs, folders with README.md or no index page) and on a
// small tree with folders without an index page. What is
// expected comes from the trees' own files, read here independently of docket: SUMMARY.md's
// links in order, each file's `weight`, the folders on disk.
//
// Checked on every page: exactly one sidebar nav labelled with the theme's nav_tree, holding
// exactly one aria-current="page", the link to the page itself; breadcrumbs along the folders;
// rel="prev"/"next" chained both ways through the whole tree in the expected order (every
// folder's pages one unbroken run from the folder's page); a section page for every folder; a
// footer without a dangling separator.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { test } from 'node:test';
import { parse } from 'parse5';
import { docket, listFiles, repo, tempDir } from '../lib/docket.mjs';
import { makeTree } from '../lib/trees.mjs';

const trees = join(repo, 'tests/fixtures/trees');
const en = readFileSync(join(repo, 'themes/default/i18n/en.toml'), 'utf8');
const i18n = (key) => new RegExp(`^${key} = "(.*)"$`, 'm').exec(en)[1];

// --- A small DOM reader over parse5's tree. ---
const attr = (n, name) => n.attrs?.find((a) => a.name === name)?.value;
function all(node, pred, out = []) {
  if (pred(node)) out.push(node);
  for (const c of node.childNodes ?? []) all(c, pred, out);
  if (node.content) all(node.content, pred, out);
  return out;
}
const text = (n) => (n.nodeName === '#text' ? n.value : (n.childNodes ?? []).map(text).join(''));
const tag = (name) => (n) => n.nodeName === name;

// The site path a link on the page at `page` leads to ("a/b/index.html").
const target = (page, href) => posix.normalize(posix.join(posix.dirname(page), href.split('#')[0]));

// --- The tree as its files describe it. ---
const indexRank = (f) => ['index.md', '_index.md', 'README.md'].indexOf(posix.basename(f));

// { pages: Map(file -> output path), folders: Map(folder -> { page, entries }) } for the .md
// files of `root` (a root SUMMARY.md is no page when `summary`).
function readTree(root, { summary }) {
  const md = listFiles(root).filter((f) => f.endsWith('.md') && !(summary && f === 'SUMMARY.md'));
  const folders = new Map();
  const folder = (d) => {
    if (!folders.has(d)) {
      folders.set(d, { path: d, page: null, entries: [] });
      if (d !== '.') folder(posix.dirname(d));
    }
    return folders.get(d);
  };
  for (const f of md) folder(posix.dirname(f));
  const best = new Map();
  for (const f of md)
    if (indexRank(f) >= 0) best.set(posix.dirname(f), Math.min(best.get(posix.dirname(f)) ?? 9, indexRank(f)));
  const pages = new Map();
  for (const f of md) {
    const isIndex = indexRank(f) >= 0 && best.get(posix.dirname(f)) === indexRank(f);
    const at = isIndex ? posix.dirname(f) : f.slice(0, -3);
    pages.set(f, at === '.' ? 'index.html' : `${at}/index.html`);
    if (folders.has(at) && !folders.get(at).page) folders.get(at).page = f; // about.md beside about/
    else folder(posix.dirname(f)).entries.push({ file: f });
  }
  for (const [d, info] of folders) if (d !== '.') folders.get(posix.dirname(d)).entries.push({ folder: info });
  return { pages, folders };
}

// The `weight` a file's front matter gives, or null.
function weightOf(root, file) {
  const fm = /^\s*(\+\+\+|---)\n([\s\S]*?)\n\1\n/.exec(readFileSync(join(root, file), 'utf8'));
  const w = fm && /^weight\s*[:=]\s*(-?\d+)\s*$/m.exec(fm[2]);
  return w ? Number(w[1]) : null;
}

// SUMMARY.md's link destinations in order (mdBook: every [title](path) of the file).
const summaryLinks = (text) => [...text.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => posix.normalize(m[1]));

// The reading order of output paths the README states: a folder's page, then its entries (in
// SUMMARY.md's order, then by weight, pages without after, then path), each folder with its own.
function readingOrder(root, tree, links) {
  const rank = (f) => (links.includes(f) ? links.indexOf(f) : Infinity);
  const folderRank = (info) => Math.min(info.page ? rank(info.page) : Infinity,
    ...info.entries.map((e) => (e.folder ? folderRank(e.folder) : rank(e.file))));
  const key = (e) => {
    const file = e.folder ? e.folder.page : e.file;
    const w = file ? weightOf(root, file) : null;
    return [e.folder ? folderRank(e.folder) : rank(e.file), w === null ? 1 : 0, w ?? 0, e.folder ? e.folder.path : e.file];
  };
  const less = (a, b) => { for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1; return 0; };
  const order = [];
  const visit = (info) => {
    order.push(info.page ? tree.pages.get(info.page) : info.path === '.' ? 'index.html' : `${info.path}/index.html`);
    for (const e of [...info.entries].sort((a, b) => less(key(a), key(b))))
      if (e.folder) visit(e.folder);
      else order.push(tree.pages.get(e.file));
  };
  visit(tree.folders.get('.'));
  return order;
}

// Builds `root`; returns the output directory.
function build(root) {
  const out = join(tempDir(), 'public');
  const r = docket(['build', '--source', root, '--out', out, '--no-archives']);
  assert.equal(r.code, 0, r.stderr);
  return out;
}

// Checks every page of the expected order and returns what was seen.
function checkNavigation(out, order, label) {
  const seen = [];
  order.forEach((page, k) => {
    const html = readFileSync(join(out, page), 'utf8');
    const doc = parse(html);
    // One sidebar, labelled; one aria-current in it, on the link to the page itself.
    const sidebars = all(doc, (n) => n.nodeName === 'nav' && attr(n, 'aria-label') === label);
    assert.equal(sidebars.length, 1, `${page}: ${sidebars.length} navs labelled "${label}"`);
    const current = all(sidebars[0], (n) => attr(n, 'aria-current') !== undefined);
    assert.equal(current.length, 1, `${page}: ${current.length} aria-current in the sidebar`);
    assert.equal(attr(current[0], 'aria-current'), 'page');
    assert.equal(target(page, attr(current[0], 'href')), page, `${page}: aria-current on another page`);
    // Previous and next, both ways, in the expected order.
    const rel = (r) => all(doc, (n) => n.nodeName === 'a' && attr(n, 'rel') === r).map((a) => target(page, attr(a, 'href')));
    assert.deepEqual(rel('prev'), k > 0 ? [order[k - 1]] : [], `${page}: rel=prev`);
    assert.deepEqual(rel('next'), k + 1 < order.length ? [order[k + 1]] : [], `${page}: rel=next`);
    // Breadcrumbs: Home, each folder above the page (at its index.html), the page.
    const crumbs = all(doc, (n) => n.nodeName === 'nav' && attr(n, 'aria-label') === i18n('breadcrumbs'))
      .flatMap((nav) => all(nav, tag('a')).map((a) => target(page, attr(a, 'href'))));
    const dirs = page.split('/').slice(0, -1);
    const expected = page === 'index.html' ? [] : ['index.html', ...dirs.map((_, i) => `${dirs.slice(0, i + 1).join('/')}/index.html`)];
    assert.deepEqual(crumbs, expected, `${page}: breadcrumbs`);
    // The footer: no separator without an organisation on either side.
    const footer = all(doc, tag('footer'))[0];
    const line = text(all(footer, tag('p'))[0]).trim();
    assert.doesNotMatch(line, /^·|·$/, `${page}: footer "${line}"`);
    seen.push(page);
  });
  return seen;
}

test('rustup\'s user guide: the order and nesting of SUMMARY.md, which is no page', () => {
  const root = join(trees, 'rustup-user-guide');
  const out = build(root);
  const links = summaryLinks(readFileSync(join(root, 'SUMMARY.md'), 'utf8'));
  const tree = readTree(root, { summary: true });
  const order = readingOrder(root, tree, links);
  // Every page is in SUMMARY.md: the reading order is its link order.
  assert.deepEqual(order, links.map((l) => tree.pages.get(l)));
  assert.equal(existsSync(join(out, 'SUMMARY/index.html')), false, 'SUMMARY.md is published as a page');
  checkNavigation(out, order, i18n('nav_tree'));
  // SUMMARY.md nests "MSVC prerequisites" under "Windows", both in installation/: so does the
  // sidebar.
  const doc = parse(readFileSync(join(out, 'installation/windows-msvc/index.html'), 'utf8'));
  const nav = all(doc, (n) => n.nodeName === 'nav' && attr(n, 'aria-label') === i18n('nav_tree'))[0];
  const msvc = all(nav, (n) => n.nodeName === 'a' && attr(n, 'aria-current') === 'page')[0];
  const item = msvc.parentNode.parentNode.parentNode; // a -> li -> ul -> li
  assert.equal(item.nodeName, 'li');
  assert.equal(target('installation/windows-msvc/index.html', attr(all(item, tag('a'))[0], 'href')), 'installation/windows/index.html');
  console.log(`rustup-user-guide: ${order.length} pages in SUMMARY.md's order, prev/next chained, one sidebar and one aria-current each`);
});

test('zola\'s templates: the order of weight', () => {
  const root = join(trees, 'zola-templates');
  const out = build(root);
  const tree = readTree(root, { summary: false });
  const order = readingOrder(root, tree, []);
  const weights = order.slice(1).map((p) => weightOf(root, [...tree.pages].find(([, o]) => o === p)[0]));
  assert.deepEqual(weights, [...weights].sort((a, b) => a - b), 'the expected order is by weight');
  checkNavigation(out, order, i18n('nav_tree'));
  console.log(`zola-templates: ${order.length} pages by weight (${weights.join(', ')}), prev/next chained`);
});

test('MkDocs\' docs: folders by path, README.md as a folder\'s page, a section page for about/', () => {
  const root = join(trees, 'mkdocs-docs');
  const out = build(root);
  const tree = readTree(root, { summary: false });
  const order = readingOrder(root, tree, []);
  assert.equal(tree.folders.get('about').page, null, 'about/ has an index page');
  assert.ok(existsSync(join(out, 'about/index.html')), 'about/ has no section page');
  checkNavigation(out, order, i18n('nav_tree'));
  console.log(`mkdocs-docs: ${order.length} pages and section pages chained, about/ a generated section page`);
});

test('a folder without an index page has a section page; a large folder is cut around the page', () => {
  const root = makeTree({ many: 250 });
  const out = build(root);
  const tree = readTree(root, { summary: false });
  const order = readingOrder(root, tree, []);
  for (const [d] of tree.folders) {
    const page = d === '.' ? 'index.html' : `${d}/index.html`;
    assert.ok(existsSync(join(out, page)), `folder ${d} has no section page`);
  }
  // The generated section pages list their folder's entries, in order.
  const section = parse(readFileSync(join(out, 'guide/index.html'), 'utf8'));
  const listed = all(all(section, tag('main'))[0], (n) => n.nodeName === 'a' && !attr(n, 'rel'))
    .map((a) => target('guide/index.html', attr(a, 'href')));
  assert.deepEqual(listed, ['guide/start/index.html', 'guide/install/index.html', 'guide/deep/index.html']);
  checkNavigation(out, order, i18n('nav_tree'));
  // A page of the 250: at most 50 entries of its folder (the README's rule), and a link to the
  // section page.
  const page = 'many/p200/index.html';
  const doc = parse(readFileSync(join(out, page), 'utf8'));
  const nav = all(doc, (n) => n.nodeName === 'nav' && attr(n, 'aria-label') === i18n('nav_tree'))[0];
  const many = all(nav, tag('a')).map((a) => target(page, attr(a, 'href'))).filter((t) => t.startsWith('many/'));
  assert.ok(many.length <= 52, `${many.length} links into many/`); // and many/ itself, twice
  assert.ok(many.includes(page) && many.includes('many/index.html'));
  console.log(`generated tree: ${tree.folders.size} folders each with a section page, ${order.length} pages chained; ` +
    `a page of 250 siblings links ${many.length} of them`);
});

test('without an organisation in site.toml, no footer or statement shows an empty one', () => {
  const accessibility = /\[accessibility\][\s\S]*/.exec(readFileSync(join(repo, 'tests/fixtures/english/site.toml'), 'utf8'))[0];
  const root = makeTree({ siteToml: `title = "Notes"\nlanguage = "en"\ntheme = ${JSON.stringify(join(repo, 'themes/default'))}\n[urls]\npage = "path"\n${accessibility}` });
  const out = build(root);
  const statement = parse(readFileSync(join(out, 'accessibility/index.html'), 'utf8'));
  const first = all(all(statement, tag('main'))[0], tag('p'))[0];
  assert.equal(text(first), i18n('statement_intro_unnamed'));
  for (const page of ['accessibility/index.html', 'guide/index.html', 'about/team/index.html']) {
    const footer = all(parse(readFileSync(join(out, page), 'utf8')), tag('footer'))[0];
    assert.equal(text(all(footer, tag('p'))[0]).trim(), 'Notes', `${page}: footer`);
  }
});
