// `docket index` against lunr.js 2.3.9 + lunr.sv (lunr-languages 1.22.0), and
// against lunr.js's own English pipeline: the index JSON must be the same text,
// and lunr.js must answer every query the same from both.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import {
  assertSameSearchResults, assertSameText, docketIndexJson, englishQueries, makeTempDir, queries, repoRoot, runDocket,
} from './helpers.mjs';
import { lunrIndexJson } from './lunr-reference.mjs';

const fixtures = path.join(repoRoot, 'tests/search/fixtures');

function checkCorpus(corpusPath, { minQueriesWithResults = 1, language = 'sv' } = {}) {
  const corpus = JSON.parse(fs.readFileSync(corpusPath, 'utf8'));
  const expected = lunrIndexJson(corpus, language);
  const actual = docketIndexJson(corpusPath, language);
  assertSameText(actual, expected, path.basename(corpusPath));
  const queryList = language === 'en' ? englishQueries : queries;
  const withResults = assertSameSearchResults(actual, expected, path.basename(corpusPath), queryList);
  assert.ok(withResults >= minQueriesWithResults,
    `only ${withResults} of ${queryList.length} queries found anything`);
}

// Builds the site in `source` with --emit-search-corpus, checks the corpus against lunr.js and
// that --emit-search-index writes exactly the index built from it.
function checkSiteCorpus(source, { minQueriesWithResults, language = 'sv' }) {
  const dir = makeTempDir();
  const corpusPath = path.join(dir, 'site-corpus.json');
  try {
    const indexPath = path.join(dir, 'site-index.json');
    const result = runDocket(['build', '--quiet', '--source', source, '--emit-search-corpus', corpusPath,
      '--emit-search-index', indexPath, '--out', path.join(dir, 'public')], { cwd: repoRoot });
    assert.equal(result.status, 0,
      `docket build --emit-search-corpus failed (status ${result.status}, signal ${result.signal}):\n${result.stderr}`);
    assert.ok(fs.existsSync(corpusPath), `docket build --emit-search-corpus ${corpusPath} wrote no corpus`);
    checkCorpus(corpusPath, { minQueriesWithResults, language });
    assert.equal(fs.readFileSync(indexPath, 'utf8'), docketIndexJson(corpusPath, language));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
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
    checkSiteCorpus(repoRoot, { minQueriesWithResults: 10 });
  });
});

describe('docket index --language en matches lunr.js (its own English pipeline) byte for byte', () => {
  test('an English corpus: the common licences, paragraph by paragraph, and the edge-case corpus', () => {
    const dir = makeTempDir();
    try {
      const licences = '/usr/share/common-licenses';
      const documents = [];
      for (const name of fs.readdirSync(licences).sort()) {
        const file = path.join(licences, name);
        if (!fs.statSync(file).isFile()) continue;
        fs.readFileSync(file, 'utf8').split(/\n\s*\n/).forEach((paragraph, i) => {
          const [first, ...rest] = paragraph.trim().split('\n');
          if (first) documents.push({ id: `${name}#${i}`, title: first, body: rest.join('\n'), boost: i === 0 ? 2 : undefined });
        });
      }
      assert.ok(documents.length > 1000, `only ${documents.length} paragraphs`);
      const corpus = { ref: 'id', fields: [{ name: 'title', boost: 10 }, { name: 'body' }], documents };
      const file = path.join(dir, 'licences-corpus.json');
      fs.writeFileSync(file, JSON.stringify(corpus));
      checkCorpus(file, { minQueriesWithResults: 20, language: 'en' });
      checkCorpus(path.join(fixtures, 'edge-corpus.json'), { minQueriesWithResults: 5, language: 'en' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("an English site's corpus (tests/fixtures/english, docket build --emit-search-corpus)", () => {
    checkSiteCorpus(path.join(repoRoot, 'tests/fixtures/english'), { minQueriesWithResults: 5, language: 'en' });
  });
});

describe('docket index command line', () => {
  test('--help exits 0 and shows the usage', () => {
    const result = runDocket(['index', '--help']);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /usage: docket index \[--language sv\|en\] CORPUS\.json -o INDEX\.json/);
  });

  test('usage errors exit 2', () => {
    for (const args of [['index'], ['index', 'a.json'], ['index', '-o'], ['index', 'a.json', 'b.json', '-o', 'c'],
      ['index', '--bogus', 'a.json', '-o', 'c'], ['index', '--language', 'fr', 'a.json', '-o', 'c'], ['index', 'a.json', '-o', 'c', '--language']]) {
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
