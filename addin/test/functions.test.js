// The KPIMAP.* custom functions against a STUB of the core (test/support/stub-core.js): how Excel's
// arguments become the core's requests, how answers become cells, and that every bad input or
// core refusal is an Excel error value (Office's real CustomFunctions.Error), never an exception.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';

import { createCore, setCore } from '../src/core.js';
import { associateAll, FUNCTIONS, period, rag, spc, status, trend, wilson } from '../src/functions.js';
import { loadCustomFunctionsRuntime } from './support/custom-functions-runtime.js';
import { createStubModule, ok, refuse } from './support/stub-core.js';

const CF = loadCustomFunctionsRuntime();
globalThis.CustomFunctions = CF;

let stub;
function useStub(answers) {
  stub = createStubModule(answers);
  setCore(createCore(stub.raw));
  return stub;
}

function assertExcelError(result, code, messagePart) {
  assert.ok(result instanceof CF.Error, `expected a CustomFunctions.Error, got ${JSON.stringify(result)}`);
  assert.equal(result.code, code);
  assert.match(result.message, messagePart);
  // What Excel receives: the message travels with #VALUE! and #N/A.
  assert.equal(result.toJSON().message, result.message);
}

beforeEach(() => useStub({}));

describe('PERIOD', () => {
  test('sends the text and returns the core label', () => {
    useStub({ period: ok({ label: '2013/14', kind: 'financial_year', start: '2013-04-01', end: '2014-03-31', years: 1 }) });
    assert.equal(period(' 13/14 '), '2013/14');
    assert.deepEqual(stub.calls, [{ name: 'period', request: { text: '13/14' } }]);
  });
  test('a number cell (a year, or a date as its serial) is sent as a number for the core to read', () => {
    useStub({ period: ok({ label: '2015' }) });
    assert.equal(period(2015), '2015');
    period([[42735]]);
    assert.deepEqual(stub.calls.map((c) => c.request), [{ text: 2015 }, { text: 42735 }]);
  });
  test('a blank cell is #VALUE! and the core is not called', () => {
    assertExcelError(period(''), '#VALUE!', /text: text is needed, the cell is blank/);
    assertExcelError(period(null), '#VALUE!', /blank/);
    assert.equal(stub.calls.length, 0);
  });
  test("the core's refusal is #VALUE! with the core's message", () => {
    useStub({ period: refuse('not_a_period', "'soon' is not a period") });
    assertExcelError(period('soon'), '#VALUE!', /^'soon' is not a period$/);
  });
  test('a single-cell range is accepted, a longer one refused', () => {
    useStub({ period: ok({ label: '2016-04' }) });
    assert.equal(period([['Apr 2016']]), '2016-04');
    assertExcelError(period([['Apr 2016'], ['May 2016']]), '#VALUE!', /give one cell, not 2/);
  });
});

