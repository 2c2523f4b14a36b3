// Markdown as the spec says: every example of the CommonMark spec (npm's commonmark-spec, pinned
// in package.json) and of the GFM spec (the one Debian's cmark-gfm ships, the pinned parser's
// own: the CommonMark examples again, and tables, strikethrough, autolinks and the tag filter) is
// rendered by docket (`docket markdown`, a page's body as its page shows it) and by cmark-gfm's
// own HTML renderer with the extensions docket enables, and the two are compared as DOMs (parse5)
// written out in one canonical form: attributes sorted, whitespace next to block boundaries
// dropped, other runs of whitespace outside <pre> as one space.
//
// The reference set is the examples whose expected HTML cmark-gfm's own renderer gives (M). An
// example counts as identical when docket's DOM equals cmark-gfm's once the intended differences
// below are applied to it; the figure "N of M examples identical" is printed for each spec, and
// every example of M must be identical or differ only as intended.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { parseFragment } from 'parse5';
import { docket, tempDir } from '../lib/docket.mjs';

const require = createRequire(import.meta.url);
const commonmarkSpec = readFileSync(require.resolve('commonmark-spec/spec.txt'), 'utf8');
const gfmSpecFile = '/usr/share/doc/cmark-gfm/spec.txt.gz'; // Debian's cmark-gfm (scripts/install-deps)
const gfmSpec = gunzipSync(readFileSync(gfmSpecFile)).toString('utf8');

// The extensions (and options) parse_markdown enables (generator/src/02-markdown/markdown.cpp).
const cmarkArgs = ['-e', 'table', '-e', 'strikethrough', '-e', 'autolink', '-e', 'tasklist', '-e', 'footnotes'];

// The examples of a spec text, as its own test runner reads them ("→" stands for a tab); the
// spec's "disabled" examples are not run by it and not here either.
function examples(text) {
  const out = [];
  const re = /^`{32} example ?([a-z]*)\n([\s\S]*?)^\.\n([\s\S]*?)^`{32}$/gm;
  let number = 0;
  for (const m of text.replace(/^<!-- END TESTS -->[\s\S]*/m, '').matchAll(re)) {
    number++;
    if (m[1] === 'disabled') continue;
    out.push({ number, extension: m[1], markdown: m[2].replace(/→/g, '\t'), html: m[3].replace(/→/g, '\t') });
  }
  return out;
}

