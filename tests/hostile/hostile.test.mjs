// The hostile-input suite: docket answers every malformed, huge or malicious input with a clear
// `file:line:col: error:` (exit 1) or a correct site (exit 0). It never crashes, hangs, writes
// outside its output directory or loses the previous output. The harness is harness.mjs.
//
//   node --test tests/hostile/                              # against build/docket
//   DOCKET=build-asan/docket node --test tests/hostile/     # under ASan + UBSan
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, checkOutput, counted, docket, fixtures, listFiles, theme, work } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

// --- the fixture cases ----------------------------------------------------------------------

const cases = fs.readdirSync(fixtures).filter((d) => fs.existsSync(path.join(fixtures, d, 'expect.json'))).sort();

// Generated cases: every module of cases/ exports `cases`, each { name, description } and either
// `make` (returns a source directory) and `expect` (as expect.json) for one build, or `run`
// (a function that runs docket itself, as often as it needs, and asserts).
const generated = [];
for (const f of fs.readdirSync(path.join(here, 'cases')).filter((f) => f.endsWith('.mjs')).sort())
  generated.push(...(await import(path.join(here, 'cases', f))).cases);

test('the suite has at least 80 cases', () => {
  assert.ok(cases.length + generated.length >= 80, `${cases.length} fixtures + ${generated.length} generated`);
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

for (const g of generated) {
  test(`${g.name}: ${g.description}`, async () => {
    if (g.run) return g.run();
    const dir = g.make();
    const r = build(g.name, dir, g.expect, path.dirname(dir));
    checkOutput(g.name, r, g.expect);
    fs.rmSync(r.tmp, { recursive: true, force: true });
  });
}

test('usage errors exit 2, content errors 1', () => {
  const r = spawnSync(docket, ['build', '--no-such-option'], { encoding: 'utf8' });
  counted();
  assert.equal(r.status, 2, r.stderr);
});
