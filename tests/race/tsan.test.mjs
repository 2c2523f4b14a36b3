// Runs only in the ThreadSanitizer build (cmake -DDOCKET_TSAN=ON, see scripts/test), where
// docket exits non-zero and prints a report on any data race. Every parallel part of a build is
// exercised: files and front matter read, Markdown parsed, links resolved, pages rendered and
// written, and links checked on four threads, with the search index built in its own thread
// beside them, and the meeting packs and offline zip (real content) rendered, zipped and checked
// in parallel too, then built again into the same output (reusing files and zip entries); and
// the packs of a generated site's twelve meetings, made on several threads at once.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { docket, repo, tempDir } from '../lib/docket.mjs';

// Reports inside glibc that TSan cannot see the locks of: tests/race/tsan.supp says why.
const options = `halt_on_error=1 suppressions=${join(repo, 'tests', 'race', 'tsan.supp')}`;

function raceFree(args) {
  const r = docket(args, { timeout: 600000, env: { TSAN_OPTIONS: options } });
  assert.doesNotMatch(r.stderr, /ThreadSanitizer/, r.stderr);
  assert.equal(r.code, 0, r.stderr);
}

test('the real content builds, archives included, on four threads without a data race, and again into the same output', () => {
  const out = join(tempDir('docket-race-'), 'public');
  raceFree(['build', '--quiet', '--jobs', '4', '--out', out]);
  // The second build reuses the previous zips' entries and files, on the same threads.
  raceFree(['build', '--quiet', '--jobs', '4', '--out', out]);
});

// 3,000 pages: 11 MB of bodies, past the 8 MiB whose ASTs a build keeps, so pages are resolved
// in the first pass (FirstPassLinks) while others are being parsed.
test('a 3,000-page synthetic site builds on four threads without a data race', () => {
  const dir = tempDir('docket-race-');
  const made = spawnSync(process.execPath, [join(repo, 'bench', 'make-corpus'), '3000', dir], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  raceFree(['build', '--quiet', '--no-archives', '--jobs', '4', '--source', join(dir, 'docket'), '--out', join(dir, 'out')]);
});

test('a 300-page synthetic site makes its twelve meeting packs on four threads at once without a data race', () => {
  const dir = tempDir('docket-race-');
  const made = spawnSync(process.execPath, [join(repo, 'bench', 'make-corpus'), '300', dir], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  raceFree(['build', '--quiet', '--jobs', '4', '--source', join(dir, 'docket'), '--out', join(dir, 'out')]);
});
