// Generated cases: huge and deeply nested input, output locations, symbolic links, permissions.
import fs from 'node:fs';
import path from 'node:path';
import { isRoot, site, work } from '../harness.mjs';

export const cases = [
  {
    name: 'huge-file-50mb',
    description: 'a 50 MB Markdown file builds (or fails with a clear error) within the time limit',
    make: () => {
      const para = 'Trygghetsvandring i Kungsängen med [[start]] och KS 20/0600. '.repeat(20) + '\n\n';
      const count = Math.ceil((50 << 20) / Buffer.byteLength(para));
      return site('huge-file-50mb', { 'stor.md': '+++\ntitle = "Stor"\n+++\n\n' + para.repeat(count) });
    },
    // About 8 s of CPU and 1.6 GB in a Release build: the wall-clock limit is three times the usual.
    expect: { exit: 0, limit_factor: 3, files: { 'stor/index.html': { contains: ['Trygghetsvandring'] } } },
  },
  {
    name: 'nested-blockquotes-10000',
    description: '10,000 nested blockquotes',
    make: () => site('nested-blockquotes-10000', { 'citat.md': '+++\ntitle = "Citat"\n+++\n\n' + '> '.repeat(10000) + 'djupt\n' }),
    expect: { exit: 0, files: { 'citat/index.html': { contains: ['djupt'] } } },
  },
  {
    name: 'nested-lists-10000',
    description: '10,000 nested list items (bullets and ordered)',
    make: () => site('nested-lists-10000', {
      'lista.md': '+++\ntitle = "Lista"\n+++\n\n' + '- '.repeat(10000) + 'djupt\n',
      'nummer.md': '+++\ntitle = "Nummer"\n+++\n\n' + '1. '.repeat(10000) + 'djupt\n',
    }),
    expect: { exit: 0, files: { 'lista/index.html': { contains: ['djupt'] }, 'nummer/index.html': { contains: ['djupt'] } } },
  },
  {
    name: 'deep-inline-nesting',
    description: '50,000 nested emphasis markers, brackets and backticks on one line',
    make: () => site('deep-inline-nesting', {
      'inline.md': '+++\ntitle = "Inline"\n+++\n\n' + '*'.repeat(50000) + 'a' + '*'.repeat(50000) + '\n\n' +
        '['.repeat(50000) + 'b' + '](https://example.org/)'.repeat(10) + '\n\n' + '`'.repeat(20000) + 'x\n\n' + '[[' .repeat(20000) + '\n',
    }),
    expect: { exit: 0 },
  },
  {
    name: 'long-line-1mb',
    description: 'a single line of 1 MB',
    make: () => site('long-line-1mb', { 'rad.md': '+++\ntitle = "Rad"\n+++\n\n' + 'ordet '.repeat(180000) + 'slut\n' }),
    expect: { exit: 0, files: { 'rad/index.html': { contains: ['slut'] } } },
  },
  {
    name: 'long-paragraph-1mb',
    description: 'one paragraph of 1 MB in 65,000 short lines (once quadratic: minutes)',
    make: () => site('long-paragraph-1mb', { 'stycke.md': '+++\ntitle = "Stycke"\n+++\n\n' + 'ett ord per rad\n'.repeat(65536) + 'slut\n' }),
    expect: { exit: 0, files: { 'stycke/index.html': { contains: ['ett ord per rad\nett ord per rad', 'slut'] } } },
  },
  {
    name: 'toml-deep-nesting',
    description: 'front matter with 10,000 nested arrays and inline tables',
    make: () => site('toml-deep-nesting', {
      'djup.md': '+++\ntitle = "Djup"\nsummary = ' + '['.repeat(10000) + ']'.repeat(10000) + '\n+++\n',
      'tabell.md': '+++\ntitle = "Tabell"\nsummary = ' + '{a='.repeat(10000) + '1' + '}'.repeat(10000) + '\n+++\n',
    }),
    expect: { exit: 1, stderr: ['^content/djup\\.md:3:\\d+: error: ', '^content/tabell\\.md:3:\\d+: error: '] },
  },
  {
    name: 'yaml-deep-nesting',
    description: 'YAML front matter with 200,000 nested flow sequences, and a key that is no YAML',
    make: () => site('yaml-deep-nesting', {
      'djup.md': '---\ntitle: Djup\nsummary: ' + '['.repeat(200000) + '\n---\n',
      'fel.md': '\n---\ntitle: Fel\n  bad: : :\n---\n',
    }),
    expect: { exit: 1, stderr: ['^content/djup\\.md:\\d+:\\d+: error: invalid YAML in front matter',
      '^content/fel\\.md:4:6: error: invalid YAML in front matter'] },
  },
  {
    name: 'yaml-alias-bomb',
    description: 'YAML aliases nested 20 deep (10^20 items if expanded): read without expanding them',
    make: () => {
      let text = '---\ntitle: Bomb\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
      for (let k = 1; k < 20; k++) text += `a${k}: &a${k} [${Array(10).fill(`*a${k - 1}`).join(', ')}]\n`;
      return site('yaml-alias-bomb', { 'bomb.md': text + '---\nText.\n' });
    },
    expect: { exit: 0, limit_factor: 0.15, stderr: ['^content/bomb\\.md:3:1: warning: front matter key "a0" is not docket\'s'],
      files: { 'bomb/index.html': { contains: ['Text.'] } } },
  },
  {
    name: 'missing-image',
    description: 'a relative image that is no file of the content tree is an error at its place',
    make: () => site('missing-image', { 'bild.md': '+++\ntitle = "Bild"\n+++\n\n![a](saknas.png)\n' }),
    expect: { exit: 1, stderr: ['^content/bild\\.md:5:1: error: image "saknas\\.png" is not a file of the content tree'] },
  },
  ...['source', 'content', 'parent'].map((where) => ({
    name: `output-is-${where}`,
    description: `--out names the ${where === 'parent' ? 'directory above the site' : where + ' directory'}: refused, the sources are kept`,
    make: () => site(`output-is-${where}`),
    expect: { exit: 1, out: where, stderr: ['error: refusing to use this output directory: building would replace'] },
  })),
  {
    name: 'symlink-loop',
    description: 'a directory symlink to its parent and two file symlinks pointing at each other',
    make: () => {
      const dir = site('symlink-loop');
      fs.symlinkSync('.', path.join(dir, 'content', 'loop'));
      fs.symlinkSync('b.md', path.join(dir, 'content', 'a.md'));
      fs.symlinkSync('a.md', path.join(dir, 'content', 'b.md'));
      return dir;
    },
    expect: { exit: 1, stderr: ['^content/a\\.md: error: ', '^content/b\\.md: error: '] },
  },
  {
    name: 'symlink-outside',
    description: 'a symlink to a file outside the source tree (a page, an asset; and one to a directory outside) is never read',
    make: () => {
      const dir = site('symlink-outside');
      const outside = path.join(work, 'gen', 'outside-secret');
      fs.mkdirSync(outside, { recursive: true });
      fs.writeFileSync(path.join(outside, 'hemlig.md'), '+++\ntitle = "HEMLIGT-INNEHALL"\n+++\nHEMLIGT\n');
      fs.symlinkSync(path.join(outside, 'hemlig.md'), path.join(dir, 'content', 'hemlig.md'));
      fs.symlinkSync(outside, path.join(dir, 'content', 'utanfor'));
      fs.symlinkSync('/etc/passwd', path.join(dir, 'content', 'passwd.md'));
      fs.symlinkSync('/etc/passwd', path.join(dir, 'content', 'passwd.png')); // an asset
      return dir;
    },
    expect: {
      exit: 1,
      stderr: ['^content/hemlig\\.md: error: symbolic link points outside the content directory',
        '^content/passwd\\.md: error: symbolic link points outside the content directory',
        '^content/passwd\\.png: error: symbolic link points outside the content directory'],
      stderr_not: ['HEMLIGT', 'root:'],
    },
  },
  {
    name: 'unreadable-file',
    description: isRoot
      ? 'a file with mode 000: running as root, which reads it anyway, so this asserts the build succeeds'
      : 'a file with mode 000 is reported',
    make: () => {
      const dir = site('unreadable-file', { 'last.md': '+++\ntitle = "Låst"\n+++\nLåst text.\n' });
      fs.chmodSync(path.join(dir, 'content', 'last.md'), 0o000);
      return dir;
    },
    expect: (() => {
      let readable = true;
      try {
        const probe = path.join(work, 'probe');
        fs.writeFileSync(probe, 'x');
        fs.chmodSync(probe, 0o000);
        fs.readFileSync(probe);
      } catch {
        readable = false;
      }
      return readable
        ? { exit: 0, files: { 'last/index.html': { contains: ['Låst text.'] } } }
        : { exit: 1, stderr: ['^content/last\\.md: error: cannot read file'] };
    })(),
  },
];