// ---- the canonical form of a DOM ------------------------------------------------------------
const blocks = new Set(['address', 'blockquote', 'br', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'li',
  'ol', 'p', 'pre', 'section', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul']);

// Tokens of a node's children: {tag} for start and end tags, {text} for text; comments dropped.
function tokens(node, out, pre) {
  for (const child of node.childNodes ?? []) {
    if (child.nodeName === '#text') {
      // Adjacent texts (parted by a dropped comment) are one.
      const text = pre ? child.value : child.value.replace(/\s+/g, ' ');
      const last = out.at(-1);
      if (last && 'text' in last) last.text = pre ? last.text + text : (last.text + text).replace(/  +/g, ' ');
      else out.push({ text });
    } else if (child.tagName) {
      const attrs = [...child.attrs].sort((a, b) => a.name.localeCompare(b.name))
        .map((a) => ` ${a.name}="${a.value}"`).join('');
      const block = blocks.has(child.tagName);
      out.push({ tag: `<${child.tagName}${attrs}>`, block });
      tokens(child.content ?? child, out, pre || child.tagName === 'pre');
      out.push({ tag: `</${child.tagName}>`, block });
    }
  }
  return out;
}

function canonical(fragment) {
  const list = tokens(fragment, [], false);
  let s = '';
  list.forEach((t, i) => {
    if (t.tag) {
      s += t.tag;
      return;
    }
    let text = t.text;
    if (i === 0 || list[i - 1].block) text = text.replace(/^ /, '');
    if (i === list.length - 1 || list[i + 1].block) text = text.replace(/ $/, '');
    s += text;
  });
  return s;
}

const html = (text) => canonical(parseFragment(text));

// ---- the intended differences -----------------------------------------------------------------
// Each is a rewrite of one DOM (parse5's tree, changed in place), with the reason it is intended.
function walk(node, visit) {
  for (const child of [...(node.childNodes ?? [])]) {
    if (child.tagName) {
      walk(child.content ?? child, visit);
      visit(child);
    }
  }
}
const attr = (el, name) => el.attrs.find((a) => a.name === name)?.value;
const dropAttr = (el, name) => { el.attrs = el.attrs.filter((a) => a.name !== name); };
function unwrap(el) {
  const siblings = el.parentNode.childNodes;
  for (const c of el.childNodes) c.parentNode = el.parentNode;
  siblings.splice(siblings.indexOf(el), 1, ...el.childNodes);
}

const intended = {
  // docket's side: what it adds to cmark's elements.
  docket: [
    // Every heading gets an id, so it can be linked to (the table of contents, [[page#heading]]).
    ['heading ids', (el) => { if (/^h[1-6]$/.test(el.tagName) || attr(el, 'role') === 'heading') dropAttr(el, 'id'); }],
    // A table scrolls in its own box on narrow screens; header cells name their scope for
    // screen readers.
    ['table box and header scope', (el) => {
      if (el.tagName === 'div' && attr(el, 'class') === 'table-wrap') unwrap(el);
      if (el.tagName === 'th') dropAttr(el, 'scope');
    }],
    // A code block is focusable, so a reader scrolls a wide one from the keyboard too.
    ['code block focusable', (el) => { if (el.tagName === 'pre') dropAttr(el, 'tabindex'); }],
    // An image sits in a span the theme styles (and an unsafe one leaves its alt text there).
    ['image box', (el) => { if (el.tagName === 'span' && attr(el, 'class') === 'image') unwrap(el); }],
  ],
  // cmark-gfm's side: what docket writes differently.
  cmark: [
    // align is obsolete in HTML5 (the Nu checker rejects it): docket writes a class.
    ['alignment as a class', (el) => {
      const align = attr(el, 'align');
      if (!align) return;
      dropAttr(el, 'align');
      el.attrs.push({ name: 'class', value: `align-${align}` });
    }],
  ],
};

// On a page without a title of its own, a body "# " heading becomes the page's title and the body's
// headings move one level down, so the page has one h1 (architecture.md, "Plain Markdown trees").
// An h6 moved down has no HTML element: it becomes a paragraph with the heading role, level 7.
// The first h1 is the title: when it is a block of its own (not in a quote or list) and has text,
// it leaves the body; the rest move down only while an h1 remains.
function shiftHeadings(fragment) {
  let first = null;
  walk(fragment, (el) => { if (el.tagName === 'h1' && !first) first = el; });
  if (!first) return;
  const text = (el) => el.nodeName === '#text' ? el.value : (el.childNodes ?? []).map(text).join('');
  if (first.parentNode === fragment && text(first) !== '')
    fragment.childNodes.splice(fragment.childNodes.indexOf(first), 1);
  let h1 = false;
  walk(fragment, (el) => { if (el.tagName === 'h1') h1 = true; });
  if (!h1) return;
  walk(fragment, (el) => {
    const m = /^h([1-6])$/.exec(el.tagName);
    if (!m) return;
    const level = Number(m[1]) + 1;
    if (level <= 6) {
      el.tagName = el.nodeName = `h${level}`;
    } else {
      el.tagName = el.nodeName = 'p';
      el.attrs.push({ name: 'role', value: 'heading' }, { name: 'aria-level', value: String(level) });
    }
  });
}

function rewritten(text, rules) {
  const fragment = parseFragment(text);
  for (const [, rule] of rules) walk(fragment, rule);
  return fragment;
}

// ---- the two renderers ------------------------------------------------------------------------
function cmark(markdown, unsafe) {
  const r = spawnSync('cmark-gfm', [...(unsafe ? ['--unsafe'] : []), ...cmarkArgs], { input: markdown, encoding: 'utf8' });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const plainSite = tempDir('docket-spec-');

// One example compared: { cmarkPasses, outcome } where outcome is 'identical', an intended
// difference's name, or 'different' (with both canonical forms).
function compare(example) {
  const unsafe = cmark(example.markdown, true);
  const cmarkPasses = html(unsafe) === html(example.html);
  // Raw HTML is dropped (and javascript:, vbscript:, data: and file: URLs never become links,
  // architecture.md "Raw HTML"): where that matters, cmark-gfm's safe mode, which omits both, is
  // the reference.
  const safe = cmark(example.markdown, false);
  const rawHtml = html(safe) !== html(unsafe);
  const expected = rewritten(safe, intended.cmark);
  shiftHeadings(expected);
  const r = docket(['markdown', '--source', plainSite], { input: example.markdown });
  if (r.code !== 0) {
    // "[[x]]" is a wiki link: on a page alone on its site, one to a page that is not there.
    const wiki = /unknown page/.test(r.stderr) && example.markdown.includes('[[');
    // A page that starts with "+++" starts with front matter.
    const frontMatter = /front matter/.test(r.stderr) && example.markdown.startsWith('+++');
    const outcome = wiki ? 'wiki links' : frontMatter ? 'front matter' : 'different';
    return { cmarkPasses, outcome, actual: r.stderr, expected: canonical(expected) };
  }
  const actual = canonical(rewritten(r.stdout, intended.docket));
  if (actual !== canonical(expected)) return { cmarkPasses, outcome: 'different', actual, expected: canonical(expected) };
  return { cmarkPasses, outcome: rawHtml ? 'raw HTML dropped' : 'identical' };
}

function run(name, text) {
  const counts = {};
  const unexpected = [];
  let passes = 0;
  for (const example of examples(text)) {
    const result = compare(example);
    if (!result.cmarkPasses) continue;
    passes++;
    counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
    if (result.outcome === 'different')
      unexpected.push(`example ${example.number}:\n  markdown ${JSON.stringify(example.markdown)}\n  docket   ${result.actual}\n  cmark    ${result.expected}`);
  }
  const count = (outcome) => counts[outcome] ?? 0;
  const raw = count('raw HTML dropped');
  console.log(`${name}: ${count('identical') + raw} of ${passes} examples identical (${raw} of them with raw HTML ` +
    `compared as dropped); ${count('wiki links') + count('front matter')} differ as intended ` +
    `(${count('wiki links')} wiki links, ${count('front matter')} front matter); ${count('different')} differ`);
  return unexpected;
}

test('the CommonMark spec (commonmark-spec): docket writes what cmark-gfm writes', () => {
  const unexpected = run('commonmark', commonmarkSpec);
  assert.deepEqual(unexpected, []);
});

test('the GFM spec (Debian\'s cmark-gfm): docket writes what cmark-gfm writes', () => {
  const unexpected = run('gfm', gfmSpec);
  assert.deepEqual(unexpected, []);
});
