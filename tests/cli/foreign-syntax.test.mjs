// Other tools' syntax (Hugo's and Zola's shortcodes, mdBook's includes, Zola's "@/" links, raw
// HTML that docket drops) is reported as a warning naming the file, line and column, and not
// published; the build still succeeds. Inside code it is text the author meant to show.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { docket, tempDir } from '../lib/docket.mjs';

const page = `+++
title = "Porting"
+++
Intro {{< figure src="a.png" >}} and <kbd>Ctrl</kbd>.

{{#include ../listings/ch01.rs}}

Read [the guide](@/docs/guide.md).

\`{{< code-span >}}\`

\`\`\`
{{% in-a-fence %}}
<div>in a fence</div>
\`\`\`

    {{ indented() }}
`;

function build(files) {
  const dir = tempDir('docket-foreign-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, 'src', name, '..'), { recursive: true });
    writeFileSync(join(dir, 'src', name), text);
  }
  const r = docket(['build', '--source', join(dir, 'src'), '--out', join(dir, 'out'), '--no-archives']);
  return { ...r, out: join(dir, 'out') };
}

const warnings = (stderr) => stderr.split('\n').filter((l) => l.includes(': warning: '));

test('each is a warning at file:line:col, the build exits 0 and publishes none of it', () => {
  const r = build({ 'notes/porting.md': page });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(warnings(r.stderr), [
    'notes/porting.md:4:7: warning: Hugo\'s shortcode "{{< figure >}}" is not published: docket has no shortcodes or includes',
    'notes/porting.md:4:38: warning: raw HTML dropped: <kbd> ([markdown] raw_html = true in site.toml keeps it)',
    'notes/porting.md:6:1: warning: mdBook\'s "{{#include}}" is not published: docket has no shortcodes or includes',
    'notes/porting.md:8:6: warning: Zola\'s internal link "@/docs/guide.md" is published as its text: link to the file by its relative path, or write [[id]]',
  ]);
  const html = readFileSync(join(r.out, 'notes/porting/index.html'), 'utf8');
  assert.ok(!html.includes('figure src') && !html.includes('ch01') && !html.includes('@/'));
  assert.match(html, /Read the guide\./);
  // Code keeps what it shows.
  for (const shown of ['{{&lt; code-span &gt;}}', '{{% in-a-fence %}}', '&lt;div&gt;in a fence&lt;/div&gt;', '{{ indented() }}'])
    assert.ok(html.includes(shown), shown);
});

test('a file with many says how many more, not one line each', () => {
  const many = Array.from({ length: 40 }, (_, i) => `<span>${i}</span> {{< s${i} >}}`).join('\n\n');
  const r = build({ 'many.md': `# Many\n\n${many}\n` });
  assert.equal(r.code, 0, r.stderr);
  const w = warnings(r.stderr);
  assert.equal(w.length, 6, w.join('\n'));
  assert.equal(w[5], "many.md:7:16: warning: 75 more of other tools' syntax in this file from here on, not listed (38 shortcodes, 37 raw HTML elements dropped)");
});
