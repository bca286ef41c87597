// The KPIMAP.* custom functions against the REAL core: the WebAssembly module scripts/build-wasm
// writes (dist/kpimap-core.mjs and the kpimap-core.wasm beside it), loaded in node through
// loadWasmCore and createCore, with Office's real custom functions runtime for
// CustomFunctions.Error. Good inputs give the core's answers; every bad input (the adapter's and
// the core's refusals) gives an Excel error value with a message, never an exception or a trap.
// Skipped, with the reason printed, while the module is not built. functions.test.js covers the
// adapter itself against the stub.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';

import { getCore, loadWasmCore } from '../src/core.js';
import { period, rag, spc, status, trend, wilson } from '../src/functions.js';
import { loadCustomFunctionsRuntime } from './support/custom-functions-runtime.js';

const MODULE = new URL('../dist/kpimap-core.mjs', import.meta.url);
const WASM = new URL('../dist/kpimap-core.wasm', import.meta.url);
const skip = existsSync(MODULE) && existsSync(WASM) ? false : 'addin/dist/kpimap-core.mjs and .wasm are not built (scripts/build-wasm): the custom functions are not run on the real core';
if (skip) console.log(`# skipped: ${skip}`);

const CF = loadCustomFunctionsRuntime();
globalThis.CustomFunctions = CF;

function assertExcelError(result, code, messagePart) {
  assert.ok(result instanceof CF.Error, `expected a CustomFunctions.Error, got ${JSON.stringify(result)}`);
  assert.equal(result.code, code);
  assert.match(result.message, messagePart);
  assert.ok(result.message.length > 10, 'the error says why');
}

const column = (...values) => values.map((v) => [v]);

