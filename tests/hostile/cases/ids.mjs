// Generated cases: nothing docket writes may overwrite or shadow something else it writes.
// Output paths (a page on a generated page's path, a theme asset on a generated script), element
// ids on a page (headings named like the template's or the footnotes' ids), excerpts (a note or
// [[#x]] in an area's definition or a follow-up shown on another page), and links a browser
// reads differently from the link check (node's WHATWG URL parser is the oracle).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build, counted, docket, listFiles, theme, work } from '../harness.mjs';

// A site in the temp dir with `toml` appended to its site.toml (search on unless it says so) and
// `files` under content/.
function siteWith(name, files, toml = '') {
  const dir = path.join(work, 'gen-ids', name);
  fs.mkdirSync(path.join(dir, 'content'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'site.toml'),
    `title = "Hostile: ${name}"\nlanguage = "sv"\ntheme = ${JSON.stringify(theme)}\n${toml}`);
  for (const [f, data] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, 'content', f)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'content', f), data);
  }
  return dir;
}

// A copy of the default theme with extra files under assets/.
function themeWith(name, assets) {
  const dir = path.join(work, 'gen-ids', `${name}-theme`);
  fs.cpSync(theme, dir, { recursive: true });
  for (const [f, data] of Object.entries(assets)) {
    fs.mkdirSync(path.dirname(path.join(dir, 'assets', f)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'assets', f), data);
  }
  return dir;
}

const page = (title, extra = '', body = 'Text.\n') => `+++\ntitle = "${title}"\n${extra}+++\n\n${body}`;
const plan = page('En plan', 'kind = "plan"\ndate = 2020-01-01\n');
const term = page('Ett begrepp', 'kind = "term"\nterm = "EB"\n');
const statement = '[accessibility]\nservice = "webbplatsen"\nstatus = "delvis förenlig"\n';
const re = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// A page on a generated page's path: an error naming both, in build and in check.
const shadowed = [
  ['planer', 'the list page of kind plan', { 'plan.md': plan }, ''],
  ['begrepp', 'the glossary (the list page of kind term)', { 'eb.md': term }, ''],
  ['sok', 'the search page', {}, ''],
  ['tillganglighetsredogorelse', 'the accessibility statement ([accessibility] in site.toml)', {}, statement],
];

export const cases = [
  ...shadowed.map(([id, what, files, toml]) => ({
    name: `page-shadows-generated-${id}`,
    description: `a page with the id "${id}" would be replaced by ${what}: an error naming both`,
    make: () => siteWith(`page-shadows-generated-${id}`,
      { ...files, 'sida.md': page('Sidan', `id = "${id}"\n`) }, toml),
    expect: {
      exit: 1,
      stderr: [`^content/sida\\.md:3:1: error: output path "${id}/index\\.html" is written twice: ` +
        `by content/sida\\.md:3:1 and by ${re(what)}$`],
    },
  })),
  {
    name: 'check-reports-shadowed-page',
    description: '`docket check` reports a page on the list page\'s path too (it used to pass)',
    run: () => {
      const dir = siteWith('check-reports-shadowed-page', { 'plan.md': plan, 'planer.md': page('Planer') },
        '[search]\nenabled = false\n');
      const r = spawnSync(docket, ['check', '--source', dir], { encoding: 'utf8' });
      counted();
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /^content\/planer\.md:1:1: error: output path "planer\/index\.html" is written twice: by content\/planer\.md:1:1 and by the list page of kind plan$/m);
    },
  },
  {
    name: 'two-list-pages-one-segment',
    description: '[urls] gives two kinds one segment: their list pages collide, reported against site.toml',
    make: () => siteWith('two-list-pages-one-segment', { 'plan.md': plan, 'eb.md': term },
      '[search]\nenabled = false\n[urls]\nterm = "planer"\n'),
    expect: {
      exit: 1,
      stderr: ['^site\\.toml: error: output path "planer/index\\.html" is written twice: ' +
        'by the list page of kind plan and by the glossary \\(the list page of kind term\\)$'],
    },
  },
  {
    name: 'theme-asset-shadows-search-index',
    description: 'a theme asset named like the generated search index: an error naming the asset',
    make: () => {
      const t = themeWith('theme-asset-shadows-search-index', { 'search-index.js': 'window.X = 1;\n' });
      const dir = siteWith('theme-asset-shadows-search-index', {});
      fs.writeFileSync(path.join(dir, 'site.toml'), `title = "T"\ntheme = ${JSON.stringify(t)}\n`);
      return dir;
    },
    expect: {
      exit: 1,
      stderr: ['^[^\\n]*-theme/assets/search-index\\.js: error: output path "assets/search-index\\.js" is written twice: ' +
        'by the file copied from [^\\n]*/assets/search-index\\.js and by the search index$'],
    },
  },
  {
    name: 'page-and-theme-asset-one-path',
    description: 'a page "assets" and a theme asset index.html write the same file',
    make: () => {
      const t = themeWith('page-and-theme-asset-one-path', { 'index.html': '<p>asset</p>\n' });
      const dir = siteWith('page-and-theme-asset-one-path', { 'assets.md': page('Tillgångar') });
      fs.writeFileSync(path.join(dir, 'site.toml'), `title = "T"\ntheme = ${JSON.stringify(t)}\n[search]\nenabled = false\n`);
      return dir;
    },
    expect: {
      exit: 1,
      stderr: ['^content/assets\\.md:1:1: error: output path "assets/index\\.html" is written twice: ' +
        'by content/assets\\.md:1:1 and by the file copied from [^\\n]*/assets/index\\.html$'],
    },
  },
  {
    name: 'theme-asset-file-on-a-directory',
    description: 'a theme asset file "lunr" where lunr.js needs the directory assets/lunr/',
    make: () => {
      const t = themeWith('theme-asset-file-on-a-directory', { lunr: 'not a directory\n' });
      const dir = siteWith('theme-asset-file-on-a-directory', {});
      fs.writeFileSync(path.join(dir, 'site.toml'), `title = "T"\ntheme = ${JSON.stringify(t)}\n`);
      return dir;
    },
    expect: {
      exit: 1,
      stderr: ['^[^\\n]*-theme/assets/lunr: error: output path "assets/lunr" is written as a file and needed as a directory ' +
        '\\(for assets/lunr/lunr\\.js\\): by the file copied from [^\\n]*/assets/lunr and by the file copied from [^\\n]*lunr\\.js$'],
    },
  },
];
