// docket's sharded search as a browser runs it, in node: the built site's own lunr.js, its
// language's pipeline and assets/search-loader.js run in a fresh context, and each part of the
// index is the site's script under assets/search/, run there as a <script> would run it.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

// The search of the site built into `root` (a site, or an unzipped pack's data directory).
// Returns { search, context, parts } where `search` is a window.DocketSearch and `parts` lists
// the names of the parts loaded so far.
export function loadSharded(root) {
  const context = vm.createContext({ console });
  context.window = context;
  const run = (file) => vm.runInContext(fs.readFileSync(path.join(root, file), 'utf8'), context, { filename: file });
  for (const f of ['assets/lunr/lunr.js', 'assets/lunr/lunr.stemmer.support.js', 'assets/lunr/lunr.sv.js']) {
    if (fs.existsSync(path.join(root, f))) run(f);
  }
  run('assets/search-loader.js');
  const parts = [];
  const received = {};
  context.DOCKET_SEARCH_DATA = (name, data) => { received[name] = data; };
  const loadPart = (name) => new Promise((resolve, reject) => {
    try {
      run(`assets/search/${name}.js`);
    } catch (e) {
      reject(e);
      return;
    }
    parts.push(name);
    if (name in received) resolve(received[name]);
    else reject(new Error(`assets/search/${name}.js did not hand over its data`));
  });
  return { search: new context.DocketSearch(loadPart), context, parts };
}

// The refs of a sharded index's results ("<page>.<position>") as the whole index has them: the
// documents' ids in the corpus the index was built from, counted with the index's "documents"
// part (how many documents each page has). Returns ref -> corpus id.
export async function refsOfCorpus(search, corpus) {
  const counts = await search.part('documents');
  const refs = new Map();
  let n = 0;
  counts.forEach((count, page) => {
    for (let k = 0; k < count; k++) refs.set(`${page}.${k}`, corpus.documents[n++].id);
  });
  if (n !== corpus.documents.length) throw new Error(`the index has ${n} documents, the corpus ${corpus.documents.length}`);
  return refs;
}