describe('the custom functions on the real wasm core', { skip }, () => {
  before(async () => {
    // The module fetches its wasm from beside itself, which node's fetch() refuses for a file:
    // in node the caller hands the bytes over (src/core.js loadWasmCore's moduleArgs).
    await loadWasmCore(undefined, { wasmBinary: readFileSync(WASM) });
  });

  test('PERIOD: canonical labels, numbers read as years or date serials, and refusals', () => {
    assert.equal(period('13/14'), '2013/14');
    assert.equal(period(' 2015/16 '), '2015/16');
    assert.equal(period(2015), '2015');
    assert.equal(period([['Q1 2016/17']]), '2016/17 Q1');
    // 42735 is 31/12/2016 as Excel's serial: a date, not a year.
    assert.equal(period(42735), '2016-12-31');
    assertExcelError(period('soon'), '#VALUE!', /soon/);
    assertExcelError(period(''), '#VALUE!', /blank/);
    assertExcelError(period(true), '#VALUE!', /./);
    assertExcelError(period([[1, 2]]), '#VALUE!', /./);
  });

  test('WILSON: the 95% interval by default, a given level, and refusals', () => {
    const [[lower, upper]] = wilson(10, 50);
    // 10 of 50: p 0.2, Wilson score interval at z 1.95996.
    assert.ok(Math.abs(lower - 0.1124) < 5e-4, `lower ${lower}`);
    assert.ok(Math.abs(upper - 0.3304) < 5e-4, `upper ${upper}`);
    const [[lower99, upper99]] = wilson(10, 50, 0.99);
    assert.ok(lower99 < lower && upper99 > upper, 'a 99% interval is wider');
    assertExcelError(wilson(60, 50), '#VALUE!', /./); // more events than cases
    assertExcelError(wilson(-1, 50), '#VALUE!', /./);
    assertExcelError(wilson(10, 0), '#VALUE!', /./);
    assertExcelError(wilson(10, 50, 1.5), '#VALUE!', /./);
    assertExcelError(wilson('ten', 50), '#VALUE!', /numerator/);
    assertExcelError(wilson('', 50), '#VALUE!', /numerator/);
  });

  test('STATUS: direction of travel from values and periods, and refusals', () => {
    assert.equal(status(column(4.8, 5.1), column('2014', '2015'), 'higher_is_better'), 'improved');
    assert.equal(status(column(4.8, 5.1), column('2014', '2015'), 'lower_is_better'), 'worsened');
    assert.equal(status(column(5.0, 5.01), column('2014', '2015'), 'higher_is_better'), 'little_or_no_change');
    assert.equal(status(column(5.0, 5.01), column('2014', '2015'), 'higher_is_better', 0), 'improved');
    assert.equal(status(column(4.8, 5.1), column('2014', '2015'), 'no_judgement'), 'increased');
    assert.equal(status(column(5.1), column('2015'), 'higher_is_better'), 'no_comparator');
    // A blank value is missing: the latest earlier comparable period is used.
    assert.equal(status(column(4.8, null, 5.1), column('13/14', '14/15', '15/16'), 'higher_is_better'), 'improved');
    assertExcelError(status(column(4.8, 5.1), column('2014', '2015'), 'upwards'), '#VALUE!', /upwards/);
    assertExcelError(status(column(4.8, 5.1), column('2014', 'soon'), 'higher_is_better'), '#VALUE!', /soon/);
    assertExcelError(status(column(4.8, 5.1), column('2014'), 'higher_is_better'), '#VALUE!', /./);
    assertExcelError(status(column('n/a', 5.1), column('2014', '2015'), 'higher_is_better'), '#VALUE!', /n\/a/);
    assertExcelError(status(column(4.8, 5.1), column('2014', '2015'), 'higher_is_better', -1), '#VALUE!', /./);
    assertExcelError(status(column(null, null), column('2014', '2015'), 'higher_is_better'), '#VALUE!', /./);
  });

  test('RAG: letters against a plan, not assessed, and refusals', () => {
    assert.equal(rag(100, 100, 'over'), 'G');
    assert.equal(rag(95, 100, 'over'), 'A'); // adverse within red x plan
    assert.equal(rag(94, 100, 'over'), 'R');
    assert.equal(rag(94, 100, 'over', '', 0.1), 'A');
    assert.equal(rag(50, 100, 'over'), 'R');
    assert.equal(rag(50, 100, 'under'), 'G');
    assert.equal(rag('', 100, 'over'), 'NA');
    assert.ok(['R', 'A', 'G'].includes(rag(98, 100, 'over')));
    assertExcelError(rag(100, 100, 'sideways'), '#VALUE!', /sideways/);
    assertExcelError(rag(100, 100, 'over', 0.2, 0.1), '#VALUE!', /./); // amber beyond red
    assertExcelError(rag('lots', 100, 'over'), '#VALUE!', /actual/);
  });

  test('TREND: a trend in words, and refusals', () => {
    // Fingertips' reference data set 1 (tests/converter/status/trend_reference_test.cpp).
    const label = trend(column(24.67, 24.6, 28, 30.2, 30.6), column(23.16, 23.15, 26.44, 28.63, 28.98),
      column(26.25, 26.19, 29.64, 31.9, 32.25), 'higher_is_better');
    assert.equal(label, 'Increasing and getting better');
    assertExcelError(trend(column(1, 2), column(0.5), column(1.5, 2.5), 'higher_is_better'), '#VALUE!', /./);
    assertExcelError(trend(column(1, null, 3), column(0, 1, 2), column(2, 3, 4), 'higher_is_better'), '#VALUE!', /./);
    assertExcelError(trend(column(1, 2, 3), column(0, 1, 2), column(2, 3, 4), 'upwards'), '#VALUE!', /upwards/);
  });

  test('SPC: a row per value with limits, too few points is #N/A with the reason, and refusals', () => {
    const values = [12, 14, 13, 15, 14, 13, 12, 14, 15, 13, 14, 13, 14, 12, 15];
    const rows = spc(column(...values));
    assert.ok(Array.isArray(rows), `expected rows, got ${JSON.stringify(rows)}`);
    assert.equal(rows.length, values.length);
    for (const [mean, lpl, upl, type] of rows) {
      assert.ok(lpl < mean && mean < upl);
      assert.equal(typeof type, 'string');
    }
    assertExcelError(spc(column(1, 2, 3)), '#N/A', /./);
    assertExcelError(spc(column(1, 'x', 3)), '#VALUE!', /./);
  });

  test('the workbook functions: a sample is read, bytes that are not a workbook are refused', () => {
    const core = getCore();
    const bytes = readFileSync(new URL('../../samples/001_outcomes_report.xlsx', import.meta.url));
    const checked = core.checkWorkbook(new Uint8Array(bytes), { file_name: '001_outcomes_report.xlsx', mapping_xml: null });
    assert.equal(checked.mapping.id, 'hwb-outcomes-report');
    assert.ok(checked.cells.used > 0);
    assert.throws(() => core.checkWorkbook(Uint8Array.from([1, 2, 3]), { file_name: 'x.xlsx', mapping_xml: null }),
      (err) => err.name === 'CoreError' && err.code !== 'core_failed');
    assert.throws(() => core.checkWorkbook(new Uint8Array(bytes), { file_name: '001_outcomes_report.xlsx', mapping_xml: '<not-a-mapping' }),
      (err) => err.name === 'CoreError' && err.code !== 'core_failed');
  });
});
