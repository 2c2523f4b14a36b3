// docket serve over HTTP: what it serves, with which media types, to whom, and what it refuses.
// Raw requests (tests/serve/lib.mjs) send the targets that fetch would normalise away.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { docketBin, listFiles } from '../lib/docket.mjs';
import { copySite, freePort, rawRequest, startServe } from './lib.mjs';

const SECRET = 'docket-serve-secret-6d1f0b';
let site, serve, built, output;

before(async () => {
  site = copySite();
  // A JSON file and an SVG image among the theme's assets, published at assets/.
  writeFileSync(join(site.source, 'themes/default/assets/serve-test.json'), '{"ok": true}\n');
  writeFileSync(join(site.source, 'themes/default/assets/serve-test.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n');
  // A file beside the private output's folder, and one two folders up: what traversal is after.
  writeFileSync(join(site.tmp, 'secret.txt'), `${SECRET}\n`);
  writeFileSync(join(site.work, 'secret.txt'), `${SECRET}\n`);
  serve = await startServe({ source: site.source, tmp: site.tmp, port: await freePort() });
  const [dir] = readdirSync(site.tmp).filter((n) => n.startsWith('docket-serve-'));
  output = join(site.tmp, dir, 'site');
  // The same sources built by `docket build --no-archives`, to compare what is served.
  built = join(site.work, 'built');
  const r = spawnSync(docketBin, ['build', '--quiet', '--no-archives', '--source', site.source, '--out', built], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

after(async () => {
  const exit = await serve?.stop();
  if (exit) assert.equal(exit.code, 0, serve.stderr);
  site?.cleanup();
});

const get = (path, init) => fetch(serve.url + path, { redirect: 'manual', ...init });

test('twenty traversal attempts get 403 or 404 and never a file outside the output', async () => {
  const targets = [
    '/../secret.txt', '/../../secret.txt', '/../../../../../../etc/passwd',
    '/%2e%2e/secret.txt', '/%2E%2E/%2E%2E/secret.txt', '/.%2e/.%2e/secret.txt', '/%2e./%2e./secret.txt',
    '/..%2fsecret.txt', '/..%2F..%2Fsecret.txt', '/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..\\..\\secret.txt', '/..%5c..%5csecret.txt', '/%5c..%5c..%5csecret.txt',
    '/assets/../../../secret.txt', '/./../secret.txt', '//etc/passwd', '/%2fetc%2fpasswd',
    '/leak.txt', '/leak/secret.txt', '/..%00/secret.txt', '/%252e%252e/%252e%252e/secret.txt',
    '/assets/%2e%2e/%2e%2e/%2e%2e/secret.txt',
  ];
  assert.ok(targets.length >= 20);
  // Symbolic links in the served folder that lead out of it (removed after: the other tests
  // walk the folder).
  symlinkSync(join(site.tmp, 'secret.txt'), join(output, 'leak.txt'));
  symlinkSync(site.tmp, join(output, 'leak'));
  const statuses = {};
  try {
    for (const target of targets) {
      const r = await rawRequest(serve.port, { target });
      statuses[target] = r.status;
      const body = r.body.toString('utf8');
      assert.ok(!body.includes(SECRET) && !body.includes('root:x:0:0'), `${target} leaked: ${body.slice(0, 200)}`);
    }
  } finally {
    unlinkSync(join(output, 'leak.txt'));
    unlinkSync(join(output, 'leak'));
  }
  for (const [target, status] of Object.entries(statuses))
    assert.ok([403, 404].includes(status), `${target}: ${status}`);
  // The links themselves resolve: what they lead to is refused, not missing.
  assert.equal(statuses['/leak.txt'], 403);
  assert.equal(statuses['/leak/secret.txt'], 403);
});

test('a Host other than localhost, 127.0.0.1 or [::1] with the port is refused', async () => {
  for (const host of ['evil.example', `evil.example:${serve.port}`, `127.0.0.1:${serve.port + 1}`, `localhost.evil.example:${serve.port}`, null]) {
    const r = await rawRequest(serve.port, { target: '/', host });
    assert.equal(r.status, 403, `Host ${host}`);
    assert.ok(!r.body.toString().includes('<html'), `Host ${host} got a page`);
  }
  for (const host of [`localhost:${serve.port}`, `127.0.0.1:${serve.port}`, `[::1]:${serve.port}`, `LOCALHOST:${serve.port}`])
    assert.equal((await rawRequest(serve.port, { target: '/', host })).status, 200, `Host ${host}`);
});

test('only GET and HEAD: POST, PUT, DELETE, PATCH and OPTIONS get 405', async () => {
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
    const r = await get('/', { method, body: method === 'POST' || method === 'PUT' ? 'x' : undefined });
    assert.equal(r.status, 405, method);
    assert.equal(r.headers.get('allow'), 'GET, HEAD');
  }
});

test('HEAD answers with the headers and no body', async () => {
  const head = await rawRequest(serve.port, { method: 'HEAD', target: '/' });
  const full = await rawRequest(serve.port, { target: '/' });
  assert.equal(head.status, 200);
  assert.equal(head.body.length, 0, 'HEAD has a body');
  assert.equal(head.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(Number(head.headers['content-length']), full.body.length);
});

test('media types, with charset=utf-8 for text', async () => {
  const cases = {
    '/': 'text/html; charset=utf-8',
    '/assets/site.css': 'text/css; charset=utf-8',
    '/assets/search.js': 'text/javascript; charset=utf-8',
    '/assets/serve-test.json': 'application/json; charset=utf-8',
    '/assets/serve-test.svg': 'image/svg+xml; charset=utf-8',
  };
  for (const [path, type] of Object.entries(cases)) {
    const r = await get(path);
    assert.equal(r.status, 200, path);
    assert.equal(r.headers.get('content-type'), type, path);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  }
});

test("a folder's address serves its index.html; without the final / it redirects there", async () => {
  const page = 'planer/atgardsplan-2020/';
  const served = await (await get(`/${page}`)).text();
  const file = readFileSync(join(built, page, 'index.html'), 'utf8');
  const script = '<script src="/__docket/reload.js"></script>';
  // The built page, with the reload script before </body>, and nothing else changed.
  const at = file.lastIndexOf('</body>');
  assert.equal(served, file.slice(0, at) + script + file.slice(at));
  const r = await get('/planer/atgardsplan-2020');
  assert.equal(r.status, 301);
  assert.equal(r.headers.get('location'), '/planer/atgardsplan-2020/');
  const missing = await get('/planer/no-such-plan/');
  assert.equal(missing.status, 404);
  assert.match(await missing.text(), /<html/, "the site's 404.html");
});

test('the reload script is in every served page and in no file of the output', async () => {
  for (const path of ['/', '/begrepp/', '/sammantraden/tu-2020-11-20/'])
    assert.match(await (await get(path)).text(), /<script src="\/__docket\/reload\.js"><\/script><\/body>/, path);
  for (const dir of [output, built])
    for (const f of listFiles(dir))
      assert.ok(!readFileSync(join(dir, f), 'latin1').includes('__docket'), `${f} holds the reload script`);
  const js = await get('/__docket/reload.js');
  assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.match(await js.text(), /EventSource\('\/__docket\/events'\)/);
});

test("a meeting's page says that its pack is not made in the preview", async () => {
  const html = await (await get('/sammantraden/tu-2020-11-20/')).text();
  const sv = readFileSync(join(site.source, 'themes/default/i18n/sv.toml'), 'utf8');
  const note = /^pack_preview = "(.*)"$/m.exec(sv)[1];
  assert.ok(html.includes(`<p class="pack-download">${note}</p>`), 'no note');
  assert.ok(!/\.zip"/.test(html), 'a link to a zip');
});

test('a page saved in a new folder is built and served', async () => {
  const dir = join(site.source, 'content/terms/serve-ny-mapp');
  const done = serve.waitFor(/^rebuilt \d+ pages/m);
  mkdirSync(dir);
  writeFileSync(join(dir, 'serve-nytt.md'),
    '+++\ntitle = "Serveord"\nid = "serve-nytt"\nkind = "term"\nterm = "Serveord"\n+++\n\nEtt ord skrivet i en ny mapp.\n');
  await done;
  const r = await get('/begrepp/serve-nytt/');
  assert.equal(r.status, 200);
  assert.match(await r.text(), /Ett ord skrivet i en ny mapp\./);
});

test("a failed rebuild keeps the last good site; its errors page escapes what the source says", async () => {
  const file = join(site.source, 'content/terms/bra.md');
  const good = readFileSync(file, 'utf8');
  const failed = serve.waitFor(/the preview shows the last good build\n/);
  writeFileSync(file, good.replace('title = "BRÅ"', 'title = "<script>alert(1)</script>'));
  await failed;
  const errors = await get('/__docket/errors');
  assert.equal(errors.headers.get('content-type'), 'text/html; charset=utf-8');
  const html = await errors.text();
  assert.match(html, /content\/terms\/bra\.md:2:\d+/);
  assert.ok(html.includes('2 | title = &quot;&lt;script&gt;alert(1)&lt;/script&gt;') ||
    html.includes('2 | title = "&lt;script&gt;alert(1)&lt;/script&gt;'), html);
  assert.ok(!html.includes('<script>alert'), 'unescaped');
  // The last good page is still served.
  const page = await get('/begrepp/bra/');
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<h1[^>]*>BRÅ<\/h1>/);
  const fixed = serve.waitFor(/^rebuilt \d+ pages/m);
  writeFileSync(file, good);
  await fixed;
  assert.equal((await get('/__docket/errors')).status, 404);
});
