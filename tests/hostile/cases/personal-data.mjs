// Personal identity numbers the Markdown source does not show as such, but the site publishes:
// in file names, site.toml, theme asset names, archive entry names, attributes, the search
// store, behind Unicode dashes and spaces, escapes, entities, inline markup and raw HTML. Each
// stops the build (exit 1, nothing written) with the number masked, at its place in the source.
// Every number here has a valid Luhn check digit.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { counted, docket, limitMs, site, theme } from '../harness.mjs';

// "line:column" (1-based, columns in code points) of the first `needle` in `text`.
function at(text, needle) {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`${needle} not in the text`);
  const lines = text.slice(0, i).split('\n');
  return `${lines.length}:${[...lines[lines.length - 1]].length + 1}`;
}

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// The error for `date` (shown with `sep` and a masked serial) at `where` ("file" or "file:l:c").
const error = (where, date, sep = '-') =>
  `^${esc(where)}: error: possible personal identity number "${esc(date + sep)}\\*\\*\\*\\*" \\(GDPR\\)`;
const page = (title, body, extra = '') => `+++\ntitle = ${JSON.stringify(title)}\n${extra}+++\n\n${body}\n`;

// Word's en dash, the other dashes and minus, and the spaces that can stand for the hyphen.
const dashes = {
  'en dash': ['770130', '\u2013', '1744'],
  'em dash': ['880909', '\u2014', '9404'],
  'minus sign': ['991111', '\u2212', '6482'],
  'non-breaking hyphen': ['600303', '\u2011', '1967'],
  'hyphen': ['730606', '\u2010', '4747'],
  'no-break space': ['850825', '\u00a0', '6966'],
  'narrow no-break space': ['910417', '\u202f', '1591'],
  'thin space': ['661201', '\u2009', '6193'],
  'spaces around a figure dash': ['19500101', ' \u2012 ', '3191'],
};
const dashText = page('Streck', Object.entries(dashes).map(([name, [d, s, n]]) => `Med ${name}: ${d}${s}${n}.`).join('\n\n'));

// Markdown that parts a number in the source but not in the published text.
const markup = {
  backslash: ['791031\\-1385', '791031'],
  'emphasis on the serial': ['830323-**1883**', '830323'],
  'emphasis on the date': ['*950505*-5443', '950505'],
  'decimal entity': ['680707&#45;5285', '680707'],
  'hex entity': ['580220&#x2011;1714', '580220'],
  'named entity': ['711102&ndash;3466', '711102'],
};
const markupText = page('Markup', Object.entries(markup).map(([name, [s]]) => `Med ${name}: ${s}.`).join('\n\n'));

// Attributes: a link's title and address, an image's alt text and address.
const attributeText = page('Attribut', [
  '[Länk](https://example.org/ "Ärende 811218\u20134315")',
  '![Bild på 701003\\-2543](https://example.org/bild.png)',
  '[Adress](https://example.org/?pnr=640521%E2%80%935044)',
  '![Bild](https://example.org/920229%2D7660.png)',
].join('\n\n'));
const attributes = [['811218\u2013', '811218'], ['701003\\-', '701003'], ['640521%', '640521'], ['920229%', '920229']];

const rawText = page('Rå HTML', '<p>Sökande 550714-<b>1496</b> i ett block.</p>\n\nOch 770130<em>-1744</em> i en rad.');

const meeting = (body) => page('Sammanträde', body, 'kind = "meeting"\nbody = "Utskottet"\ndate = 2020-11-20\n');

