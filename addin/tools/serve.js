// The add-in's files over http(s) on localhost, as tools/layout.js lays them out: the development
// server for sideloading (https with office-addin-dev-certs' certificate, the manifest's
// https://localhost:3000) and the browser tests' server (plain http on a free port). It serves
// files and nothing else: no request writes anything, and the page sends nothing to it beyond
// the GETs of its own files.
//
//   node tools/serve.js [--port 3000] [--http]
//
// https needs the certificate office-addin-dev-certs makes (`npx office-addin-dev-certs install`
// in addin/, which also makes the system trust it): ~/.office-addin-dev-certs/localhost.{crt,key}.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ADDIN_DIR, bundledMappings, fileFor } from './layout.js';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml; charset=utf-8',
  '.png': 'image/png',
  '.css': 'text/css; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The index of the bundled mappings the task pane lists (taskpane-ui.js BUNDLED_MAPPINGS_INDEX). */
export const MAPPINGS_INDEX_PATH = '/mappings/index.json';

/**
 * A request handler serving the layout. `overrides` maps a URL path to {body, type} or to an
 * absolute file, served instead of the layout's file (the browser tests put their stand-in Office
 * host and the test workbook there).
 */
export function createHandler({ overrides = {} } = {}) {
  return (request, response) => {
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      response.end(body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'only GET\n');
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    } catch {
      return send(400, 'bad path\n');
    }
    if (urlPath === '/') urlPath = '/taskpane.html';
    const override = overrides[urlPath];
    if (override && typeof override === 'object') return send(200, override.body, override.type ?? TYPES[path.extname(urlPath)]);
    if (urlPath === MAPPINGS_INDEX_PATH && !override) return send(200, JSON.stringify(bundledMappings()), TYPES['.json']);
    const file = override ?? fileFor(urlPath);
    if (!file) return send(404, 'not served\n');
    fs.readFile(file, (err, body) => {
      if (err) return send(404, `no file for ${urlPath}\n`);
      send(200, body, TYPES[path.extname(file)] ?? 'application/octet-stream');
    });
  };
}

/**
 * Starts a server on localhost; resolves {server, url} once it listens. Port 0 picks a free one.
 * `tls` ({key, cert}) makes it https.
 */
export function serve({ port = 0, tls = null, overrides = {} } = {}) {
  const handler = createHandler({ overrides });
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      resolve({ server, url: `${tls ? 'https' : 'http'}://localhost:${bound}/` });
    });
  });
}

/** office-addin-dev-certs' localhost certificate, or null when it has not been made. */
export function devCertificate(home = os.homedir()) {
  const dir = path.join(home, '.office-addin-dev-certs');
  try {
    return {
      key: fs.readFileSync(path.join(dir, 'localhost.key')),
      cert: fs.readFileSync(path.join(dir, 'localhost.crt')),
    };
  } catch {
    return null;
  }
}

async function main(args) {
  const port = Number(args.includes('--port') ? args[args.indexOf('--port') + 1] : 3000);
  const plain = args.includes('--http');
  const tls = plain ? null : devCertificate();
  if (!plain && !tls) {
    console.error('serve: no certificate in ~/.office-addin-dev-certs; run `npx office-addin-dev-certs install` in addin/ first (or --http for a browser without Office)');
    process.exit(2);
  }
  for (const file of ['kpimap-core.mjs', 'kpimap-core.wasm']) {
    if (!fs.existsSync(path.join(ADDIN_DIR, 'dist', file))) {
      console.error(`serve: dist/${file} is missing: the task pane will say the core is not loaded (scripts/build-wasm makes both)`);
    }
  }
  if (!fs.existsSync(path.join(ADDIN_DIR, 'dist', 'functions.json'))) {
    console.error('serve: dist/functions.json is missing: run `npm run metadata` in addin/ for the custom functions');
  }
  const { url } = await serve({ port, tls });
  console.log(`serving ${ADDIN_DIR} at ${url} (Ctrl-C stops)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await main(process.argv.slice(2));
}
