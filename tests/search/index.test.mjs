// `docket index` against lunr.js 2.3.9 + lunr.sv (lunr-languages 1.22.0):
// the index JSON must be the same text, and lunr.js must answer every query
// the same from both.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import {
  assertSameSearchResults, assertSameText, docketIndexJson, makeTempDir, queries, repoRoot, runDocket,
} from './helpers.mjs';
import { lunrIndexJson } from './lunr-reference.mjs';

const fixtures = path.join(repoRoot, 'tests/search/fixtures');

function checkCorpus(corpusPath, { minQueriesWithResults = 1 } = {}) {
  const corpus = JSON.parse(fs.readFileSync(corpusPath, 'utf8'));
  const expected = lunrIndexJson(corpus);
  const actual = docketIndexJson(corpusPath);
  assertSameText(actual, expected, path.basename(corpusPath));
  const withResults = assertSameSearchResults(actual, expected, path.basename(corpusPath));
  assert.ok(withResults >= minQueriesWithResults,
    `only ${withResults} of ${queries.length} queries found anything`);
}

describe('docket index matches lunr.js byte for byte', () => {
  test('edge-case corpus', () => {
    checkCorpus(path.join(fixtures, 'edge-corpus.json'), { minQueriesWithResults: 50 });
  });

  test('array-index field names and ref keys, field boosts', () => {
    checkCorpus(path.join(fixtures, 'edge-fields-corpus.json'), { minQueriesWithResults: 5 });
  });

  test('corpora with no documents, no fields, one empty document', () => {
    const dir = makeTempDir();
    try {
      const corpora = [
        { ref: 'id', fields: [{ name: 'title' }], documents: [] },
        { ref: 'id', fields: [], documents: [{ id: 'a', title: 'ignored' }] },
        { fields: [{ name: 'body' }], documents: [{ id: 'a' }] },
        { ref: 'id', fields: [{ name: 'body' }], documents: [{ id: 'a', body: '!!!' }] },
      ];
      corpora.forEach((corpus, i) => {
        const file = path.join(dir, `corpus-${i}.json`);
        fs.writeFileSync(file, JSON.stringify(corpus));
        assertSameText(docketIndexJson(file), lunrIndexJson(corpus), `inline corpus ${i}`);
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the real site's corpus (docket build --emit-search-corpus)", () => {
    const dir = makeTempDir();
    const corpusPath = path.join(dir, 'site-corpus.json');
    try {
      const result = runDocket(['build', '--quiet', '--emit-search-corpus', corpusPath, '--out', path.join(dir, 'public')], { cwd: repoRoot });
      assert.equal(result.status, 0,
        `docket build --emit-search-corpus failed (status ${result.status}, signal ${result.signal}):\n${result.stderr}`);
      assert.ok(fs.existsSync(corpusPath), `docket build --emit-search-corpus ${corpusPath} wrote no corpus`);
      checkCorpus(corpusPath, { minQueriesWithResults: 10 });
      // The site ships exactly the index built from that corpus.
      const shipped = fs.readFileSync(path.join(dir, 'public/assets/search-index.js'), 'utf8');
      assert.equal(shipped, `window.DOCKET_SEARCH_INDEX = ${docketIndexJson(corpusPath)};\n`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('docket index command line', () => {
  test('--help exits 0 and shows the usage', () => {
    const result = runDocket(['index', '--help']);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /usage: docket index CORPUS\.json -o INDEX\.json/);
  });

  test('usage errors exit 2', () => {
    for (const args of [['index'], ['index', 'a.json'], ['index', '-o'], ['index', 'a.json', 'b.json', '-o', 'c'],
      ['index', '--bogus', 'a.json', '-o', 'c']]) {
      const result = runDocket(args);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /usage:/);
    }
  });

  test('a bad corpus exits 1 with "CORPUS: error: ..."', () => {
    const dir = makeTempDir();
    try {
      const cases = [
        ['{"fields": [', /invalid JSON/],
        ['[]', /must be a JSON object/],
        ['{"fields": [{"name": "a/b"}], "documents": []}', /fields\[0\]: field 'a\/b' contains illegal character '\/'/],
        ['{"fields": [{"name": "t"}], "documents": [{"title": "no id"}]}', /documents\[0\]: the ref "id" must be/],
        ['{"fields": [{"name": "t"}], "documents": [{"id": "a"}, {"id": "a"}]}', /documents\[1\]: document ref 'a' is used twice/],
        ['{"fields": [{"name": "t"}], "documents": [{"id": "a", "t": ["x"]}]}', /field "t" must be a string/],
        ['{"fields": [{"name": "t"}], "documents": [{"id": "a", "boost": "2"}]}', /"boost" must be a number/],
      ];
      cases.forEach(([text, pattern], i) => {
        const file = path.join(dir, `bad-${i}.json`);
        const out = path.join(dir, `out-${i}.json`);
        fs.writeFileSync(file, text);
        const result = runDocket(['index', file, '-o', out]);
        assert.equal(result.status, 1, text);
        assert.ok(result.stderr.startsWith(`${file}: error: `), result.stderr);
        assert.match(result.stderr, pattern);
        assert.equal(fs.existsSync(out), false, 'no index is written for a bad corpus');
      });
      const missing = runDocket(['index', path.join(dir, 'missing.json'), '-o', path.join(dir, 'x.json')]);
      assert.equal(missing.status, 1);
      assert.match(missing.stderr, /missing\.json: error: cannot read/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
