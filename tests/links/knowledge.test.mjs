// The knowledge base: relations shown both ways, terms linked and listed, the glossary, and no
// broken links — checked on the built HTML, and by an independent checker (Debian's linkchecker).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { docket, listFiles, repo, tempDir } from '../lib/docket.mjs';

let out;
const html = (p) => readFileSync(join(out, p), 'utf8');
const links = (p) => [...html(p).matchAll(/<a [^>]*href="([^"]+)"/g)].map((m) => m[1]);
// The page a relative link from page p points to ("omraden/x/index.html").
function target(p, href) {
  const parts = p.split('/').slice(0, -1);
  for (const seg of href.split('#')[0].split('/')) {
    if (seg === '..') parts.pop();
    else if (seg && seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}
const linksTo = (p, q) => links(p).some((h) => target(p, h) === q);
function frontMatter(file) {
  const text = readFileSync(join(repo, 'content', file), 'utf8');
  return text.slice(4, text.indexOf('\n+++', 3));
}
const key = (fm, k) => new RegExp(`^${k}\\s*=\\s*"([^"]*)"`, 'm').exec(fm)?.[1];
// The inner HTML of the first <div class="body">, up to its matching </div>.
function bodyOf(page) {
  const h = html(page);
  const start = h.indexOf('<div class="body">');
  if (start < 0) return '';
  let depth = 0;
  const re = /<(\/?)div[ >]/g;
  re.lastIndex = start;
  for (let m; (m = re.exec(h));) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return h.slice(start + 18, m.index);
  }
  return '';
}
const pagesOf = (dir) => listFiles(join(repo, 'content', dir)).map((f) => ({ id: f.replace(/\.md$/, ''), fm: frontMatter(`${dir}/${f}`) }));

before(() => {
  out = join(tempDir(), 'public');
  const r = docket(['build', '--quiet', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
});

test('broken wiki links, anchors and Markdown links: five file:line:col errors in one run', () => {
  const r = docket(['check', '--source', 'tests/links/fixture']);
  assert.equal(r.code, 1);
  const errors = r.stderr.split('\n').filter((l) => /^content\/[ab]\.md:\d+:\d+: error: /.test(l));
  assert.deepEqual(errors, [
    'content/a.md:6:4: error: unknown page "finns-inte" in [[finns-inte]]',
    'content/a.md:6:23: error: unknown page "saknas-ocksa" in [[saknas-ocksa|text]]',
    'content/a.md:8:28: error: unknown page "tredje-saknade" in [[tredje-saknade#rubrik]]',
    'content/b.md:6:29: error: unknown heading "#andra" in [[a#andra]] (content/a.md has no such heading id)',
    'content/b.md:8:5: error: link to missing file "c.md"',
  ]);
});

test('every area links to its plan and its follow-ups, and each links back', () => {
  const areas = pagesOf('areas');
  const followups = pagesOf('followups');
  assert.ok(areas.length >= 22);
  for (const a of areas) {
    const page = `omraden/${a.id}/index.html`;
    const plan = `planer/${key(a.fm, 'plan')}/index.html`;
    assert.ok(linksTo(page, plan), `${page} does not link to ${plan}`);
    assert.ok(linksTo(plan, page), `${plan} does not link to ${page}`);
    for (const f of followups.filter((f) => key(f.fm, 'area') === a.id)) {
      const fp = `uppfoljning/${f.id}/index.html`;
      assert.ok(linksTo(page, fp), `${page} does not link to ${fp}`);
      assert.ok(linksTo(fp, page), `${fp} does not link to ${page}`);
    }
  }
  for (const f of followups) {
    const fp = `uppfoljning/${f.id}/index.html`;
    assert.ok(linksTo(fp, `arenden/${key(f.fm, 'case')}/index.html`), `${fp} does not link to its case`);
  }
  // An area page shows what was planned beside what was done.
  const area = html('omraden/4-2-trygghetsvandring/index.html');
  assert.match(area, /<section class="followups"[\s\S]*Under våren 2020 har vandringar genomförts i Brunna och Bro/);
});

test('KS 20/0600 links to the meeting and both attachments; the meeting links every included item', () => {
  const c = 'arenden/ks-20-0600/index.html';
  for (const t of ['sammantraden/tu-2020-11-20/index.html', 'planer/samverkansoverenskommelse-2020/index.html', 'planer/atgardsplan-2020/index.html'])
    assert.ok(linksTo(c, t), `${c} does not link to ${t}`);
  const m = 'sammantraden/tu-2020-11-20/index.html';
  for (const id of ['ks-20-0600', 'ks-20-0129', 'ks-20-0649', 'ks-20-0726']) {
    assert.ok(linksTo(m, `arenden/${id}/index.html`), `meeting does not link to ${id}`);
    assert.ok(linksTo(`arenden/${id}/index.html`, m), `${id} does not link to the meeting`);
  }
  // Backlinks: the plan shows what refers to it, grouped by kind.
  assert.match(html('planer/atgardsplan-2020/index.html'), /<h2 id="refereras-fran">Refereras från<\/h2>[\s\S]*<h3>Ärenden<\/h3>/);
});

test('every term in the pack is linked somewhere, and its page lists every page that mentions it', () => {
  const terms = pagesOf('terms');
  assert.ok(terms.length >= 30);
  const pages = listFiles(out).filter((f) => f.endsWith('index.html') && f.split('/').length === 3 && !f.startsWith('begrepp/'));
  // Body text outside headings, links, code and footnote markers.
  const body = {};
  for (const p of pages) {
    body[p] = bodyOf(p)
      .replace(/<a [^>]*class="term"[^>]*>([\s\S]*?)<\/a>/g, '$1')
      .replace(/<(h[1-6]|a|code)[ >][\s\S]*?<\/\1>/g, ' ')
      .replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&');
  }
  let linked = 0;
  for (const t of terms) {
    const fm = t.fm;
    const forms = [key(fm, 'term'), ...[...(/^aliases\s*=\s*\[([^\]]*)\]/m.exec(fm)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1])];
    const termPage = `begrepp/${t.id}/index.html`;
    const escaped = forms.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const lowerFirst = forms.every((f) => f[0] === f[0].toLowerCase());
    const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, lowerFirst ? 'iu' : 'u');
    const mentioning = pages.filter((p) => re.test(body[p]));
    if (mentioning.length === 0) continue;
    assert.ok(pages.some((p) => linksTo(p, termPage)), `no page links to ${termPage}`);
    const listed = /<section class="mentions"[\s\S]*?<\/section>/.exec(html(termPage))?.[0] ?? '';
    for (const p of mentioning) {
      const rel = `../../${p}`;
      assert.ok(listed.includes(`href="${rel}"`), `${termPage} does not list ${p}, which mentions it`);
    }
    ++linked;
  }
  console.log(`knowledge: ${linked} of ${terms.length} terms occur in page text; each is linked and lists its pages`);
  assert.ok(linked >= 30);
});

test('begrepp/: at least 30 terms A–Ö in Swedish order with jump links, and a link to every area definition', () => {
  const g = html('begrepp/index.html');
  const terms = [...g.matchAll(/<dt><a href="[^"]+">([^<]+)<\/a><\/dt>/g)].map((m) => m[1]);
  assert.ok(terms.length >= 30, `${terms.length} terms`);
  const sorted = [...terms].sort(new Intl.Collator('sv').compare);
  assert.deepEqual(terms, sorted);
  const letters = [...g.matchAll(/<h3 id="(bokstav-[a-z]+)">([^<]+)<\/h3>/g)];
  for (const [, id] of letters) assert.ok(g.includes(`href="#${id}"`), `no jump link to ${id}`);
  const areas = pagesOf('areas').filter((a) => !/^group\s*=\s*true/m.test(a.fm));
  for (const a of areas) {
    assert.ok(g.includes(`href="../omraden/${a.id}/index.html#definition"`), `glossary lacks ${a.id}`);
    assert.match(html(`omraden/${a.id}/index.html`), /<h2 id="definition">Definition<\/h2>/);
  }
  // Linked, not inlined: the glossary stays small as the areas grow (the area's definition
  // past its first sentence, which is the term trygghetsvandring's short definition).
  assert.doesNotMatch(g.replace(/<[^>]+>/g, ''), /Grundtanken är att de som bor och verkar i lokalsamhället/);
  assert.match(html('omraden/4-2-trygghetsvandring/index.html').replace(/<[^>]+>/g, ''), /Grundtanken är att de som bor och verkar i lokalsamhället/);
});

test('begrepp/: each term with its short definition: an abbreviation\'s expansion, else the first sentence of its text', () => {
  const g = html('begrepp/index.html');
  const entry = (id) => new RegExp(`<div id="${id}"><dt>.*?</div>`).exec(g)?.[0] ?? '';
  const short = (id) => /<dd class="term-short">([^<]*)<\/dd>/.exec(entry(id))?.[1];
  // The text's first paragraph introduces a quotation ("I Åtgärdsplan 2020, 4.2
  // Trygghetsvandring, Definition:"): the definition is the quotation's first sentence.
  assert.equal(short('trygghetsvandring'),
    'Trygghetsvandringar innebär att en grupp människor går igenom ett område och systematiskt inventerar det ur trygghetssynpunkt.');
  assert.equal(short('grannsamverkan'),
    'Grannsamverkan har blivit ett samlingsnamn för åtgärder som innebär att de boende i ett område bildar ett brottsförebyggande nätverk.');
  // An abbreviation is defined by its expansion alone.
  assert.match(entry('est'), /<dd>Effektiv Samordning för Trygghet<\/dd><\/div>$/);
  assert.equal(short('est'), undefined);
  // Every term of the real site has one or the other, each a sentence of at most 160 characters.
  const terms = pagesOf('terms');
  for (const t of terms) {
    const e = entry(t.id);
    assert.ok(/<dd( lang="[^"]+")?>[^<]+<\/dd>|<dd class="term-short">[^<]+<\/dd>/.test(e), `${t.id}: ${e}`);
    assert.ok([...(short(t.id) ?? '')].length <= 161, t.id);
  }
  assert.doesNotMatch(g, /Beskrivs på begreppets sida/);
  console.log(`knowledge: ${terms.length} terms in the glossary, each with its short definition`);
});

test('an independent checker (linkchecker) finds no broken internal links or anchors', () => {
  // Run as root, linkchecker drops privileges to "nobody": the temporary tree must be readable.
  chmodSync(dirname(out), 0o755);
  const config = join(tempDir(), 'linkcheckerrc');
  chmodSync(dirname(config), 0o755);
  writeFileSync(config, '[checking]\nthreads=4\n[AnchorCheck]\n');
  const r = spawnSync('linkchecker', ['-f', config, '--no-status', '-o', 'text', '--ignore-url=^mailto:', '--ignore-url=^https?:', join(out, 'index.html')], { encoding: 'utf8', timeout: 600000 });
  if (r.error) throw r.error;
  const summary = /(\d+) links? in (\d+) URLs? checked\. (\d+) warnings? found\. (\d+) errors? found/.exec(r.stdout + r.stderr);
  console.log(`linkchecker: ${summary?.[0] ?? 'no summary'}`);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.ok(summary && Number(summary[2]) > 300 && summary[3] === '0' && summary[4] === '0', r.stdout + r.stderr);
});
