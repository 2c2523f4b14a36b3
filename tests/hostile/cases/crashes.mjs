// Generated cases: input that crashed, exhausted memory or took quadratic time (issue 13, "Crashes"
// and the link stage), and thread limits.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyTheme, counted, docket, isRoot, limitMs, listFiles, root, site, themedSite, useTheme, work } from '../harness.mjs';

const page = (title, body) => `+++\ntitle = "${title}"\n+++\n\n${body}\n`;

// Runs docket with `args`; asserts it ended by itself, within the time limit, without a crash.
function runDocket(args, { prefix = [], env = {}, binary = docket } = {}) {
  const [command, ...rest] = [...prefix, binary, ...args];
  const r = spawnSync(command, rest, {
    encoding: 'utf8', timeout: limitMs, maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1', ...env },
  });
  counted();
  const where = `docket ${args.join(' ')}: exited ${r.status ?? r.signal}\n${r.stderr}`;
  assert.equal(r.error?.code, undefined, `${where}\n(did not finish)`);
  assert.equal(r.signal, null, `${where}\n(killed by a signal: a crash)`);
  assert.ok(r.status < 128, `${where}\n(a crash)`);
  assert.doesNotMatch(r.stderr, /Sanitizer|runtime error:|terminate called|Segmentation|Aborted/, where);
  return { ...r, where };
}

// page.html with `markup` before its closing </article>.
function addToPage(templates, markup) {
  const file = path.join(templates, 'page.html');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('</article>', `${markup}\n</article>`));
}

// A site whose relations run in circles: cases that attach each other and themselves, a case
// attaching its meeting, follow-ups that link each other and name a case that attaches them, a
// decision sharing a case's diarienummer, terms whose texts mention each other, pages linking to
// themselves. `parents` gives each area's parent ("" for none).
function cycleSite(name, parents) {
  const area = (id, number) => `+++\ntitle = "Område ${id}"\nkind = "area"\nplan = "p"\nnumber = "${number}"\n` +
    (parents[id] ? `parent = "${parents[id]}"\n` : '') + `+++\n\n## Definition\n\nSe [[${id}]] och [[f1]].\n\n` +
    '## Mål och syfte\n\n## Utmaningar och prioritering\n\n## Åtaganden\n\n## Uppföljning\n\nSe [[f2]].\n';
  const kase = (id, d, attachments, item) => `+++\ntitle = "Ärende ${id}"\nkind = "case"\ndiarienummer = "${d}"\n` +
    `date = 2020-11-03\nunit = "U"\nofficer = "O"\nmeeting = "m"\nitem = ${item}\nproposal = ["Förslag"]\n` +
    `attachments = ${JSON.stringify(attachments)}\n+++\n\n## Sammanfattning\n\nSe ${d} och [[${id}]].\n\n## Ärendet\n\nText.\n`;
  const followup = (id, areaId, caseId, other) => `+++\ntitle = "Uppföljning ${id}"\nkind = "followup"\narea = "${areaId}"\n` +
    `period = "${id === 'f1' ? 2020 : 2021}"\ncase = "${caseId}"\n+++\n\n## Uppföljning\n\nSe [[${areaId}]], [[${other}]] och [[${id}]].\n`;
  const agenda = ['x', 'y', 'z'].map((c) => `\n[[agenda]]\nsection = "Beslutsärenden"\ntitle = "Punkt ${c}"\ncase = "${c}"\n`);
  const dir = site(name, {
    'p.md': '+++\ntitle = "Planen"\nkind = "plan"\ndate = 2020-01-01\n+++\n\nPlanen [[p]].\n',
    'a.md': area('a', '1'), 'b.md': area('b', '1.1'), 'c.md': area('c', '1.2'),
    'f1.md': followup('f1', 'a', 'x', 'f2'), 'f2.md': followup('f2', 'b', 'y', 'f1'),
    'x.md': kase('x', 'KS 20/0001', ['y', 'f1'], 1), 'y.md': kase('y', 'KS 20/0002', ['x', 'y'], 2),
    'z.md': kase('z', 'KS 20/0003', ['z', 'm'], 3),
    'd.md': '+++\ntitle = "Beslut"\nkind = "decision"\nbody = "KS"\nparagraph = 1\ndate = 2020-01-01\n' +
      'diarienummer = "KS 20/0001"\n+++\n\n## Beslut\n\nOm KS 20/0001 och [[d]].\n',
    'm.md': `+++\ntitle = "Mötet"\nkind = "meeting"\nbody = "TU"\ndate = 2020-11-20\n${agenda.join('')}+++\n\nMötet [[m]].\n`,
    't1.md': '+++\ntitle = "Alfa"\nkind = "term"\nterm = "alfa"\naliases = ["beta"]\n+++\n\nAlfa är beta, se gamma.\n',
    't2.md': '+++\ntitle = "Gamma"\nkind = "term"\nterm = "gamma"\n+++\n\nGamma är alfa.\n',
  });
  return dir;
}

