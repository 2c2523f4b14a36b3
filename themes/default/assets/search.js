// docket's search: lunr.js 2.3.9 with lunr.sv over the index docket built. Works from file://
// (the index is a script that assigns it, not JSON to fetch) and over HTTP. The index is loaded
// lazily: when a search box gets focus, or on the search page when there is a query.
(function () {
  'use strict';
  var base = document.currentScript.src.replace(/assets\/search\.js(?:[?#].*)?$/, '');
  var loading = null;

  function load(path) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = base + path;
      s.onload = resolve;
      s.onerror = function () { reject(new Error('Kunde inte läsa ' + path)); };
      document.head.appendChild(s);
    });
  }

  function loadIndex() {
    if (!loading) {
      loading = load('assets/lunr/lunr.js')
        .then(function () { return load('assets/lunr/lunr.stemmer.support.js'); })
        .then(function () { return load('assets/lunr/lunr.sv.js'); })
        .then(function () { return Promise.all([load('assets/search-index.js'), load('assets/search-store.js')]); })
        .then(function () { return window.lunr.Index.load(window.DOCKET_SEARCH_INDEX); });
    }
    return loading;
  }

  // Words of the query without lunr's operators, for fuzzy retries and highlighting.
  function plainTerms(q) {
    return q.split(/\s+/).map(function (t) {
      return t.replace(/^[+-]/, '').replace(/^[a-z]+:/i, '').replace(/[~^][0-9]*$/, '').replace(/\*/g, '');
    }).filter(function (t) { return t.length > 0; });
  }

  function run(index, q) {
    var results = [];
    try {
      results = index.search(q);
    } catch (e) {
      // Not valid lunr query syntax: search the words as they are.
      results = index.search(plainTerms(q).join(' '));
    }
    var fuzzy = false;
    if (results.length === 0) {
      var terms = plainTerms(q);
      if (terms.length) {
        results = index.search(terms.map(function (t) { return t + '~1'; }).join(' '));
        fuzzy = results.length > 0;
      }
    }
    return { results: results, fuzzy: fuzzy };
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

  function stems(q) {
    return plainTerms(q).map(function (t) {
      return window.lunr.sv.stemmer(new window.lunr.Token(t.toLowerCase())).toString();
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

  function show(q, outcome, status, list) {
    while (list.firstChild) list.removeChild(list.firstChild);
    var groups = group(outcome.results);
    var queryStems = stems(q);
    groups.forEach(function (g) {
      var first = g.hits[0].entry;
      var pageEntry = window.DOCKET_SEARCH_STORE[g.url] || first;
      var li = document.createElement('li');
      li.className = 'search-result';
      var h = document.createElement('h2');
      var a = document.createElement('a');
      a.href = base + g.hits[0].entry.u;
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
      list.appendChild(li);
    });
    var n = groups.length;
    if (n === 0) status.textContent = 'Inga träffar för ”' + q + '”.';
    else status.textContent = (n === 1 ? '1 sida' : n + ' sidor') + ' hittades för ”' + q + '”' +
      (outcome.fuzzy ? ' (inga exakta träffar, visar liknande ord)' : '') + '.';
  }

  function searchPage() {
    var input = document.getElementById('sok-fraga');
    var status = document.getElementById('sok-status');
    var list = document.getElementById('sok-resultat');
    if (!input || !status || !list) return;
    var form = input.form;
    var timer = null;
    function update(pushUrl) {
      var q = input.value.trim();
      if (!q) {
        while (list.firstChild) list.removeChild(list.firstChild);
        status.textContent = '';
        return;
      }
      status.textContent = 'Söker …';
      loadIndex().then(function (index) {
        if (input.value.trim() !== q) return;
        show(q, run(index, q), status, list);
        if (pushUrl && window.history && window.history.replaceState && location.protocol !== 'file:') {
          window.history.replaceState(null, '', '?q=' + encodeURIComponent(q));
        }
      }, function (e) { status.textContent = 'Sökningen kunde inte laddas: ' + e.message; });
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
