// The hostile-input suite: docket answers every malformed, huge or malicious input with a clear
// `file:line:col: error:` (exit 1) or a correct site (exit 0). It never crashes, hangs, writes
// outside its output directory or loses the previous output.
//
//   node --test tests/hostile/                              # against build/docket
//   DOCKET=build-asan/docket node --test tests/hostile/     # under ASan + UBSan
//
// Each case is a directory of tests/fixtures/hostile/ with site.toml, content/ and expect.json:
//   exit            expected exit code
//   stderr          regexes (multiline) stderr must match
//   stderr_not      regexes stderr must not match
//   files           { "path in output": { contains, not_contains, not_contains_i } }
//   html_safe       check every built HTML file for executable markup
//   variants        ["crlf", "cr"]: also build copies with those line ends; the output must be
//                   byte-identical to the LF build
//   out_is_file     the output path exists as a regular file
// Cases that need huge files, symbolic links or permissions are generated here, in a temp dir.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(root, 'tests/fixtures/hostile');
const docket = path.resolve(root, process.env.DOCKET ?? 'build/docket');
const sanitized = /asan|san/i.test(docket) || !!process.env.ASAN_OPTIONS;
const limitMs = Number(process.env.HOSTILE_TIMEOUT_MS ?? (sanitized ? 120_000 : 20_000));
const theme = path.join(root, 'themes/default');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-hostile-'));
let ran = 0;

after(() => {
  fs.rmSync(work, { recursive: true, force: true });
  console.log(`hostile cases: ${ran} run`);
});

// --- snapshots: nothing may change outside the output directory ---------------------------

function snapshot(dir, skip = new Set()) {
  const out = new Map();
  const walk = (d) => {
    let names;
    try {
      names = fs.readdirSync(d);
    } catch {
      return; // unreadable: recorded by its parent's entry
    }
    for (const name of names.sort()) {
      const p = path.join(d, name);
      if (skip.has(p)) continue;
      const st = fs.lstatSync(p);
      const kind = st.isSymbolicLink() ? 'link:' + fs.readlinkSync(p) : st.isDirectory() ? 'dir' : 'file';
      out.set(path.relative(dir, p), `${kind} ${st.size} ${st.mode} ${st.mtimeMs}`);
      if (st.isDirectory() && !st.isSymbolicLink()) walk(p);
    }
  };
  walk(dir);
  return out;
}

function assertSameSnapshot(before, after, where) {
  const added = [...after.keys()].filter((k) => !before.has(k));
  const removed = [...before.keys()].filter((k) => !after.has(k));
  const changed = [...before.keys()].filter((k) => after.has(k) && after.get(k) !== before.get(k));
  assert.deepEqual({ added, removed, changed }, { added: [], removed: [], changed: [] },
    `${where} changed outside the output directory`);
}

function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

// --- the HTML safety check, on the built files ----------------------------------------------

