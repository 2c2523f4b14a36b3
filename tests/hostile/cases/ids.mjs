// Generated cases: nothing docket writes may overwrite or shadow something else it writes.
// Output paths (a page on a generated page's path, a theme asset on a generated script), element
// ids on a page (headings named like the template's or the footnotes' ids), excerpts (a note or
// [[#x]] in an area's definition or a follow-up shown on another page), and links a browser
// reads differently from the link check (node's WHATWG URL parser is the oracle).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build, copyTheme, counted, docket, listFiles, theme, themeLine, work } from '../harness.mjs';

// The line of the default theme's `file` that holds `text` (1-based).
const lineOf = (file, text) => fs.readFileSync(path.join(theme, file), 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;

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
const themeWith = (name, assets) => copyTheme(path.join(work, 'gen-ids', `${name}-theme`), assets);

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
    name: 'paths-differ-only-in-case',
    description: 'theme assets "Logo.svg" and "logo.svg": one file on Windows and macOS, an error naming both',
    make: () => {
      const t = themeWith('paths-differ-only-in-case', { 'Logo.svg': '<svg/>\n', 'logo.svg': '<svg></svg>\n' });
      const dir = siteWith('paths-differ-only-in-case', {});
      fs.writeFileSync(path.join(dir, 'site.toml'), `title = "T"\ntheme = ${JSON.stringify(t)}\n[search]\nenabled = false\n`);
      return dir;
    },
    expect: {
      exit: 1,
      stderr: ['error: output paths "assets/Logo\\.svg" and "assets/logo\\.svg" differ only in case \\(one file on Windows and macOS\\)'],
    },
  },
  {
    name: 'site-id-leaves-the-output',
    description: 'site_id = "../ut" would put the offline zip beside the output: an error at site_id, before anything is written',
    make: () => siteWith('site-id-leaves-the-output', {}, 'site_id = "../ut"\n[search]\nenabled = false\n'),
    expect: {
      exit: 1,
      stderr: ['^site\\.toml:\\d+:\\d+: error: "site_id" must be lowercase ASCII letters, digits and \'-\' \\(found "\\.\\./ut"\\)$'],
    },
  },
  {
    name: 'theme-asset-shadows-search-index',
    description: 'a theme asset inside the directory the search index writes: an error naming the asset',
    make: () => {
      const t = themeWith('theme-asset-shadows-search-index', { 'search/manifest.js': 'window.X = 1;\n' });
      const dir = siteWith('theme-asset-shadows-search-index', {});
      fs.writeFileSync(path.join(dir, 'site.toml'), `title = "T"\ntheme = ${JSON.stringify(t)}\n`);
      return dir;
    },
    expect: {
      exit: 1,
      stderr: ['^[^\\n]*-theme/assets/search/manifest\\.js: error: output path "assets/search/manifest\\.js" is inside ' +
        '"assets/search/", a directory written whole: by the file copied from [^\\n]*/assets/search/manifest\\.js and by the search index$'],
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
        '\\(for assets/lunr/lunr\\.js\\): by the file copied from [^\\n]*/assets/lunr and by the file copied from [^\\n]*lunr\\.min\\.js$'],
    },
  },
];

// --- element ids on a page ----------------------------------------------------------------

// Every id attribute of an HTML file, and those that occur more than once.
const idsOf = (html) => [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]);
const duplicates = (ids) => [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];

