// tools/serve.js: serves tools/layout.js's table and nothing else (no path out of its folders, no
// method but GET), the bundled mappings' index, and https with a given certificate.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { bundledMappings } from '../tools/layout.js';
import { devCertificate, MAPPINGS_INDEX_PATH, serve } from '../tools/serve.js';

let server;
let url;
before(async () => {
  ({ server, url } = await serve({ overrides: { '/test/x.json': { body: '{"x":1}', type: 'application/json' } } }));
});
after(() => server.close());

test('the page, its scripts and the bundled mappings are served with their types', async () => {
  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  assert.match(await page.text(), /<title>kpimap<\/title>/);
  const script = await fetch(`${url}core.js`);
  assert.match(script.headers.get('content-type'), /^text\/javascript/);
  const index = await (await fetch(`${url}${MAPPINGS_INDEX_PATH.slice(1)}`)).json();
  assert.deepEqual(index, bundledMappings());
  assert.ok(index.includes('hwb-outcomes-report.xml'));
  const mapping = await fetch(`${url}mappings/hwb-outcomes-report.xml`);
  assert.match(mapping.headers.get('content-type'), /^application\/xml/);
  assert.equal(await mapping.text(), fs.readFileSync(new URL('../../mappings/hwb-outcomes-report.xml', import.meta.url), 'utf8'));
  assert.deepEqual(await (await fetch(`${url}test/x.json`)).json(), { x: 1 });
});

test('the wasm is served as application/wasm, which streaming compilation requires', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpimap-serve-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const wasm = path.join(dir, 'kpimap-core.wasm');
  fs.writeFileSync(wasm, Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00])); // an empty module
  const other = await serve({ overrides: { '/dist/kpimap-core.wasm': wasm } });
  t.after(() => other.server.close());
  const response = await fetch(`${other.url}dist/kpimap-core.wasm`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/wasm');
  const { instance } = await WebAssembly.instantiateStreaming(response);
  assert.ok(instance instanceof WebAssembly.Instance);
});

test('nothing outside the layout, and only GET', async () => {
  for (const p of ['mappings/..%2F..%2FCMakeLists.txt', '..%2Fpackage.json', 'mappings/%2e%2e/README.md', 'no-such-file.js']) {
    const response = await fetch(`${url}${p}`);
    assert.equal(response.status, 404, p);
    assert.doesNotMatch(await response.text(), /cmake_minimum_required|"devDependencies"|# kpimap/);
  }
  assert.equal((await fetch(url, { method: 'POST', body: 'x' })).status, 405);
});

test('https with office-addin-dev-certs\' certificate files', async (t) => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kpimap-serve-'));
  t.after(() => fs.rmSync(home, { recursive: true, force: true }));
  assert.equal(devCertificate(home), null);
  const dir = path.join(home, '.office-addin-dev-certs');
  fs.mkdirSync(dir);
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-keyout', path.join(dir, 'localhost.key'), '-out', path.join(dir, 'localhost.crt')], { stdio: 'ignore' });
  } catch {
    t.skip('openssl is not available to make a test certificate');
    return;
  }
  const tls = devCertificate(home);
  const secure = await serve({ tls });
  t.after(() => secure.server.close());
  assert.match(secure.url, /^https:\/\/localhost:\d+\/$/);
  const body = await new Promise((resolve, reject) => {
    https.get(`${secure.url}taskpane.html`, { ca: tls.cert, rejectUnauthorized: false }, (res) => {
      let text = '';
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => resolve(text));
    }).on('error', reject);
  });
  assert.match(body, /<title>kpimap<\/title>/);
});
