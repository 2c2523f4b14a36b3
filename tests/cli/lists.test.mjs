// Navigation at archive scale (issue 18): lists split by year or into numbered parts, meetings
// grouped by committee, a history page per diarienummer, and every page within three clicks of
// the start page. A small archive of three committees over three years (tests/lib/archive.mjs); the
// 10,000-page archive corpus (bench/make-corpus) checks the sizes and the link walk at scale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse } from 'parse5';
import { writeArchive } from '../lib/archive.mjs';
import { docket, listFiles, repo, tempDir } from '../lib/docket.mjs';

// ---- a parsed page -------------------------------------------------------------------------
function elements(node, out = []) {
  if (node.tagName) out.push(node);
  for (const child of node.childNodes ?? []) elements(child, out);
  if (node.content) elements(node.content, out);
  return out;
}
const attr = (el, name) => el.attrs.find((a) => a.name === name)?.value;
const text = (node) => node.nodeName === '#text' ? node.value : (node.childNodes ?? []).map(text).join('');
const hasClass = (el, c) => (attr(el, 'class') ?? '').split(' ').includes(c);
function page(out, path) {
  const all = elements(parse(readFileSync(join(out, path), 'utf8')));
  const main = all.find((e) => e.tagName === 'main');
  return { all, main: elements(main) };
}
// The site path an href of the page at `from` leads to ("arenden/2019/index.html"), or null
// for a link off the site.
function target(from, href) {
  if (/^[a-z]+:/i.test(href) || href.startsWith('#')) return null;
  return posix.normalize(posix.join(posix.dirname(from), href.split('#')[0]));
}

function build(source) {
  const out = join(tempDir('docket-lists-out-'), 'public');
  const r = docket(['build', '--source', source, '--out', out, '--no-archives'], { timeout: 600000 });
  assert.equal(r.code, 0, r.stderr);
  return out;
}

// Breadth first from the start page: the number of clicks to each page it reaches within `depth`.
function walk(out, depth) {
  const clicks = new Map([['index.html', 0]]);
  let frontier = ['index.html'];
  for (let d = 1; d <= depth; d++) {
    const next = [];
    for (const from of frontier)
      for (const a of page(out, from).all.filter((e) => e.tagName === 'a' && attr(e, 'href'))) {
        const to = target(from, attr(a, 'href'));
        if (to && to.endsWith('.html') && !clicks.has(to)) { clicks.set(to, d); next.push(to); }
      }
    frontier = next;
  }
  return clicks;
}
// The site's HTML pages a reader browses to: all but 404.html, which a server shows for an
// address that has no page, and no link leads to.
const htmlPages = (out) => listFiles(out).filter((f) => f.endsWith('.html') && f !== '404.html');

test('a diarienummer over three meetings has a history page in date order', () => {
  const source = tempDir('docket-lists-');
  writeArchive(source, 2);
  const out = build(source);
  const { main } = page(out, 'diarienummer/ks-19-0100/index.html');
  assert.equal(text(main.find((e) => e.tagName === 'h1')), 'KS 19/0100');
  const events = main.filter((e) => e.tagName === 'li' && e.parentNode && hasClass(e.parentNode, 'history'));
  const at = (li) => [attr(elements(li).find((e) => e.tagName === 'time'), 'datetime'),
    target('diarienummer/ks-19-0100/index.html', attr(elements(li).find((e) => e.tagName === 'a'), 'href'))];
  assert.deepEqual(events.map(at), [
    ['2019-03-01', 'arenden/ks-19-0100/index.html'], // the tjänsteskrivelse (dated the 1st)
    ['2019-03-01', 'sammantraden/tu-2019-03-01/index.html'],
    ['2019-05-10', 'sammantraden/ks-2019-05-10/index.html'],
    ['2019-05-10', 'beslut/ks-paragraf-12/index.html'],
    ['2020-02-14', 'sammantraden/tu-2020-02-14/index.html'],
  ]);
  assert.match(text(events[2]), /punkt 5 på dagordningen: Trygghetsvandringar i Bro/);
  assert.match(text(events[4]), /punkt 3 på dagordningen: Trygghetsvandringar i Bro, uppföljning/);
  // The case page's diarienummer and each agenda's lead to it.
  for (const from of ['arenden/ks-19-0100/index.html', 'sammantraden/ks-2019-05-10/index.html', 'beslut/ks-paragraf-12/index.html']) {
    const links = page(out, from).main.filter((e) => e.tagName === 'a' && text(e) === 'KS 19/0100');
    assert.ok(links.length > 0, from);
    for (const a of links) assert.equal(target(from, attr(a, 'href')), 'diarienummer/ks-19-0100/index.html');
  }
});

