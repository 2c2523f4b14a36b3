// The Nu Html Checker (vnu-jar from npm, run with the system's Java) over every page: zero errors.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { buildSite, listPages } from './lib/site.mjs';

const require = createRequire(import.meta.url);

let site;
before(() => { site = buildSite(); });
after(() => { site?.cleanup(); });

test('vnu finds no HTML error on any page', { timeout: 10 * 60 * 1000 }, () => {
  // Every page, and the page for missing addresses.
  const pages = [...listPages(site.dir), '404.html'];
  assert.ok(pages.length > 1, 'the built site has pages');
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  const r = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'json', ...pages.map((p) => join(site.dir, p))], {
    encoding: 'utf8', maxBuffer: 1 << 28, timeout: 9 * 60 * 1000,
  });
  if (r.error) throw r.error;
  // vnu writes its JSON report to stderr; exit 1 means it found errors.
  let report;
  try {
    report = JSON.parse(r.stderr || r.stdout);
  } catch {
    assert.fail(`vnu did not write a JSON report (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  const errors = report.messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
  console.log(`vnu: ${pages.length} pages checked, ${errors.length} errors`);
  const lines = errors.map((m) => `${(m.url ?? '').replace(/^file:/, '').replace(site.dir + '/', '')}:${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}: ${m.message}\n    ${m.extract ?? ''}`);
  assert.equal(errors.length, 0, `vnu errors:\n${lines.join('\n')}`);
  assert.equal(r.status, 0, `vnu exit status ${r.status}`);
});
