// The output directory docket owns (docs/architecture.md, "The output directory"): a directory it
// did not write is refused, files it did not write are kept, a killed build is repaired on the
// next start, two builds into one output do not interleave, odd output paths work or fail
// clearly, and the single files of `docket pack` and `docket index` never replace what they
// should not.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beside, copyTheme, counted, docket, listFiles, marker, previousOutput, site, useTheme, work } from '../harness.mjs';

// One run of docket; { status, stderr }.
function dk(args, options = {}) {
  counted();
  const r = spawnSync(docket, args, { encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' }, ...options });
  assert.equal(r.error, undefined, `docket ${args.join(' ')}: ${r.error}`);
  assert.equal(r.signal, null, `docket ${args.join(' ')} was killed: ${r.stderr}`);
  return r;
}

// A fresh directory for one case, with a small site in it.
function place(name, files) {
  const dir = fs.mkdtempSync(path.join(work, `${name}-`));
  return { dir, source: site(`${name}-${path.basename(dir)}`, files) };
}

// The marker's list of files, and the files of the directory (the marker aside).
function markerList(out) {
  const lines = fs.readFileSync(path.join(out, marker), 'utf8').split('\n').filter(Boolean);
  assert.equal(lines[0], 'docket-output 1');
  return lines.slice(1);
}
const filesOf = (out) => listFiles(out).filter((f) => f !== marker);

const read = (...p) => fs.readFileSync(path.join(...p), 'utf8');

// Many pages, so that a build takes long enough to be stopped in the middle.
function bigSite(name, pages) {
  const files = {};
  for (let i = 0; i < pages; i++)
    files[`sida-${i}.md`] = `+++\ntitle = "Sida ${i}"\n+++\n\n${'Trygghet i Kungsängen och [[start]]. '.repeat(200)}\n`;
  return place(name, files);
}

export const cases = [
  {
    name: 'output-foreign-refused',
    description: 'an existing non-empty directory docket did not write is refused, and left as it was',
    run: () => {
      const { dir, source } = place('foreign');
      const out = path.join(dir, 'dokument');
      fs.mkdirSync(path.join(out, 'privat'), { recursive: true });
      fs.writeFileSync(path.join(out, 'brev.txt'), 'mitt brev\n');
      fs.writeFileSync(path.join(out, 'privat', 'dagbok.txt'), 'min dagbok\n');
      const r = dk(['build', '--source', source, '--out', out]);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /dokument: error: refusing to build into this directory: it is not empty and docket did not write it/);
      assert.deepEqual(listFiles(out), ['brev.txt', 'privat/dagbok.txt']);
      assert.equal(read(out, 'brev.txt'), 'mitt brev\n');
      assert.deepEqual(beside(dir), ['dokument'], 'debris beside the output');
    },
  },
  {
    name: 'output-foreign-force',
    description: '--force builds into a foreign directory: its files are kept, those at the site\'s paths replaced',
    run: () => {
      const { dir, source } = place('force');
      const out = path.join(dir, 'www');
      fs.mkdirSync(path.join(out, 'bilder'), { recursive: true });
      fs.writeFileSync(path.join(out, 'CNAME'), 'example.org\n');
      fs.writeFileSync(path.join(out, 'bilder', 'logo.svg'), '<svg/>\n');
      fs.writeFileSync(path.join(out, 'index.html'), 'gammal startsida\n');
      const r = dk(['build', '--source', source, '--out', out, '--force']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(read(out, 'CNAME'), 'example.org\n');
      assert.equal(read(out, 'bilder', 'logo.svg'), '<svg/>\n');
      assert.match(read(out, 'index.html'), /<!DOCTYPE html>/);
      // The kept files are not docket's: the marker does not list them, so the next build keeps them too.
      assert.ok(!markerList(out).includes('CNAME'));
      const again = dk(['build', '--source', source, '--out', out]);
      assert.equal(again.status, 0, again.stderr);
      assert.equal(read(out, 'CNAME'), 'example.org\n');
      assert.deepEqual(beside(dir), ['www'], 'debris beside the output');
    },
  },
  {
    name: 'output-unknown-files-kept',
    description: 'files added to docket\'s output by hand survive a rebuild; pages that are gone are removed',
    run: () => {
      const { dir, source } = place('kept', { 'gammal.md': '+++\ntitle = "Gammal"\n+++\n\nSnart borta.\n' });
      const out = path.join(dir, 'public');
      assert.equal(dk(['build', '--source', source, '--out', out]).status, 0);
      assert.ok(fs.existsSync(path.join(out, 'gammal', 'index.html')));
      fs.writeFileSync(path.join(out, 'robots.txt'), 'User-agent: *\n');
      fs.mkdirSync(path.join(out, 'filer', 'arkiv'), { recursive: true });
      fs.writeFileSync(path.join(out, 'filer', 'arkiv', 'protokoll.pdf'), '%PDF-1.4\n');
      fs.writeFileSync(path.join(out, 'assets', 'egen.css'), 'body{}\n'); // beside docket's files
      fs.rmSync(path.join(source, 'content', 'gammal.md'));
      const r = dk(['build', '--source', source, '--out', out]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(read(out, 'robots.txt'), 'User-agent: *\n');
      assert.equal(read(out, 'filer', 'arkiv', 'protokoll.pdf'), '%PDF-1.4\n');
      assert.equal(read(out, 'assets', 'egen.css'), 'body{}\n');
      assert.ok(!fs.existsSync(path.join(out, 'gammal')), 'the removed page is still published');
      const listed = markerList(out);
      assert.deepEqual(filesOf(out).filter((f) => !listed.includes(f)).sort(),
        ['assets/egen.css', 'filer/arkiv/protokoll.pdf', 'robots.txt']);
      assert.deepEqual(beside(dir), ['public'], 'debris beside the output');
    },
  },
  {
    name: 'output-unknown-file-collides',
    description: 'a file docket did not write, at a path the new site writes, stops the build; nothing changes',
    run: () => {
      const { dir, source } = place('collide');
      const out = path.join(dir, 'public');
      assert.equal(dk(['build', '--source', source, '--out', out]).status, 0);
      // Written by hand where the next build writes a page.
      fs.mkdirSync(path.join(out, 'ny'));
      fs.writeFileSync(path.join(out, 'ny', 'index.html'), 'handskriven\n');
      fs.writeFileSync(path.join(source, 'content', 'ny.md'), '+++\ntitle = "Ny"\n+++\n\nNy sida.\n');
      const before = listFiles(out);
      const r = dk(['build', '--source', source, '--out', out]);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /public\/ny\/index\.html: error: the new site has a file here, and docket did not write the one that is there/);
      assert.deepEqual(listFiles(out), before);
      assert.equal(read(out, 'ny', 'index.html'), 'handskriven\n');
      assert.deepEqual(beside(dir), ['public'], 'debris beside the output');
    },
  },
  {
    name: 'output-empty-directory',
    description: 'an existing empty directory is a fine output',
    run: () => {
      const { dir, source } = place('empty');
      const out = path.join(dir, 'tom');
      fs.mkdirSync(out);
      const r = dk(['build', '--source', source, '--out', out]);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(fs.existsSync(path.join(out, 'index.html')));
      assert.equal(fs.statSync(out).mode & 0o777, 0o777 & ~process.umask(), 'the output is not readable as a new directory is');
    },
  },
  {
    name: 'output-trailing-slash',
    description: '--out dir/ and output = "public/" in site.toml build (they failed with "Invalid argument")',
    run: () => {
      const { dir, source } = place('slash');
      const r = dk(['build', '--source', source, '--out', path.join(dir, 'ut') + '/']);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(fs.existsSync(path.join(dir, 'ut', 'index.html')));
      fs.appendFileSync(path.join(source, 'site.toml'), '');
      const toml = read(source, 'site.toml').replace(/^title = /m, 'output = "webb/"\ntitle = ');
      fs.writeFileSync(path.join(source, 'site.toml'), toml);
      const s = dk(['build', '--source', source]);
      assert.equal(s.status, 0, s.stderr);
      assert.ok(fs.existsSync(path.join(source, 'webb', 'index.html')));
    },
  },
  {
    name: 'output-dot',
    description: '--out . from an empty directory builds there (it failed with "Device or resource busy")',
    run: () => {
      const { dir, source } = place('dot');
      const cwd = path.join(dir, 'har');
      fs.mkdirSync(cwd);
      const r = dk(['build', '--source', source, '--out', '.'], { cwd });
      assert.equal(r.status, 0, r.stderr);
      assert.ok(fs.existsSync(path.join(cwd, 'index.html')));
      const again = dk(['build', '--source', source, '--out', '.'], { cwd });
      assert.equal(again.status, 0, again.stderr);
      assert.deepEqual(beside(dir), ['har'], 'debris beside the output');
    },
  },
  {
    name: 'output-symlink',
    description: 'an output that is a symbolic link to docket\'s output: the directory it names is replaced, the link stays',
    run: () => {
      const { dir, source } = place('link');
      const real = path.join(dir, 'webbrot');
      assert.equal(dk(['build', '--source', source, '--out', real]).status, 0);
      fs.symlinkSync('webbrot', path.join(dir, 'public'));
      fs.writeFileSync(path.join(source, 'content', 'ny.md'), '+++\ntitle = "Ny"\n+++\n\nNy sida.\n');
      const r = dk(['build', '--source', source, '--out', path.join(dir, 'public')]);
      assert.equal(r.status, 0, r.stderr);
      assert.ok(fs.lstatSync(path.join(dir, 'public')).isSymbolicLink(), 'the link was replaced');
      assert.ok(fs.existsSync(path.join(real, 'ny', 'index.html')));
      assert.deepEqual(beside(dir).sort(), ['public', 'webbrot'], 'debris beside the output');
    },
  },
  {
    name: 'output-name-too-long',
    description: 'an output name near the file-name length limit fails clearly and leaves nothing',
    run: () => {
      const { dir, source } = place('long');
      const out = path.join(dir, 'x'.repeat(250));
      const r = dk(['build', '--source', source, '--out', out]);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /: error: the output directory's name is too long/);
      assert.deepEqual(beside(dir), []);
    },
  },
  {
    name: 'output-mount-point',
    description: 'a mount point (/proc) as the output is refused before anything is written',
    run: () => {
      assert.match(read('/proc/self/mountinfo'), / \/proc /, '/proc is not a mount point here');
      const { source } = place('mount');
      const r = dk(['build', '--source', source, '--out', '/proc']);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /^\/proc: error: the output directory is a mount point/m);
    },
  },
  {
    name: 'output-stranded-old-restored',
    description: 'a previous output left aside by a build killed between its renames is restored, with its own files',
    run: () => {
      const { dir, source } = place('stranded');
      const out = path.join(dir, 'public');
      assert.equal(dk(['build', '--source', source, '--out', out]).status, 0);
      fs.writeFileSync(path.join(out, 'CNAME'), 'example.org\n');
      fs.renameSync(out, path.join(dir, '.public.docket-Ab12Cd-old')); // as the kill left it
      const r = dk(['build', '--source', source, '--out', out]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /public: warning: restored the previous output, which a stopped build left in \.public\.docket-Ab12Cd-old/);
      assert.equal(read(out, 'CNAME'), 'example.org\n');
      assert.ok(fs.existsSync(path.join(out, 'index.html')));
      assert.deepEqual(beside(dir), ['public'], 'debris beside the output');
    },
  },
  {
    name: 'output-debris-cleaned',
    description: 'staging directories of killed builds are removed on the next start; directories without docket\'s marker are not',
    run: () => {
      const { dir, source } = place('debris');
      const out = path.join(dir, 'public');
      const staging = path.join(dir, '.public.docket-Zz99Yy');
      fs.mkdirSync(path.join(staging, 'planer'), { recursive: true });
      fs.writeFileSync(path.join(staging, marker), 'docket-staging 1\n');
      fs.writeFileSync(path.join(staging, 'planer', 'stor.bin'), Buffer.alloc(1 << 20));
      const foreign = path.join(dir, '.public.docket-anvandarens');
      fs.mkdirSync(foreign);
      fs.writeFileSync(path.join(foreign, 'viktigt.txt'), 'rör ej\n');
      const r = dk(['build', '--source', source, '--out', out]);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(beside(dir).sort(), ['.public.docket-anvandarens', 'public']);
      assert.equal(read(foreign, 'viktigt.txt'), 'rör ej\n');
    },
  },
  {
    name: 'output-spare-not-docket',
    description: 'a directory at the spare\'s name without docket\'s marker is neither staged in nor removed',
    run: () => {
      const { dir, source } = place('spare');
      const out = path.join(dir, 'public');
      const spare = path.join(dir, '.public.docket-spare');
      fs.mkdirSync(path.join(spare, 'planer'), { recursive: true });
      fs.writeFileSync(path.join(spare, 'planer', 'index.html'), 'min egen\n');
      for (let i = 0; i < 3; i++) assert.equal(dk(['build', '--source', source, '--out', out]).status, 0);
      assert.deepEqual(listFiles(spare), ['planer/index.html']);
      assert.equal(read(spare, 'planer', 'index.html'), 'min egen\n');
      assert.deepEqual(fs.readdirSync(dir).sort(), ['.public.docket-spare', 'public']);
    },
  },
  {
    name: 'output-killed-builds',
    description: 'builds killed at random moments: the output is always a whole site, and the next build leaves no debris',
    run: async () => {
      const { dir, source } = bigSite('killed', 1500);
      const out = path.join(dir, 'public');
      assert.equal(dk(['build', '--source', source, '--out', out, '--quiet']).status, 0);
      const first = read(out, marker);
      fs.writeFileSync(path.join(out, 'CNAME'), 'example.org\n');
      const lengths = [];
      for (let i = 0; i < 8; i++) {
        fs.appendFileSync(path.join(source, 'content', 'start.md'), `\nRad ${i}.\n`);
        const child = spawn(docket, ['build', '--source', source, '--out', out, '--quiet'], { stdio: 'ignore' });
        counted();
        await new Promise((resolve) => setTimeout(resolve, 50 + 120 * i));
        child.kill('SIGKILL');
        await new Promise((resolve) => child.on('exit', resolve));
        // Killed or finished, the output is a whole site: its marker lists exactly its files.
        assert.ok(fs.existsSync(path.join(out, 'index.html')), `after kill ${i}: no output`);
        lengths.push(fs.readdirSync(dir).length);
        assert.deepEqual(filesOf(out).filter((f) => f !== 'CNAME').sort(), markerList(out).sort(), `after kill ${i}`);
      }
      assert.equal(markerList(out).length, first.split('\n').filter(Boolean).length - 1);
      const r = dk(['build', '--source', source, '--out', out, '--quiet']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(read(out, 'CNAME'), 'example.org\n');
      assert.deepEqual(beside(dir), ['public'], `debris beside the output (entries after each kill: ${lengths})`);
    },
  },
  {
    name: 'output-concurrent-builds',
    description: 'three builds into one output at once all succeed, one after the other, and leave one whole site',
    run: async () => {
      const { dir, source } = bigSite('concurrent', 400);
      const out = path.join(dir, 'public');
      const runs = await Promise.all([0, 1, 2].map(() => new Promise((resolve) => {
        counted();
        const child = spawn(docket, ['build', '--source', source, '--out', out, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => { stderr += d; });
        child.on('exit', (status) => resolve({ status, stderr }));
      })));
      for (const r of runs) assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(filesOf(out).sort(), markerList(out).sort());
      assert.deepEqual(beside(dir), ['public'], 'debris beside the output');
    },
  },
  {
    name: 'output-write-error-reason',
    description: 'a write that fails says why (here: the file size limit), and the previous output stays',
    run: () => {
      const { dir, source } = place('full', { 'stor.md': '+++\ntitle = "Stor"\n+++\n\n' + 'Mycket text. '.repeat(20000) + '\n' });
      const out = path.join(dir, 'public');
      previousOutput(out, 'förra\n');
      // SIGXFSZ ignored (inherited through exec), so a write past the limit fails with EFBIG.
      const r = spawnSync('bash', ['-c', 'trap "" XFSZ; ulimit -f 64; exec "$@"', 'bash', docket, 'build', '--source', source, '--out', out],
        { encoding: 'utf8', timeout: 120_000 });
      counted();
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /error: cannot write file: File too large/);
      assert.deepEqual(listFiles(out), [marker, 'sentinel.txt']);
      assert.deepEqual(beside(dir), ['public'], 'debris beside the output');
    },
  },
  {
    name: 'output-search-corpus-inside',
    description: '--emit-search-corpus inside the output is refused (the swap would delete it)',
    run: () => {
      const { dir, source } = place('corpus');
      fs.writeFileSync(path.join(source, 'site.toml'), read(source, 'site.toml').replace('enabled = false', 'enabled = true'));
      const out = path.join(dir, 'public');
      previousOutput(out, 'förra\n');
      const r = dk(['build', '--source', source, '--out', out, '--no-archives', '--emit-search-corpus', path.join(out, 'korpus.json')]);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /korpus\.json: error: --emit-search-corpus names a file inside the output directory/);
      assert.deepEqual(listFiles(out), [marker, 'sentinel.txt']);
    },
  },
  {
    name: 'index-output-not-shared',
    description: 'docket index writes through its own temporary file: a user\'s INDEX.json.tmp is neither used nor deleted',
    run: () => {
      const { dir } = place('index');
      const corpus = path.join(dir, 'korpus.json');
      fs.writeFileSync(corpus, JSON.stringify({ ref: 'id', fields: [{ name: 'title' }], documents: [{ id: 'a', title: 'Trygghet' }] }));
      fs.writeFileSync(path.join(dir, 'index.json.tmp'), 'användarens fil\n');
      const r = dk(['index', corpus, '-o', path.join(dir, 'index.json')]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(JSON.parse(read(dir, 'index.json')).version, '2.3.9');
      assert.equal(read(dir, 'index.json.tmp'), 'användarens fil\n');
      assert.deepEqual(beside(dir).sort(), ['index.json', 'index.json.tmp', 'korpus.json']);
    },
  },
  ...['index', 'pack'].map((command) => ({
    name: `${command}-output-fifo`,
    description: `docket ${command} -o a FIFO (as /dev/null, a device) writes into it instead of replacing it with a file`,
    run: async () => {
      const { dir, source } = place(`${command}-fifo`);
      const fifo = path.join(dir, 'ror');
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
      const reader = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', fifo, path.join(dir, 'last')]);
      let args;
      if (command === 'index') {
        const corpus = path.join(dir, 'korpus.json');
        fs.writeFileSync(corpus, JSON.stringify({ ref: 'id', fields: [{ name: 'title' }], documents: [{ id: 'a', title: 'Trygghet' }] }));
        args = ['index', corpus, '-o', fifo];
      } else {
        fs.writeFileSync(path.join(source, 'content', 'mote.md'),
          '+++\nkind = "meeting"\ntitle = "Möte"\ndate = 2020-11-20\nbody = "Utskottet"\n+++\n\n## Dagordning\n\nInga ärenden.\n');
        args = ['pack', 'mote', '--source', source, '-o', fifo];
      }
      const r = spawnSync(docket, args, { encoding: 'utf8', timeout: 120_000 });
      counted();
      // The reader ends when docket closes the FIFO (a replaced FIFO never gets a writer).
      const ended = await new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), 10_000);
        reader.on('exit', () => { clearTimeout(timer); resolve(true); });
      });
      if (!ended) reader.kill();
      assert.equal(r.status, 0, r.stderr);
      assert.ok(fs.lstatSync(fifo).isFIFO(), 'the FIFO was replaced');
      assert.ok(ended, 'nothing was written into the FIFO');
      const got = fs.readFileSync(path.join(dir, 'last'));
      if (command === 'index') assert.equal(JSON.parse(got).version, '2.3.9');
      else assert.equal(got.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
    },
  })),
];

