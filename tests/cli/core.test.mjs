// The core's acceptance, run against the real binary on the real content and fixtures.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { docket, hashTree, listFiles, repo, tempDir } from '../lib/docket.mjs';

const kinds = { meeting: 'sammantraden', case: 'arenden', plan: 'planer', area: 'omraden', followup: 'uppfoljning', goal: 'delmal', decision: 'beslut', term: 'begrepp' };

// The real site sets no base_url: every build and check of it warns, once, that it writes no feeds
// and no sitemap (tests/cli/publish.test.mjs). The report without that line.
function withoutFeedWarning(stderr) {
  const warning = /^site\.toml: warning: base_url is not set, so the Atom feeds of meetings and cases, sitemap\.xml and robots\.txt are not written.*\n/;
  assert.match(stderr, warning);
  return stderr.replace(warning, '');
}

// id and kind of every content page, read from the front matter the way the content model says.
function contentPages() {
  const pages = [];
  for (const f of listFiles(join(repo, 'content')).filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(join(repo, 'content', f), 'utf8');
    const fm = text.startsWith('+++\n') ? text.slice(4, text.indexOf('\n+++', 3)) : '';
    const kind = /^kind\s*=\s*"([^"]+)"/m.exec(fm)?.[1] ?? 'page';
    const id = /^id\s*=\s*"([^"]+)"/m.exec(fm)?.[1] ?? f.split('/').pop().replace(/\.md$/, '');
    pages.push({ id, kind });
  }
  return pages;
}