cases.push(
  {
    name: 'headings-named-like-template-ids',
    description: 'headings "main", "fn-1", "Fotnoter", "Refereras från", "fnref-1" get the next free suffix: no duplicate ids',
    run: () => {
      const dir = siteWith('headings-named-like-template-ids', {
        'a.md': page('A', '', '## main\n\nText[^1] och igen[^1], se [[#fn-1-2]] och [[#main-2]].\n\n## fn-1\n\nx\n\n' +
          '## Fotnoter\n\ny\n\n## Refereras från\n\nz\n\n## fnref-1\n\nw\n\n[^1]: Noten.\n'),
        'b.md': page('B', '', 'Se [[a]].\n'),
      }, '[search]\nenabled = false\n');
      const r = build('headings-named-like-template-ids', dir, { exit: 0 }, path.dirname(dir));
      const html = fs.readFileSync(path.join(r.out, 'a/index.html'), 'utf8');
      const ids = idsOf(html);
      assert.deepEqual(duplicates(ids), [], `duplicate ids in a/index.html: ${ids.join(' ')}`);
      for (const id of ['main', 'main-2', 'fn-1', 'fn-1-2', 'fotnoter', 'fotnoter-2', 'refereras-fran', 'refereras-fran-2',
        'fnref-1', 'fnref-1-2', 'fnref-1-3'])
        assert.ok(ids.includes(id), `no id "${id}" in ${ids.join(' ')}`);
      // The template's <main> and the notes keep their ids; the links go to the headings.
      assert.match(html, /<main id="main"/);
      assert.match(html, /<h2 id="fotnoter">/);
      assert.match(html, /<li id="fn-1">/);
      assert.match(html, /<h2 id="fn-1-2">fn-1<\/h2>/);
      assert.match(html, /href="#fn-1-2">fn-1</);
      assert.match(html, /<h2 id="main-2">main<\/h2>/);
    },
  },
  {
    name: 'raw-html-id-duplicates-template-id',
    description: 'raw HTML with id="main" (a template id) or a heading\'s id: an error at file:line naming the other',
    make: () => siteWith('raw-html-id-duplicates-template-id', {
      'c.md': page('C', '', 'Text.\n\n<div id="main">x</div>\n\n## Rubrik\n\n<p id="rubrik">y</p>\n'),
    }, '[search]\nenabled = false\n[markdown]\nraw_html = true\n'),
    expect: {
      exit: 1,
      stderr: [
        `^content/c\\.md:7:1: error: id "main" is on the page twice \\(also from [^\\n]*/templates/base\\.html:${lineOf('templates/base.html', 'id="main"')}:1\\)$`,
        '^content/c\\.md:11:1: error: id "rubrik" is on the page twice \\(also from content/c\\.md:9:1\\)$',
      ],
    },
  },
  {
    name: 'theme-template-repeats-base-id',
    description: 'a theme whose page template repeats an id of base.html: an error at the template\'s file:line',
    make: () => {
      const t = themeWith('theme-template-repeats-base-id', {});
      const file = path.join(t, 'templates', 'page.html');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('<header data-include', '<p id="sok-falt">x</p>\n<header data-include'));
      const dir = siteWith('theme-template-repeats-base-id', {});
      fs.writeFileSync(path.join(dir, 'site.toml'), `title = "T"\ntheme = ${JSON.stringify(t)}\n[search]\nenabled = false\n`);
      return dir;
    },
    expect: {
      exit: 1,
      stderr: ['^[^\\n]*/templates/page\\.html:2:1: error: id "sok-falt" is on every page of template page\\.html twice ' +
        `\\(also at [^\\n]*/templates/base\\.html:${themeLine('base.html', 'id="sok-falt"')}\\)$`],
    },
  },
);

// --- excerpts: an area's definition on the glossary, a follow-up on its area -----------------

// A plan, an area whose Definition has a note, [[#x]], "#x" and a broken "#saknas" when asked,
// and a follow-up (with its meeting and case) whose Uppföljning has a note and [[#x]].
function excerptSite(name, { broken = false } = {}) {
  const area = page('Trygghet', 'kind = "area"\nplan = "plan"\nnumber = "1"\n',
    `## Definition\n\nTrygghet[^def] enligt [[#mal-och-syfte]] och [målen](#mal-och-syfte)${broken ? ' och [fel](#saknas)' : ''}.\n\n` +
    '## Mål och syfte\n\nMål[^mal].\n\n## Utmaningar och prioritering\n\nU.\n\n## Åtaganden\n\nÅ.\n\n' +
    '## Uppföljning\n\nSe nedan.\n\n[^def]: Definitionens not.\n[^mal]: Målets not.\n');
  return siteWith(name, {
    'plans/plan.md': page('Planen', 'kind = "plan"\ndate = 2020-01-01\n'),
    'areas/trygghet.md': area,
    'meetings/m.md': page('Mötet', 'kind = "meeting"\nbody = "Utskottet"\ndate = 2020-11-20\n'),
    'cases/c.md': page('Ärendet', 'kind = "case"\ndiarienummer = "KS 20/0001"\ndate = 2020-11-01\nunit = "E"\n' +
      'officer = "O"\nmeeting = "m"\nitem = 1\nproposal = ["Att"]\n', '## Sammanfattning\n\nS.\n\n## Ärendet\n\nÄ.\n'),
    'followups/f.md': page('Uppföljningen', 'kind = "followup"\narea = "trygghet"\nperiod = "2020"\ncase = "c"\n',
      '## Uppföljning\n\nGjort[^u] enligt [[#uppfoljning]].\n\n[^u]: Uppföljningens not.\n'),
  }, '[search]\nenabled = false\n');
}

