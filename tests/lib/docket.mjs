// Shared helpers for the node tests: run the docket binary, hash an output tree.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = resolve(fileURLToPath(import.meta.url), '../../..');
export const docketBin = process.env.DOCKET ? resolve(process.env.DOCKET) : join(repo, 'build', 'docket');

// Runs docket with args (and options.input on its standard input); returns { code, stdout, stderr }.
export function docket(args, options = {}) {
  const r = spawnSync(docketBin, args, { encoding: 'utf8', cwd: options.cwd ?? repo, env: { ...process.env, ...options.env }, input: options.input, timeout: options.timeout ?? 120000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// A fresh directory under the system's temporary directory, removed when the test process exits.
const tempDirs = [];
process.on('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
export function tempDir(prefix = 'docket-test-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

// Every file below dir, as a sorted list of relative paths.
export function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

// { relative path: sha256 } of every file below dir.
export function hashTree(dir) {
  const out = {};
  for (const f of listFiles(dir)) out[f] = createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
  return out;
}
