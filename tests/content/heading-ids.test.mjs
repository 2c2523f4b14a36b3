// Heading ids as GitHub writes them ([markdown] heading_ids = "github", the default for a plain
// folder): docket's ids are compared with those of github-slugger (npm, pinned in package.json),
// the implementation GitHub-compatible tools use, on real headings (every heading of the
// CommonMark and GFM specs, of the READMEs of the pinned npm packages and of docket's own docs, in order, so repeats are counted
// as on one page) and on every character GitHub's slugs may keep or drop.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import GithubSlugger, { slug } from 'github-slugger';
import { parseFragment } from 'parse5';
import { docket, repo, tempDir } from '../lib/docket.mjs';

const require = createRequire(import.meta.url);

// The ATX headings of a Markdown text outside fenced code and the spec's examples.
function headingsOf(text) {
  const out = [];
  let fence = null;
  for (const line of text.split('\n')) {
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (open && open[1][0] === fence[0] && open[1].length >= fence.length) fence = null;
    } else if (open) {
      fence = open[1];
    } else {
      const h = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
      if (h && h[1]) out.push(h[1]);
    }
  }
  return out;
}

// The ids a theme's templates write on every page: docket's heading ids never take one, so the
// reference slugger starts with them taken too.
function templateIds() {
  const ids = new Set();
  const dir = join(repo, 'themes/default/templates');
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(d, entry.name));
      else for (const m of readFileSync(join(d, entry.name), 'utf8').matchAll(/\sid="([^"{]+)"/g)) ids.add(m[1]);
    }
  };
  walk(dir);
  return ids;
}

function textOf(node) {
  if (node.nodeName === '#text') return node.value;
  return (node.childNodes ?? []).map(textOf).join('');
}

// docket's headings of a Markdown body on a plain site: [{ text, id }] in document order.
function docketHeadings(markdown) {
  const plain = tempDir('docket-heading-ids-');
  const file = join(plain, 'page.md');
  writeFileSync(file, markdown);
  const r = docket(['markdown', '--source', plain, file]);
  assert.equal(r.code, 0, r.stderr);
  const out = [];
  const walk = (node) => {
    for (const child of node.childNodes ?? []) {
      const role = child.attrs?.find((a) => a.name === 'role')?.value;
      if (/^h[1-6]$/.test(child.tagName ?? '') || role === 'heading')
        out.push({ text: textOf(child), id: child.attrs.find((a) => a.name === 'id')?.value });
      else walk(child);
    }
  };
  walk(parseFragment(r.stdout));
  return out;
}

// github-slugger's ids for the same texts, in order, with the template's ids taken.
function githubIds(texts) {
  const slugger = new GithubSlugger();
  for (const id of templateIds()) slugger.occurrences[id] = 0;
  return texts.map((t) => slugger.slug(t));
}

test('real headings get the ids github-slugger gives them, repeats counted as it counts them', () => {
  const sources = [require.resolve('commonmark-spec/spec.txt'), join(repo, 'README.md')];
  for (const name of readdirSync(join(repo, 'node_modules')).sort())
    if (existsSync(join(repo, 'node_modules', name, 'README.md'))) sources.push(join(repo, 'node_modules', name, 'README.md'));
  for (const name of readdirSync(join(repo, 'docs')).sort()) if (name.endsWith('.md')) sources.push(join(repo, 'docs', name));
  const texts = sources.flatMap((f) => headingsOf(readFileSync(f, 'utf8')));
  // and the GFM spec that Debian's cmark-gfm ships (scripts/install-deps)
  texts.push(...headingsOf(gunzipSync(readFileSync('/usr/share/doc/cmark-gfm/spec.txt.gz')).toString('utf8')));
  sources.push('/usr/share/doc/cmark-gfm/spec.txt.gz');
  assert.ok(texts.length > 150, `only ${texts.length} headings`);
  // Each as "## ", so none becomes the page's title.
  const got = docketHeadings(texts.map((t) => `## ${t}\n`).join('\n'));
  assert.equal(got.length, texts.length);
  const want = githubIds(got.map((h) => h.text));
  const differ = got.map((h, i) => ({ text: h.text, id: h.id, want: want[i] })).filter((d) => d.id !== d.want);
  assert.deepEqual(differ, []);
  console.log(`${got.length} headings of ${sources.length} files, ids as github-slugger's`);
});

// Every character, in headings of 64: which ones GitHub keeps, which it drops, how it lowers case.
// ASCII punctuation is backslash-escaped; control characters, which Markdown does not keep in a
// heading as they are, are left out. github-slugger's table of the characters it keeps is from
// an older Unicode than docket's ICU: the characters it classes otherwise than the Unicode of
// this node (those assigned since) are left out too.
test('every character is kept, dropped or lower-cased as github-slugger does', () => {
  const word = /[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control} -]/u;
  const chars = [];
  let skipped = 0;
  for (let c = 0x20; c <= 0x10ffff; c++) {
    if (c === 0x7f || (c >= 0x80 && c < 0xa0) || (c >= 0xd800 && c <= 0xdfff)) continue;
    const ch = String.fromCodePoint(c);
    if ((slug(ch, true) !== '') !== word.test(ch)) skipped++;
    else chars.push(/[!-/:-@[-`{-~]/.test(ch) ? `\\${ch}` : ch);
  }
  const lines = [];
  for (let i = 0; i < chars.length; i += 64) lines.push(`## x${chars.slice(i, i + 64).join('')}x\n`);
  const differ = [];
  for (let i = 0; i < lines.length; i += 1000) {
    const got = docketHeadings(lines.slice(i, i + 1000).join('\n'));
    assert.equal(got.length, Math.min(1000, lines.length - i));
    const want = githubIds(got.map((h) => h.text));
    differ.push(...got.map((h, k) => ({ text: h.text, id: h.id, want: want[k] })).filter((d) => d.id !== d.want));
  }
  assert.deepEqual(differ.slice(0, 3), []);
  console.log(`${chars.length} characters as github-slugger has them (${skipped} assigned since its Unicode left out)`);
});

// A folder without site.toml takes GitHub's ids; a link finds one as written or percent-encoded,
// as a browser does.
test('a plain folder builds with GitHub ids, and links reach them written either way', () => {
  const dir = tempDir('docket-heading-ids-build-');
  writeFileSync(join(dir, 'a.md'), '# A\n\n## Mål_och syfte!\n\n## Mål_och syfte!\n');
  writeFileSync(join(dir, 'b.md'), '# B\n\n[raw](a.md#mål_och-syfte-1), [encoded](a.md#m%C3%A5l_och-syfte) and [[a#mål_och-syfte]].\n');
  const r = docket(['build', '--source', dir, '--out', join(dir, 'out'), '--no-archives']);
  assert.equal(r.code, 0, r.stderr);
  const ids = [...readFileSync(join(dir, 'out/a/index.html'), 'utf8').matchAll(/<h\d id="([^"]*)">Mål_och syfte!</g)].map((m) => m[1]);
  const slugger = new GithubSlugger();
  assert.deepEqual(ids, ['Mål_och syfte!', 'Mål_och syfte!'].map((t) => slugger.slug(t)));
  // The links of b's text (its sidebar and previous/next link to a too).
  const body = /<div class="body">([\s\S]*?)<\/div>/.exec(readFileSync(join(dir, 'out/b/index.html'), 'utf8'))[1];
  const hrefs = [...body.matchAll(/<a href="(\.\.\/a\/[^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(hrefs, ['../a/index.html#mål_och-syfte-1', '../a/index.html#m%C3%A5l_och-syfte', '../a/index.html#mål_och-syfte']);
});