// Found by reading, as an attacker: symbolic links in the theme, in node_modules and through
// `docket new`; file names that are legal on disk but not in a zip or a BagIt manifest.

// A copy of the real theme beside a site, so that the case can plant links in it.
function themedSite(name, files) {
  const p = place(name, files);
  const theme = copyTheme(path.join(p.dir, 'tema'));
  useTheme(p.source, theme);
  return { ...p, theme };
}

cases.push(
  {
    name: 'theme-asset-symlink-outside',
    description: 'a theme asset that is a symbolic link to a file outside the theme is an error, never published',
    run: () => {
      const { dir, source, theme } = themedSite('theme-link');
      const secret = path.join(dir, 'hemlig.txt');
      fs.writeFileSync(secret, 'HEMLIGT-LOSENORD\n');
      fs.symlinkSync(secret, path.join(theme, 'assets', 'hemlig.css'));
      const out = path.join(dir, 'public');
      const r = dk(['build', '--source', source, '--out', out]);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /assets\/hemlig\.css: error: symbolic link points outside the theme's assets directory/);
      assert.ok(!fs.existsSync(out), 'something was written');
    },
  },
  {
    name: 'node-modules-symlink-outside',
    description: 'lunr.js in the site\'s node_modules linked to a file outside node_modules is not published',
    run: () => {
      const { dir, source } = place('npm-link');
      fs.writeFileSync(path.join(source, 'site.toml'), read(source, 'site.toml').replace('enabled = false', 'enabled = true'));
      const secret = path.join(dir, 'hemlig.js');
      fs.writeFileSync(secret, '// HEMLIGT-LOSENORD\n');
      for (const f of ['lunr/lunr.min.js', 'lunr-languages/min/lunr.stemmer.support.min.js', 'lunr-languages/min/lunr.sv.min.js']) {
        fs.mkdirSync(path.dirname(path.join(source, 'node_modules', f)), { recursive: true });
        fs.symlinkSync(secret, path.join(source, 'node_modules', f));
      }
      const out = path.join(dir, 'public');
      const r = dk(['build', '--source', source, '--out', out, '--no-archives']);
      assert.equal(r.status, 0, r.stderr); // docket's own lunr.js is used instead
      assert.doesNotMatch(read(out, 'assets', 'lunr', 'lunr.js'), /HEMLIGT/);
      assert.match(read(out, 'assets', 'lunr', 'lunr.js'), /lunr/);
    },
  },
  {
    name: 'new-through-symlinks',
    description: 'docket new never writes through a symbolic link: not a folder leading out of content/, not a dangling link',
    run: () => {
      const { dir, source } = place('new-link');
      const elsewhere = path.join(dir, 'utanfor');
      fs.mkdirSync(elsewhere);
      fs.symlinkSync(elsewhere, path.join(source, 'content', 'areas'));
      const a = dk(['new', 'area', 'ny', '--source', source]);
      assert.equal(a.status, 1, a.stderr);
      assert.match(a.stderr, /content\/areas: error: leads outside .*content \(a symbolic link\)/);
      assert.deepEqual(fs.readdirSync(elsewhere), []);
      fs.mkdirSync(path.join(source, 'content', 'pages'));
      const target = path.join(dir, 'skapad-av-lanken.md');
      fs.symlinkSync(target, path.join(source, 'content', 'pages', 'sida.md'));
      const b = dk(['new', 'page', 'sida', '--source', source]);
      assert.equal(b.status, 1, b.stderr);
      assert.match(b.stderr, /sida\.md: error: already exists \(a file or a symbolic link\)/);
      assert.ok(!fs.existsSync(target), 'written through the dangling link');
    },
  },
  {
    name: 'names-with-line-breaks',
    description: 'a theme asset and a content folder whose names hold a line break: errors, not a broken marker or bag manifest',
    run: () => {
      const { dir, source, theme } = themedSite('newline', {
        'mote\nrum/mote.md': '+++\nkind = "meeting"\ntitle = "Möte"\ndate = 2020-11-20\nbody = "Utskottet"\n+++\n\nInga ärenden.\n',
      });
      fs.writeFileSync(path.join(theme, 'assets', 'rad\nbrytning.css'), 'body{}\n');
      const out = path.join(dir, 'public');
      // The asset is refused before anything is written; every message stays on its line.
      const site = dk(['build', '--source', source, '--out', out]);
      assert.equal(site.status, 1, site.stderr);
      assert.match(site.stderr, /^\S*rad\\x0abrytning\.css: error: output path "assets\/rad\\x0abrytning\.css" is not a relative path/m);
      assert.ok(!fs.existsSync(out), 'something was written');
      // Without the asset, the folder's name reaches only the pack's data/source/.
      fs.rmSync(path.join(theme, 'assets', 'rad\nbrytning.css'));
      const r = dk(['build', '--source', source, '--out', out]);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /^docket-mote\.zip: error: refusing an entry name with a control character .*mote\\x0arum\/mote\.md/m);
      assert.ok(!fs.existsSync(out), 'something was written');
    },
  },
  {
    name: 'percent-in-pack-source',
    description: 'a source file name with "%" is listed percent-encoded in the bag manifest (RFC 8493) and the pack verifies',
    run: () => {
      const { dir, source } = place('percent', {
        'meetings/mote.md': '+++\nkind = "meeting"\ntitle = "Möte"\ndate = 2020-11-20\nbody = "Utskottet"\n+++\n\nSe [[budget]].\n',
        '100%/budget.md': '+++\ntitle = "Budget"\n+++\n\nHela budgeten.\n',
      });
      const zip = path.join(dir, 'mote.zip');
      const r = dk(['pack', 'mote', '--source', source, '-o', zip]);
      assert.equal(r.status, 0, r.stderr);
      const unzip = path.join(dir, 'upp');
      assert.equal(spawnSync('unzip', ['-q', zip, '-d', unzip]).status, 0);
      const bag = path.join(unzip, fs.readdirSync(unzip)[0]);
      const manifest = read(bag, 'manifest-sha256.txt');
      assert.match(manifest, /  data\/source\/content\/100%25\/budget\.md\n/);
      assert.ok(fs.existsSync(path.join(bag, 'data', 'source', 'content', '100%', 'budget.md')));
    },
  },
);
