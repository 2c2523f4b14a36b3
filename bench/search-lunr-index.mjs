// Builds the index of a corpus with lunr.js + lunr.sv, as the tests do.
//   node bench/search-lunr-index.mjs CORPUS.json OUT.json
import fs from 'node:fs';

import { lunrIndexJson } from '../tests/search/lunr-reference.mjs';

const [corpusPath, outPath] = process.argv.slice(2);
fs.writeFileSync(outPath, lunrIndexJson(JSON.parse(fs.readFileSync(corpusPath, 'utf8'))));
