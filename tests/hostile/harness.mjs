// The hostile-input suite's harness (the suite itself: hostile.test.mjs). docket answers every
// malformed, huge or malicious input with a clear `file:line:col: error:` (exit 1) or a correct
// site (exit 0). It never crashes, hangs, writes outside its output directory or loses the
// previous output.
//
// Each fixture case is a directory of tests/fixtures/hostile/ with site.toml, content/ and expect.json:
//   exit            expected exit code
//   stderr          regexes (multiline) stderr must match
//   stderr_not      regexes stderr must not match
//   files           { "path in output": { contains, not_contains, not_contains_i } }
//   html_safe       check every built HTML file for executable markup
//   variants        ["crlf", "cr"]: also build copies with those line ends; the output must be
//                   byte-identical to the LF build
//   out_is_file     the output path exists as a regular file
// Cases that need huge files, symbolic links, permissions or several runs are generated, in a
// temp dir, by the modules of tests/hostile/cases/ (see hostile.test.mjs).
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixtures = path.join(root, 'tests/fixtures/hostile');
export const docket = path.resolve(root, process.env.DOCKET ?? 'build/docket');
export const sanitized = /asan|san/i.test(docket) || !!process.env.ASAN_OPTIONS;
export const limitMs = Number(process.env.HOSTILE_TIMEOUT_MS ?? (sanitized ? 120_000 : 20_000));
export const theme = path.join(root, 'themes/default');

// The line of the default theme's template `file` where `text` first stands: what an error about
// it names, whatever else the template gains above it.
export function themeLine(file, text) {
  const lines = fs.readFileSync(path.join(theme, 'templates', file), 'utf8').split('\n');
  const k = lines.findIndex((l) => l.includes(text));
  if (k < 0) throw new Error(`${file} has no ${text}`);
  return k + 1;
}
export const work = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-hostile-'));
let ran = 0;
// Counts docket runs for the closing line; every case that runs docket itself calls it.
export const counted = () => ran++;

after(() => {
  fs.rmSync(work, { recursive: true, force: true });
  console.log(`hostile cases: ${ran} run`);
});

// --- snapshots: nothing may change outside the output directory ---------------------------

export function snapshot(dir, skip = new Set()) {
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

export function assertSameSnapshot(before, after, where) {
  const added = [...after.keys()].filter((k) => !before.has(k));
  const removed = [...before.keys()].filter((k) => !after.has(k));
  const changed = [...before.keys()].filter((k) => after.has(k) && after.get(k) !== before.get(k));
  assert.deepEqual({ added, removed, changed }, { added: [], removed: [], changed: [] },
    `${where} changed outside the output directory`);
}

export function listFiles(dir) {
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
export function unsafeMarkup(html, file, outDir) {
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

export function run(source, out, limit) {
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

// A previous docket output: the marker that says docket wrote the directory, listing the one file
// docket "wrote" there (docs/architecture.md, "The output directory").
export const marker = '.docket-output';
const markerText = 'docket-output 1\nsentinel.txt\n';
export function previousOutput(out, sentinel) {
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(out, marker), markerText);
  fs.writeFileSync(path.join(out, 'sentinel.txt'), sentinel);
}

// Builds one case and checks what every case must satisfy; returns the result for the rest.
// What is beside an output: the entries of `dir` but an output's spare (".<out>.docket-spare",
// the previous output's tree that the next build stages in), which is seen to hold nothing of its
// own: each of its files but its marker is the output's file at its path (the same inode).
export function beside(dir) {
  const names = fs.readdirSync(dir);
  return names.filter((name) => {
    const out = /^\.(.+)\.docket-spare$/.exec(name)?.[1];
    if (!out || !names.includes(out)) return true;
    for (const f of listFiles(path.join(dir, name)).filter((f) => f !== marker))
      assert.equal(fs.statSync(path.join(dir, name, f)).ino, fs.statSync(path.join(dir, out, f)).ino, `the spare's ${f} is not the output's`);
    return false;
  });
}

export function build(name, source, expect, parent) {
  const tmp = fs.mkdtempSync(path.join(work, `${name}-`));
  // expect.out names the output by its place in the source ("source", "content", "parent"):
  // cases where building would replace the sources themselves.
  const out = expect.out ? { source, content: path.join(source, 'content'), parent: path.dirname(source) }[expect.out]
    : path.join(tmp, 'public');
  const sentinel = `previous site of ${name} ${Math.random()}\n`;
  if (expect.out_is_file) fs.writeFileSync(out, sentinel);
  else if (!expect.out) previousOutput(out, sentinel);
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
  assert.deepEqual(beside(tmp), expect.out ? [] : ['public'], `${name}: left behind in ${tmp}`);
  if (expect.out) {
    // The sources are the "previous output" here: the snapshot above proved them unchanged.
  } else if (r.status !== 0) {
    if (expect.out_is_file) assert.equal(fs.readFileSync(out, 'utf8'), sentinel, `${name}: output file changed`);
    else {
      assert.deepEqual(listFiles(out), [marker, 'sentinel.txt'], `${name}: previous output changed`);
      assert.equal(fs.readFileSync(path.join(out, marker), 'utf8'), markerText, `${name}: marker changed`);
      assert.equal(fs.readFileSync(path.join(out, 'sentinel.txt'), 'utf8'), sentinel, `${name}: sentinel changed`);
    }
  } else {
    assert.ok(fs.existsSync(path.join(out, 'index.html')), `${name}: no index.html`);
    assert.ok(!fs.existsSync(path.join(out, 'sentinel.txt')), `${name}: the previous output was not replaced`);
  }
  return { ...r, out, tmp };
}

export function checkOutput(name, r, expect) {
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

// A site in the temp dir: site.toml pointing at the real theme, and `files` under content/.
export function site(name, files = {}) {
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

// A copy of the default theme at `dest`, with extra files under its assets/.
export function copyTheme(dest, assets = {}) {
  fs.cpSync(theme, dest, { recursive: true });
  for (const [f, data] of Object.entries(assets)) {
    fs.mkdirSync(path.dirname(path.join(dest, 'assets', f)), { recursive: true });
    fs.writeFileSync(path.join(dest, 'assets', f), data);
  }
  return dest;
}

// Points the site in `dir` (its site.toml) at the theme `value`, as written in site.toml.
export function useTheme(dir, value) {
  const file = path.join(dir, 'site.toml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^theme = .*$/m, `theme = ${JSON.stringify(value)}`));
}

// A site whose theme is a copy of the default theme, changed by `edit(templatesDir)`.
export function themedSite(name, edit) {
  const dir = site(name);
  copyTheme(path.join(dir, 'theme'));
  useTheme(dir, 'theme');
  edit(path.join(dir, 'theme', 'templates'));
  return dir;
}

export const isRoot = process.getuid?.() === 0;

