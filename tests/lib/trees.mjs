// A small plain Markdown tree for the navigation tests: a root page, "about.md" beside "about/",
// folders without an index page (guide/, guide/deep/, guide/deep/er/, many/), pages ordered by
// `weight` in TOML and YAML front matter, and a folder of `many` pages (past the 50 a sidebar
// shows when over 50). With `siteToml`, that text is the tree's site.toml.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from './docket.mjs';

export function makeTree({ many = 0, siteToml } = {}) {
  const root = tempDir('docket-tree-');
  const write = (f, s) => { mkdirSync(dirname(join(root, f)), { recursive: true }); writeFileSync(join(root, f), s); };
  if (siteToml) write('site.toml', siteToml);
  write('index.md', '# Start\n\nText.\n');
  write('about.md', '+++\nweight = 2\n+++\n# About\n\nText.\n');
  write('about/team.md', '# Team\n\nText.\n');
  write('guide/install.md', '---\nweight: 2\n---\n# Install\n\nText.\n');
  write('guide/start.md', '---\nweight: 1\n---\n# Getting started\n\nText.\n');
  write('guide/deep/er/page.md', '# Deep page\n\nText.\n');
  write('notes.md', '# Notes\n\nText.\n');
  for (let i = 0; i < many; i++) write(`many/p${String(i).padStart(3, '0')}.md`, `# Page ${i}\n\nText.\n`);
  return root;
}