test('long lists are split by year, meetings grouped by committee, with page navigation', () => {
  const source = tempDir('docket-lists-');
  writeArchive(source, 2);
  const out = build(source);
  // The meetings' index lists the years, newest first.
  const years = page(out, 'sammantraden/index.html').main.filter((e) => e.tagName === 'a')
    .map((a) => [text(a), target('sammantraden/index.html', attr(a, 'href'))]);
  assert.deepEqual(years, [['2021', 'sammantraden/2021/index.html'], ['2020', 'sammantraden/2020/index.html'],
    ['2019', 'sammantraden/2019/index.html']]);
  // A year's meetings under their committees, in Swedish order.
  const y2020 = page(out, 'sammantraden/2020/index.html').main;
  assert.deepEqual(y2020.filter((e) => e.tagName === 'h2').map(text), ['Socialnämnden', 'Trygghetsutskottet']);
  // Five cases over three years, two a page: 2019 has three, in two parts.
  const first = page(out, 'arenden/2019/index.html').all;
  const second = page(out, 'arenden/2019/2/index.html').all;
  const rel = (from, all, r) => all.filter((e) => e.tagName === 'a' && attr(e, 'rel') === r).map((a) => target(from, attr(a, 'href')));
  assert.deepEqual(rel('arenden/2019/index.html', first, 'next'), ['arenden/2019/2/index.html']);
  assert.deepEqual(rel('arenden/2019/index.html', first, 'prev'), []);
  assert.deepEqual(rel('arenden/2019/2/index.html', second, 'prev'), ['arenden/2019/index.html']);
  assert.deepEqual(rel('arenden/2019/2/index.html', second, 'next'), []);
  const nav = second.find((e) => e.tagName === 'nav' && hasClass(e, 'list-parts'));
  assert.ok(attr(nav, 'aria-label'));
  assert.deepEqual(elements(nav).filter((e) => attr(e, 'aria-current') === 'page').map(text), ['Sida 2']);
  const cases = (from, all) => all.filter((e) => e.tagName === 'a' && /^arenden\/ks-19-/.test(target(from, attr(e, 'href')) ?? '')).map(text);
  const listed = [...cases('arenden/2019/index.html', first), ...cases('arenden/2019/2/index.html', second)];
  assert.deepEqual(listed.sort(), ['Kamerabevakning', 'Lägesbild', 'Trygghetsvandringar i Bro']);
  // Each case's row names its diarienummer and its meeting.
  const row = elements(first.find((e) => e.tagName === 'main')).find((e) => e.tagName === 'li' && /Trygghetsvandringar i Bro/.test(text(e)));
  assert.match(text(row), /KS 19\/0100/);
  assert.match(text(row), /Behandlas på Trygghetsutskottets sammanträde 2019-03-01/);
  // Every page within three clicks.
  const clicks = walk(out, 3);
  assert.deepEqual(htmlPages(out).filter((f) => !clicks.has(f)), []);
});

test('past per_page terms the glossary is split into parts A–Ö, its letter index leading to each letter', () => {
  const source = tempDir('docket-lists-');
  writeArchive(source, 2);
  const out = build(source);
  // Six terms, two a part, in Swedish order; the areas' definitions on the first part only.
  const parts = ['begrepp/index.html', 'begrepp/2/index.html', 'begrepp/3/index.html'];
  const termsOf = (path) => page(out, path).main.filter((e) => e.tagName === 'dt').map(text);
  assert.deepEqual(parts.map(termsOf), [['BRÅ', 'EST'], ['grannsamverkan', 'lägesbild'], ['trygghetsvandring', 'ärende']]);
  assert.ok(!existsSync(join(out, 'begrepp/4/index.html')));
  for (const [k, path] of parts.entries()) {
    const { all, main } = page(out, path);
    // Each letter of the glossary, on every part, leads to the part with its heading.
    const index = all.find((e) => e.tagName === 'nav' && hasClass(e, 'letters'));
    const links = elements(index).filter((e) => e.tagName === 'a').map((a) => [text(a), attr(a, 'href')]);
    assert.deepEqual(links.map((l) => l[0]), ['B', 'E', 'G', 'L', 'T', 'Ä', 'Definitioner']);
    for (const [letter, href] of links) {
      const [file, id] = href.split('#');
      const to = file ? target(path, file) : path;
      const heading = page(out, to).all.find((e) => attr(e, 'id') === id);
      assert.ok(heading, `${path}: ${letter} leads to ${to}#${id}, which is not there`);
      assert.equal(text(heading), letter === 'Definitioner' ? 'Samverkansområdenas definitioner' : letter);
    }
    assert.equal(main.some((e) => attr(e, 'id') === 'definitioner'), k === 0);
    // The parts link each other.
    const nav = all.find((e) => e.tagName === 'nav' && hasClass(e, 'list-parts'));
    assert.deepEqual(elements(nav).filter((e) => attr(e, 'aria-current') === 'page').map(text), [`Sida ${k + 1}`]);
  }
  // Short definitions: an abbreviation's expansion, else the first sentence of the term's text
  // (after a paragraph that introduces the quotation).
  const entries = page(out, 'begrepp/3/index.html').main.filter((e) => e.tagName === 'dd').map(text);
  assert.deepEqual(entries, ['En trygghetsvandring är en inventering av ett område.', 'Ett ärende har ett diarienummer.']);
  assert.deepEqual(page(out, 'begrepp/index.html').main.filter((e) => e.tagName === 'dd').map(text),
    ['Brottsförebyggande rådet', 'Effektiv samordning för trygghet']);
});

