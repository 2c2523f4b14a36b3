// lunr.js 2.3.9 with lunr-languages 1.22.0's Swedish pipeline, or with its own
// English one: the reference that `docket index` must match byte for byte.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const lunr = require('lunr');
require('lunr-languages/lunr.stemmer.support.js')(lunr);
require('lunr-languages/lunr.sv.js')(lunr);

// Builds the index of a corpus ({ref, fields: [{name, boost}], documents}) as
// docket's corpus format documents it; `language` 'en' keeps lunr's own pipeline.
export function buildLunrIndex(corpus, language = 'sv') {
  const ref = corpus.ref ?? 'id';
  return lunr(function () {
    if (language === 'sv') this.use(lunr.sv);
    this.ref(ref);
    for (const field of corpus.fields) {
      this.field(field.name, field.boost === undefined ? {} : { boost: field.boost });
    }
    for (const doc of corpus.documents) {
      this.add(doc, doc.boost === undefined ? undefined : { boost: doc.boost });
    }
  });
}

export function lunrIndexJson(corpus, language = 'sv') {
  return JSON.stringify(buildLunrIndex(corpus, language));
}