// A language tag of about 40 kB that is valid (subtags of one to eight letters) and one that is not.
const longTag = 'en' + '-abcdefgh'.repeat(4500);
const longBadTag = 'en-' + 'a'.repeat(40000);

export const cases = [
  {
    name: 'lang-span-40kb',
    description: 'a 40 kB {lang=…} span (std::regex recursion crashed build and check) is checked in linear time',
    run: () => {
      const dir = site('lang-span-40kb', {
        'lang.md': page('Språk', `Ett [långt ord]{lang=${longTag}} här.\n\nEtt [annat]{lang=${longBadTag}} där.\n\n` +
          `[${'Business Improvement District '.repeat(1400)}]{lang=en}`),
      });
      const check = runDocket(['check', '--source', dir]);
      assert.equal(check.status, 0, check.where);
      const out = path.join(work, 'lang-span-40kb-out');
      const build = runDocket(['build', '--source', dir, '--out', out]);
      assert.equal(build.status, 0, build.where);
      const html = fs.readFileSync(path.join(out, 'lang', 'index.html'), 'utf8');
      assert.ok(html.includes(`<span lang="${longTag}">långt ord</span>`), 'the valid tag makes a span');
      assert.ok(html.includes(`[annat]{lang=${longBadTag}}`), 'the invalid tag stays text');
      assert.ok(html.includes('<span lang="en">Business Improvement District '), 'a 40 kB text in a span');
      fs.rmSync(out, { recursive: true, force: true });
    },
  },
  {
    name: 'lang-span-in-table-cell',
    description: 'a {lang=…} span in a table cell (cmark-gfm refuses it there: its text was lost, its nodes leaked) keeps its text',
    make: () => site('lang-span-in-table-cell', {
      'tabell.md': page('Tabell', '| Ord | Mening |\n|---|---|\n| Ett [Business Improvement District]{lang=en} här | *[kursiv]{lang=en}* |'),
    }),
    expect: {
      exit: 0,
      stderr: ['^content/tabell\\.md:7:3: warning: a \\[text\\]\\{lang=...\\} span in a table cell cannot carry its language'],
      files: { 'tabell/index.html': { contains: ['<td>Ett Business Improvement District här</td>', '<em><span lang="en">kursiv</span></em>'] } },
    },
  },
  {
    name: 'link-stage-open-brackets-800kb',
    description: '"[" × 800 kB: the link stage is linear (it searched for "]]" from every "[": 7 s)',
    make: () => site('link-stage-open-brackets-800kb', { 'klammer.md': page('Klammer', '['.repeat(800_000)) }),
    // Quadratic, the build took 6 s of CPU; linear, well under one.
    expect: { exit: 0, limit_factor: 0.15, files: { 'klammer/index.html': { contains: ['[[[['] } } },
  },
  {
    name: 'link-stage-wiki-openers-2.4mb',
    description: '"[[ " × 2.4 MB: the link stage is linear (47 s before)',
    make: () => site('link-stage-wiki-openers-2.4mb', { 'wiki.md': page('Wiki', '[[ '.repeat(800_000)) }),
    // Quadratic, the build took 47 s. Linear, most of its CPU is cmark-gfm's own parse of the
    // 1.6 million nodes (a calloc each) and the page faults of that AST: 2.6-2.9 s of CPU here
    // with the previous binary and with this one alike, and 3070 ms in CI's run beside other
    // suites. A quarter of the 20 s limit (5 s) is still a ninth of the quadratic build.
    expect: { exit: 0, limit_factor: 0.25, files: { 'wiki/index.html': { contains: ['[[ [[ [['] } } },
  },
  {
    name: 'foreign-syntax-2.4mb',
    description: 'shortcodes and raw HTML, 240,000 on one line of 2.4 MB, then one never closed: found, counted and placed in linear time',
    make: () => site('foreign-syntax-2.4mb', {
      'kortkoder.md': page('Kortkoder', '{{< a >}} <b>x</b> '.repeat(120_000) + '{{< oavslutad ' + '{{< b '.repeat(100_000)),
    }),
    // Five warnings, then the count of the rest at the third <b>: two runs of 19 characters and
    // "{{< a >}} " before it.
    expect: {
      exit: 0, limit_factor: 0.15,
      stderr: ["^content/kortkoder\\.md:5:49: warning: 239996 more of other tools' syntax in this file from here on, not listed \\(119998 shortcodes, 119998 raw HTML elements dropped\\)"],
      files: { 'kortkoder/index.html': { contains: ['x x x'] } },
    },
  },
  {
    name: 'link-stage-100000-wiki-links',
    description: '100,000 wiki links in one paragraph: columns are counted once, not from the start for each link',
    make: () => site('link-stage-100000-wiki-links', {
      'lankar.md': page('Länkar', '[[start|x]] '.repeat(100_000) + '[[okand]]'),
    }),
    // The error is at the column of the last link: 100,000 links of 12 characters before it.
    expect: { exit: 1, limit_factor: 0.15, stderr: ['^content/lankar\\.md:5:1200001: error: unknown page "okand"'] },
  },
  {
    name: 'link-stage-40000-heading-links',
    description: '40,000 headings, each linked by [[#id]]: headings and ids are looked up by hash (34 s before)',
    make: () => site('link-stage-40000-heading-links', {
      'rubriker.md': page('Rubriker', Array.from({ length: 40_000 }, (_, k) => `## R${k}\n\n[[#r${k}]]\n`).join('\n')),
    }),
    expect: { exit: 0, limit_factor: 0.25, files: { 'rubriker/index.html': { contains: ['href="#r39999"'] } } },
  },
  {
    name: 'partials-include-each-other-twice',
    description: '31 partials, each including the next twice, stop at the inlined-size limit (before: bad_alloc)',
    make: () => themedSite('partials-include-each-other-twice', (templates) => {
      for (let k = 0; k < 31; k++) {
        const next = `_p${k + 1}`;
        fs.writeFileSync(path.join(templates, `_p${k}.html`), k === 30 ? '<span>x</span>'
          : `<div>\n<span data-include="${next}"/>\n<span data-include="${next}"/>\n</div>\n`);
      }
      addToPage(templates, '<div data-include="_p0"></div>');
    }),
    expect: {
      exit: 1,
      stderr: ['/templates/_p\\d+\\.html:[23]:1: error: data-include="_p\\d+": the partials inlined into one template pass 1048576 bytes'],
    },
  },
  {
    name: 'partials-cycle',
    description: 'partials that include each other in a cycle: an error at the data-include that closes it',
    make: () => themedSite('partials-cycle', (templates) => {
      fs.writeFileSync(path.join(templates, '_a.html'), '<div>\n  <p data-include="_b"/>\n</div>\n');
      fs.writeFileSync(path.join(templates, '_b.html'), '<div>\n\n<p data-include="_a"/>\n</div>\n');
      addToPage(templates, '<div data-include="_a"></div>');
    }),
    expect: {
      exit: 1,
      stderr: ['/templates/_b\\.html:3:1: error: data-include="_a" closes a cycle of partials: _a -> _b -> _a$',
        '/templates/_a\\.html:2:3: error: data-include="_b" closes a cycle of partials: _b -> _a -> _b$'],
    },
  },
  {
    name: 'template-nesting-100000',
    description: 'a template of 100,000 nested elements: an error, not a stack overflow',
    make: () => themedSite('template-nesting-100000', (templates) => {
      addToPage(templates, '<div>'.repeat(100_000) + '</div>'.repeat(100_000));
    }),
    // <article> is the first level, so the 256th <div>, at column 255 × 5 + 1, is the 257th.
    expect: { exit: 1, stderr: ['/templates/page\\.html:6:1276: error: elements nest deeper than 256 levels'] },
  },
  {
    name: 'term-alias-blank',
    description: 'a term alias, term or title of only white space (an invisible link after "text.  Med") is an error at its position',
    make: () => site('term-alias-blank', {
      'start.md': page('Start', 'En text.  Med två mellanslag, och\u00a0ett hårt.'),
      'tomt.md': '+++\ntitle = "Tomt"\nkind = "term"\nterm = "tomt"\naliases = ["tomma",\n  " ", "\u00a0"]\n+++\n\nEn term.\n',
      'blank.md': '+++\ntitle = "\u200b"\nkind = "term"\nterm = "\t"\n+++\n\nEn annan.\n',
    }),
    expect: {
      exit: 1,
      stderr: ['^content/tomt\\.md:6:3: error: "aliases" is blank', '^content/tomt\\.md:6:8: error: "aliases" is blank',
        '^content/blank\\.md:2:1: error: "title" is blank', '^content/blank\\.md:4:1: error: "term" is blank'],
    },
  },
  {
    name: 'relation-cycles',
    description: 'relations in circles (cases attaching each other and themselves, follow-ups, terms, self-links) build in full',
    make: () => {
      const dir = cycleSite('relation-cycles', { b: 'a', c: 'a' });
      fs.writeFileSync(path.join(dir, 'site.toml'), fs.readFileSync(path.join(dir, 'site.toml'), 'utf8')
        .replace('enabled = false', 'enabled = true'));
      return dir;
    },
    expect: {
      exit: 0,
      files: {
        // The plan lists its areas as a tree: b and c in a list inside a's item.
        'planer/p/index.html': {
          contains: ['<ul><li><a href="../../omraden/a/index.html">1 Område a</a>\n<ul><li><a href="../../omraden/b/index.html">' +
            '1.1 Område b</a></li><li><a href="../../omraden/c/index.html">1.2 Område c</a></li></ul></li></ul>'],
        },
        // The meeting's pack: every case and what they attach, reached over the cycles.
        'sammantraden/m/docket-m.zip': { contains: ['arenden/x/index.html', 'arenden/z/index.html', 'uppfoljning/f1/index.html'] },
        'arenden/y/index.html': { contains: ['../../arenden/x/index.html'] },
        'omraden/a/index.html': { contains: ['Uppföljning f1'] },
      },
    },
  },
  {
    name: 'area-parent-cycles',
    description: 'an area that is its own parent, and two that are each other\'s: errors at "parent" (they vanished from the plan)',
    make: () => cycleSite('area-parent-cycles', { a: 'b', b: 'a', c: 'c' }),
    expect: {
      exit: 1,
      stderr: ['^content/a\\.md:6:1: error: "parent" names "b", which has a parent of its own \\("a"\\)',
        '^content/b\\.md:6:1: error: "parent" names "a", which has a parent of its own \\("b"\\)',
        '^content/c\\.md:6:1: error: "parent" names the area itself'],
    },
  },
  {
    name: 'jobs-1000-thread-limit',
    description: '--jobs 1000 where the system creates only a few threads: the build goes on with the threads it has',
    run: () => {
      // As root the process limit does not apply: the build runs as an unused user id, which
      // then has room for the process and three threads.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docket-hostile-jobs-'));
      try {
        fs.chmodSync(dir, 0o777);
        const source = path.join(dir, 'source');
        fs.cpSync(site('jobs-1000-thread-limit', Object.fromEntries(Array.from({ length: 60 },
          (_, k) => [`s${k}.md`, page(`Sida ${k}`, `Text som länkar till [[start]] och [[s${(k + 1) % 60}]].`)]))),
        source, { recursive: true });
        // Everything the other user reads is copied here (the clone may be where only root can
        // read, as under /root): the theme, lunr.js from npm and docket itself.
        copyTheme(path.join(source, 'theme'));
        useTheme(source, 'theme');
        for (const pkg of ['lunr', 'lunr-languages'])
          fs.cpSync(path.join(root, 'node_modules', pkg), path.join(source, 'node_modules', pkg), { recursive: true });
        const binary = path.join(dir, 'docket');
        fs.copyFileSync(docket, binary);
        fs.chmodSync(binary, 0o755);
        fs.writeFileSync(path.join(source, 'site.toml'), fs.readFileSync(path.join(source, 'site.toml'), 'utf8')
          .replace('enabled = false', 'enabled = true'));
        const reference = runDocket(['build', '--source', source, '--out', path.join(dir, 'reference')]);
        assert.equal(reference.status, 0, reference.where);
        const prefix = isRoot
          ? ['prlimit', '--nproc=4', 'setpriv', '--reuid=59999', '--regid=59999', '--clear-groups']
          : ['prlimit', '--nproc=1'];
        // Not root: the user's other processes may leave no room at all, not even for the leak
        // checker's thread at exit.
        const env = isRoot ? {} : { ASAN_OPTIONS: `${process.env.ASAN_OPTIONS ?? ''}:detect_leaks=0` };
        const limited = runDocket(['build', '--source', source, '--out', path.join(dir, 'limited'), '--jobs', '1000'],
          { prefix, env, binary });
        assert.equal(limited.status, 0, limited.where);
        const files = listFiles(path.join(dir, 'reference'));
        assert.deepEqual(listFiles(path.join(dir, 'limited')), files);
        for (const f of files)
          assert.ok(fs.readFileSync(path.join(dir, 'reference', f)).equals(fs.readFileSync(path.join(dir, 'limited', f))),
            `${f} differs from the unlimited build`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
