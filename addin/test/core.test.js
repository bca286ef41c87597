// The adapter between the add-in and the kpimap core's wasm module (src/core.js), with a STUB
// module (test/support/stub-core.js): envelopes become results or CoreErrors, a module missing a
// function is refused when it is loaded, and without a built module the add-in says so.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';

import { ADAPTER_ERRORS, CORE_FUNCTIONS, CoreError, createCore, getCore, loadWasmCore, setCore } from '../src/core.js';
import { createStubModule, ok, refuse } from './support/stub-core.js';

const isCoreError = (code, message) => (err) => {
  assert.ok(err instanceof CoreError, `expected a CoreError, got ${err}`);
  assert.equal(err.code, code);
  if (message) assert.match(err.message, message);
  return true;
};

describe('createCore', () => {
  test('passes requests as JSON and returns the ok result', () => {
    const stub = createStubModule({ wilson: ok({ lower: 0.1, upper: 0.2 }) });
    const core = createCore(stub.raw);
    assert.deepEqual(core.wilson({ numerator: 1, denominator: 10, level: null }), { lower: 0.1, upper: 0.2 });
    assert.deepEqual(stub.calls, [{ name: 'wilson', request: { numerator: 1, denominator: 10, level: null } }]);
  });
  test('workbook functions pass the bytes first, as a Uint8Array', () => {
    const stub = createStubModule({ checkWorkbook: ok({ diagnostics: [] }) });
    const core = createCore(stub.raw);
    core.checkWorkbook(new Uint8Array([80, 75, 3, 4]).buffer, { file_name: 'a.xlsx', mapping_xml: null });
    assert.ok(stub.calls[0].bytes instanceof Uint8Array);
    assert.deepEqual([...stub.calls[0].bytes], [80, 75, 3, 4]);
    assert.deepEqual(stub.calls[0].request, { file_name: 'a.xlsx', mapping_xml: null });
    assert.throws(() => core.checkWorkbook('PK', {}), isCoreError(ADAPTER_ERRORS.badResponse, /Uint8Array/));
  });
  test("an error envelope is a CoreError with the core's code and message", () => {
    const core = createCore(createStubModule({ period: refuse('not_a_period', "'soon' is not a period") }).raw);
    assert.throws(() => core.period({ text: 'soon' }), isCoreError('not_a_period', /^'soon' is not a period$/));
  });
  test('a throw, non-JSON, or a malformed envelope are adapter errors', () => {
    const core = createCore(createStubModule({
      period: () => { throw new Error('RuntimeError: memory access out of bounds'); },
      rag: '<html>',
      trend: { result: 1 },
      spc: { error: { code: 7 } },
    }).raw);
    assert.throws(() => core.period({ text: '' }), isCoreError(ADAPTER_ERRORS.failed, /out of bounds/));
    assert.throws(() => core.rag({}), isCoreError(ADAPTER_ERRORS.badResponse, /did not answer JSON/));
    assert.throws(() => core.trend({}), isCoreError(ADAPTER_ERRORS.badResponse, /neither ok nor error/));
    assert.throws(() => core.spc({}), isCoreError(ADAPTER_ERRORS.badResponse, /neither ok nor error/));
  });
  test('a module lacking a function is refused, naming it', () => {
    const { raw } = createStubModule();
    delete raw.updatePlan;
    delete raw.spc;
    assert.throws(() => createCore(raw), isCoreError(ADAPTER_ERRORS.badResponse, /lacks spc, updatePlan/));
    assert.throws(() => createCore(null), /lacks period/);
  });
  test('the interface is the nine functions the issue names', () => {
    assert.deepEqual([...CORE_FUNCTIONS].sort(),
      ['checkWorkbook', 'period', 'rag', 'reportSheets', 'spc', 'status', 'trend', 'updatePlan', 'wilson']);
  });
});

describe('loading', () => {
  test('getCore without a core says the wasm module is missing', () => {
    setCore(null);
    assert.throws(() => getCore(), isCoreError(ADAPTER_ERRORS.notLoaded, /scripts\/build-wasm/));
  });
  test('loadWasmCore installs the module its factory gives', async () => {
    const stub = createStubModule({ period: ok({ label: '2015' }) });
    const core = await loadWasmCore(async () => ({ default: async () => stub.raw }));
    assert.equal(getCore(), core);
    assert.deepEqual(getCore().period({ text: '2015' }), { label: '2015' });
  });
  test('loadWasmCore hands its moduleArgs to the factory (node passes the wasm bytes so)', async () => {
    const stub = createStubModule({ period: ok({ label: '2015' }) });
    const wasmBinary = new Uint8Array([0, 97, 115, 109]);
    let given;
    await loadWasmCore(async () => ({ default: async (args) => { given = args; return stub.raw; } }), { wasmBinary });
    assert.equal(given.wasmBinary, wasmBinary);
    await loadWasmCore(async () => ({ default: async (args) => { given = args; return stub.raw; } }));
    assert.deepEqual(given, {}, 'the page passes no wasm: the module fetches its own');
  });
  test('a module whose wasm does not start (the .wasm not deployed beside it) is core_not_loaded', async () => {
    setCore(null);
    const aborted = async () => { throw new Error('Aborted(both async and sync fetching of the wasm failed)'); };
    await assert.rejects(loadWasmCore(async () => ({ default: aborted })),
      isCoreError(ADAPTER_ERRORS.notLoaded, /could not be started: Aborted.*kpimap-core\.wasm must be deployed beside/));
    assert.throws(() => getCore(), isCoreError(ADAPTER_ERRORS.notLoaded));
  });
  test('a module that cannot be imported is core_not_loaded', async () => {
    setCore(null);
    await assert.rejects(loadWasmCore(async () => { throw new Error('Cannot find module'); }),
      isCoreError(ADAPTER_ERRORS.notLoaded, /could not be loaded: Cannot find module/));
    assert.throws(() => getCore(), isCoreError(ADAPTER_ERRORS.notLoaded));
  });
  test('the default path: no wasm build yet means core_not_loaded, not a crash',
    { skip: existsSync(new URL('../dist/kpimap-core.mjs', import.meta.url)) && 'the wasm core is built' }, async () => {
      await assert.rejects(loadWasmCore(), isCoreError(ADAPTER_ERRORS.notLoaded));
    });
});
