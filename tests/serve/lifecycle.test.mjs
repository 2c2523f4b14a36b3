// docket serve's life: a port that is taken is a clear error (exit 1); Ctrl-C (SIGINT) and SIGTERM
// stop it with exit 0 and remove its private output; a file still open for writing is not built
// until it is closed; --help and bad words are usage errors.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readdirSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { copySite, docketBin, freePort, startServe } from './lib.mjs';

let site;
before(() => { site = copySite(); });
after(() => site?.cleanup());

const serveSync = (args) => spawnSync(docketBin, ['serve', ...args], {
  encoding: 'utf8', timeout: 60000, env: { ...process.env, TMPDIR: site.tmp },
});

test('a second serve on the same port exits 1 with the message', async () => {
  const first = await startServe({ source: site.source, tmp: site.tmp, port: await freePort() });
  try {
    const second = serveSync(['--source', site.source, '--port', String(first.port)]);
    assert.equal(second.status, 1, second.stderr);
    assert.equal(second.stderr, `docket: port ${first.port} is in use; try --port\n`);
    // The first one still answers.
    assert.equal((await fetch(`${first.url}/`)).status, 200);
  } finally {
    assert.equal((await first.stop()).code, 0, first.stderr);
  }
});

test("a port another program holds: exit 1, nothing built, no folder left", async () => {
  const other = createServer();
  await new Promise((ok) => other.listen(0, '127.0.0.1', ok));
  const { port } = other.address();
  try {
    const r = serveSync(['--source', site.source, '--port', String(port)]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`^docket: port ${port} is in use; try --port\\n$`));
  } finally {
    await new Promise((ok) => other.close(ok));
  }
  assert.deepEqual(readdirSync(site.tmp).filter((n) => n.startsWith('docket-serve-')), []);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  test(`${signal} stops it cleanly: exit 0, its private output removed`, async () => {
    const serve = await startServe({ source: site.source, tmp: site.tmp, port: await freePort() });
    const [dir] = readdirSync(site.tmp).filter((n) => n.startsWith('docket-serve-'));
    assert.ok(existsSync(join(site.tmp, dir, 'site', 'index.html')));
    // A tab's open events stream must not keep it from stopping.
    const controller = new AbortController();
    const events = await fetch(`${serve.url}/__docket/events`, { signal: controller.signal });
    assert.equal(events.headers.get('content-type'), 'text/event-stream');
    serve.child.kill(signal);
    const exit = await serve.exited;
    controller.abort();
    assert.equal(exit.code, 0, serve.stderr);
    assert.ok(!existsSync(join(site.tmp, dir)), 'the private output is still there');
    // Quiet: the serving line and the build's warnings only.
    const lines = serve.stderr.trimEnd().split('\n').filter((l) => !l.includes(': warning: '));
    assert.deepEqual(lines, [`serving ${site.source} at http://127.0.0.1:${serve.port}/ (Ctrl-C to stop)`]);
  });
}

test('a file saved in two writes is built once, after it is closed', async () => {
  const serve = await startServe({ source: site.source, tmp: site.tmp, port: await freePort() });
  const file = join(site.source, 'content/terms/bra.md');
  const text = readFileSync(file, 'utf8');
  const half = text.indexOf('\n+++\n') - 5; // inside the front matter: built there, an error
  const mark = serve.mark();
  try {
    const done = serve.waitFor(/^(rebuilt .*|docket: \d+ errors?; .*)\n/m);
    const fd = openSync(file, 'w');
    writeSync(fd, text.slice(0, half));
    // Longer than serve waits after a save is closed (20 ms), shorter than it waits for a file
    // still open (100 ms).
    await new Promise((ok) => setTimeout(ok, 60));
    writeSync(fd, `${text.slice(half)}\nSparad i två skrivningar.\n`);
    closeSync(fd);
    await done;
    await new Promise((ok) => setTimeout(ok, 300)); // a second build would have started by now
    const said = serve.stderr.slice(mark);
    assert.equal(said.match(/^rebuilt /gm)?.length, 1, said);
    assert.doesNotMatch(said, /error/, said);
  } finally {
    assert.equal((await serve.stop()).code, 0);
  }
});

test('--help, and a bad --port or --source, are usage errors', () => {
  const help = serveSync(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: docket serve \[--source DIR\] \[--port N\] \[--bind ADDR\] \[--open\]/);
  assert.match(help.stdout, /default: 4180/);
  for (const port of ['0', '65536', '80x', '-1', '']) {
    const r = serveSync(['--source', site.source, '--port', port]);
    assert.equal(r.status, 2, `--port ${port}`);
  }
  assert.equal(serveSync(['--source', join(site.work, 'missing')]).status, 2);
  assert.match(serveSync(['--bind', 'not-an-address', '--source', site.source, '--port', '1']).stderr,
    /not an IP address|cannot listen/);
});
