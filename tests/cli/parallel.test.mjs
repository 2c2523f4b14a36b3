// The parallel build writes the same bytes as a single-threaded one, on a generated site of
// 1,000 pages (bench/make-corpus): every kind, tables, lists, wiki links, term mentions and the
// search index. The real content's case is in core.test.mjs. Archives are left out here: with
// the synthetic site's dense links every meeting's pack holds nearly the whole site, which
// makes the build slow without testing anything the real content's case does not.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { docket, hashTree, repo, tempDir } from '../lib/docket.mjs';

test('a 1,000-page synthetic site builds byte-identically with --jobs 1, 2 and 4', () => {
  const dir = tempDir('docket-parallel-');
  const made = spawnSync(process.execPath, [join(repo, 'bench', 'make-corpus'), '1000', dir], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const source = join(dir, 'docket');
  const trees = {};
  for (const jobs of ['1', '2', '4']) {
    const out = join(dir, `out-${jobs}`);
    const r = docket(['build', '--quiet', '--no-archives', '--jobs', jobs, '--source', source, '--out', out], { timeout: 300000 });
    assert.equal(r.code, 0, r.stderr);
    trees[jobs] = hashTree(out);
  }
  const files = Object.keys(trees['1']);
  assert.ok(files.length >= 1000, `only ${files.length} files`);
  assert.ok(files.some((f) => f.startsWith('assets/search')) || files.some((f) => /search|sok/.test(f)), 'no search files');
  assert.deepEqual(trees['2'], trees['1'], '--jobs 2 differs from --jobs 1');
  assert.deepEqual(trees['4'], trees['1'], '--jobs 4 differs from --jobs 1');
  console.log(`parallel: ${files.length} files byte-identical with --jobs 1, 2 and 4`);
});