export const cases = [
  {
    name: 'personnummer-file-name',
    description: 'a personnummer in a file name: the name becomes the page id and its address',
    make: () => site('personnummer-file-name', { '811218-4315.md': page('Anmälan', 'Text utan nummer.') }),
    expect: { exit: 1, stderr: [error('content/811218-****.md', '811218') + ' in the file name'], stderr_not: ['4315'] },
  },
  {
    name: 'personnummer-asset-name',
    description: 'a personnummer in the name of a theme asset copied into the output and the offline zip',
    make: () => {
      const dir = site('personnummer-asset-name');
      fs.cpSync(theme, path.join(dir, 'tema'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'tema', 'assets', '701003-2543.pdf'), 'pdf\n');
      fs.writeFileSync(path.join(dir, 'site.toml'), 'title = "Tema"\nlanguage = "sv"\ntheme = "tema"\n\n[search]\nenabled = false\n');
      return dir;
    },
    expect: { exit: 1, stderr: [error('tema/assets/701003-****.pdf', '701003') + ' in the file name'], stderr_not: ['2543'] },
  },
  {
    name: 'personnummer-site-toml',
    description: 'personnummer in site.toml: the title and organisation (every page), the site id (the zips\' names)',
    make: () => {
      const dir = site('personnummer-site-toml');
      fs.writeFileSync(path.join(dir, 'site.toml'), 'title = "Nämnd 640521-5044"\nlanguage = "sv"\n' +
        'organisation = "Förvaltning 920229\u20137660"\nsite_id = "arkiv-550714-1496"\n' +
        `theme = ${JSON.stringify(theme)}\n\n[search]\nenabled = false\n`);
      return dir;
    },
    expect: {
      exit: 1,
      stderr: [error('site.toml:1:16', '640521'), error('site.toml:3:29', '920229'), error('site.toml:4:18', '550714')],
      stderr_not: ['5044', '7660', '1496'],
    },
  },
  {
    name: 'personnummer-unicode-dashes-spaces',
    description: 'personnummer written with Unicode dashes, the minus sign, or spaces in place of the hyphen',
    make: () => site('personnummer-unicode-dashes-spaces', { 'streck.md': dashText }),
    expect: {
      exit: 1,
      stderr: Object.values(dashes).map(([d, s]) =>
        error(`content/streck.md:${at(dashText, d)}`, d, s.replace(/\s/g, ' ').replace(/[\u2010-\u2015\u2212]/, '-'))),
      stderr_not: Object.values(dashes).map(([, , n]) => n),
    },
  },
  {
    name: 'personnummer-markdown-markup',
    description: 'personnummer parted by a backslash escape, emphasis or a character entity in the source',
    make: () => site('personnummer-markdown-markup', { 'markup.md': markupText }),
    expect: {
      exit: 1,
      stderr: Object.values(markup).map(([s, d]) => error(`content/markup.md:${at(markupText, s.replace(/^\*/, ''))}`, d) + ' in the published text'),
      stderr_not: ['1385', '1883', '5443', '5285', '1714', '3466'],
    },
  },
  {
    name: 'personnummer-raw-html',
    description: 'personnummer parted by raw HTML elements (raw_html = true)',
    make: () => {
      const dir = site('personnummer-raw-html', { 'ra.md': rawText });
      fs.appendFileSync(path.join(dir, 'site.toml'), '\n[markdown]\nraw_html = true\n');
      return dir;
    },
    expect: {
      exit: 1,
      stderr: [error(`content/ra.md:${at(rawText, '550714')}`, '550714'), error(`content/ra.md:${at(rawText, '770130')}`, '770130')],
      stderr_not: ['1496', '1744'],
    },
  },
  {
    name: 'personnummer-attributes',
    description: 'personnummer in a link title, an image alt text, a link address and an image address (percent-encoded)',
    make: () => site('personnummer-attributes', { 'attribut.md': attributeText }),
    expect: {
      exit: 1,
      stderr: attributes.map(([s, d]) => error(`content/attribut.md:${at(attributeText, s)}`, d)),
      stderr_not: ['4315', '2543', '5044', '7660'],
    },
  },
  {
    name: 'personnummer-search-store',
    description: 'a personnummer in the text the search index and store publish',
    make: () => {
      const dir = site('personnummer-search-store', { 'ansokan.md': page('Sökbar', 'Ärendet gäller 660112\\-5138 enligt ansökan.') });
      fs.writeFileSync(path.join(dir, 'site.toml'), `title = "Sök"\nlanguage = "sv"\ntheme = ${JSON.stringify(theme)}\n`);
      return dir;
    },
    expect: { exit: 1, stderr: [error('content/ansokan.md:5:16', '660112') + ' in the published text'], stderr_not: ['5138'] },
  },
  {
    name: 'personnummer-archive-entry-name',
    description: 'a personnummer in a folder name that only the meeting pack publishes (its data/source/ entry names)',
    make: () => site('personnummer-archive-entry-name', {
      'moten/sammantrade.md': meeting('Dagordning: [[bilaga]].'),
      '791031-1385/bilaga.md': page('Bilaga', 'Bilagans text.'),
    }),
    expect: { exit: 1, stderr: [error('content/791031-****/bilaga.md', '791031') + ' in the file name'], stderr_not: ['1385'] },
  },
  {
    name: 'personnummer-base-url',
    description: 'a personnummer in base_url, which only the packs publish (links to pages outside a pack go there)',
    make: () => {
      const dir = site('personnummer-base-url', {
        'moten/a.md': meeting('Se också [[b]].'),
        'moten/b.md': meeting('Ett annat sammanträde.'),
      });
      fs.writeFileSync(path.join(dir, 'site.toml'), 'title = "Bas"\nlanguage = "sv"\nbase_url = "https://example.org/811218-4315/"\n' +
        `theme = ${JSON.stringify(theme)}\n\n[search]\nenabled = false\n`);
      return dir;
    },
    expect: { exit: 1, stderr: [error('site.toml:3:33', '811218')], stderr_not: ['4315'] },
  },
  {
    name: 'personnummer-allowed-page-only',
    description: 'a page that allows personnummer may publish them (its title on other pages too); the other pages may not',
    make: () => site('personnummer-allowed-page-only', {
      'tillatet.md': page('Beslut 830323\u20131883', 'Testperson 830323\u20131883.', 'allow_personal_numbers = true\n'),
      'annan.md': page('Annan', 'Se [[tillatet]] och 950505\\-5443.'),
    }),
    expect: {
      exit: 1,
      stderr: [error('content/annan.md:5:21', '950505') + ' in the published text'],
      stderr_not: ['tillatet\\.md', '1883', '5443'],
    },
  },
  {
    name: 'personnummer-check-and-pack',
    description: '`docket check` reports a number only the rendered text shows, and `docket pack` writes no pack holding one',
    run: () => {
      const body = 'Dagordning: [[bilaga]].';
      const dir = site('personnummer-check-and-pack', {
        'moten/mote.md': meeting(body),
        'bilaga.md': page('Bilaga', 'Sökande 880909\\-9404 enligt bilagan.'),
      });
      const expected = new RegExp(error('content/bilaga.md:5:9', '880909'), 'm');
      const check = spawnSync(docket, ['check', '--source', dir], { encoding: 'utf8', timeout: limitMs });
      counted();
      assert.equal(check.status, 1, check.stderr);
      assert.match(check.stderr, expected);
      const zip = path.join(dir, '..', 'personnummer-pack.zip');
      const pack = spawnSync(docket, ['pack', 'mote', '--source', dir, '-o', zip], { encoding: 'utf8', timeout: limitMs });
      counted();
      assert.equal(pack.status, 1, pack.stderr);
      assert.match(pack.stderr, expected);
      assert.doesNotMatch(check.stderr + pack.stderr, /9404/);
      assert.ok(!fs.existsSync(zip), 'the pack was written');
      assert.deepEqual(fs.readdirSync(path.dirname(zip)).filter((f) => f.includes('personnummer-pack')), [], 'a temporary file was left');
    },
  },
];
