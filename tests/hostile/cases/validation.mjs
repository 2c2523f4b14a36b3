// Generated cases: validation gaps. Every key of every [[table]], strings that look like type
// names, all of a file's front matter errors in one run, the command line's numbers and paths,
// URLs in site.toml, the environment, time zones, and Unicode normalisation of names.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { counted, docket, listFiles, site, work } from '../harness.mjs';

// Runs docket with `args` and `env` (replacing the whole environment when `replace`).
function run(args, env = {}, replace = false) {
  counted();
  const r = spawnSync(docket, args, { encoding: 'utf8', env: replace ? env : { ...process.env, NO_COLOR: '1', ...env } });
  assert.equal(r.signal, null, `docket ${args.join(' ')}: killed by ${r.signal}\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /Sanitizer|runtime error:|terminate called/, r.stderr);
  return r;
}

// A site with a meeting (so that builds write a pack and the offline zip), made once per name.
function meetingSite(name) {
  const dir = path.join(work, 'gen', name);
  if (fs.existsSync(dir)) return dir;
  return site(name, {
    'meetings/tu-2021-03-28.md': '+++\ntitle = "Sammanträde"\nkind = "meeting"\nbody = "Trygghetsutskottet"\n' +
      'date = 2021-03-28\n\n[[agenda]]\nsection = "Rapporter"\ntitle = "Rapport"\n+++\n',
  });
}

// The bytes of every zip a build writes, by path.
function zipsOf(out) {
  return Object.fromEntries(listFiles(out).filter((f) => f.endsWith('.zip')).map((f) => [f, fs.readFileSync(path.join(out, f))]));
}

const outDir = (name) => fs.mkdtempSync(path.join(work, `${name}-`));

const meeting = (agenda) =>
  `+++\ntitle = "Sammanträde"\nkind = "meeting"\nbody = "Trygghetsutskottet"\ndate = 2020-11-20\n${agenda}+++\n`;

export const cases = [
  {
    name: 'agenda-rows-validated',
    description: 'every [[agenda]] table is checked against the content model, each error at its line:col',
    make: () => site('agenda-rows-validated', {
      'm.md': meeting('\n[[agenda]]\nsection = 5\ntitle = "Ett"\nsektion = "Rapporter"\n\n[[agenda]]\n\n' +
        '[[agenda]]\nsection = "Rapporter"\ntitle = "Tre"\nnumber = "3"\nincluded = "nej"\n'),
    }),
    expect: {
      exit: 1,
      stderr: [
        '^content/m\\.md:8:1: error: "section" in \\[\\[agenda\\]\\] must be a string, found integer$',
        '^content/m\\.md:10:1: error: unknown key "sektion" in \\[\\[agenda\\]\\] \\(kind meeting\\)$',
        '^content/m\\.md:12:1: error: missing required key "section" in \\[\\[agenda\\]\\] \\(kind meeting\\)$',
        '^content/m\\.md:12:1: error: missing required key "title" in \\[\\[agenda\\]\\] \\(kind meeting\\)$',
        '^content/m\\.md:17:1: error: "number" in \\[\\[agenda\\]\\] must be an integer, found string$',
        '^content/m\\.md:18:1: error: "included" in \\[\\[agenda\\]\\] must be a boolean, found string$',
      ],
    },
  },
  {
    name: 'indicator-rows-validated',
    description: 'every [[indicators]] table of a goal is checked too',
    make: () => site('indicator-rows-validated', {
      'g.md': '+++\ntitle = "Delmål"\nkind = "goal"\nplan = "p"\nnumber = 1\nfocus = "Fokus"\n' +
        'indicators = [{ text = "a" }, { text = 1, measure = "m", x = 2 }]\n+++\n',
      'p.md': '+++\ntitle = "Plan"\nkind = "plan"\ndate = 2020-01-01\n+++\n',
    }),
    expect: {
      exit: 1,
      stderr: [
        '^content/g\\.md:7:15: error: missing required key "measure" in \\[\\[indicators\\]\\] \\(kind goal\\)$',
        '^content/g\\.md:7:33: error: "text" in \\[\\[indicators\\]\\] must be a string, found integer$',
        '^content/g\\.md:7:58: error: unknown key "x" in \\[\\[indicators\\]\\] \\(kind goal\\)$',
      ],
    },
  },
  {
    name: 'string-value-table',
    description: 'a string whose value is "table" is a string like any other',
    make: () => site('string-value-table', {
      'tabell.md': '+++\ntitle = "table"\nsummary = "table"\n+++\n\nEn sida om ordet table.\n',
    }),
    expect: { exit: 0, files: { 'tabell/index.html': { contains: ['<h1>table</h1>', 'En sida om ordet table.'] } } },
  },
  {
    name: 'front-matter-every-error',
    description: 'one front matter error (a wrong list item, a table key) does not hide the file\'s other errors',
    make: () => site('front-matter-every-error', {
      'a.md': '+++\ntitle = 5\nkind = "case"\nproposal = ["a", 1]\nmeta = { a = 1 }\nfel = "x"\n+++\n',
    }),
    expect: {
      exit: 1,
      stderr: [
        '^content/a\\.md:1:1: error: missing required key "diarienummer" \\(kind case\\)$',
        '^content/a\\.md:2:1: error: "title" must be a string, found integer$',
        '^content/a\\.md:4:18: error: "proposal" must be a list of strings, found integer$',
        '^content/a\\.md:5:1: error: unknown key "meta" \\(kind case\\)$',
        '^content/a\\.md:6:1: error: unknown key "fel" \\(kind case\\)$',
      ],
    },
  },
  {
    name: 'cli-jobs-strict',
    description: '--jobs takes a whole number from 1 to 1024, all digits: anything else is a usage error (exit 2)',
    run: () => {
      const dir = meetingSite('cli-jobs-strict');
      for (const jobs of ['2abc', '0', '-1', '+2', '1.5', '', ' 2', '1025', '99999999999', '18446744073709551617']) {
        for (const args of [['build', '--source', dir, '--out', path.join(outDir('jobs'), 'o')],
          ['pack', 'tu-2021-03-28', '-o', path.join(work, 'jobs.zip'), '--source', dir]]) {
          const r = run([...args, '--jobs', jobs]);
          assert.equal(r.status, 2, `--jobs "${jobs}": ${r.stderr}`);
          assert.match(r.stderr, /^docket: --jobs needs a whole number from 1 to 1024 \(found ".*"\)$/m, r.stderr);
        }
      }
      const ok = run(['build', '--source', dir, '--out', path.join(outDir('jobs'), 'o'), '--jobs', '2']);
      assert.equal(ok.status, 0, ok.stderr);
    },
  },
  {
    name: 'cli-source-not-a-directory',
    description: '--source naming a file or a missing directory is a usage error (exit 2) for build, check, pack and new',
    run: () => {
      const file = path.join(work, 'source-is-a-file.txt');
      fs.writeFileSync(file, 'not a site\n');
      const missing = path.join(work, 'no-such-site');
      const commands = [['build', '--out', path.join(outDir('source'), 'o')], ['check'],
        ['pack', 'tu-2021-03-28', '-o', path.join(work, 'source.zip')], ['new', 'page', 'ny']];
      for (const command of commands) {
        const f = run([...command, '--source', file]);
        assert.equal(f.status, 2, `${command[0]} --source FILE: ${f.stderr}`);
        assert.match(f.stderr, /^docket: --source ".*source-is-a-file\.txt" is not a directory$/m, f.stderr);
        const m = run([...command, '--source', missing]);
        assert.equal(m.status, 2, `${command[0]} --source MISSING: ${m.stderr}`);
        assert.match(m.stderr, /^docket: --source ".*no-such-site": no such directory$/m, m.stderr);
        assert.ok(!fs.existsSync(missing), `${command[0]} created the missing source directory`);
      }
      assert.equal(fs.readFileSync(file, 'utf8'), 'not a site\n');
    },
  },
  {
    name: 'env-source-date-epoch-malformed',
    description: 'a malformed SOURCE_DATE_EPOCH is a usage error, never a silent other date; an empty one counts as unset',
    run: () => {
      const dir = meetingSite('env-source-date-epoch');
      for (const value of ['abc', '-1', '1e9', '99999999999999999999', ' 1616898600', '1616898600x', '0x10']) {
        for (const args of [['build', '--source', dir, '--out', path.join(outDir('epoch'), 'o')],
          ['pack', 'tu-2021-03-28', '-o', path.join(work, 'epoch.zip'), '--source', dir]]) {
          const r = run(args, { SOURCE_DATE_EPOCH: value });
          assert.equal(r.status, 2, `SOURCE_DATE_EPOCH="${value}": ${r.stderr}`);
          assert.match(r.stderr, /^docket: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 \(found ".*"; unset it to use the meeting's date\)$/m);
        }
      }
      // Empty is unset: the zips carry the meeting's date, exactly as without the variable.
      const env = { ...process.env, NO_COLOR: '1' };
      delete env.SOURCE_DATE_EPOCH;
      const unset = outDir('epoch-unset'), empty = outDir('epoch-empty');
      assert.equal(run(['build', '--source', dir, '--out', path.join(unset, 'o')], env, true).status, 0);
      assert.equal(run(['build', '--source', dir, '--out', path.join(empty, 'o')], { ...env, SOURCE_DATE_EPOCH: '' }, true).status, 0);
      assert.deepEqual(zipsOf(path.join(empty, 'o')), zipsOf(path.join(unset, 'o')));
      const info = spawnSync('zipinfo', [path.join(unset, 'o', 'docket-offline.zip')], { encoding: 'utf8' });
      if (info.error?.code !== 'ENOENT') assert.match(info.stdout, / 21-Mar-28 00:00 /);
    },
  },
  {
    name: 'zip-time-zones-dst-gap',
    description: 'SOURCE_DATE_EPOCH in a daylight saving gap: the same zip bytes under TZ=UTC, Europe/Stockholm and an invalid TZ, HOME unset',
    run: () => {
      const dir = meetingSite('zip-time-zones');
      // 2021-03-28T02:30:00Z: 02:30 does not exist in Stockholm that night.
      const base = { PATH: process.env.PATH, NO_COLOR: '1', SOURCE_DATE_EPOCH: '1616898600' };
      const builds = {};
      for (const [label, env] of Object.entries({
        utc: { ...base, TZ: 'UTC' },
        stockholm: { ...base, TZ: 'Europe/Stockholm' },
        'new-york': { ...base, TZ: 'America/New_York' },
        invalid: { ...base, TZ: 'Nowhere/Garbage', LANG: 'xx_XX.garbage', LC_ALL: 'garbage' },
        'colon-zone': { ...base, TZ: ':Europe/Stockholm' }, // HOME is not set in any of these
      })) {
        const out = path.join(outDir(`tz-${label}`), 'o');
        const r = run(['build', '--source', dir, '--out', out], env, true);
        assert.equal(r.status, 0, `${label}: ${r.stderr}`);
        builds[label] = zipsOf(out);
      }
      assert.deepEqual(Object.keys(builds.utc).sort(), ['docket-offline.zip', 'sammantraden/tu-2021-03-28/docket-tu-2021-03-28.zip']);
      for (const [label, zips] of Object.entries(builds))
        for (const [f, bytes] of Object.entries(builds.utc)) assert.ok(zips[f].equals(bytes), `${f} differs between TZ=UTC and ${label}`);
      const zip = path.join(work, 'tz-check.zip');
      fs.writeFileSync(zip, builds.stockholm['docket-offline.zip']);
      const info = spawnSync('zipinfo', [zip], { encoding: 'utf8', env: { ...base, TZ: 'UTC' } });
      if (info.error?.code === 'ENOENT') return; // the bytes above are still compared
      const lines = info.stdout.split('\n').filter((l) => /^-/.test(l));
      assert.ok(lines.length > 5, info.stdout);
      for (const l of lines) assert.match(l, / 21-Mar-28 02:30 /, l);
    },
  },
  {
    name: 'env-no-color-empty',
    description: 'NO_COLOR set but empty does not turn colour off (no-color.org); any other value does',
    run: () => {
      const dir = site('env-no-color', { 'fel.md': '+++\ntitle = 5\n+++\n' });
      const tty = (noColor) => {
        counted();
        // `script` gives docket a terminal, where it colours its errors.
        const r = spawnSync('script', ['-qec', `${JSON.stringify(docket)} check --source ${JSON.stringify(dir)}`, '/dev/null'],
          { encoding: 'utf8', env: { ...process.env, NO_COLOR: noColor } });
        return r;
      };
      const probe = tty('');
      if (probe.error?.code === 'ENOENT') return; // no `script`: no terminal to test with
      assert.match(probe.stdout, /\x1b\[1;31merror:/, 'NO_COLOR="" turned colour off');
      assert.doesNotMatch(tty('1').stdout, /\x1b\[/, 'NO_COLOR=1 left colour on');
      assert.doesNotMatch(tty('garbage \u00e5').stdout, /\x1b\[/, 'NO_COLOR=garbage left colour on');
    },
  },
  {
    name: 'site-toml-javascript-urls',
    description: 'base_url, report_url and [urls] segments that would become javascript: links are errors at their keys',
    make: () => {
      const dir = site('site-toml-javascript-urls');
      const toml = fs.readFileSync(path.join(dir, 'site.toml'), 'utf8');
      fs.writeFileSync(path.join(dir, 'site.toml'), 'base_url = "javascript:alert(1)//"\n' + toml +
        '\n[urls]\npage = "javascript:alert(2)"\n\n[accessibility]\nservice = "s"\nstatus = "delvis förenlig"\n' +
        'contact = "a@example.org"\nreport_url = " JAVASCRIPT:alert(3)"\n');
      return dir;
    },
    expect: {
      exit: 1,
      stderr: [
        '^site\\.toml:1:1: error: "base_url" must be an address starting with https:// or http:// \\(found "javascript:alert\\(1\\)//"\\)$',
        '^site\\.toml:\\d+:1: error: "page" in \\[urls\\] must be empty or lowercase ASCII letters, digits and \'-\' \\(found "javascript:alert\\(2\\)"\\)$',
        '^site\\.toml:\\d+:1: error: "report_url" must be an address starting with https://, http:// or mailto: \\(found " JAVASCRIPT:alert\\(3\\)"\\)$',
      ],
    },
  },
  {
    name: 'site-toml-site-id-href',
    description: 'a site_id that would make the offline zip\'s link a javascript: URL is an error at its key',
    make: () => {
      const dir = site('site-toml-site-id-href');
      fs.writeFileSync(path.join(dir, 'site.toml'), 'site_id = "javascript:alert(1)"\n' + fs.readFileSync(path.join(dir, 'site.toml'), 'utf8'));
      return dir;
    },
    expect: {
      exit: 1,
      stderr: ['^site\\.toml:1:1: error: "site_id" must be lowercase ASCII letters, digits and \'-\' \\(found "javascript:alert\\(1\\)"\\)$'],
      stderr_not: ['refusing an entry name'],
    },
  },
  {
    name: 'nfd-headings-and-sections',
    description: 'headings and required sections written with decomposed letters (a + U+030A) are the composed ones',
    make: () => site('nfd-headings-and-sections', {
      'a.md': '+++\ntitle = "Sida A"\n+++\n\n## A\u030atga\u0308rder\n\nText.\n',
      'b.md': '+++\ntitle = "B"\n+++\n\nSe [[a#atgarder]].\n',
      'plan.md': '+++\ntitle = "Plan"\nkind = "plan"\ndate = 2020-01-01\n+++\n',
      'omrade.md': '+++\ntitle = "Område"\nkind = "area"\nplan = "plan"\nnumber = "1"\n+++\n\n## Definition\n\n' +
        '## Ma\u030al och syfte\n\n## Utmaningar och prioritering\n\n## A\u030ataganden\n\n## Uppfo\u0308ljning\n',
    }),
    expect: {
      exit: 0,
      files: {
        'b/index.html': { contains: ['href="../a/index.html#atgarder"', '\u00c5tg\u00e4rder'] },
        'a/index.html': { contains: ['<h2 id="atgarder">\u00c5tg\u00e4rder</h2>'], not_contains: ['\u030a'] },
      },
    },
  },
  {
    name: 'nfd-file-name-link',
    description: 'a link written with composed letters reaches a file whose name is decomposed on disk (as macOS writes it)',
    make: () => site('nfd-file-name-link', {
      'a\u030a-sida.md': '+++\ntitle = "\u00c5-sida"\nid = "a-sida"\n+++\n\nHej.\n',
      'b.md': '+++\ntitle = "B"\n+++\n\nSe [filen](\u00e5-sida.md).\n',
    }),
    expect: { exit: 0, files: { 'b/index.html': { contains: ['href="../a-sida/index.html"'] } } },
  },
  {
    name: 'nfc-nfd-file-name-collision',
    description: 'two files whose names differ only in Unicode normalisation are an error naming both',
    make: () => site('nfc-nfd-file-name-collision', {
      '\u00e5.md': '+++\ntitle = "Ett"\nid = "ett"\n+++\n\nEtt.\n',
      'a\u030a.md': '+++\ntitle = "Två"\nid = "tva"\n+++\n\nTvå.\n',
    }),
    expect: {
      exit: 1,
      stderr: ['^content/(\u00e5|a\u030a)\\.md: error: the file name differs from content/(\u00e5|a\u030a)\\.md only in Unicode normalisation'],
    },
  },
];
