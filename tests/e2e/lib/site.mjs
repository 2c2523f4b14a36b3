// Shared helpers for the end-to-end tests: build the real site once per test file, serve it
// on 127.0.0.1, open it in Debian's Chromium through playwright-core, and audit pages with
// axe-core. Reusable for any URL (the search results page, meeting packs).
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const repo = resolve(fileURLToPath(import.meta.url), '../../../..');
export const docketBin = process.env.DOCKET ? resolve(process.env.DOCKET) : join(repo, 'build', 'docket');
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

// The WCAG 2.1 A and AA rule sets of axe-core.
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// The widths every page is audited at: a phone and a desktop.
export const WIDTHS = [390, 1280];

// Builds the real site (repo's site.toml and content/) into a fresh temporary directory.
// Returns { dir, cleanup }.
export function buildSite({ source = repo, extraArgs = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'docket-e2e-'));
  const out = join(dir, 'site');
  const r = spawnSync(docketBin, ['build', '--source', source, '--out', out, '--quiet', ...extraArgs], {
    cwd: source, encoding: 'utf8', timeout: 300000,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`docket build failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  }
  return { dir: out, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// Every index.html below root, as sorted relative paths with '/' separators
// ('index.html', 'arenden/ks-20-0600/index.html', ...).
export function listPages(root) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name === 'index.html') out.push(relative(root, p).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

// The page kind of a page path: its first directory ('arenden', 'begrepp', ...), 'start' for the
// home page, and for a section's own list page the section name plus '/'.
export function pageKind(rel) {
  const parts = rel.split('/');
  if (parts.length === 1) return 'start';
  if (parts.length === 2) return `${parts[0]}/`;
  return parts[0];
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.zip': 'application/zip',
  '.pdf': 'application/pdf',
};

// A tiny static file server for root on 127.0.0.1 with an ephemeral port. '/dir/' serves
// 'dir/index.html'; '/dir' redirects to '/dir/'. A missing file is answered with status 404 and
// the file `notFound` (relative to root) when given, as a web server configured with a site's
// 404.html does. Returns { url, close } (url has no trailing '/').
export async function startServer(root, { notFound } = {}) {
  const base = resolve(root);
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    let file = resolve(base, '.' + pathname);
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { Location: pathname + '/' }).end();
        return;
      }
      file = join(file, 'index.html');
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      const page = notFound && join(base, notFound);
      if (page && existsSync(page)) {
        res.writeHead(404, { 'Content-Type': TYPES['.html'], 'Cache-Control': 'no-store' });
        createReadStream(page).pipe(res);
        return;
      }
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': statSync(file).size,
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(() => ok()); }),
  };
}

// Launches Debian's Chromium headless (no sandbox: the tests run as root; no background
// networking: this machine's network is closed). playwright-core gives it a fresh profile.
export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

// Everything a test needs: the site built from `source` (the real site by default), the server and
// the browser, with one close().
// Page URLs: site.http(rel) and site.file(rel).
export async function openSite({ source } = {}) {
  const built = buildSite({ source });
  const server = await startServer(built.dir);
  let browser;
  try {
    browser = await launchBrowser();
  } catch (e) {
    await server.close();
    built.cleanup();
    throw e;
  }
  return {
    dir: built.dir,
    pages: listPages(built.dir),
    server,
    browser,
    http: (rel) => `${server.url}/${rel}`,
    file: (rel) => pathToFileURL(join(built.dir, rel)).href,
    async close() {
      await browser.close();
      await server.close();
      built.cleanup();
    },
  };
}

let axeSource;
function axeScript() {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

// Runs axe-core with the WCAG 2.1 A/AA tags on the page as it is now (inject first if needed).
// Returns the violations as flat records: { rule, impact, help, url, target, html, summary }.
export async function runAxe(page, { tags = WCAG_TAGS, context } = {}) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) await page.addScriptTag({ content: axeScript() });
  const violations = await page.evaluate(async ({ tags, context }) => {
    const result = await window.axe.run(context ?? document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations;
  }, { tags, context });
  const url = page.url();
  const out = [];
  for (const v of violations) {
    for (const n of v.nodes) {
      out.push({
        rule: v.id, impact: v.impact, help: v.help, url,
        target: n.target.join(' '), html: n.html, summary: n.failureSummary,
      });
    }
  }
  return out;
}

// A browser context whose pages get axe-core before any page script runs (cheaper than
// injecting it after load, which costs more than the audit itself).
export async function axeContext(browser, { width = WIDTHS[0], height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  await context.addInitScript({ content: axeScript() });
  return context;
}

// Audits the page already open at `url` at each width. Use for any URL: pass `prepare(page)` to
// get the page into the state to audit (type a query and wait for results, open a details
// element, ...). Returns the violations, each with its width.
export async function auditPage(page, url, { widths = WIDTHS, prepare, tags } = {}) {
  await page.setViewportSize({ width: widths[0], height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  if (prepare) await prepare(page);
  const found = [];
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    for (const v of await runAxe(page, { tags })) found.push({ ...v, width });
  }
  return found;
}

// Opens url in a fresh context and audits it at each width (see auditPage).
export async function auditUrl(browser, url, options = {}) {
  const context = await axeContext(browser);
  try {
    return await auditPage(await context.newPage(), url, options);
  } finally {
    await context.close();
  }
}

// Audits many URLs with `concurrency` pages working at once; returns all violations.
export async function auditUrls(browser, urls, { concurrency = 2, ...options } = {}) {
  const contexts = [];
  const pages = [];
  for (let i = 0; i < Math.min(concurrency, urls.length); i++) {
    const context = await axeContext(browser);
    contexts.push(context);
    pages.push(await context.newPage());
  }
  try {
    const results = new Array(urls.length);
    let next = 0;
    await Promise.all(pages.map(async (page) => {
      while (next < urls.length) {
        const i = next++;
        results[i] = await auditPage(page, urls[i], options);
      }
    }));
    return results.flat();
  } finally {
    for (const c of contexts) await c.close();
  }
}

// One readable line per violation node, for assertion messages.
export function formatViolations(violations) {
  return violations
    .map((v) => `${v.rule} (${v.impact}) at ${v.width ?? '?'} px on ${v.url}\n    target: ${v.target}\n    html:   ${v.html}\n    ${v.help}`)
    .join('\n');
}

// Runs fn over items with at most n in flight at once, keeping results in order.
export async function mapLimit(items, n, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return results;
}