test("past per_page a page's backlinks and a term's mentions show per_page pages and link the whole list's parts", () => {
  const source = tempDir('docket-lists-');
  writeArchive(source, 2, { crossLinks: true });
  const out = build(source);
  const cases = ['Fältarbete', 'Grannsamverkan', 'Kamerabevakning', 'Krogtillsyn', 'Lägesbild', 'Trygghetsvandringar i Bro'];
  const links = (path, all) => all.filter((e) => e.tagName === 'a' && attr(e, 'href')).map((a) => [text(a), target(path, attr(a, 'href'))]);
  for (const [path, section, list, words] of [
    ['beslut/ks-paragraf-12/index.html', 'aside', 'beslut/ks-paragraf-12/refereras-fran/', 'Alla 6 sidor som refererar hit'],
    ['begrepp/lagesbild/index.html', 'section', 'begrepp/lagesbild/anvands-pa/', 'Alla 6 sidor som använder begreppet'],
  ]) {
    const { main } = page(out, path);
    const box = main.find((e) => e.tagName === section && /backlinks|mentions/.test(attr(e, 'class')));
    const [shown, parts] = [elements(box).filter((e) => e.tagName === 'li' && !elements(e).some((n) => n.tagName === 'a' && /^Sida /.test(text(n)))),
      elements(box).find((e) => e.tagName === 'nav')];
    // The page shows the first per_page pages, says how many there are and links each part.
    assert.equal(shown.length, 2, path);
    assert.equal(attr(parts, 'aria-label'), words);
    assert.match(text(parts), new RegExp(`^${words}:`));
    const partPaths = [`${list}index.html`, `${list}2/index.html`, `${list}3/index.html`];
    assert.deepEqual(links(path, elements(parts)), partPaths.map((p, k) => [`Sida ${k + 1}`, p]));
    assert.ok(!existsSync(join(out, `${list}4/index.html`)));
    // The parts list every page of the whole list once, two a part, their titles on the page.
    const listed = [];
    for (const [k, part] of partPaths.entries()) {
      const { all, main: m } = page(out, part);
      const items = m.filter((e) => e.tagName === 'li' && !e.parentNode?.parentNode?.attrs?.some((a) => a.value === 'list-parts'));
      const pages = items.flatMap((li) => links(part, elements(li))).filter(([, to]) => to?.startsWith('arenden/'));
      assert.equal(pages.length, 2, part);
      listed.push(...pages.map(([t]) => t));
      const nav = all.find((e) => e.tagName === 'nav' && hasClass(e, 'list-parts'));
      assert.deepEqual(elements(nav).filter((e) => attr(e, 'aria-current') === 'page').map(text), [`Sida ${k + 1}`]);
      // Its breadcrumbs lead back to the page.
      assert.ok(links(part, all).some(([, to]) => to === path), `${part} does not link ${path}`);
    }
    assert.deepEqual(listed.sort(), cases);
  }
  // A term's backlinks leave out the pages that use it: its page lists them once.
  assert.equal(page(out, 'begrepp/lagesbild/index.html').main.some((e) => e.tagName === 'aside'), false);
  // Under per_page no part is written and the page lists every page.
  const whole = build((() => { const d = tempDir('docket-lists-'); writeArchive(d, 10, { crossLinks: true }); return d; })());
  assert.ok(!existsSync(join(whole, 'beslut/ks-paragraf-12/refereras-fran')));
  const aside = page(whole, 'beslut/ks-paragraf-12/index.html').main.find((e) => e.tagName === 'aside');
  assert.deepEqual(elements(aside).filter((e) => e.tagName === 'a').map(text).sort(), cases);
});

