// The library's Swedish stemmer (libstemmer 2.2 through lunr::StemmerSv, run
// by the search_stem helper) against lunr.sv.stemmer, word for word.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { test } from 'node:test';

import { stemBinary } from './helpers.mjs';
import { lunr } from './lunr-reference.mjs';

const vocabulary = '/usr/share/snowball/data/swedish/voc.txt';  // Debian snowball-data

// Words where UTF-16 (lunr.js) and code points (libstemmer) could part ways.
const extraWords = [
  'a😀en', '😀en', 'ab😀en', 'a😀😀erna', 'x😀y', '😀', 'löst', 'fullt', 'lösningarna', 'heterna',
  'i̇stanbul', 'åäö', 'ǆungla', 'xａyerna', '', 'a', 'en', 'ena',
];

function stemWithLunr(word) {
  return lunr.sv.stemmer(new lunr.Token(word)).toString();
}

test('every word of the Snowball Swedish vocabulary stems as lunr.sv.stemmer does', () => {
  const words = fs.readFileSync(vocabulary, 'utf8').split('\n').filter((w) => w !== '').concat(extraWords);
  const result = spawnSync(stemBinary, [], { input: words.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.error) throw result.error;
  assert.equal(result.status, 0, result.stderr);
  const stems = result.stdout.split('\n');
  assert.equal(stems.length, words.length + 1, 'one stem per word');
  const differences = [];
  words.forEach((word, i) => {
    const expected = stemWithLunr(word);
    if (stems[i] !== expected) differences.push(`${word}: docket ${stems[i]}, lunr.js ${expected}`);
  });
  assert.ok(words.length > 30000, `only ${words.length} words`);
  assert.deepEqual(differences.slice(0, 20), [], `${differences.length} of ${words.length} words differ`);
});
