// warm-up.js: once the core has loaded, the pane checks a small bundled workbook and makes its
// report sheets, so that the first real click does not pay the core's first-run compilation.
// With the stub core: what it asks the core, and that nothing it meets makes it throw. The
// served file is checked against the layout table; in the browser, harness and bench see it run.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';

import { createCore, setCore } from '../src/core.js';
import { WARM_UP_WORKBOOK, warmUp } from '../src/warm-up.js';
import { fileFor } from '../tools/layout.js';
import { createStubModule, ok, refuse } from './support/stub-core.js';

const bytes = Uint8Array.from([80, 75, 3, 4, 20, 0]);

test('warm-up checks the bundled workbook and makes its report sheets, showing nothing', async () => {
  const stub = createStubModule({
    checkWorkbook: ok({ mapping: null, cells: { seen: 0, used: 0, not_used: 0 }, warnings: { total: 0 }, diagnostics: [] }),
    reportSheets: ok({ workbook_base64: '', sheets: [] }),
  });
  setCore(createCore(stub.raw));
  const asked = [];
  const outcome = await warmUp(async (url) => { asked.push(url); return bytes; });
  assert.equal(outcome, 'warm');
  assert.deepEqual(asked, [WARM_UP_WORKBOOK]);
  assert.deepEqual(stub.calls.map((c) => c.name), ['checkWorkbook', 'reportSheets']);
  assert.deepEqual(stub.calls[0].request, { file_name: 'warm-up.xlsx', mapping_xml: null });
  assert.deepEqual(stub.calls[1].request, { file_name: 'warm-up.xlsx', mapping_xml: null, settings: {} });
  assert.deepEqual([...stub.calls[0].bytes], [...bytes]);
});

test('a warm-up that fails says why and never throws: the core refuses, the file is missing, no core', async () => {
  setCore(createCore(createStubModule({ checkWorkbook: refuse('unreadable', 'not a zip') }).raw));
  assert.match(await warmUp(async () => bytes), /^skipped: .*not a zip/);
  assert.match(await warmUp(async () => { throw new Error('could not read warm-up.xlsx: 404 Not Found'); }),
    /^skipped: could not read warm-up\.xlsx: 404/);
  setCore(null);
  assert.match(await warmUp(async () => bytes), /^skipped: the kpimap core is not loaded/);
});

test('the warm-up workbook is served by the add-in origin from a bundled sample', () => {
  const file = fileFor(`/${WARM_UP_WORKBOOK}`);
  assert.ok(file && fs.existsSync(file), `${WARM_UP_WORKBOOK} is served from ${file}`);
  assert.equal(fs.readFileSync(file).subarray(0, 2).toString('latin1'), 'PK');
});