test("a list's first part links every part; each other part the first, the last and the two on each side of its own", () => {
  // Twelve more decisions that use the term: its 18 pages in 9 parts of 2.
  const source = tempDir('docket-lists-');
  writeArchive(source, 2, { crossLinks: true, decisions: 12 });
  const out = build(source);
  const parts = (k) => `begrepp/lagesbild/anvands-pa/${k === 1 ? '' : `${k}/`}index.html`;
  const shown = (k) => {
    const nav = page(out, parts(k)).all.find((e) => e.tagName === 'nav' && hasClass(e, 'list-parts'));
    return elements(nav).filter((e) => e.tagName === 'li').map((li) => {
      const a = elements(li).find((e) => e.tagName === 'a');
      if (!a) {
        assert.equal(attr(li, 'aria-hidden'), 'true', 'a gap is hidden from screen readers');
        return text(li);
      }
      assert.equal(target(parts(k), attr(a, 'href')), parts(Number(text(a).replace('Sida ', ''))));
      return Number(text(a).replace('Sida ', ''));
    });
  };
  assert.ok(existsSync(join(out, parts(9))) && !existsSync(join(out, parts(10))));
  assert.deepEqual(shown(1), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(shown(2), [1, 2, 3, 4, '…', 9]);
  assert.deepEqual(shown(5), [1, 2, 3, 4, 5, 6, 7, 8, 9], 'a gap of one part links the part');
  assert.deepEqual(shown(6), [1, '…', 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(shown(9), [1, '…', 7, 8, 9]);
});

test('[lists] per_page must be a whole number from 1 to 100000', () => {
  const source = tempDir('docket-lists-');
  writeArchive(source, 0);
  const r = docket(['build', '--source', source, '--out', join(source, 'public')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^site\.toml:8:12: error: "per_page" must be a whole number from 1 to 100000$/m);
});

test('at 10,000 pages no list page is over 300 kB and every page is within three clicks', () => {
  const corpus = tempDir('docket-lists-corpus-');
  const made = spawnSync(process.execPath, [join(repo, 'bench/make-corpus'), '10000', corpus, '--shape', 'archive'], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const out = build(join(corpus, 'docket'));
  const pages = htmlPages(out);
  const clicks = walk(out, 3);
  assert.deepEqual(pages.filter((f) => !clicks.has(f)), []);
  // The list pages: every generated page that lists others (not a content page of the corpus).
  const lists = pages.filter((f) => !/\/[a-z]+-\d{6}\/index\.html$/.test(f) && !f.startsWith('diarienummer/'));
  assert.ok(lists.length > 100, `${lists.length} list pages`);
  const sizes = lists.map((f) => [f, statSync(join(out, f)).size]).sort((a, b) => b[1] - a[1]);
  assert.ok(sizes[0][1] <= 300 * 1024, `largest: ${sizes[0][0]} ${sizes[0][1]} bytes`);
});

test("a meeting's page to print holds its agenda's cases and their attachments, linked within the page", () => {
  const out = build(repo);
  const from = 'sammantraden/tu-2020-11-20/utskrift/index.html';
  const { all, main } = page(out, from);
  const sections = main.filter((e) => e.tagName === 'section' && hasClass(e, 'print-document')).map((e) => attr(e, 'id'));
  // The agenda's order, from the meeting's Markdown; each case followed by its attachments.
  const meeting = readFileSync(join(repo, 'content/meetings/tu-2020-11-20.md'), 'utf8');
  const expected = ['dokument-tu-2020-11-20'];
  for (const [, id] of meeting.matchAll(/^case = "([^"]+)"/gm)) {
    const source = readFileSync(join(repo, 'content/cases', `${id}.md`), 'utf8');
    for (const doc of [id, ...JSON.parse(source.match(/^attachments = (\[.*\])/m)?.[1] ?? '[]')])
      if (!expected.includes(`dokument-${doc}`)) expected.push(`dokument-${doc}`);
  }
  assert.deepEqual(sections, expected);
  // A link to a document of the page is an in-page reference; every such reference has its target.
  const ids = new Set(all.map((e) => attr(e, 'id')).filter(Boolean));
  const local = main.filter((e) => e.tagName === 'a' && (attr(e, 'href') ?? '').startsWith('#'));
  assert.ok(local.length >= expected.length, `${local.length} in-page links`);
  for (const a of local) assert.ok(ids.has(attr(a, 'href').slice(1)), attr(a, 'href'));
  for (const a of main.filter((e) => e.tagName === 'a' && attr(e, 'href')))
  {
    const to = target(from, attr(a, 'href')) ?? '';
    assert.ok(to.startsWith('diarienummer/') || !expected.includes(`dokument-${to.split('/').at(-2)}`), attr(a, 'href'));
  }
  // The meeting page links it, once.
  const links = page(out, 'sammantraden/tu-2020-11-20/index.html').main.filter((e) => e.tagName === 'a' && text(e) === 'Skriv ut hela handlingarna');
  assert.equal(links.length, 1, 'print links on the meeting page');
  assert.equal(target('sammantraden/tu-2020-11-20/index.html', attr(links[0], 'href')), from);
});