cases.push(
  {
    name: 'excerpt-footnotes-and-fragment-links',
    description: 'a note and [[#x]] in an excerpt keep working on the page that shows it: notes with the excerpt, ' +
      'prefixed ids, "#x" to the source page',
    run: () => {
      const dir = excerptSite('excerpt-footnotes-and-fragment-links');
      const r = build('excerpt-footnotes-and-fragment-links', dir, { exit: 0 }, path.dirname(dir));
      for (const f of listFiles(r.out).filter((f) => f.endsWith('.html'))) {
        const ids = idsOf(fs.readFileSync(path.join(r.out, f), 'utf8'));
        assert.deepEqual(duplicates(ids), [], `duplicate ids in ${f}`);
      }
      const glossary = fs.readFileSync(path.join(r.out, 'begrepp/index.html'), 'utf8');
      const defs = glossary.slice(glossary.indexOf('id="definitioner"'));
      // The definition's note is the area's note 1, shown with the excerpt under prefixed ids.
      assert.match(defs, /<a href="#trygghet--fn-1" id="trygghet--fnref-1" aria-label="Fotnot 1">1<\/a>/);
      assert.match(defs, /<li id="trygghet--fn-1">\s*<p>Definitionens not\. <a href="#trygghet--fnref-1"/);
      assert.doesNotMatch(defs, /Målets not/); // not referred to by the excerpt
      // [[#x]] and (#x) go to the area's section, not to the glossary's.
      assert.equal((defs.match(/href="\.\.\/omraden\/trygghet\/index\.html#mal-och-syfte"/g) ?? []).length, 2);
      assert.doesNotMatch(defs, /href="#mal-och-syfte"/);
      const area = fs.readFileSync(path.join(r.out, 'omraden/trygghet/index.html'), 'utf8');
      const fu = area.slice(area.indexOf('id="vad-som-gjorts"'));
      assert.match(fu, /<a href="#f--fn-1" id="f--fnref-1"/);
      assert.match(fu, /<li id="f--fn-1">\s*<p>Uppföljningens not\./);
      assert.match(fu, /href="\.\.\/\.\.\/uppfoljning\/f\/index\.html#uppfoljning"/);
      // The area's own notes are still 1 and 2 under their own ids.
      assert.match(area, /<li id="fn-1">\s*<p>Definitionens not/);
      assert.match(area, /<li id="fn-2">\s*<p>Målets not/);
    },
  },
  {
    name: 'excerpt-broken-link-names-its-file',
    description: 'a broken "#saknas" in an area\'s definition is reported at the area\'s file:line, also where the glossary shows it',
    make: () => excerptSite('excerpt-broken-link-names-its-file', { broken: true }),
    expect: {
      exit: 1,
      stderr: [
        '^content/areas/trygghet\\.md:10:75: error: link "#saknas" in omraden/trygghet/index\\.html has no anchor',
        '^content/areas/trygghet\\.md:10:75: error: link "\\.\\./omraden/trygghet/index\\.html#saknas" in begrepp/index\\.html has no anchor',
      ],
      stderr_not: ['^begrepp/index\\.html'],
    },
  },
);

// --- links a browser reads differently: node's WHATWG URL parser is the oracle -----------------

// Hostile hrefs, each on a page of its own (l1/ ... lN/), written as raw HTML so the browser gets
// them as written. l0/ is their target, with a heading "Rubrik".
const hrefs = [
  '..\\l0\\index.html', '%2e%2e/l0/index.html', '.%2E/l0/index.html', '%2e%2e/%2e%2e/l0/index.html',
  '../l0/index.html#rubrik', '../l0/index.html#saknas', '\t../l0/index.html', '../l\n0/index.html', ' ../l0/ ',
  '/../l0/index.html', '//example.org/site/l0/index.html', 'HTTPS://example.org/x', 'hTtP:../l0/index.html',
  '../l0/index.html?x=1#rubrik', '?q#rubrik', '#Rubrik', '../L0/index.html', '..', '../', '../l%30/index.html',
  '../l0/index.html#%72ubrik', '1x:../l0/index.html', 'mailto:someone@example.org', '\\\\example.org\\x',
  '..%2fl0/index.html', '../l0/index.html\t', '..\\', 'l0/../../l0/index.html', './#rubrik', '.',
];
const xmlAttr = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')
  .replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
const linkSite = (name, list) => siteWith(name, Object.fromEntries([
  ['l0.md', page('Mål', '', '## Rubrik\n\nText.\n')],
  ...list.map((h, i) => [`l${i + 1}.md`, page(`Länk ${i + 1}`, '', `## Rubrik\n\n<p><a href="${xmlAttr(h)}">länk</a></p>\n`)]),
]), '[search]\nenabled = false\n[markdown]\nraw_html = true\n');