describe('STATUS', () => {
  const answer = ok({ travel: 'improved', latest: { period: '2015', value: 4.8 }, previous: { period: '2014', value: 5.1 }, explanation: 'x' });

  test('a column of values and periods; the unused end of the range is dropped', () => {
    useStub({ status: answer });
    const result = status([[5.1], [4.8], [''], [null]], [['2014'], ['2015'], [''], [null]], 'lower_is_better');
    assert.equal(result, 'improved');
    assert.deepEqual(stub.calls[0].request, {
      values: [5.1, 4.8], periods: ['2014', '2015'], polarity: 'lower_is_better', tolerance: null,
    });
  });
  test('a row works as a column; text numbers are read, number periods passed as numbers', () => {
    useStub({ status: answer });
    status([[' 5.1 ', '4.8e0']], [[2014, ' 2015 ']], 'higher_is_better', '0.05');
    assert.deepEqual(stub.calls[0].request, {
      values: [5.1, 4.8], periods: [2014, '2015'], polarity: 'higher_is_better', tolerance: 0.05,
    });
  });
  test('a blank value with a period is a missing value (null), for the core to judge', () => {
    useStub({ status: answer });
    status([[5.1], [null], [4.8]], [['2013'], ['2014'], ['2015']], 'lower_is_better', 0.02);
    assert.deepEqual(stub.calls[0].request.values, [5.1, null, 4.8]);
    assert.equal(stub.calls[0].request.tolerance, 0.02);
  });
  test('text that is not a plain number is #VALUE! naming the item', () => {
    assertExcelError(status([[5.1], ['n/a']], [['2014'], ['2015']], 'lower_is_better'), '#VALUE!',
      /values item 2: 'n\/a' is not a number/);
    assertExcelError(status([[5.1], ['1,234']], [['2014'], ['2015']], 'x'), '#VALUE!', /values item 2/);
    assertExcelError(status([[true]], [['2014']], 'x'), '#VALUE!', /values item 1: true is not a number/);
    assert.equal(stub.calls.length, 0);
  });
  test('a value without a period is #VALUE!', () => {
    assertExcelError(status([[5.1], [4.8]], [['2014'], ['']], 'x'), '#VALUE!', /periods item 2: text is needed/);
  });
  test('ranges of different sizes are #VALUE!', () => {
    assertExcelError(status([[1], [2], [3]], [['2014'], ['2015']], 'x'), '#VALUE!', /values has 3 cells but periods has 2/);
  });
  test('a block of several rows and columns is #VALUE!', () => {
    assertExcelError(status([[1, 2], [3, 4]], [['a', 'b'], ['c', 'd']], 'x'), '#VALUE!', /one row or one column, not 2 rows by 2 columns/);
  });
  test('a bad tolerance or a blank polarity is #VALUE!', () => {
    assertExcelError(status([[1]], [['2014']], 'x', 'lots'), '#VALUE!', /tolerance: 'lots' is not a number/);
    assertExcelError(status([[1]], [['2014']], ''), '#VALUE!', /polarity: text is needed/);
  });
  test("an unknown polarity is the core's to refuse", () => {
    useStub({ status: refuse('unknown_polarity', "'upwards' is not a polarity") });
    assertExcelError(status([[1]], [['2014']], 'upwards'), '#VALUE!', /'upwards' is not a polarity/);
    assert.equal(stub.calls[0].request.polarity, 'upwards');
  });
});

describe('RAG', () => {
  test('returns the letter; blanks are sent as null, optional tolerances as null', () => {
    useStub({ rag: ok({ rag: 'not_assessed', letter: 'NA', variance: null, percent_variance: null, explanation: 'no actual' }) });
    assert.equal(rag('', 100, 'over'), 'NA');
    assert.deepEqual(stub.calls[0].request, { actual: null, plan: 100, directionality: 'over', amber: null, red: null });
  });
  test('tolerances given are sent', () => {
    useStub({ rag: ok({ rag: 'green', letter: 'G', variance: 2, percent_variance: 2, explanation: '' }) });
    assert.equal(rag(102, '100', 'on', 0.02, 0.1), 'G');
    assert.deepEqual(stub.calls[0].request, { actual: 102, plan: 100, directionality: 'on', amber: 0.02, red: 0.1 });
  });
  test('bad numbers are #VALUE!', () => {
    assertExcelError(rag('lots', 100, 'over'), '#VALUE!', /actual: 'lots' is not a number/);
    assertExcelError(rag(1, 100, 'over', 'x'), '#VALUE!', /amber: 'x' is not a number/);
    assertExcelError(rag(1, Number.NaN, 'over'), '#VALUE!', /plan: NaN is not a finite number/);
  });
  test("the core's refusal of thresholds is #VALUE!", () => {
    useStub({ rag: refuse('invalid_thresholds', 'amber 0.5 is above red 0.1') });
    assertExcelError(rag(1, 2, 'on', 0.5, 0.1), '#VALUE!', /amber 0.5 is above red 0.1/);
  });
});

describe('TREND', () => {
  test('sends the three series and the polarity; returns the label', () => {
    useStub({ trend: ok({ trend: 'increasing', label: 'Increasing and getting better', explanation: '' }) });
    const label = trend([[1], [2], [3]], [[0.5], [1.5], [2.5]], [[1.5], [2.5], [3.5]], 'higher_is_better');
    assert.equal(label, 'Increasing and getting better');
    assert.deepEqual(stub.calls[0].request, {
      values: [1, 2, 3], lower_ci: [0.5, 1.5, 2.5], upper_ci: [1.5, 2.5, 3.5], polarity: 'higher_is_better',
    });
  });
  test('a gap is #VALUE!', () => {
    assertExcelError(trend([[1], [''], [3]], [[0], [1], [2]], [[2], [3], [4]], 'x'), '#VALUE!', /values item 2: blank/);
  });
  test('limits of another length are #VALUE!', () => {
    assertExcelError(trend([[1], [2]], [[0]], [[2], [3]], 'x'), '#VALUE!', /values has 2 cells but lower_ci has 1/);
  });
});