const entity = (s) =>
  s.replace(/&#x([0-9a-f]+);?/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&colon;/gi, ':').replace(/&tab;/gi, '\t').replace(/&newline;/gi, '\n').replace(/&amp;/g, '&');

// Every start tag with its attributes (a small tokenizer: comments skipped, quoted values kept).
function* tags(html) {
  const re = /<!--[\s\S]*?-->|<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
  for (const m of html.matchAll(re)) {
    if (!m[1]) continue;
    const attrs = [];
    for (const a of m[2].matchAll(/([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g))
      attrs.push([a[1].toLowerCase(), entity(a[2] ?? a[3] ?? a[4] ?? '')]);
    yield { name: m[1].toLowerCase(), attrs, index: m.index, end: m.index + m[0].length };
  }
}

// Problems in one built HTML file: script elements other than the theme's (src naming a file in
// the output, no inline code), embedding elements, on* handlers, dangerous URL schemes.
function unsafeMarkup(html, file, outDir) {
  const problems = [];
  for (const t of tags(html)) {
    if (t.name === 'script') {
      const src = t.attrs.find(([k]) => k === 'src')?.[1];
      const target = src && path.resolve(outDir, path.dirname(file), src.split(/[?#]/)[0]);
      const inline = html.slice(t.end, html.indexOf('</script>', t.end)).trim();
      const type = t.attrs.find(([k]) => k === 'type')?.[1];
      const data = type && !/javascript|module/i.test(type); // e.g. application/json
      if (!data && (!src || !target.startsWith(outDir + path.sep) || !fs.existsSync(target) || inline))
        problems.push(`script not from the output: ${html.slice(t.index, t.end)}`);
    }
    if (['iframe', 'object', 'embed', 'frame', 'frameset', 'applet', 'base'].includes(t.name))
      problems.push(`<${t.name}>`);
    for (const [k, v] of t.attrs) {
      if (/^on/.test(k)) problems.push(`${k}= on <${t.name}>`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'srcset', 'data'].includes(k)) {
        const scheme = v.replace(/[\u0000-\u0020]/g, '').toLowerCase();
        if (/^(javascript|vbscript|data|file):/.test(scheme)) problems.push(`${k}="${v}" on <${t.name}>`);
      }
      if (k === 'style' && /javascript:|expression\(/i.test(v)) problems.push(`style="${v}"`);
    }
  }
  if (/<style\b[^>]*>[^<]*javascript:/i.test(html)) problems.push('javascript: in a style element');
  return problems;
}

// --- running docket -------------------------------------------------------------------------

// GNU time, when there is one, measures docket's CPU time: the limit is on CPU time, so a loaded
// machine does not fail the suite; the wall clock only stops a hang (at five times the limit).
const timeBin = ['/usr/bin/time'].find((p) => fs.existsSync(p));
const timing = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-hostile-time-'));
after(() => fs.rmSync(timing, { recursive: true, force: true }));

function run(source, out, limit) {
  const started = Date.now();
  const cpuFile = path.join(timing, `${ran}.txt`);
  const args = ['build', '--source', source, '--out', out];
  const r = spawnSync(timeBin ?? docket, timeBin ? ['-o', cpuFile, '-f', '%U %S', docket, ...args] : args, {
    encoding: 'utf8',
    timeout: timeBin ? limit * 5 : limit,
    maxBuffer: 64 << 20,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const ms = Date.now() - started;
  if (!timeBin || r.error) return { ...r, ms, cpuMs: ms };
  const report = fs.readFileSync(cpuFile, 'utf8');
  const signal = report.match(/terminated by signal (\d+)/);
  const [user, sys] = report.trim().split('\n').pop().split(' ').map(Number);
  return { ...r, signal: signal ? `signal ${signal[1]}` : r.signal, ms, cpuMs: (user + sys) * 1000 };
}

// Builds one case and checks what every case must satisfy; returns the result for the rest.
function build(name, source, expect, parent) {
  const tmp = fs.mkdtempSync(path.join(work, `${name}-`));
  // expect.out names the output by its place in the source ("source", "content", "parent"):
  // cases where building would replace the sources themselves.
  const out = expect.out ? { source, content: path.join(source, 'content'), parent: path.dirname(source) }[expect.out]
    : path.join(tmp, 'public');
  const sentinel = `previous site of ${name} ${Math.random()}\n`;
  if (expect.out_is_file) fs.writeFileSync(out, sentinel);
  else if (!expect.out) {
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'sentinel.txt'), sentinel);
  }
  const before = snapshot(parent, new Set([tmp]));
  const limit = limitMs * (expect.limit_factor ?? 1);
  const r = run(source, out, limit);
  ran++;
  const where = `${name}: docket exited ${r.status ?? r.signal} after ${r.ms} ms (${Math.round(r.cpuMs)} ms CPU)\n${r.stderr}`;

  assert.equal(r.error?.code, undefined, `${where}\n(did not finish: ${r.error?.code})`);
  assert.ok(r.cpuMs <= limit, `${where}\n(took more than ${limit} ms${timeBin ? ' of CPU' : ''})`);
  assert.equal(r.signal, null, `${where}\n(killed by a signal: a crash)`);
  assert.ok(!(r.status >= 128), `${where}\n(exit status ${r.status}: killed by a signal, a crash)`);
  assert.doesNotMatch(r.stderr, /Sanitizer|runtime error:|terminate called|Segmentation|Aborted/, where);
  assert.equal(r.status, expect.exit, where);
  for (const re of expect.stderr ?? []) assert.match(r.stderr, new RegExp(re, 'm'), where);
  for (const re of expect.stderr_not ?? []) assert.doesNotMatch(r.stderr, new RegExp(re, 'm'), where);
  if (r.status !== 0) {
    // Errors are reported as "file:line:col: error:" (or "file: error:" where no line applies).
    assert.match(r.stderr, /^[^\s:][^:\n]*(:\d+(:\d+)?)?: error: /m, where);
  }

  assertSameSnapshot(before, snapshot(parent, new Set([tmp])), `${name}: ${parent}`);
  // Only the output directory may be left in its parent: no staging or backup directories.
  assert.deepEqual(fs.readdirSync(tmp), expect.out ? [] : ['public'], `${name}: left behind in ${tmp}`);
  if (expect.out) {
    // The sources are the "previous output" here: the snapshot above proved them unchanged.
  } else if (r.status !== 0) {
    if (expect.out_is_file) assert.equal(fs.readFileSync(out, 'utf8'), sentinel, `${name}: output file changed`);
    else {
      assert.deepEqual(listFiles(out), ['sentinel.txt'], `${name}: previous output changed`);
      assert.equal(fs.readFileSync(path.join(out, 'sentinel.txt'), 'utf8'), sentinel, `${name}: sentinel changed`);
    }
  } else {
    assert.ok(fs.existsSync(path.join(out, 'index.html')), `${name}: no index.html`);
    assert.ok(!fs.existsSync(path.join(out, 'sentinel.txt')), `${name}: the previous output was not replaced`);
  }
  return { ...r, out, tmp };
}

function checkOutput(name, r, expect) {
  if (r.status !== 0) return;
  for (const [file, want] of Object.entries(expect.files ?? {})) {
    const p = path.join(r.out, file);
    assert.ok(fs.existsSync(p), `${name}: ${file} missing; built: ${listFiles(r.out).join(' ')}`);
    const text = fs.readFileSync(p, 'utf8');
    for (const s of want.contains ?? []) assert.ok(text.includes(s), `${name}: ${file} lacks ${JSON.stringify(s)}`);
    for (const s of want.not_contains ?? []) assert.ok(!text.includes(s), `${name}: ${file} contains ${JSON.stringify(s)}`);
    for (const s of want.not_contains_i ?? [])
      assert.ok(!text.toLowerCase().includes(s.toLowerCase()), `${name}: ${file} contains ${JSON.stringify(s)}`);
  }
  if (expect.html_safe) {
    const problems = [];
    for (const f of listFiles(r.out).filter((f) => f.endsWith('.html')))
      for (const p of unsafeMarkup(fs.readFileSync(path.join(r.out, f), 'utf8'), f, r.out)) problems.push(`${f}: ${p}`);
    assert.deepEqual(problems, [], `${name}: executable markup in the output`);
  }
}

// --- the fixture cases ----------------------------------------------------------------------

const cases = fs.readdirSync(fixtures).filter((d) => fs.existsSync(path.join(fixtures, d, 'expect.json'))).sort();

test('the suite has at least 25 cases', () => {
  assert.ok(cases.length + generated.length >= 25, `${cases.length} fixtures + ${generated.length} generated`);
});

for (const name of cases) {
  const expect = JSON.parse(fs.readFileSync(path.join(fixtures, name, 'expect.json'), 'utf8'));
  test(`${name}: ${expect.description}`, () => {
    const r = build(name, path.join(fixtures, name), expect, fixtures);
    checkOutput(name, r, expect);
    for (const variant of expect.variants ?? []) {
      // The same site with other line ends must build to byte-identical output.
      const copy = path.join(work, `${name}-${variant}-src`);
      fs.cpSync(path.join(fixtures, name), copy, { recursive: true });
      fs.writeFileSync(path.join(copy, 'site.toml'),
        fs.readFileSync(path.join(copy, 'site.toml'), 'utf8').replace(/^theme = .*$/m, `theme = ${JSON.stringify(theme)}`));
      for (const f of listFiles(path.join(copy, 'content'))) {
        const p = path.join(copy, 'content', f);
        fs.writeFileSync(p, fs.readFileSync(p, 'utf8').replace(/\n/g, variant === 'crlf' ? '\r\n' : '\r'));
      }
      const v = build(`${name}-${variant}`, copy, expect, work);
      checkOutput(`${name}-${variant}`, v, expect);
      const a = listFiles(r.out), b = listFiles(v.out);
      assert.deepEqual(b, a, `${name}: ${variant} built other files`);
      for (const f of a)
        assert.ok(fs.readFileSync(path.join(r.out, f)).equals(fs.readFileSync(path.join(v.out, f))),
          `${name}: ${f} differs between LF and ${variant}`);
    }
  });
}

// --- generated cases ------------------------------------------------------------------------

// A site in the temp dir: site.toml pointing at the real theme, and `files` under content/.
function site(name, files = {}) {
  const dir = path.join(work, 'gen', name);
  fs.mkdirSync(path.join(dir, 'content'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'site.toml'),
    `title = "Hostile: ${name}"\nlanguage = "sv"\ntheme = ${JSON.stringify(theme)}\n\n[search]\nenabled = false\n`);
  fs.writeFileSync(path.join(dir, 'content', 'start.md'), '+++\ntitle = "Start"\n+++\n\nEn vanlig sida.\n');
  for (const [f, data] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, 'content', f)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'content', f), data);
  }
  return dir;
}

const isRoot = process.getuid?.() === 0;

const generated = [
  {
    name: 'huge-file-50mb',
    description: 'a 50 MB Markdown file builds (or fails with a clear error) within the time limit',
    make: () => {
      const para = 'Trygghetsvandring i Kungsängen med [[start]] och KS 20/0600. '.repeat(20) + '\n\n';
      const count = Math.ceil((50 << 20) / Buffer.byteLength(para));
      return site('huge-file-50mb', { 'stor.md': '+++\ntitle = "Stor"\n+++\n\n' + para.repeat(count) });
    },
    // About 8 s of CPU and 1.6 GB in a Release build: the wall-clock limit is three times the usual.
    expect: { exit: 0, limit_factor: 3, files: { 'stor/index.html': { contains: ['Trygghetsvandring'] } } },
  },
  {
    name: 'nested-blockquotes-10000',
    description: '10,000 nested blockquotes',
    make: () => site('nested-blockquotes-10000', { 'citat.md': '+++\ntitle = "Citat"\n+++\n\n' + '> '.repeat(10000) + 'djupt\n' }),
    expect: { exit: 0, files: { 'citat/index.html': { contains: ['djupt'] } } },
  },
  {
    name: 'nested-lists-10000',
    description: '10,000 nested list items (bullets and ordered)',
    make: () => site('nested-lists-10000', {
      'lista.md': '+++\ntitle = "Lista"\n+++\n\n' + '- '.repeat(10000) + 'djupt\n',
      'nummer.md': '+++\ntitle = "Nummer"\n+++\n\n' + '1. '.repeat(10000) + 'djupt\n',
    }),
    expect: { exit: 0, files: { 'lista/index.html': { contains: ['djupt'] }, 'nummer/index.html': { contains: ['djupt'] } } },
  },
  {
    name: 'deep-inline-nesting',
    description: '50,000 nested emphasis markers, brackets and backticks on one line',
    make: () => site('deep-inline-nesting', {
      'inline.md': '+++\ntitle = "Inline"\n+++\n\n' + '*'.repeat(50000) + 'a' + '*'.repeat(50000) + '\n\n' +
        '['.repeat(50000) + 'b' + '](https://example.org/)'.repeat(10) + '\n\n' + '`'.repeat(20000) + 'x\n\n' + '[[' .repeat(20000) + '\n',
    }),
    expect: { exit: 0 },
  },
  {
    name: 'long-line-1mb',
    description: 'a single line of 1 MB',
    make: () => site('long-line-1mb', { 'rad.md': '+++\ntitle = "Rad"\n+++\n\n' + 'ordet '.repeat(180000) + 'slut\n' }),
    expect: { exit: 0, files: { 'rad/index.html': { contains: ['slut'] } } },
  },
  {
    name: 'long-paragraph-1mb',
    description: 'one paragraph of 1 MB in 65,000 short lines (once quadratic: minutes)',
    make: () => site('long-paragraph-1mb', { 'stycke.md': '+++\ntitle = "Stycke"\n+++\n\n' + 'ett ord per rad\n'.repeat(65536) + 'slut\n' }),
    expect: { exit: 0, files: { 'stycke/index.html': { contains: ['ett ord per rad\nett ord per rad', 'slut'] } } },
  },
  {
    name: 'toml-deep-nesting',
    description: 'front matter with 10,000 nested arrays and inline tables',
    make: () => site('toml-deep-nesting', {
      'djup.md': '+++\ntitle = "Djup"\nsummary = ' + '['.repeat(10000) + ']'.repeat(10000) + '\n+++\n',
      'tabell.md': '+++\ntitle = "Tabell"\nsummary = ' + '{a='.repeat(10000) + '1' + '}'.repeat(10000) + '\n+++\n',
    }),
    expect: { exit: 1, stderr: ['^content/djup\\.md:3:\\d+: error: ', '^content/tabell\\.md:3:\\d+: error: '] },
  },
  ...['source', 'content', 'parent'].map((where) => ({
    name: `output-is-${where}`,
    description: `--out names the ${where === 'parent' ? 'directory above the site' : where + ' directory'}: refused, the sources are kept`,
    make: () => site(`output-is-${where}`),
    expect: { exit: 1, out: where, stderr: ['error: refusing to use this output directory: building would replace'] },
  })),
  {
    name: 'symlink-loop',
    description: 'a directory symlink to its parent and two file symlinks pointing at each other',
    make: () => {
      const dir = site('symlink-loop');
      fs.symlinkSync('.', path.join(dir, 'content', 'loop'));
      fs.symlinkSync('b.md', path.join(dir, 'content', 'a.md'));
      fs.symlinkSync('a.md', path.join(dir, 'content', 'b.md'));
      return dir;
    },
    expect: { exit: 1, stderr: ['^content/a\\.md: error: ', '^content/b\\.md: error: '] },
  },
  {
    name: 'symlink-outside',
    description: 'a symlink to a file outside the source tree (and one to a directory outside) is never read',
    make: () => {
      const dir = site('symlink-outside');
      const outside = path.join(work, 'gen', 'outside-secret');
      fs.mkdirSync(outside, { recursive: true });
      fs.writeFileSync(path.join(outside, 'hemlig.md'), '+++\ntitle = "HEMLIGT-INNEHALL"\n+++\nHEMLIGT\n');
      fs.symlinkSync(path.join(outside, 'hemlig.md'), path.join(dir, 'content', 'hemlig.md'));
      fs.symlinkSync(outside, path.join(dir, 'content', 'utanfor'));
      fs.symlinkSync('/etc/passwd', path.join(dir, 'content', 'passwd.md'));
      return dir;
    },
    expect: {
      exit: 1,
      stderr: ['^content/hemlig\\.md: error: symbolic link points outside the content directory',
        '^content/passwd\\.md: error: symbolic link points outside the content directory'],
      stderr_not: ['HEMLIGT', 'root:'],
    },
  },
  {
    name: 'unreadable-file',
    description: isRoot
      ? 'a file with mode 000: running as root, which reads it anyway, so this asserts the build succeeds'
      : 'a file with mode 000 is reported',
    make: () => {
      const dir = site('unreadable-file', { 'last.md': '+++\ntitle = "Låst"\n+++\nLåst text.\n' });
      fs.chmodSync(path.join(dir, 'content', 'last.md'), 0o000);
      return dir;
    },
    expect: (() => {
      let readable = true;
      try {
        const probe = path.join(work, 'probe');
        fs.writeFileSync(probe, 'x');
        fs.chmodSync(probe, 0o000);
        fs.readFileSync(probe);
      } catch {
        readable = false;
      }
      return readable
        ? { exit: 0, files: { 'last/index.html': { contains: ['Låst text.'] } } }
        : { exit: 1, stderr: ['^content/last\\.md: error: cannot read file'] };
    })(),
  },
];

for (const g of generated) {
  test(`${g.name}: ${g.description}`, () => {
    const dir = g.make();
    const r = build(g.name, dir, g.expect, path.dirname(dir));
    checkOutput(g.name, r, g.expect);
    fs.rmSync(r.tmp, { recursive: true, force: true });
  });
}

test('usage errors exit 2, content errors 1', () => {
  const r = spawnSync(docket, ['build', '--no-such-option'], { encoding: 'utf8' });
  ran++;
  assert.equal(r.status, 2, r.stderr);
});