// What a browser does with `href` on the page in `dir`: { path, fragment } when it opens a file
// of the site (the same one from http://docket.test/site/, https://docket.test/site/ and
// file:///srv/site/), { outside } when it leaves the site for another host or scheme from all
// three, { wrong } when it goes to the server's or disk's root or depends on where the site is.
function browser(href, dir) {
  const where = ['http://docket.test/site/', 'https://docket.test/site/', 'file:///srv/site/'].map((site) => {
    const base = new URL(site);
    const u = new URL(href, site + dir + 'index.html');
    if (u.protocol !== base.protocol || u.host !== base.host) return 'outside';
    if (!u.pathname.startsWith(base.pathname)) return 'root';
    // A server (or the file system) decodes %XX, but an encoded '/' never separates directories.
    let p = u.pathname.slice(base.pathname.length).replace(/%(?!2f|5c)([0-9a-f]{2})/gi, (m) => decodeURIComponent(m));
    if (p === '' || p.endsWith('/')) p += 'index.html';
    return { path: p, fragment: decodeURIComponent(u.hash.slice(1)) };
  });
  if (where.every((w) => w === 'outside')) return { outside: true };
  if (where.some((w) => typeof w === 'string') || new Set(where.map((w) => w.path)).size > 1) return { wrong: true };
  return where[0];
}

cases.push(
  {
    name: 'links-read-as-the-browser-reads-them',
    description: 'backslashes, %2e%2e, tabs and newlines, spaces, //host, mixed-case schemes, ? and #: ' +
      'the link check reports exactly the links a browser would not open on the site',
    run: () => {
      const dir = linkSite('links-read-as-the-browser-reads-them', hrefs);
      const written = new Set(['index.html', ...hrefs.map((_, i) => `l${i + 1}/index.html`), 'l0/index.html']);
      const r = build('links-read-as-the-browser-reads-them', dir, { exit: 1 }, path.dirname(dir));
      const problems = [];
      hrefs.forEach((href, i) => {
        const b = browser(href, `l${i + 1}/`);
        const lines = r.stderr.split('\n').filter((l) => l.startsWith(`content/l${i + 1}.md:`));
        const label = `${JSON.stringify(href)} (browser: ${JSON.stringify(b)}; docket: ${JSON.stringify(lines)})`;
        if (b.outside) {
          if (lines.length) problems.push(`reported a link to another site: ${label}`);
        } else if (b.wrong) {
          if (lines.length !== 1) problems.push(`did not report a link that leaves the site: ${label}`);
        } else if (!written.has(b.path)) {
          if (lines.length !== 1 || !lines[0].includes(` points to ${b.path}, which the build does not write`))
            problems.push(`did not report the missing ${b.path}: ${label}`);
        } else if (b.fragment && b.fragment !== 'rubrik') {
          if (lines.length !== 1 || !lines[0].includes(`has no anchor`)) problems.push(`did not report the anchor: ${label}`);
        } else if (lines.length) {
          problems.push(`reported a link the browser opens: ${label}`);
        }
      });
      assert.deepEqual(problems, []);
    },
  },
  {
    name: 'links-accepted-open-their-file',
    description: 'every hostile link docket accepts opens a file the build wrote, read from the output with node\'s URL parser',
    run: () => {
      const ok = hrefs.filter((h, i) => {
        const b = browser(h, `l${i + 1}/`);
        return !b.outside && !b.wrong && /^(index|l\d+\/index)\.html$/.test(b.path) && (!b.fragment || b.fragment === 'rubrik');
      });
      assert.ok(ok.length >= 15, `${ok.length} links`);
      const dir = linkSite('links-accepted-open-their-file', ok);
      const r = build('links-accepted-open-their-file', dir, { exit: 0 }, path.dirname(dir));
      ok.forEach((_, i) => {
        const html = fs.readFileSync(path.join(r.out, `l${i + 1}/index.html`), 'utf8');
        const raw = /<p><a href="([^"]*)">länk<\/a><\/p>/.exec(html)[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>').replace(/&amp;/g, '&');
        const u = new URL(raw, `file://${r.out}/l${i + 1}/index.html`);
        let file = decodeURIComponent(u.pathname);
        if (file.endsWith('/')) file += 'index.html';
        assert.ok(fs.existsSync(file), `${JSON.stringify(raw)} on l${i + 1}/ opens ${file}, which is not there`);
      });
    },
  },
);
