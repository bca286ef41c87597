// The KPIMAP.* custom functions. Each adapts Excel's arguments (excel-args.js), calls the kpimap
// core (core.js) and turns its result into a cell value or a spilled array. Nothing here computes
// a status: the core does. Bad arguments and the core's refusals come back as Excel errors
// (#VALUE! with the reason; #N/A while the core is not loaded), never as exceptions.
//
// The JSDoc tags below are read by custom-functions-metadata to write functions.json (see
// tools/generate-metadata.js); a parameter's type there is what Excel passes.

import { ADAPTER_ERRORS, CoreError, getCore } from './core.js';
import {
  ArgumentError,
  cellList,
  fullNumberList,
  isBlank,
  numberList,
  numberOrBlank,
  periodCell,
  requiredNumber,
  requiredText,
  sameLength,
} from './excel-args.js';

function excelError(code, message) {
  const cf = globalThis.CustomFunctions;
  return new cf.Error(cf.ErrorCode[code], message);
}

// Runs one custom function's body; whatever goes wrong becomes an Excel error value.
function excelCall(body) {
  try {
    return body();
  } catch (err) {
    if (err instanceof ArgumentError) return excelError('invalidValue', err.message);
    if (err instanceof CoreError) {
      const notOurInput = err.code === ADAPTER_ERRORS.notLoaded || err.code === ADAPTER_ERRORS.failed ||
        err.code === ADAPTER_ERRORS.badResponse;
      return excelError(notOurInput ? 'notAvailable' : 'invalidValue', err.message);
    }
    return excelError('invalidValue', `unexpected error: ${err?.message ?? err}`);
  }
}

// A field of the core's answer; an answer without it is the core's bug, shown as #N/A.
function field(result, name, check) {
  const value = result?.[name];
  if (!check(value)) {
    throw new CoreError(ADAPTER_ERRORS.badResponse, `the kpimap core's answer has no valid '${name}'`);
  }
  return value;
}
const isText = (v) => typeof v === 'string';
const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);

function optionalNumber(cell, name) {
  return isBlank(cell) ? null : requiredNumber(cell, name);
}

/**
 * Direction of travel: the latest value against the latest earlier comparable period.
 * @customfunction STATUS
 * @param {any[][]} values The indicator's values, one row or one column; a blank cell is a missing value.
 * @param {any[][]} periods The period of each value ("2014", "2013/14", "Q1 2016/17", or a date), the same size as values.
 * @param {string} polarity higher_is_better, lower_is_better or no_judgement.
 * @param {number} [tolerance] Relative change counted as little or no change (the core's default 0.02 when omitted).
 * @returns {string} improved, worsened, little_or_no_change, increased, decreased or no_comparator.
 */
export function status(values, periods, polarity, tolerance) {
  return excelCall(() => {
    const valueCells = cellList(values, 'values');
    const periodCells = cellList(periods, 'periods');
    sameLength(valueCells, 'values', periodCells, 'periods');
    const request = { values: [], periods: [], polarity: requiredText(polarity, 'polarity'),
      tolerance: optionalNumber(tolerance, 'tolerance') };
    valueCells.forEach((cell, i) => {
      // A row with neither period nor value is the unused end of a larger range.
      if (isBlank(periodCells[i]) && isBlank(cell)) return;
      request.periods.push(periodCell(periodCells[i], `periods item ${i + 1}`));
      request.values.push(numberOrBlank(cell, `values item ${i + 1}`));
    });
    return field(getCore().status(request), 'travel', isText);
  });
}

/**
 * RAG against a plan, as NHS England publishes it: R, A, G, or NA when not assessed.
 * @customfunction RAG
 * @param {any} actual The actual value; blank is not assessed.
 * @param {any} plan The planned value; blank is not assessed.
 * @param {string} directionality over (higher is better), under (lower is better) or on (close to plan).
 * @param {number} [amber] Tolerance as a fraction of the plan within which on-target is green (the core's default 0.01).
 * @param {number} [red] Adverse variance as a fraction of the plan beyond which it is red (the core's default 0.05).
 * @returns {string} R, A, G or NA.
 */