test('docket build writes the start page and one index.html per content page at its URL', () => {
  const out = join(tempDir(), 'public');
  const r = docket(['build', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(withoutFeedWarning(r.stderr), /^built \d+ pages \(\d+ files\) into .* in \d+\.\d\d s\n$/);
  assert.ok(existsSync(join(out, 'index.html')));
  const pages = contentPages();
  assert.ok(pages.length >= 100, `only ${pages.length} content pages`);
  for (const p of pages) {
    const file = join(out, kinds[p.kind] ?? '', p.id, 'index.html');
    assert.ok(existsSync(file), `missing ${file}`);
    const html = readFileSync(file, 'utf8');
    assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="sv">'), `${file} lacks the doctype or lang="sv"`);
    assert.equal((html.match(/<h1[ >]/g) ?? []).length, 1, `${file} has not exactly one h1`);
  }
  console.log(`core: ${pages.length} content pages written at their URLs`);
});

test('all mistakes of a run are reported as file:line:col: error:, exit 1, previous output intact', () => {
  const out = join(tempDir(), 'public');
  mkdirSync(out);
  writeFileSync(join(out, 'index.html'), 'previous site\n');
  const before = hashTree(out);
  const r = docket(['build', '--source', 'tests/fixtures/mistakes', '--out', out]);
  assert.equal(r.code, 1);
  const errors = r.stderr.split('\n').filter((l) => /^content\/[^:]+:\d+:\d+: error: /.test(l));
  for (const expected of [
    /^content\/areas\/a\.md:4:1: error: "plan" names unknown page "finns-inte"$/,
    /^content\/areas\/a\.md:5:1: error: "number" must be a string, found integer$/,
    /^content\/areas\/a\.md:\d+:1: error: missing required section "## Mål och syfte" \(kind area\)$/,
    /^content\/cases\/b\.md:5:\d+: error: invalid TOML in front matter: .*day/,
    /^content\/c\.md:3:1: error: unknown kind "protokoll"/,
    /^content\/d\.md:1:1: error: front matter opened with "\+\+\+" is never closed$/,
    /^content\/E\.md:1:1: error: invalid id "E"/,
    /^content\/E\.md:5:4: error: unknown page "saknas" in \[\[saknas\]\]$/,
    /^content\/E\.md:5:19: error: unknown heading "#rubrik" in \[\[c#rubrik\]\]/,
    /^content\/E\.md:5:36: error: link to missing file "inte-har\.md"$/,
    /^content\/dubblett\.md:3:1: error: duplicate id "c" \(also used by content\/c\.md\)$/,
    /^content\/utf8\.md:4:6: error: invalid UTF-8 \(byte 0xFF\)$/,
  ]) {
    assert.ok(errors.some((l) => expected.test(l)), `no line matches ${expected}\n${r.stderr}`);
  }
  assert.ok(errors.length >= 12, `${errors.length} errors`);
  // A plain page's unknown key is another tool's: kept, ignored, one warning per key name.
  assert.match(r.stderr, /^content\/E\.md:3:1: warning: front matter key "colour" is not docket's; ignored \(1 file has it\)$/m);
  assert.match(r.stderr, /docket: \d+ errors; nothing was written, the previous output is unchanged\n$/);
  assert.deepEqual(hashTree(out), before);
  console.log(`core: ${errors.length} file:line:col errors in one run, exit 1, previous output unchanged`);
});

test('docket check validates the real content and writes nothing', () => {
  const r = docket(['check']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(withoutFeedWarning(r.stderr), /^checked \d+ pages: no errors\n$/);
  const bad = docket(['check', '--source', 'tests/fixtures/mistakes']);
  assert.equal(bad.code, 1);
  assert.ok(!existsSync(join(repo, 'tests/fixtures/mistakes/public')));
});

test('two builds of the same input are byte-identical, and so is a single-threaded build', () => {
  const a = join(tempDir(), 'a'), b = join(tempDir(), 'b'), c = join(tempDir(), 'c');
  assert.equal(docket(['build', '--quiet', '--out', a]).code, 0);
  assert.equal(docket(['build', '--quiet', '--out', b]).code, 0);
  assert.equal(docket(['build', '--quiet', '--jobs', '1', '--out', c]).code, 0);
  const ha = hashTree(a);
  assert.ok(Object.keys(ha).length > 100);
  assert.deepEqual(hashTree(b), ha);
  assert.deepEqual(hashTree(c), ha);
  console.log(`core: ${Object.keys(ha).length} files byte-identical across 3 builds (parallel, parallel, --jobs 1)`);
});

test('search is off when site.toml says [search] enabled = false, and with --no-search', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'content'));
  writeFileSync(join(dir, 'content', 'sida.md'), '+++\ntitle = "Sida"\n+++\n\nText.\n');
  const toml = (enabled) => `title = "Sök"\nlanguage = "sv"\ntheme = ${JSON.stringify(join(repo, 'themes/default'))}\n\n[search]\nenabled = ${enabled}\n`;
  const searchFiles = (args) => {
    const out = join(dir, `out-${args.join('')}`);
    const r = docket(['build', '--source', dir, '--out', out, '--no-archives', ...args]);
    assert.equal(r.code, 0, r.stderr);
    return listFiles(out).filter((f) => f.startsWith('assets/search/') || f.startsWith('sok/'));
  };
  writeFileSync(join(dir, 'site.toml'), toml(false));
  assert.deepEqual(searchFiles([]), [], 'enabled = false');
  writeFileSync(join(dir, 'site.toml'), toml(true));
  assert.deepEqual(searchFiles([]), ['assets/search/documents.js', 'assets/search/manifest.js', 'assets/search/p/0.js',
    'assets/search/t/0.js', 'assets/search/vocabulary.js', 'sok/index.html']);
  assert.deepEqual(searchFiles(['--no-search']), [], '--no-search');
});

test('a folder of plain Markdown with only titles builds a working site', () => {
  const out = join(tempDir(), 'public');
  const r = docket(['build', '--source', 'tests/fixtures/plain', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  // Pages at their paths, the root's index.md the start page and a folder's README.md the
  // folder's; the draft is not published; English without site.toml.
  assert.deepEqual(listFiles(out).filter((f) => f.endsWith('.html')),
    ['404.html', 'guide/index.html', 'guide/kom-igang/index.html', 'index.html', 'referens/index.html', 'search/index.html']);
  // The image beside the Markdown is published, and found from the page written a folder deeper.
  assert.deepEqual(readFileSync(join(out, 'guide/bilder/steg.png')),
    readFileSync(join(repo, 'tests/fixtures/plain/guide/bilder/steg.png')));
  // YAML front matter after a blank line: read, not shown; its title not repeated by the
  // heading that says it again; another tool's key warned about once, at its line.
  const guide = readFileSync(join(out, 'guide/index.html'), 'utf8');
  assert.match(guide, /<h1>Ordlista<\/h1>/);
  assert.equal(guide.match(/Ordlista<\/h/g).length, 1);
  assert.doesNotMatch(guide, /sort_by|weight:|---/);
  assert.match(guide, /<img src="(\.\.\/guide\/)?bilder\/steg\.png" alt="steget">/);
  assert.match(guide, /<a href="(\.\.\/guide\/)?kom-igang\/index\.html#installera">installera<\/a>/);
  assert.match(r.stderr, /^guide\/README\.md:6:1: warning: front matter key "sort_by" is not docket's; ignored \(1 file has it\)$/m);
  const index = readFileSync(join(out, 'index.html'), 'utf8');
  assert.match(index, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.match(index, /<h1>Handbok<\/h1>/);
  assert.match(index, /<a href="guide\/kom-igang\/index\.html">kom igång<\/a>/);
  assert.match(index, /<a href="referens\/index\.html">Referens<\/a>/);
  const ref = readFileSync(join(out, 'referens/index.html'), 'utf8');
  // [[kom-igang]] is the page at guide/kom-igang.md: no other path ends so.
  assert.match(ref, /<a href="\.\.\/guide\/kom-igang\/index\.html#installera">Installera<\/a>/);
});

test('[urls] page = "path" puts the pages of a site with site.toml at their paths', () => {
  const site = tempDir();
  writeFileSync(join(site, 'site.toml'),
    `title = "Vägar"\ntheme = "${join(repo, 'themes/default')}"\n\n[urls]\npage = "path"\n\n[search]\nenabled = false\n`);
  mkdirSync(join(site, 'content/guide'), { recursive: true });
  writeFileSync(join(site, 'content/guide/index.md'), '+++\ntitle = "Guide"\n+++\nSe [[steg]].\n');
  writeFileSync(join(site, 'content/guide/steg.md'), '+++\ntitle = "Steg"\n+++\nTillbaka till [[guide]].\n');
  const out = join(site, 'public');
  const r = docket(['build', '--source', site, '--out', out, '--no-archives']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(existsSync(join(out, 'guide/index.html')) && existsSync(join(out, 'guide/steg/index.html')));
  assert.match(readFileSync(join(out, 'guide/steg/index.html'), 'utf8'), /<a href="\.\.\/(\.\.\/guide\/)?index\.html">Guide<\/a>/);
});

test('CLI: --help, --version, usage errors exit 2, docket new writes a page that checks', () => {
  assert.match(docket(['--version']).stdout, /^docket \d+\.\d+\.\d+\n$/);
  for (const cmd of ['build', 'check', 'new', 'index']) {
    const r = docket([cmd, '--help']);
    assert.equal(r.code, 0, cmd);
    assert.match(r.stdout, /^usage: docket /i, cmd);
  }
  assert.equal(docket([]).code, 2);
  assert.equal(docket(['bygg']).code, 2);
  assert.equal(docket(['build', '--bogus']).code, 2);
  assert.equal(docket(['new', 'area']).code, 2);
  assert.equal(docket(['new', 'nosuchkind', 'x']).code, 2);

  const site = tempDir();
  writeFileSync(join(site, 'site.toml'), `title = "Ny"\ntheme = "${join(repo, 'themes/default')}"\n`);
  const r = docket(['new', 'area', 'nytt-omrade', '--source', site]);
  assert.equal(r.code, 0, r.stderr);
  const file = join(site, 'content/areas/nytt-omrade.md');
  const text = readFileSync(file, 'utf8');
  for (const s of ['Definition', 'Mål och syfte', 'Utmaningar och prioritering', 'Åtaganden', 'Uppföljning'])
    assert.ok(text.includes(`\n## ${s}\n`), s);
  // Only the values the author must give are reported.
  const check = docket(['check', '--source', site]);
  assert.equal(check.code, 1);
  assert.match(check.stderr, /content\/areas\/nytt-omrade\.md:\d+:\d+: error: "plan" names unknown page ""/);
  assert.equal(docket(['new', 'area', 'nytt-omrade', '--source', site]).code, 1, 'refuses to overwrite');
});

// The executable's allocator is jemalloc, told to give freed pages back after 1 s, not 10
// (generator/src/11-cli/jemalloc/malloc_conf.cpp): jemalloc's own statistics say what it runs with.
test('the allocator returns freed memory after a second (jemalloc, dirty_decay_ms 1000)', () => {
  const r = docket(['--version'], { env: { MALLOC_CONF: 'stats_print:true' } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /jemalloc/);
  assert.match(r.stderr, /opt\.dirty_decay_ms: 1000 /);
});

test('docket build --timings prints each stage with its wall time, after the summary, and the peak memory', () => {
  const out = join(tempDir(), 'public');
  const r = docket(['build', '--timings', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  const lines = withoutFeedWarning(r.stderr).trimEnd().split('\n');
  assert.match(lines[0], /^built \d+ pages/);
  // Last, the peak of the process's resident memory: more than the binary, less than the machine.
  const peak = /^ {2}peak memory \(resident\) +(\d+) MiB$/.exec(lines.pop());
  assert.ok(peak && Number(peak[1]) > 1 && Number(peak[1]) < 4096, r.stderr);
  const stages = lines.slice(1).map((l) => /^ {2}(\S.*\S) +(\d+\.\d\d) s$/.exec(l));
  assert.ok(stages.every(Boolean), r.stderr);
  const names = stages.map((m) => m[1]);
  for (const stage of ['read files and front matter', 'parse Markdown', 'resolve links', 'meeting packs',
    'search index, in its own thread', 'render and write pages', 'check links'])
    assert.ok(names.includes(stage), `no "${stage}" in\n${r.stderr}`);
  // The stages but the search index (which runs beside the others) add up to at most the build.
  const total = stages.filter((m) => !m[1].startsWith('search')).reduce((sum, m) => sum + Number(m[2]), 0);
  const built = Number(/ in (\d+\.\d\d) s$/.exec(lines[0])[1]);
  assert.ok(total <= built + 0.05, `stages ${total} s, build ${built} s`);
  // Without --timings, only the summary.
  assert.equal(withoutFeedWarning(docket(['build', '--out', out]).stderr).trimEnd().split('\n').length, 1);
});
