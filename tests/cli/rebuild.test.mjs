// A build into an existing output: unchanged files are the previous output's, linked; a failed
// rebuild leaves the previous output as it was.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { docket, hashTree, listFiles, repo, tempDir } from '../lib/docket.mjs';

// A copy of the real site whose content can be changed.
function siteCopy() {
  const dir = tempDir();
  cpSync(join(repo, 'content'), join(dir, 'content'), { recursive: true });
  cpSync(join(repo, 'site.toml'), join(dir, 'site.toml'));
  for (const f of ['themes', 'node_modules']) symlinkSync(join(repo, f), join(dir, f));
  return dir;
}

// { relative path: inode } of every file below dir.
function inodes(dir, files) {
  return Object.fromEntries(files.map((f) => [f, statSync(join(dir, f)).ino]));
}

test('a rebuild keeps each unchanged file of the previous output (same inode) and writes each changed one anew', () => {
  const site = siteCopy();
  const out = join(site, 'public');
  const env = { SOURCE_DATE_EPOCH: '1605830400' };
  assert.equal(docket(['build', '--quiet', '--source', site], { env }).code, 0);
  const before = hashTree(out);
  // Every file but the list of them (.docket-output), which is written at the end.
  const files = Object.keys(before).filter((f) => f !== '.docket-output');
  const inodesBefore = inodes(out, files);
  appendFileSync(join(site, 'content/cases/ks-20-0600.md'), '\nEn mening till om samverkan.\n');
  const r = docket(['build', '--quiet', '--source', site], { env });
  assert.equal(r.code, 0, r.stderr);
  const after = hashTree(out);
  assert.deepEqual(Object.keys(after), Object.keys(before));
  const inodesAfter = inodes(out, files);
  const changed = files.filter((f) => after[f] !== before[f]);
  const kept = files.filter((f) => inodesAfter[f] === inodesBefore[f]);
  assert.ok(changed.includes('arenden/ks-20-0600/index.html'), changed.join(', '));
  // A file is the previous output's exactly when its bytes did not change.
  assert.deepEqual(kept, files.filter((f) => after[f] === before[f]));
  assert.ok(kept.length > 100, `${kept.length} files kept`);
  // And it is what a build into an empty directory writes.
  const fresh = join(tempDir(), 'public');
  assert.equal(docket(['build', '--quiet', '--source', site, '--out', fresh], { env }).code, 0);
  assert.deepEqual(hashTree(fresh), after);
  console.log(`rebuild: ${changed.length} of ${files.length} files changed and written anew, ${kept.length} kept`);
});

test('a rebuild that fails after writing its pages leaves the previous output byte-identical', () => {
  const site = siteCopy();
  const out = join(site, 'public');
  assert.equal(docket(['build', '--quiet', '--source', site]).code, 0);
  const before = hashTree(out);
  const meeting = readFileSync(join(out, 'sammantraden/tu-2020-11-20/index.html'), 'utf8');
  // A personnummer is reported after every page is rendered and staged (the pages that show the
  // archives' sizes written twice), so the staging directory holds links to the previous files.
  appendFileSync(join(site, 'content/cases/ks-20-0600.md'), '\nAnmälan från 811218-4315.\n');
  const r = docket(['build', '--source', site]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /personal identity number/);
  assert.deepEqual(hashTree(out), before);
  assert.equal(readFileSync(join(out, 'sammantraden/tu-2020-11-20/index.html'), 'utf8'), meeting);
});

// The spare beside `out` holds nothing of its own: its files (but its marker) are the output's,
// the same inode at the same path. Returns how many it holds.
function spareIsLinks(spare, out) {
  const files = listFiles(spare).filter((f) => f !== '.docket-output');
  for (const f of files)
    assert.equal(statSync(join(spare, f)).ino, statSync(join(out, f)).ino, `the spare's ${f} is not the output's`);
  return files.length;
}

test('a rebuild stages in the spare (the previous output\'s directories) and writes what a fresh build writes', () => {
  const site = siteCopy();
  const out = join(site, 'public');
  const spare = join(site, '.public.docket-spare');
  const env = { SOURCE_DATE_EPOCH: '1605830400' };
  // Content files published as they are: a file that becomes a directory, and one the other way.
  mkdirSync(join(site, 'content/filer/mapp'), { recursive: true });
  writeFileSync(join(site, 'content/filer/bilaga'), 'en fil\n');
  writeFileSync(join(site, 'content/filer/mapp/fil.txt'), 'i en mapp\n');
  assert.equal(docket(['build', '--quiet', '--source', site], { env }).code, 0);
  assert.ok(!existsSync(spare), 'a first build has no previous output to keep');
  assert.equal(docket(['build', '--quiet', '--source', site], { env }).code, 0);
  const kept = spareIsLinks(spare, out);
  assert.ok(kept > 100, `the spare keeps ${kept} files`);
  rmSync(join(site, 'content/filer/bilaga'));
  mkdirSync(join(site, 'content/filer/bilaga'));
  writeFileSync(join(site, 'content/filer/bilaga/fil.txt'), 'nu en mapp\n');
  rmSync(join(site, 'content/filer/mapp'), { recursive: true });
  writeFileSync(join(site, 'content/filer/mapp'), 'nu en fil\n');
  appendFileSync(join(site, 'content/cases/ks-20-0600.md'), '\nEn mening till om samverkan.\n');
  const r = docket(['build', '--quiet', '--source', site], { env });
  assert.equal(r.code, 0, r.stderr);
  const after = hashTree(out);
  assert.equal(readFileSync(join(out, 'filer/bilaga/fil.txt'), 'utf8'), 'nu en mapp\n');
  assert.equal(readFileSync(join(out, 'filer/mapp'), 'utf8'), 'nu en fil\n');
  // The changed page's previous bytes are not kept beside the output.
  assert.ok(!existsSync(join(spare, 'arenden/ks-20-0600/index.html')));
  spareIsLinks(spare, out);
  const fresh = join(tempDir(), 'public');
  assert.equal(docket(['build', '--quiet', '--source', site, '--out', fresh], { env }).code, 0);
  assert.deepEqual(after, hashTree(fresh));
  // A build that fails in the spare leaves the output as it was.
  appendFileSync(join(site, 'content/cases/ks-20-0600.md'), '\nAnmälan från 811218-4315.\n');
  assert.equal(docket(['build', '--quiet', '--source', site], { env }).code, 1);
  assert.deepEqual(hashTree(out), after);
});
