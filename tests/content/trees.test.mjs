// Real documentation trees, kept as published (tests/fixtures/trees/<name>/, each with a SOURCE
// file naming its repository, commit, path and licence), built as a new user would build them:
// `docket build --source <tree>` without a site.toml. What is checked comes from the tree's own
// files, never from docket's output: every .md file is a page at its path (a folder's index.md,
// else _index.md, else README.md is the folder's page), every image and other file is published
// at its place with its bytes, no page shows front matter, and the build's link check passes.
//
// mkdocs-docs builds: its snippet include (`--8<--`) and plugin blocks (`::: mkdocs-click`) are
// warnings, links to headings only they would write lead to the page (a warning each), and its
// `{ #id }` attribute lists are anchors that its links reach (checked below from the sources).
// Its img/favicon.ico is MkDocs' theme's, which MkDocs' output holds at that path (see SOURCE).
// zola-templates builds: its `@/path.md` links (from the root of Zola's content folder, most of
// them to pages outside the folder taken) are warnings and their text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { docket, listFiles, repo, tempDir } from '../lib/docket.mjs';

const trees = join(repo, 'tests/fixtures/trees');

// The output path of each .md file of a tree, by the rule the README states for plain trees
// (an mdBook SUMMARY.md at the root is read for the order of the pages, and is no page).
function pagePaths(tree) {
  const md = listFiles(tree).filter((f) => f.endsWith('.md') && f !== 'SUMMARY.md');
  const rank = (f) => ['index.md', '_index.md', 'README.md'].indexOf(f.split('/').pop());
  const best = new Map();
  for (const f of md) {
    if (rank(f) < 0) continue;
    const dir = dirname(f);
    best.set(dir, Math.min(best.get(dir) ?? 9, rank(f)));
  }
  const out = new Map();
  for (const f of md) {
    const isIndex = rank(f) >= 0 && best.get(dirname(f)) === rank(f);
    const dir = isIndex ? dirname(f) : f.slice(0, -3);
    out.set(f, dir === '.' ? 'index.html' : `${dir}/index.html`);
  }
  return out;
}

// The lines of a page's text outside code blocks, as a reader sees them.
function textLines(html) {
  const body = /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? html;
  return body.replace(/<pre[\s\S]*?<\/pre>/g, '')
    .replace(/<\/?(p|li|h[1-6]|div|blockquote|tr|td|th|br|hr|ul|ol|dl|dt|dd|table|section|nav|header|footer|figure)\b[^>]*>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&').split('\n').map((l) => l.trim()).filter(Boolean);
}

// The front matter keys of a source file, as its first lines write them ("title", "weight").
function frontMatterKeys(text) {
  const m = /^\s*(\+\+\+|---)\n([\s\S]*?)\n\1\n/.exec(text);
  if (!m) return [];
  return [...m[2].matchAll(/^([A-Za-z_][A-Za-z0-9_-]*)\s*[:=]/gm)].map((k) => k[1]);
}

// The ids of a source's attribute lists outside fenced code ("## Title {#id}", "**x**{ #id }"),
// as Python-Markdown's attr_list, Hugo and Zola read them.
function attributeIds(text) {
  const ids = [];
  let fence = null;
  for (const line of text.split('\n')) {
    const f = /^\s*(`{3,}|~{3,})/.exec(line);
    if (f && (!fence || f[1].startsWith(fence))) { fence = fence ? null : f[1]; continue; }
    if (fence) continue;
    for (const m of line.matchAll(/[^\s`]\{:?\s*#([A-Za-z][\w:.-]*)\s*\}/g)) ids.push(m[1]);
    const heading = /^#{1,6}\s.*\s\{:?\s*#([A-Za-z][\w:.-]*)\s*\}\s*$/.exec(line);
    if (heading) ids.push(heading[1]);
  }
  return ids;
}

for (const name of readdirSync(trees).sort()) {
  const tree = join(trees, name);
  if (!statSync(tree).isDirectory()) continue;
  test(`a real documentation tree builds: ${name} (${readFileSync(join(tree, 'SOURCE'), 'utf8').split('\n')[0]})`, () => {
    const out = join(tempDir(), 'public');
    const r = docket(['build', '--source', tree, '--out', out]);
    assert.equal(r.code, 0, r.stderr); // the build's link check included
    const files = listFiles(tree);
    const pages = pagePaths(tree);
    let anchors = 0;
    for (const [source, page] of pages) {
      const html = readFileSync(join(out, page), 'utf8');
      const lines = textLines(html);
      for (const line of lines) {
        assert.doesNotMatch(line, /^(---|\+\+\+)$/, `${page} shows a front matter fence`);
        assert.doesNotMatch(line, /^title\s*[:=]/, `${page} shows a front matter line: ${line}`);
      }
      const text = readFileSync(join(tree, source), 'utf8');
      for (const key of frontMatterKeys(text))
        assert.ok(!lines.some((l) => new RegExp(`^${key}\\s*[:=]`).test(l)), `${page} shows "${key}"`);
      for (const id of attributeIds(text)) {
        assert.match(html, new RegExp(` id="${id}"`), `${page} has no element with the id of "{#${id}}"`);
        anchors++;
      }
    }
    let assets = 0;
    for (const f of files.filter((f) => !f.endsWith('.md'))) {
      assert.deepEqual(readFileSync(join(out, f)), readFileSync(join(tree, f)), `${f} is not published as it is`);
      assets++;
    }
    const images = files.filter((f) => /\.(png|jpe?g|gif|svg|webp)$/.test(f)).length;
    console.log(`${name}: exit 0; ${pages.size} .md files, each a page at its path; ${assets} other files ` +
      `(${images} images) published; no front matter shown; ${anchors} attribute-list ids present; link check green`);
  });
}