export function rag(actual, plan, directionality, amber, red) {
  return excelCall(() => {
    const request = {
      actual: numberOrBlank(actual, 'actual'),
      plan: numberOrBlank(plan, 'plan'),
      directionality: requiredText(directionality, 'directionality'),
      amber: optionalNumber(amber, 'amber'),
      red: optionalNumber(red, 'red'),
    };
    return field(getCore().rag(request), 'letter', isText);
  });
}

/**
 * Recent trend as Fingertips publishes it, from values and their confidence limits (oldest first).
 * @customfunction TREND
 * @param {any[][]} values The values, oldest first, without gaps.
 * @param {any[][]} lower_ci The lower confidence limit of each value.
 * @param {any[][]} upper_ci The upper confidence limit of each value.
 * @param {string} polarity higher_is_better, lower_is_better or no_judgement.
 * @returns {string} The trend in words, such as "Increasing and getting better".
 */
export function trend(values, lower_ci, upper_ci, polarity) {
  return excelCall(() => {
    const why = 'the trend is fitted to consecutive periods';
    const request = {
      values: fullNumberList(values, 'values', why),
      lower_ci: fullNumberList(lower_ci, 'lower_ci', why),
      upper_ci: fullNumberList(upper_ci, 'upper_ci', why),
      polarity: requiredText(polarity, 'polarity'),
    };
    sameLength(request.values, 'values', request.lower_ci, 'lower_ci');
    sameLength(request.values, 'values', request.upper_ci, 'upper_ci');
    return field(getCore().trend(request), 'label', isText);
  });
}

/**
 * Statistical process control (XmR, Making Data Count): for each value its mean, lower and upper process limits and point type.
 * @customfunction SPC
 * @param {any[][]} values The values, oldest first, without gaps (at least 12).
 * @returns {any[][]} One row per value: mean, lower limit, upper limit, point type.
 */
export function spc(values) {
  return excelCall(() => {
    const request = { values: fullNumberList(values, 'values', 'an SPC chart needs consecutive values') };
    const chart = getCore().spc(request);
    if (field(chart, 'computed', (v) => typeof v === 'boolean') === false) {
      return excelError('notAvailable', field(chart, 'explanation', isText));
    }
    return field(chart, 'points', Array.isArray).map((p) => [
      field(p, 'mean', isNumber), field(p, 'lpl', isNumber), field(p, 'upl', isNumber), field(p, 'type', isText),
    ]);
  });
}

/**
 * A reporting period's canonical label ("13/14" gives 2013/14, "Apr 2016" gives 2016-04).
 * @customfunction PERIOD
 * @param {any} text The period as written, or a date.
 * @returns {string} The canonical label.
 */
export function period(text) {
  return excelCall(() => field(getCore().period({ text: periodCell(text, 'text') }), 'label', isText));
}

/**
 * Wilson score interval for a proportion, spilled as lower and upper limit.
 * @customfunction WILSON
 * @param {any} numerator The count of events.
 * @param {any} denominator The count of people or cases.
 * @param {number} [level] The confidence level in (0, 1) (the core's default 0.95).
 * @returns {number[][]} One row: lower limit, upper limit.
 */
export function wilson(numerator, denominator, level) {
  return excelCall(() => {
    const request = {
      numerator: requiredNumber(numerator, 'numerator'),
      denominator: requiredNumber(denominator, 'denominator'),
      level: optionalNumber(level, 'level'),
    };
    const interval = getCore().wilson(request);
    return [[field(interval, 'lower', isNumber), field(interval, 'upper', isNumber)]];
  });
}

/** The ids of functions.json and the function each names, for CustomFunctions.associate. */
export const FUNCTIONS = Object.freeze({
  STATUS: status,
  RAG: rag,
  TREND: trend,
  SPC: spc,
  PERIOD: period,
  WILSON: wilson,
});

/** Associates every custom function with its id in the shared runtime. */
export function associateAll(customFunctions = globalThis.CustomFunctions) {
  for (const [id, fn] of Object.entries(FUNCTIONS)) customFunctions.associate(id, fn);
}
