// docket's search: lunr.js 2.3.9 over the index docket built, with lunr.sv on a Swedish page and
// lunr.js's own English pipeline on an English one (<html lang>). Works from file://
// (the index is a script that assigns it, not JSON to fetch) and over HTTP. The index is loaded
// lazily: when a search box gets focus, or on the search page when there is a query. A script
// that fails to load is forgotten, so the next search tries it again. The search page's
// messages come from the page (data-* attributes of its status element, from the theme's i18n).
(function () {
  'use strict';
  var base = document.currentScript.src.replace(/assets\/search\.js(?:[?#].*)?$/, '');
  // The longest query searched, in characters: longer ones are cut (fuzzy matching of one long
  // word costs time quadratic in its length).
  var MAX_QUERY = 200;
  // The largest edit distance a query may ask for (word~N); larger ones take seconds per word.
  var MAX_EDIT_DISTANCE = 2;
  var WORD = /[\p{L}\p{N}]/u;
  var scripts = {}; // path -> the promise of its load
  var index = null;
  // The page's language picks the pipeline docket built the index with.
  var swedish = document.documentElement.lang === 'sv';

  function trimmer(token) {
    return swedish ? window.lunr.sv.trimmer(token) : window.lunr.trimmer(token);
  }

  function stemmer(token) {
    return swedish ? window.lunr.sv.stemmer(token) : window.lunr.stemmer(token);
  }

  // A script that could not be loaded, or that did not define what it should.
  function LoadError(path) {
    this.name = 'LoadError';
    this.path = path;
    this.message = 'cannot load ' + path;
  }
  LoadError.prototype = Object.create(Error.prototype);

  function forget(path) {
    delete scripts[path];
  }

  // Loads a script once; `defined` tells whether it ran and defined its global.
  function load(path, defined) {
    if (!scripts[path]) {
      scripts[path] = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        function fail() {
          s.parentNode.removeChild(s);
          forget(path);
          reject(new LoadError(path));
        }
        s.src = base + path;
        s.onload = function () {
          if (defined()) resolve();
          else fail();
        };
        s.onerror = fail;
        document.head.appendChild(s);
      });
    }
    return scripts[path];
  }

  function loadIndex() {
    if (index) return Promise.resolve(index);
    var loaded = load('assets/lunr/lunr.js', function () { return window.lunr; });
    if (swedish) {
      loaded = loaded
        .then(function () { return load('assets/lunr/lunr.stemmer.support.js', function () { return window.lunr.stemmerSupport; }); })
        .then(function () { return load('assets/lunr/lunr.sv.js', function () { return window.lunr.sv; }); });
    }
    return loaded
      .then(function () {
        return Promise.all([
          load('assets/search-index.js', function () { return window.DOCKET_SEARCH_INDEX; }),
          load('assets/search-store.js', function () { return window.DOCKET_SEARCH_STORE; }),
        ]);
      })
      .then(function () {
        try {
          index = index || window.lunr.Index.load(window.DOCKET_SEARCH_INDEX);
        } catch (e) {
          window.DOCKET_SEARCH_INDEX = undefined;
          forget('assets/search-index.js');
          throw new LoadError('assets/search-index.js');
        }
        return index;
      });
  }

  // The query as it is searched: whitespace collapsed, cut after MAX_QUERY characters (at a
  // space when there is one, so that no word is cut in two).
  function cleaned(q) {
    var chars = Array.from(q.trim().replace(/\s+/g, ' '));
    if (chars.length <= MAX_QUERY) return { text: chars.join(''), cut: false };
    var text = chars.slice(0, MAX_QUERY).join('');
    var space = text.lastIndexOf(' ');
    if (space > 0 && chars[MAX_QUERY] !== ' ') text = text.slice(0, space);
    return { text: text.trim(), cut: true };
  }

  function hasWord(clause) {
    return WORD.test(clause.term);
  }

  function isPositive(clause) {
    return clause.presence !== window.lunr.Query.presence.PROHIBITED;
  }

  // The clauses of a query in lunr's syntax, without those that have no word ("*", "+*",
  // "title:*"), with edit distances bounded; null if lunr cannot parse the query.
  function parsedClauses(q) {
    var query = new window.lunr.Query(index.fields);
    try {
      new window.lunr.QueryParser(q, query).parse();
    } catch (e) {
      if (e instanceof window.lunr.QueryParseError) return null;
      throw e;
    }
    return query.clauses.filter(hasWord).map(function (clause) {
      if (clause.editDistance > MAX_EDIT_DISTANCE) clause.editDistance = MAX_EDIT_DISTANCE;
      return clause;
    });
  }

  // The words of a query that lunr cannot parse, without what is left of lunr's syntax (a
  // leading +, - or field:, a trailing ~N or ^N), read as the index read the text (lunr's
  // tokenizer and the pipeline's trimmer); a token with signs inside ("mål:trygghet", "18:00") is
  // searched both whole and as its words.
  function plainWords(q) {
    var fields = index.fields.map(function (f) { return f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); });
    var prefix = new RegExp('^[+-]*(?:(?:' + fields.join('|') + '):)?');
    var words = [];
    function add(w) {
      if (WORD.test(w) && w.indexOf('*') < 0 && words.indexOf(w) < 0) words.push(w);
    }
    var text = q.split(' ').map(function (t) { return t.replace(prefix, '').replace(/(?:[~^][0-9]*)+$/, ''); }).join(' ');
    window.lunr.tokenizer(text).forEach(function (token) {
      var whole = trimmer(token).toString();
      add(whole);
      whole.split(/[^\p{L}\p{N}]+/u).forEach(add);
    });
    return words;
  }

  function searchTerms(terms, options) {
    return index.query(function (query) {
      terms.forEach(function (t) { query.term(t, Object.assign({}, options)); });
    });
  }

  // Searches q: in lunr's syntax when it parses, else as plain words; with no result, the words
  // again with one edit allowed. The outcome's kind is 'empty' (no word to search),
  // 'excluded' (only words that must not occur, which would list every page) or 'searched'.
  function run(q) {
    var clauses = parsedClauses(q);
    var plain = clauses === null;
    var words = plain ? plainWords(q) : clauses.filter(isPositive).map(function (c) { return c.term.replace(/\*/g, ''); });
    if (!plain && clauses.length && !words.length) return { kind: 'excluded' };
    if (!words.length) return { kind: 'empty' };
    var results = plain ? searchTerms(words, {}) : index.query(function (query) { clauses.forEach(function (c) { query.clause(c); }); });
    var fuzzy = false;
    if (results.length === 0) {
      results = searchTerms(words, { editDistance: 1 });
      fuzzy = results.length > 0;
    }
    return { kind: 'searched', results: results, words: words, fuzzy: fuzzy, plain: plain };
  }

  // Results grouped by page, in the order of each page's best hit.
  function group(results) {
    var groups = [], byUrl = {};
    results.forEach(function (r) {
      var entry = window.DOCKET_SEARCH_STORE[r.ref];
      if (!entry) return;
      var url = entry.u.split('#')[0];
      if (!byUrl[url]) {
        byUrl[url] = { url: url, hits: [] };
        groups.push(byUrl[url]);
      }
      byUrl[url].hits.push({ ref: r.ref, entry: entry });
    });
    return groups;
  }

  function stems(words) {
    return words.map(function (t) {
      return stemmer(new window.lunr.Token(t.toLowerCase())).toString();
    }).filter(function (s) { return s.length > 1; });
  }

  // Appends text to el, wrapping words that begin with a query stem in <mark>.
  function highlighted(el, text, queryStems) {
    var parts = text.split(/([\s.,;:!?()"”'–-]+)/);
    parts.forEach(function (part) {
      var lower = part.toLowerCase();
      var hit = queryStems.some(function (s) { return lower.indexOf(s) === 0; });
      if (hit) {
        var m = document.createElement('mark');
        m.textContent = part;
        el.appendChild(m);
      } else {
        el.appendChild(document.createTextNode(part));
      }
    });
  }

  function result(g, queryStems) {
    var first = g.hits[0].entry;
    var pageEntry = window.DOCKET_SEARCH_STORE[g.url] || first;
    var li = document.createElement('li');
    li.className = 'search-result';
    var h = document.createElement('h2');
    var a = document.createElement('a');
    a.href = base + first.u;
    a.textContent = pageEntry.t;
    h.appendChild(a);
    li.appendChild(h);
    var meta = document.createElement('p');
    meta.className = 'meta';
    meta.textContent = [pageEntry.k, pageEntry.d, pageEntry.b].filter(Boolean).join(' · ');
    li.appendChild(meta);
    var ul = document.createElement('ul');
    g.hits.forEach(function (hit) {
      var item = document.createElement('li');
      if (hit.ref !== g.url) {
        var sa = document.createElement('a');
        sa.href = base + hit.entry.u;
        sa.textContent = hit.entry.t.replace(pageEntry.t + ' \u2013 ', '');
        item.appendChild(sa);
      }
      var p = document.createElement('p');
      p.className = 'excerpt';
      highlighted(p, hit.entry.e, queryStems);
      item.appendChild(p);
      ul.appendChild(item);
    });
    li.appendChild(ul);
    return li;
  }

  function clear(list) {
    while (list.firstChild) list.removeChild(list.firstChild);
  }

  // Shows the outcome of run() in the list; returns the status sentences.
  function show(q, outcome, list, say) {
    clear(list);
    if (outcome.kind !== 'searched') return [say(outcome.kind, { q: q })];
    var groups = group(outcome.results);
    var queryStems = stems(outcome.words);
    groups.forEach(function (g) { list.appendChild(result(g, queryStems)); });
    var n = groups.length;
    var sentences = [say(n === 0 ? 'none' : n === 1 ? 'one' : 'many', { q: q, n: n })];
    if (outcome.fuzzy) sentences.push(say('fuzzy'));
    if (outcome.plain) sentences.push(say('plain'));
    return sentences;
  }

  function searchPage() {
    var input = document.getElementById('sok-fraga');
    var status = document.getElementById('sok-status');
    var list = document.getElementById('sok-resultat');
    if (!input || !status || !list) return;
    // A message of the page's status element (data-NAME), its {placeholders} filled in.
    function say(name, values) {
      return (status.getAttribute('data-' + name) || '').replace(/\{(\w+)\}/g, function (m, key) {
        return values && key in values ? values[key] : m;
      });
    }
    var form = input.form;
    var timer = null;
    function update(pushUrl) {
      var typed = input.value;
      var stale = function () { return input.value !== typed; };
      var query = cleaned(typed);
      var q = query.text;
      var cut = query.cut ? [say('cut', { max: MAX_QUERY })] : [];
      if (!q) {
        clear(list);
        status.textContent = say('empty');
        return;
      }
      status.textContent = say('searching');
      loadIndex().then(function () {
        if (stale()) return;
        var sentences;
        try {
          sentences = show(q, run(q), list, say);
        } catch (e) {
          clear(list);
          sentences = [say('failed', { q: q })];
          if (window.console) window.console.error(e);
        }
        status.textContent = sentences.concat(cut).join(' ');
        if (pushUrl && window.history && window.history.replaceState && location.protocol !== 'file:') {
          window.history.replaceState(null, '', '?q=' + encodeURIComponent(q));
        }
      }, function (e) {
        if (stale()) return;
        clear(list);
        status.textContent = say('load-failed', { file: e.path || '' });
        if (window.console) window.console.error(e);
      });
    }
    form.addEventListener('submit', function (e) { e.preventDefault(); update(true); });
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { update(false); }, 150);
    });
    // Arrow keys move between the results; Enter follows the focused link.
    document.addEventListener('keydown', function (e) {
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      var links = Array.prototype.slice.call(list.querySelectorAll('a'));
      if (!links.length) return;
      var i = links.indexOf(document.activeElement);
      if (document.activeElement === input && e.key === 'ArrowDown') i = -1;
      else if (i < 0) return;
      e.preventDefault();
      var next = e.key === 'ArrowDown' ? Math.min(i + 1, links.length - 1) : i - 1;
      if (next < 0) input.focus();
      else links[next].focus();
    });
    var q = new URLSearchParams(location.search).get('q');
    if (q) {
      input.value = q;
      update(false);
    }
  }

  document.addEventListener('focusin', function (e) {
    if (e.target && e.target.type === 'search') loadIndex().catch(function () {});
  });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', searchPage);
  else searchPage();
})();
