// The add-in only manifest against the offline check (tools/check-manifest.js): the real
// manifest passes, and each broken copy below fails with the rule it breaks, so the check is
// known to catch what it claims to.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { checkManifest } from '../tools/check-manifest.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const manifestFile = path.join(here, '..', 'manifest.xml');
const checker = path.join(here, '..', 'tools', 'check-manifest.js');
const manifest = readFileSync(manifestFile, 'utf8');

function replaced(from, to) {
  assert.ok(manifest.includes(from), `the manifest contains ${from}`);
  return manifest.replace(from, to);
}

test('manifest.xml passes', () => {
  assert.deepEqual(checkManifest(manifest), []);
});

test('the manifest names the KPIMAP namespace, the shared runtime page and one https origin', () => {
  assert.match(manifest, /<bt:String id="Functions.Namespace" DefaultValue="KPIMAP"\/>/);
  assert.match(manifest, /<Runtime resid="Taskpane.Url" lifetime="long"\/>/);
  const urls = [...manifest.matchAll(/https?:\/\/[^"<\s,;]+/g)].map((m) => m[0])
    .filter((u) => !u.startsWith('http://schemas.microsoft.com/') && !u.startsWith('http://www.w3.org/'));
  assert.ok(urls.length >= 8);
  for (const u of urls) assert.equal(new URL(u).origin, 'https://localhost:3000');
});

describe('broken copies fail', () => {
  const cases = [
    ['not well-formed', () => replaced('</Hosts>\n  <Requirements>', '<Requirements>'), /not well-formed XML/],
    ['another root', () => '<?xml version="1.0"?><App/>', /root element must be OfficeApp/],
    ['not a TaskPaneApp', () => replaced('xsi:type="TaskPaneApp"', 'xsi:type="ContentApp"'), /xsi:type must be TaskPaneApp/],
    ['Id not a GUID', () => replaced('<Id>5b686ee1-d0c8-4fb3-b528-b0115f493a79</Id>', '<Id>kpimap</Id>'), /Id 'kpimap' is not a GUID/],
    ['bad version', () => replaced('<Version>0.1.0.0</Version>', '<Version>0.1-beta</Version>'), /Version '0.1-beta'/],
    ['a required element missing', () => replaced('<ProviderName>kpimap</ProviderName>', ''), /OfficeApp has no ProviderName/],
    ['elements out of order', () => replaced('<Permissions>ReadWriteDocument</Permissions>', '').replace('<Hosts>\n    <Host Name="Workbook"/>', '<Permissions>ReadWriteDocument</Permissions>\n  <Hosts>\n    <Host Name="Workbook"/>'), /Hosts is out of order: it must come before Permissions/],
    ['an element TaskPaneApp does not have', () => replaced('<Permissions>ReadWriteDocument</Permissions>', '<Permissions>ReadWriteDocument</Permissions>\n  <AllowSnapshot>true</AllowSnapshot>'), /unknown element AllowSnapshot/],
    ['an unknown permission', () => replaced('<Permissions>ReadWriteDocument</Permissions>', '<Permissions>Everything</Permissions>'), /Permissions 'Everything'/],
    ['no Workbook host', () => replaced('<Host Name="Workbook"/>', '<Host Name="Document"/>'), /no Host Name="Workbook"/],
    ['no SharedRuntime requirement', () => replaced('<Set Name="SharedRuntime" MinVersion="1.1"/>', '<Set Name="ExcelApi" MinVersion="1.1"/>'), /no Set Name="SharedRuntime"/],
    ['a short-lived runtime', () => replaced('lifetime="long"', 'lifetime="short"'), /lifetime must be "long"/],
    ['the custom functions on another page', () => replaced('<Page>\n              <SourceLocation resid="Taskpane.Url"/>', '<Page>\n              <SourceLocation resid="Help.Url"/>'), /custom functions' Page must be the runtime page 'Taskpane.Url'/],
    ['a resid naming nothing', () => replaced('<Label resid="Group.Label"/>', '<Label resid="Group.Lable"/>'), /Label resid 'Group.Lable' names no resource/],
    ['a resid naming the wrong kind', () => replaced('<Description resid="Button.Tooltip"/>', '<Description resid="Button.Label"/>'), /must name a LongStrings resource, not ShortStrings/],
    ['a resource never used', () => replaced('</bt:ShortStrings>', '  <bt:String id="Spare" DefaultValue="spare"/>\n      </bt:ShortStrings>'), /resource 'Spare' is never used/],
    ['a resource defined twice', () => replaced('<bt:String id="Group.Label" DefaultValue="kpimap"/>', '<bt:String id="Group.Label" DefaultValue="kpimap"/><bt:String id="Group.Label" DefaultValue="again"/>'), /'Group.Label' is defined twice/],
    ['a resid over 32 characters', () => replaced('"Help.Url"', '"Help.Url.For.The.Get.Started.Pane.Long"').replace('resid="Help.Url"', 'resid="Help.Url.For.The.Get.Started.Pane.Long"'), /at most 32/],
    ['a short string over 125 characters', () => replaced('DefaultValue="kpimap is ready"', `DefaultValue="${'x'.repeat(126)}"`), /126 characters; at most 125/],
    ['an http URL', () => replaced('https://localhost:3000/help.html"/>\n  <Hosts>', 'http://localhost:3000/help.html"/>\n  <Hosts>'), /http:\/\/localhost:3000\/help.html is not https/],
    ['a second origin', () => replaced('"https://localhost:3000/assets/icon-80.png"', '"https://cdn.example.org/icon-80.png"'), /https:\/\/cdn.example.org is another origin than https:\/\/localhost:3000/],
    ['a URL added as text', () => replaced('<Hosts>\n    <Host Name="Workbook"/>', '<AppDomains><AppDomain>https://elsewhere.example.org</AppDomain></AppDomains>\n  <Hosts>\n    <Host Name="Workbook"/>'), /elsewhere.example.org is another origin/],
    ['no task pane button on the Home tab', () => replaced('<OfficeTab id="TabHome">', '<OfficeTab id="TabData">'), /no Button with a ShowTaskpane action on the Home tab/],
    ['no custom functions', () => replaced('xsi:type="CustomFunctions"', 'xsi:type="Functions"'), /no ExtensionPoint xsi:type="CustomFunctions"/],
    ['an icon without its 80 pixel image', () => replaced('<bt:Image size="80" resid="Icon.80"/>\n                </Icon>\n                <Control', '</Icon>\n                <Control'), /Icon has no 80 pixel image/],
  ];
  for (const [what, make, expected] of cases) {
    test(what, () => {
      const errors = checkManifest(make());
      assert.ok(errors.some((e) => expected.test(e)), `expected ${expected} among:\n${errors.join('\n')}`);
    });
  }
});

test('the command exits 1 on a broken manifest and 0 on the real one', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kpimap-manifest-'));
  const broken = path.join(dir, 'manifest.xml');
  writeFileSync(broken, replaced('lifetime="long"', 'lifetime="short"'));
  const bad = spawnSync(process.execPath, [checker, broken], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /lifetime must be "long"/);
  const good = spawnSync(process.execPath, [checker, manifestFile], { encoding: 'utf8' });
  assert.equal(good.status, 0, good.stderr);
});

test("every URL of the manifest and every script of the task pane names a file of the add-in's layout", async () => {
  const { fileFor, isGenerated } = await import('../tools/layout.js');
  const { existsSync } = await import('node:fs');
  const urls = [...manifest.matchAll(/"(https:\/\/localhost:3000\/[^"]*)"/g)].map((m) => new URL(m[1]).pathname);
  const html = readFileSync(path.join(here, '..', 'src', 'taskpane.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => `/${m[1]}`);
  assert.deepEqual(scripts, ['/office/office.js', '/main.js']);
  const paths = [...new Set([...urls, ...scripts])];
  assert.ok(paths.includes('/functions.json') && paths.includes('/taskpane.html'));
  for (const p of paths) {
    const file = fileFor(p);
    assert.ok(file, `${p} is served from nowhere`);
    if (isGenerated(file)) continue; // functions.json: metadata.test.js checks its generation
    assert.ok(existsSync(file), `${p} -> ${path.relative(path.join(here, '..'), file)} does not exist`);
  }
  assert.equal(fileFor('/../package.json'), null, 'nothing outside the add-in is served');
});

test("the page finds the wasm module where the core's default import looks in node", async () => {
  const { ADDIN_DIR, fileFor } = await import('../tools/layout.js');
  const { pathToFileURL, fileURLToPath: toPath } = await import('node:url');
  const specifier = '../dist/kpimap-core.mjs'; // loadWasmCore's default (src/core.js)
  const core = readFileSync(path.join(here, '..', 'src', 'core.js'), 'utf8');
  assert.ok(core.includes(`import('${specifier}')`));
  const inNode = toPath(new URL(specifier, pathToFileURL(path.join(ADDIN_DIR, 'src', 'core.js'))));
  const inPage = fileFor(new URL(specifier, 'https://localhost:3000/core.js').pathname);
  assert.equal(inPage, inNode);
  assert.equal(inNode, path.join(ADDIN_DIR, 'dist', 'kpimap-core.mjs'));
  // The module fetches its wasm from beside itself (new URL('kpimap-core.wasm', import.meta.url)),
  // where scripts/build-wasm copies it.
  const wasmInPage = fileFor(new URL('kpimap-core.wasm', 'https://localhost:3000/dist/kpimap-core.mjs').pathname);
  assert.equal(wasmInPage, path.join(ADDIN_DIR, 'dist', 'kpimap-core.wasm'));
  const built = path.join(ADDIN_DIR, 'dist', 'kpimap-core.mjs');
  if (existsSync(built)) assert.ok(readFileSync(built, 'utf8').includes('new URL("kpimap-core.wasm",import.meta.url)'));
});
