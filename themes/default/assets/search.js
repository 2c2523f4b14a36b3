// docket's search: lunr.js 2.3.9 over the index docket built, with lunr.sv on a Swedish page and
// lunr.js's own English pipeline on an English one (<html lang>). The index is in parts under
// assets/search/ that search-loader.js loads as a query needs them (docs/architecture.md,
// "Search shards"): each part is a script that hands over its data, so this works from file://
// and over HTTP. Nothing is loaded until the reader types. A script that fails to load is
// forgotten, so the next search tries it again. The messages come from the page (data-*
// attributes of the header panel's status, from the theme's i18n).
(function () {
  'use strict';
  var base = document.currentScript.src.replace(/assets\/search\.js(?:[?#].*)?$/, '');
  // The longest query searched, in characters: longer ones are cut (fuzzy matching of one long
  // word costs time quadratic in its length).
  var MAX_QUERY = 200;
  // The largest edit distance a query may ask for (word~N); larger ones take seconds per word.
  var MAX_EDIT_DISTANCE = 2;
  // Pages of results shown at once on the search page ("Visa fler" shows as many more), and in
  // the header's panel (each with its best hit only).
  var PAGE_SIZE = 20;
  var PANEL_SIZE = 5;
  // An excerpt's length in characters, and how much of it comes before its first match.
  var EXCERPT = 240;
  var LEAD = 60;
  var WORD = /[\p{L}\p{N}]/u;
  var scripts = {}; // path -> the promise of its load
  var received = {}; // part name -> its data, handed over by the part's script
  var engine = null; // the promise of a window.DocketSearch, its manifest loaded
  // The page's language picks the pipeline docket built the index with.
  var swedish = document.documentElement.lang === 'sv';

  window.DOCKET_SEARCH_DATA = function (name, data) {
    received[name] = data;
  };

  function trimmer(token) {
    return swedish ? window.lunr.sv.trimmer(token) : window.lunr.trimmer(token);
  }

  // A script that could not be loaded, or that did not define what it should.
  function LoadError(path) {
    this.name = 'LoadError';
    this.path = path;
    this.message = 'cannot load ' + path;
  }
  LoadError.prototype = Object.create(Error.prototype);

  // Loads a script once; `defined` tells whether it ran and defined what it should.
  function load(path, defined) {
    if (!scripts[path]) {
      scripts[path] = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        function fail() {
          if (s.parentNode) s.parentNode.removeChild(s);
          delete scripts[path];
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

  // A part of the index: its script hands the data over by name.
  function loadPart(name) {
    var path = 'assets/search/' + name + '.js';
    return load(path, function () { return name in received; }).then(function () {
      var data = received[name];
      delete received[name];
      delete scripts[path]; // search-loader.js keeps the data
      return data;
    });
  }

  // lunr.js and the language's pipeline (each needs the one before it when it runs), and beside
  // them search-loader.js and the index's manifest: a promise of the window.DocketSearch.
  function loadEngine() {
    if (!engine) {
      var loaded = load('assets/lunr/lunr.js', function () { return window.lunr; });
      if (swedish) {
        loaded = loaded
          .then(function () { return load('assets/lunr/lunr.stemmer.support.js', function () { return window.lunr.stemmerSupport; }); })
          .then(function () { return load('assets/lunr/lunr.sv.js', function () { return window.lunr.sv; }); });
      }
      var loader = load('assets/search-loader.js', function () { return window.DocketSearch; }).then(function () {
        var search = new window.DocketSearch(loadPart);
        return search.part('manifest').then(function () { return search; });
      });
      engine = Promise.all([loaded, loader]).then(function (both) {
        var search = both[1];
        return search.ready().then(function () { return search; });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
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
  function parsedClauses(search, q) {
    var query = new window.lunr.Query(search.fields());
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
  function plainWords(search, q) {
    var fields = search.fields().map(function (f) { return f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); });
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

  function searchTerms(search, terms, options) {
    return search.query(function (query) {
      terms.forEach(function (t) { query.term(t, Object.assign({}, options)); });
    });
  }

  // Searches q: in lunr's syntax when it parses, else as plain words; with no result, the words
  // again with one edit allowed. A promise of the outcome, whose kind is 'empty' (no word to
  // search), 'excluded' (only words that must not occur, which would list every page) or
  // 'searched'.
  function run(search, q) {
    var clauses = parsedClauses(search, q);
    var plain = clauses === null;
    var words = plain ? plainWords(search, q) : clauses.filter(isPositive).map(function (c) { return c.term.replace(/\*/g, ''); });
    if (!plain && clauses.length && !words.length) return Promise.resolve({ kind: 'excluded' });
    if (!words.length) return Promise.resolve({ kind: 'empty' });
    var results = plain
      ? searchTerms(search, words, {})
      : search.query(function (query) { clauses.forEach(function (c) { query.clause(Object.assign({}, c)); }); });
    return results.then(function (found) {
      if (found.length) return { kind: 'searched', results: found, plain: plain, fuzzy: false };
      return searchTerms(search, words, { editDistance: 1 }).then(function (similar) {
        return { kind: 'searched', results: similar, plain: plain, fuzzy: similar.length > 0 };
      });
    });
  }

  // Results grouped by page, in the order of each page's best hit.
  function group(results) {
    var groups = [], byPage = {};
    results.forEach(function (r) {
      var at = window.DocketSearch.where(r.ref);
      if (!byPage[at.page]) {
        byPage[at.page] = { page: at.page, hits: [] };
        groups.push(byPage[at.page]);
      }
      byPage[at.page].hits.push({ doc: at.doc, terms: Object.keys(r.matchData.metadata) });
    });
    return groups;
  }

  // Where in `text` the index found the hit's terms: lunr's tokenizer gives each token's
  // position, the index's pipeline its term. Sorted [start, end) ranges.
  function matches(search, text, terms) {
    var out = [];
    if (!terms.length) return out;
    window.lunr.tokenizer(text).forEach(function (token) {
      var found = search.pipeline.run([token]).some(function (t) { return terms.indexOf(t.toString()) >= 0; });
      if (!found) return;
      // The token's word without the signs around it ("Trygghetsvandring," -> the word).
      var p = token.metadata.position, start = p[0], end = p[0] + p[1];
      while (start < end && !WORD.test(text[start])) start++;
      while (end > start && !WORD.test(text[end - 1])) end--;
      out.push([start, end]);
    });
    return out;
  }

  // The part of `text` around the most matches within one excerpt's length, cut at spaces.
  function excerpt(text, ranges) {
    var best = 0, most = 0;
    for (var i = 0; i < ranges.length; i++) {
      var n = 0;
      while (i + n < ranges.length && ranges[i + n][1] <= ranges[i][0] + EXCERPT - LEAD) n++;
      if (n > most) { most = n; best = i; }
    }
    var start = ranges.length ? Math.max(0, ranges[best][0] - LEAD) : 0;
    if (start > 0) {
      var space = text.indexOf(' ', start);
      start = space >= 0 && space < ranges[best][0] ? space + 1 : ranges[best][0];
    }
    var end = Math.min(text.length, start + EXCERPT);
    if (end < text.length) {
      var last = text.lastIndexOf(' ', end);
      if (last > start) end = last;
    }
    return { start: start, end: end };
  }

  // Appends the excerpt of `text` to el, the matches in <mark>.
  function appendExcerpt(el, text, ranges) {
    var cut = excerpt(text, ranges);
    var at = cut.start;
    if (cut.start > 0) el.appendChild(document.createTextNode('\u2026 '));
    ranges.forEach(function (r) {
      if (r[0] < at || r[1] > cut.end) return;
      el.appendChild(document.createTextNode(text.slice(at, r[0])));
      var m = document.createElement('mark');
      m.textContent = text.slice(r[0], r[1]);
      el.appendChild(m);
      at = r[1];
    });
    el.appendChild(document.createTextNode(text.slice(at, cut.end)));
    if (cut.end < text.length) el.appendChild(document.createTextNode(' \u2026'));
  }

  // One page of results: its title, what it is, and its first `hits` hits with their excerpts.
  function result(search, g, part, heading, hits) {
    var page = part.docs[0];
    var li = document.createElement('li');
    li.className = 'search-result';
    var h = document.createElement(heading);
    var a = document.createElement('a');
    a.href = base + part.docs[g.hits[0].doc].u;
    a.textContent = page.t;
    h.appendChild(a);
    li.appendChild(h);
    var meta = document.createElement('p');
    meta.className = 'meta';
    meta.textContent = [part.k, part.d, part.b].filter(Boolean).join(' \u00b7 ');
    li.appendChild(meta);
    var ul = document.createElement('ul');
    g.hits.slice(0, hits).forEach(function (hit) {
      var doc = part.docs[hit.doc];
      var item = document.createElement('li');
      if (hit.doc > 0) {
        var sa = document.createElement('a');
        sa.href = base + doc.u;
        sa.textContent = doc.t.replace(page.t + ' \u2013 ', '');
        item.appendChild(sa);
      }
      if (doc.x) {
        var p = document.createElement('p');
        p.className = 'excerpt';
        appendExcerpt(p, doc.x, matches(search, doc.x, hit.terms));
        item.appendChild(p);
      }
      if (item.firstChild) ul.appendChild(item);
    });
    li.appendChild(ul);
    return li;
  }

  function clear(list) {
    while (list.firstChild) list.removeChild(list.firstChild);
  }

  // Appends groups [from, to) to the list, loading their pages' parts of the store.
  function showGroups(search, groups, from, to, list, heading, hits) {
    var shown = groups.slice(from, to);
    return Promise.all(shown.map(function (g) { return search.page(g.page); })).then(function (parts) {
      shown.forEach(function (g, i) { list.appendChild(result(search, g, parts[i], heading, hits)); });
    });
  }

  // A message of the status element that holds them (data-NAME: the header panel's, on every
  // page), its {placeholders} filled in.
  function sayer(status) {
    return function (name, values) {
      return (status.getAttribute('data-' + name) || '').replace(/\{(\w+)\}/g, function (m, key) {
        return values && key in values ? values[key] : m;
      });
    };
  }

  // The status sentences of an outcome with `n` pages found.
  function sentences(outcome, q, n, say) {
    if (outcome.kind !== 'searched') return [say(outcome.kind, { q: q })];
    var out = [say(n === 0 ? 'none' : n === 1 ? 'one' : 'many', { q: q, n: n })];
    if (outcome.fuzzy) out.push(say('fuzzy'));
    if (outcome.plain) out.push(say('plain'));
    return out;
  }

  // Searches as the reader types into `input` (debounced): `show(search, q, outcome, groups)`
  // draws the results and returns a promise of the status sentences; `empty()` clears them
  // (after the status is set: the header's panel stays open while its status says something).
  // Returns the function that searches what the input holds now.
  function searchAs(input, status, say, show, empty, onSearched) {
    var timer = null;
    function update() {
      var typed = input.value;
      var stale = function () { return input.value !== typed; };
      var query = cleaned(typed);
      var q = query.text;
      var cut = query.cut ? [say('cut', { max: MAX_QUERY })] : [];
      if (!q) {
        status.textContent = input.id === 'sok-fraga' ? say('empty') : '';
        empty();
        return;
      }
      status.textContent = say('searching');
      loadEngine()
        .then(function (search) {
          return run(search, q).then(function (outcome) {
            if (stale()) return null;
            var groups = outcome.kind === 'searched' ? group(outcome.results) : [];
            return show(search, q, outcome, groups).then(function (said) {
              if (!stale()) status.textContent = said.concat(cut).join(' ');
              if (onSearched) onSearched(q);
            });
          });
        })
        .catch(function (e) {
          if (stale()) return;
          status.textContent = e instanceof LoadError ? say('load-failed', { file: e.path }) : say('failed', { q: q });
          empty();
          if (window.console) window.console.error(e);
        });
    }
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(update, 150);
      // The scripts load while the typing settles (a failure is reported by the search).
      if (input.value.trim()) loadEngine().catch(function () {});
    });
    return function () {
      clearTimeout(timer);
      update();
    };
  }

  // Arrow keys move between the results' links and the visible `more` control (a link or a
  // button after them), starting from `input`.
  function arrows(input, list, more, within) {
    within.addEventListener('keydown', function (e) {
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      var links = Array.prototype.slice.call(list.querySelectorAll('a'));
      if (!more.hidden) links.push(more);
      if (!links.length) return;
      var i = links.indexOf(document.activeElement);
      if (document.activeElement === input && e.key === 'ArrowDown') i = -1;
      else if (i < 0) return;
      e.preventDefault();
      var next = e.key === 'ArrowDown' ? Math.min(i + 1, links.length - 1) : i - 1;
      if (next < 0) input.focus();
      else links[next].focus();
    });
  }

  function searchPage() {
    var input = document.getElementById('sok-fraga');
    var status = document.getElementById('sok-status');
    var list = document.getElementById('sok-resultat');
    var more = document.getElementById('sok-fler');
    var messages = document.querySelector('#sok-panel .search-status');
    if (!input || !status || !list || !more || !messages) return;
    var say = sayer(messages);
    var rest = null; // shows the next page of results
    more.addEventListener('click', function () {
      if (rest) rest();
    });
    function empty() {
      clear(list);
      more.hidden = true;
      rest = null;
    }
    function show(search, q, outcome, groups) {
      empty();
      var shown = 0;
      // Shows the next PAGE_SIZE pages of results; a promise of the first of them.
      function next() {
        var from = shown;
        shown = Math.min(groups.length, shown + PAGE_SIZE);
        return showGroups(search, groups, from, shown, list, 'h2', Infinity).then(function () {
          more.hidden = shown >= groups.length;
          return list.children[from];
        });
      }
      rest = function () {
        next().then(function (first) {
          if (first) first.querySelector('a').focus();
        }, function (e) {
          status.textContent = e instanceof LoadError ? say('load-failed', { file: e.path }) : say('failed', { q: q });
        });
      };
      return next().then(function () { return sentences(outcome, q, groups.length, say); });
    }
    var update = searchAs(input, status, say, show, empty, function (q) {
      if (window.history && window.history.replaceState && location.protocol !== 'file:') {
        window.history.replaceState(null, '', '?q=' + encodeURIComponent(q));
      }
    });
    input.form.addEventListener('submit', function (e) {
      e.preventDefault();
      update();
    });
    arrows(input, list, more, document);
    var q = new URLSearchParams(location.search).get('q');
    if (q) {
      input.value = q;
      update();
    }
  }

  // The header's box: results in a panel under it as the reader types, with a link to all of
  // them on the search page.
  function headerPanel() {
    var input = document.getElementById('sok-falt');
    var panel = document.getElementById('sok-panel');
    if (!input || !panel || document.getElementById('sok-fraga')) return;
    var status = panel.querySelector('.search-status');
    var list = panel.querySelector('.search-results');
    var all = panel.querySelector('.search-all');
    var say = sayer(status);
    function empty() {
      clear(list);
      all.hidden = true;
    }
    function show(search, q, outcome, groups) {
      empty();
      panel.hidden = false;
      return showGroups(search, groups, 0, PANEL_SIZE, list, 'p', 1).then(function () {
        all.hidden = groups.length <= PANEL_SIZE;
        all.href = input.form.action.split('?')[0] + '?q=' + encodeURIComponent(q);
        return sentences(outcome, q, groups.length, say);
      });
    }
    searchAs(input, status, say, show, function () {
      empty();
      panel.hidden = !status.textContent;
    });
    input.addEventListener('input', function () {
      if (input.value.trim()) panel.hidden = false;
    });
    function close() {
      panel.hidden = true;
    }
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && !panel.hidden) {
        close();
        input.focus();
      }
    });
    document.addEventListener('click', function (e) {
      if (!panel.contains(e.target) && e.target !== input) close();
    });
    arrows(input, list, all, input.form.parentNode);
  }

  function start() {
    searchPage();
    headerPanel();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
