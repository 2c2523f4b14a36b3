// Real documentation trees, kept as published (tests/fixtures/trees/<name>/, each with a SOURCE
// file naming its repository, commit, path and licence), built as a new user would build them:
// `docket build --source <tree>` without a site.toml. What is checked comes from the tree's own
// files, never from docket's output: every .md file is a page at its path (a folder's index.md,
// else _index.md, else README.md is the folder's page), every image and other file is published
// at its place with its bytes, no page shows front matter, and the build's link check passes.
//
// One tree does not build yet, for a reason other parts of issue 19 deal with; for it the test
// asserts that every error is of that reason, and how many there are:
// - mkdocs-docs: links to heading ids that only MkDocs plugins write (a `--8<--` snippet
//   include, a `::: mkdocs-click` block, attr_list's `{ #id }`): 15 "unknown heading" errors (91
//   before docket wrote heading ids as GitHub and MkDocs do: "#exclude_docs" keeps the '_').
// zola-templates builds: its `@/path.md` links (from the root of Zola's content folder, most of
// them to pages outside the folder taken) are warnings and their text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { docket, listFiles, repo, tempDir } from '../lib/docket.mjs';

const trees = join(repo, 'tests/fixtures/trees');

const failing = {
  'mkdocs-docs': { pattern: /: error: unknown heading "#[^"]+" in \S+\.md$/, count: 15 },
};

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

for (const name of readdirSync(trees).sort()) {
  const tree = join(trees, name);
  if (!statSync(tree).isDirectory()) continue;
  test(`a real documentation tree builds: ${name} (${readFileSync(join(tree, 'SOURCE'), 'utf8').split('\n')[0]})`, () => {
    const out = join(tempDir(), 'public');
    const r = docket(['build', '--source', tree, '--out', out]);
    const expected = failing[name];
    if (expected) {
      assert.equal(r.code, 1, r.stderr);
      const errors = r.stderr.split('\n').filter((l) => l.includes(': error: '));
      const others = errors.filter((l) => !expected.pattern.test(l));
      assert.deepEqual(others, [], `errors of another kind:\n${others.join('\n')}`);
      assert.equal(errors.length, expected.count, r.stderr);
      console.log(`${name}: exit 1 with ${errors.length} errors, all ${expected.pattern}`);
      return;
    }
    assert.equal(r.code, 0, r.stderr); // the build's link check included
    const files = listFiles(tree);
    const pages = pagePaths(tree);
    for (const [source, page] of pages) {
      const html = readFileSync(join(out, page), 'utf8');
      const lines = textLines(html);
      for (const line of lines) {
        assert.doesNotMatch(line, /^(---|\+\+\+)$/, `${page} shows a front matter fence`);
        assert.doesNotMatch(line, /^title\s*[:=]/, `${page} shows a front matter line: ${line}`);
      }
      for (const key of frontMatterKeys(readFileSync(join(tree, source), 'utf8')))
        assert.ok(!lines.some((l) => new RegExp(`^${key}\\s*[:=]`).test(l)), `${page} shows "${key}"`);
    }
    let assets = 0;
    for (const f of files.filter((f) => !f.endsWith('.md'))) {
      assert.deepEqual(readFileSync(join(out, f)), readFileSync(join(tree, f)), `${f} is not published as it is`);
      assets++;
    }
    const images = files.filter((f) => /\.(png|jpe?g|gif|svg|webp)$/.test(f)).length;
    console.log(`${name}: exit 0; ${pages.size} .md files, each a page at its path; ${assets} other files ` +
      `(${images} images) published; no front matter shown; link check green`);
  });
}