describe('SPC', () => {
  test('spills one row per point: mean, lower limit, upper limit, type', () => {
    useStub({ spc: ok({ computed: true, variation: 'common_cause', assurance: 'not_assessed', explanation: '', points: [
      { value: 1, mean: 2, lpl: 0, upl: 4, type: 'common_cause' },
      { value: 3, mean: 2, lpl: 0, upl: 4, type: 'special_cause_neutral_high' },
    ] }) });
    assert.deepEqual(spc([[1], [3]]), [[2, 0, 4, 'common_cause'], [2, 0, 4, 'special_cause_neutral_high']]);
    assert.deepEqual(stub.calls[0].request, { values: [1, 3] });
  });
  test('a chart the core did not compute is #N/A with its explanation', () => {
    useStub({ spc: ok({ computed: false, points: [], explanation: '2 values; an SPC chart needs 12' }) });
    assertExcelError(spc([[1], [3]]), '#N/A', /needs 12/);
  });
  test('a gap is #VALUE!', () => {
    assertExcelError(spc([[1, null, 3]]), '#VALUE!', /values item 2: blank; an SPC chart needs consecutive values/);
  });
});

describe('WILSON', () => {
  test('spills lower and upper in one row; the level is optional', () => {
    useStub({ wilson: ok({ lower: 0.1, upper: 0.3 }) });
    assert.deepEqual(wilson(20, 100), [[0.1, 0.3]]);
    assert.deepEqual(stub.calls[0].request, { numerator: 20, denominator: 100, level: null });
    wilson('20', '100', 0.998);
    assert.deepEqual(stub.calls[1].request, { numerator: 20, denominator: 100, level: 0.998 });
  });
  test('a blank count is #VALUE!; counts the core refuses are #VALUE!', () => {
    assertExcelError(wilson(20, ''), '#VALUE!', /denominator: a number is needed/);
    useStub({ wilson: refuse('invalid_counts', 'the numerator 120 is above the denominator 100') });
    assertExcelError(wilson(120, 100), '#VALUE!', /numerator 120 is above/);
  });
});

describe('the core missing, failing or answering nonsense', () => {
  test('no core loaded: #N/A saying the wasm module is missing', () => {
    setCore(null);
    assertExcelError(period('2015'), '#N/A', /not loaded .*scripts\/build-wasm/);
  });
  test('the module throws (a wasm trap): #N/A, not an exception', () => {
    useStub({ wilson: () => { throw new Error('RuntimeError: unreachable'); } });
    assertExcelError(wilson(1, 2), '#N/A', /failed in wilson: RuntimeError: unreachable/);
  });
  test('an answer that is not an envelope, or lacks the field: #N/A', () => {
    useStub({ period: 'not json', rag: ok({ rag: 'green' }), wilson: ok({ lower: 'x', upper: 1 }) });
    assertExcelError(period('2015'), '#N/A', /did not answer JSON/);
    assertExcelError(rag(1, 1, 'on'), '#N/A', /no valid 'letter'/);
    assertExcelError(wilson(1, 2), '#N/A', /no valid 'lower'/);
  });
});

test('no argument Excel can pass makes a function throw', () => {
  useStub({});
  const odd = [undefined, null, '', ' ', 'x', Number.NaN, Number.POSITIVE_INFINITY, -0, true, {}, [], [[]], [[null]],
    [[1, 2], [3]], [['a'], [1, 2]], [[[1]]], 1e308];
  let calls = 0;
  for (const [id, fn] of Object.entries(FUNCTIONS)) {
    for (const a of odd) {
      for (const b of [a, 1, [[1]]]) {
        const result = fn(a, b, a, b, a);
        calls++;
        // Either a value (the stub refuses everything: stub_unset) or an error value; never a throw.
        assert.ok(result instanceof CF.Error, `${id}(${String(a)}, ${String(b)}) gave ${JSON.stringify(result)}`);
        assert.ok(['#VALUE!', '#N/A'].includes(result.code));
        assert.ok(result.message.length > 0, `${id}: an error with no message`);
      }
    }
  }
  assert.equal(calls, 6 * odd.length * 3);
});

test('associateAll registers the six functions in the real runtime under their ids', () => {
  associateAll(CF);
  const mappings = CF._association.mappings;
  assert.deepEqual(Object.keys(mappings).sort(), ['PERIOD', 'RAG', 'SPC', 'STATUS', 'TREND', 'WILSON']);
  for (const [id, fn] of Object.entries(FUNCTIONS)) assert.equal(mappings[id], fn);
});
