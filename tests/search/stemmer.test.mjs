// The library's stemmers, run by the search_stem helper, against lunr.js word for word: the
// Swedish one (libstemmer 2.2 through lunr::StemmerSv) against lunr.sv.stemmer, the English one
// (lunr::stem_en) against lunr.stemmer.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { repoRoot, stemBinary } from './helpers.mjs';
import { lunr } from './lunr-reference.mjs';

const snowball = '/usr/share/snowball/data';  // Debian snowball-data

// Words where UTF-16 (lunr.js) and code points (libstemmer) could part ways.
const extraWords = [
  'a😀en', '😀en', 'ab😀en', 'a😀😀erna', 'x😀y', '😀', 'löst', 'fullt', 'lösningarna', 'heterna',
  'i̇stanbul', 'åäö', 'ǆungla', 'xａyerna', '', 'a', 'en', 'ena',
];

// Words at the edges of lunr.stemmer's rules: an initial y, the shortest words a rule takes,
// characters outside ASCII (one or two UTF-16 units) where a rule counts or compares letters,
// and a line separator, which JavaScript's "." does not match.
const extraEnglishWords = [
  'y', 'yy', 'yyy', 'yes', 'yelling', 'yearly', 'Yelling', 'YES', 'eed', 'feed', 'agreed', 'sses',
  'ies', 'ss', 'ses', 'caress', 'ponies', 'cats', 'bed', 'ing', 'sing', 'hopping', 'hoped',
  'filing', 'failing', 'fizzed', 'tanned', 'falling', 'hissing', 'cry', 'by', 'say', 'sky',
  'a😀ing', '😀ed', 'x😀😀ed', 'cafée', 'caféed', 'ébéed', 'éèed', 'ééed', 'naïveness', 'tébé',
  'ab\u2028well', 'bell\u2028yell', 'ab\u2028ed', '\u2029ing', 'relational', 'conditional',
  'generalization', 'oscillators', 'roll', 'controll', 'rate', 'cease', 'ﬁling', 'ǆing',
];

// The words of a text as lunr's tokenizer and trimmer leave them, lower case.
function textWords(file) {
  return fs.readFileSync(file, 'utf8').toLowerCase().split(/[\s-]+/)
    .map((w) => w.replace(/^\W+/, '').replace(/\W+$/, ''));
}

function checkStems(language, words, stemWithLunr) {
  const result = spawnSync(stemBinary, [language], { input: words.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.error) throw result.error;
  assert.equal(result.status, 0, result.stderr);
  const stems = result.stdout.split('\n');
  assert.equal(stems.length, words.length + 1, 'one stem per word');
  const differences = [];
  words.forEach((word, i) => {
    const expected = stemWithLunr(word);
    if (stems[i] !== expected) differences.push(`${word}: docket ${stems[i]}, lunr.js ${expected}`);
  });
  assert.deepEqual(differences.slice(0, 20), [], `${differences.length} of ${words.length} words differ`);
}

test('every word of the Snowball Swedish vocabulary stems as lunr.sv.stemmer does', () => {
  const words = fs.readFileSync(`${snowball}/swedish/voc.txt`, 'utf8').split('\n').filter((w) => w !== '')
    .concat(extraWords);
  assert.ok(words.length > 30000, `only ${words.length} words`);
  checkStems('sv', words, (word) => lunr.sv.stemmer(new lunr.Token(word)).toString());
});

test('English words stem as lunr.stemmer does (Snowball porter and english vocabularies, licences, seed text)', () => {
  const words = new Set(extraEnglishWords);
  for (const file of [`${snowball}/porter/voc.txt`, `${snowball}/english/voc.txt`]) {
    fs.readFileSync(file, 'utf8').split('\n').forEach((w) => words.add(w));
  }
  const licences = '/usr/share/common-licenses';
  for (const name of fs.readdirSync(licences)) {
    const file = path.join(licences, name);
    if (fs.statSync(file).isFile()) textWords(file).forEach((w) => words.add(w));
  }
  textWords(path.join(repoRoot, 'sources/trygghetsutskottet-2020-11-20.txt')).forEach((w) => words.add(w));
  words.delete('');
  assert.ok(words.size > 40000, `only ${words.size} words`);
  checkStems('en', [...words], (word) => lunr.stemmer(new lunr.Token(word)).toString());
});
