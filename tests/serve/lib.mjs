// Shared by the `docket serve` tests: a copy of the real site in a temporary folder, a free port,
// and a running `docket serve` whose standard error is read line by line.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { docketBin, repo } from '../lib/docket.mjs';

export { docketBin, repo };

// A copy of the real site (site.toml, content/, the theme) in a new temporary folder, which also
// serves as serve's TMPDIR, so its private output is found at tmp/docket-serve-*/site.
export function copySite() {
  const work = mkdtempSync(join(tmpdir(), 'docket-serve-test-'));
  const source = join(work, 'site');
  for (const f of ['site.toml', 'content', 'themes']) cpSync(join(repo, f), join(source, f), { recursive: true });
  symlinkSync(join(repo, 'node_modules'), join(source, 'node_modules'));
  const tmp = join(work, 'tmp');
  mkdirSync(tmp);
  return { work, source, tmp, cleanup: () => rmSync(work, { recursive: true, force: true }) };
}

// A port nobody listens on now (the kernel's choice).
export async function freePort() {
  const server = createServer();
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

// Starts `docket serve --source source --port port` (TMPDIR=tmp) and waits for its "serving" line.
export async function startServe({ source, tmp, port, args = [] }) {
  const child = spawn(docketBin, ['serve', '--source', source, '--port', String(port), ...args], {
    env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const serve = { child, port, url: `http://127.0.0.1:${port}`, stderr: '', stdout: '' };
  const waiters = [];
  child.stdout.on('data', (d) => { serve.stdout += d; });
  child.stderr.on('data', (d) => {
    serve.stderr += d;
    for (const w of [...waiters]) if (w.pattern.test(serve.stderr.slice(w.from))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.ok();
    }
  });
  serve.exited = new Promise((ok) => child.on('exit', (code, signal) => ok({ code, signal })));
  // Resolves once stderr, from the current end on, matches `pattern`.
  serve.waitFor = (pattern, ms = 30000) => new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no ${pattern} in ${ms} ms; stderr:\n${serve.stderr}`)), ms);
    waiters.push({ pattern, from: serve.stderr.length, ok: () => { clearTimeout(timer); ok(); } });
  });
  serve.mark = () => serve.stderr.length;
  // Stops it with SIGINT; resolves to its exit.
  serve.stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    return serve.exited;
  };
  const ready = /serving .* at http:\/\/127\.0\.0\.1:\d+\/ \(Ctrl-C to stop\)\n/;
  await Promise.race([
    new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`serve did not start; stderr:\n${serve.stderr}`)), 60000);
      const check = () => { if (ready.test(serve.stderr)) { clearTimeout(timer); ok(); } else setTimeout(check, 20); };
      check();
    }),
    serve.exited.then((e) => { throw new Error(`serve exited ${e.code}: ${serve.stderr}`); }),
  ]);
  return serve;
}

// One raw HTTP/1.1 request (for targets fetch would normalise, and for Host headers it would not
// send): resolves to { status, headers, body (Buffer), raw (Buffer) }.
export function rawRequest(port, { method = 'GET', target, host = `127.0.0.1:${port}` }) {
  return new Promise((ok, fail) => {
    const socket = connect(port, '127.0.0.1');
    const chunks = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', fail);
    socket.on('end', () => {
      const raw = Buffer.concat(chunks);
      const split = raw.indexOf('\r\n\r\n');
      const head = raw.subarray(0, split).toString('latin1').split('\r\n');
      const headers = {};
      for (const line of head.slice(1)) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      ok({ status: Number(head[0].split(' ')[1]), headers, body: raw.subarray(split + 4), raw });
    });
    const hostLine = host === null ? '' : `Host: ${host}\r\n`;
    socket.write(`${method} ${target} HTTP/1.1\r\n${hostLine}Connection: close\r\n\r\n`, 'latin1');
  });
}
