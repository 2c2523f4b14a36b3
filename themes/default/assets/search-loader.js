// docket's search index, loaded in parts as queries need them (docs/architecture.md, "Search
// shards"). lunr.js scores a query from the postings of the terms it uses and those terms'
// weights in the documents' field vectors alone, so for each query this loads the term shards
// that hold its terms and lets lunr.js itself load them as an index (lunr.Index.load) and
// search it: the results and scores are those of lunr.js over the whole index.
//
// window.DocketSearch(loadPart): loadPart(name) returns a promise of a part's data ("manifest",
// "vocabulary", "t/<n>" or "p/<page>"). Needs window.lunr (and the language's pipeline
// functions registered, e.g. lunr.sv) before the first query.
(function () {
  'use strict';

  function DocketSearch(loadPart) {
    this.loadPart = loadPart;
    this.parts = {}; // name -> the promise of its data; a failed load is forgotten
    this.manifest = null;
    this.pipeline = null;
    this.vocabulary = null; // { terms, tokenSet } once loaded
    this.assembled = { key: null, index: null };
  }

  // Loads a part once; a part that fails to load is tried again next time.
  DocketSearch.prototype.part = function (name) {
    var self = this;
    if (!this.parts[name]) {
      this.parts[name] = this.loadPart(name).catch(function (e) {
        delete self.parts[name];
        throw e;
      });
    }
    return this.parts[name];
  };

  // The manifest: fields, pipeline, the first term of every term shard but the first.
  DocketSearch.prototype.ready = function () {
    var self = this;
    return this.part('manifest').then(function (manifest) {
      if (!self.manifest) {
        self.manifest = manifest;
        self.pipeline = window.lunr.Pipeline.load(manifest.pipeline);
      }
      return manifest;
    });
  };

  // The number of shard starts that are before `term` (or, with `orEqual`, not after it).
  DocketSearch.prototype.count = function (term, orEqual) {
    var starts = this.manifest.shards, lo = 0, hi = starts.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] < term || (orEqual && starts[mid] === term)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  // The shard that holds `term` if the index has it.
  DocketSearch.prototype.shardOf = function (term) {
    return this.count(term, true);
  };

  // The terms a query asks for, after the pipeline, as lunr.Index.prototype.query makes them:
  // [{ term, editDistance }] (the term with its wildcards); `negated` when it has only
  // prohibited terms (lunr then answers with every document).
  DocketSearch.prototype.terms = function (fn) {
    var query = new window.lunr.Query(this.manifest.fields);
    fn.call(query, query);
    var out = [];
    out.negated = query.isNegated();
    var pipeline = this.pipeline;
    query.clauses.forEach(function (clause) {
      var terms = clause.usePipeline ? pipeline.runString(clause.term, { fields: clause.fields }) : [clause.term];
      terms.forEach(function (term) {
        var c = { term: term };
        if ('editDistance' in clause) c.editDistance = clause.editDistance;
        out.push(c);
      });
    });
    return out;
  };

  // A term the shard ranges answer: exact, or a prefix (one trailing *); any other needs the
  // vocabulary to know which terms it matches.
  function rangeOf(c) {
    if ('editDistance' in c) return null;
    var star = c.term.indexOf('*');
    if (star < 0) return { exact: c.term };
    if (star === c.term.length - 1 && star > 0) return { prefix: c.term.slice(0, -1) };
    return null;
  }

  DocketSearch.prototype.loadVocabulary = function () {
    var self = this;
    return this.part('vocabulary').then(function (terms) {
      if (!self.vocabulary) self.vocabulary = { terms: terms, tokenSet: window.lunr.TokenSet.fromArray(terms) };
      return self.vocabulary;
    });
  };

  // The shards a query's terms need, sorted; whether the index must hold the whole vocabulary
  // (so that lunr expands fuzzy and wildcard terms exactly as over the whole index); and, for
  // a negated query, the number of documents of every page.
  DocketSearch.prototype.needs = function (fn) {
    var self = this;
    var terms = this.terms(fn);
    var wide = terms.some(function (c) { return !rangeOf(c); });
    var shards = {};
    var add = function (n) { shards[n] = true; };
    var find = function () {
      terms.forEach(function (c) {
        var range = rangeOf(c);
        if (range && 'exact' in range) {
          add(self.shardOf(range.exact));
        } else if (range) {
          var p = range.prefix;
          var after = p.slice(0, -1) + String.fromCharCode(p.charCodeAt(p.length - 1) + 1);
          for (var n = self.shardOf(p), last = self.count(after, false); n <= last; n++) add(n);
        } else {
          self.vocabulary.tokenSet.intersect(window.lunr.TokenSet.fromClause(c)).toArray().forEach(function (t) {
            add(self.shardOf(t));
          });
        }
      });
      return {
        shards: Object.keys(shards).map(Number).sort(function (a, b) { return a - b; }),
        wide: wide,
        documents: null,
      };
    };
    var need = wide ? this.loadVocabulary().then(find) : Promise.resolve(find());
    if (!terms.negated) return need;
    return Promise.all([need, this.part('documents')]).then(function (both) {
      both[0].documents = both[1];
      return both[0];
    });
  };

  // The metadata of every posting: lunr's index records none (lunr.MatchData copies it).
  var NO_METADATA = {};

  // The postings of a shard's terms, as lunr serialises them, with each document labelled
  // "<page>.<position>", and their elements of the field vectors (`vectors`, a Map).
  function decode(entries, fields, vectors) {
    return entries.map(function (entry) {
      var term = entry[0], termIndex = entry[1], posting = { _index: termIndex };
      fields.forEach(function (field, f) {
        var docs = Object.create(null), flat = entry[2 + f], page = 0;
        for (var i = 0; i < flat.length; i += 3) {
          page += flat[i];
          var ref = page + '.' + flat[i + 1], key = field + '/' + ref;
          docs[ref] = NO_METADATA;
          var vector = vectors.get(key);
          if (vector) vector.push(termIndex, flat[i + 2] / 1000);
          else vectors.set(key, [termIndex, flat[i + 2] / 1000]);
        }
        posting[field] = docs;
      });
      return [term, posting];
    });
  }

  // A lunr index of the shards' terms (and, when `wide`, of every other term of the
  // vocabulary without postings: lunr then expands fuzzy and wildcard terms over the same
  // vocabulary as the whole index, in the same order).
  DocketSearch.prototype.assemble = function (need) {
    var shards = need.shards, wide = need.wide;
    var key = shards.join(',') + (wide ? '+' : '') + (need.documents ? '*' : '');
    if (this.assembled.key === key) return Promise.resolve(this.assembled.index);
    var self = this;
    return Promise.all(shards.map(function (n) { return self.part('t/' + n); })).then(function (loaded) {
      var fields = self.manifest.fields, vectors = new Map(), inverted = [];
      loaded.forEach(function (entries) { inverted = inverted.concat(decode(entries, fields, vectors)); });
      if (wide) inverted = withVocabulary(inverted, self.vocabulary.terms, fields);
      var keys = need.documents ? everyFieldRef(need.documents, fields) : Array.from(vectors.keys());
      var fieldVectors = keys.map(function (k) { return [k, sorted(vectors.get(k) || [])]; });
      var index = window.lunr.Index.load({
        version: self.manifest.version,
        fields: fields,
        fieldVectors: fieldVectors,
        invertedIndex: inverted,
        pipeline: self.manifest.pipeline,
      });
      self.assembled = { key: key, index: index };
      return index;
    });
  };

  // A field vector's flat (index, value) pairs in the order of their indexes, as lunr keeps them.
  function sorted(flat) {
    var ordered = true;
    for (var i = 2; i < flat.length && ordered; i += 2) ordered = flat[i - 2] < flat[i];
    if (ordered) return flat;
    var pairs = [];
    for (var j = 0; j < flat.length; j += 2) pairs.push([flat[j], flat[j + 1]]);
    pairs.sort(function (a, b) { return a[0] - b[0]; });
    var out = [];
    pairs.forEach(function (p) { out.push(p[0], p[1]); });
    return out;
  }

  // Every field of every document, in the order of the whole index's field vectors (document
  // by document): the order in which lunr lists all documents for a negated query.
  function everyFieldRef(documents, fields) {
    var keys = [];
    documents.forEach(function (count, page) {
      for (var k = 0; k < count; k++) {
        fields.forEach(function (field) { keys.push(field + '/' + page + '.' + k); });
      }
    });
    return keys;
  }

  // The loaded postings merged in order with the vocabulary's other terms, which get none.
  function withVocabulary(inverted, terms, fields) {
    var out = [], k = 0;
    terms.forEach(function (term) {
      if (k < inverted.length && inverted[k][0] === term) {
        out.push(inverted[k++]);
        return;
      }
      var none = { _index: -1 };
      fields.forEach(function (field) { none[field] = {}; });
      out.push([term, none]);
    });
    return out;
  }

  // lunr.Index.prototype.query over the parts of the index that `fn`'s query needs: a promise
  // of lunr's results ({ ref: "<page>.<position>", score, matchData }).
  DocketSearch.prototype.query = function (fn) {
    var self = this;
    return this.ready()
      .then(function () { return self.needs(fn); })
      .then(function (need) { return self.assemble(need); })
      .then(function (index) { return index.query(fn); });
  };

  // lunr.Index.prototype.search: a query in lunr's syntax.
  DocketSearch.prototype.search = function (q) {
    return this.query(function (query) { new window.lunr.QueryParser(q, query).parse(); });
  };

  // The fields of the index (after ready()).
  DocketSearch.prototype.fields = function () {
    return this.manifest.fields;
  };

  // What the search page shows of page `n`'s documents: { k, d, b, docs: [{ t, u, x }] }.
  DocketSearch.prototype.page = function (n) {
    return this.part('p/' + n);
  };

  // Where a result's ref points: its page and its document's position there.
  DocketSearch.where = function (ref) {
    var dot = ref.indexOf('.');
    return { page: Number(ref.slice(0, dot)), doc: Number(ref.slice(dot + 1)) };
  };

  window.DocketSearch = DocketSearch;
})();
