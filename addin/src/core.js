// The kpimap core as the add-in sees it: the functions the WebAssembly build of the C++ core will
// export, the JSON each takes and gives, and the one adapter (createCore) that turns the module's
// JSON-string calls into JavaScript objects and typed errors. No statistics, period parsing or
// workbook logic lives in JavaScript: every computation is the core's; the add-in only adapts
// Excel's arguments and results (issue 15: "no fork of the logic in JavaScript").
//
// THE MODULE (built later by scripts/build-wasm with Debian's emscripten; not built yet)
// exports one function per name in CORE_FUNCTIONS. Each takes its request as a JSON string (the
// workbook functions also take the workbook's bytes first, as a Uint8Array) and returns a JSON
// string, never throws for bad input:
//
//   {"ok": RESULT}                                       on success
//   {"error": {"code": "not_a_period", "message": "..."}} for input the core refuses
//
// `code` is a stable snake_case word, `message` one sentence a person can act on; the custom
// functions show it with #VALUE!, the task pane shows it as it is.
//
// Requests and results (null where a value is absent; numbers are JSON numbers, never text):
//
// A period is given as a cell holds it: text ("13/14", "Q1 2016/17") or a number, which the core
// reads as a year when it is a whole number from 1900 to 2100 and otherwise as a date serial
// (period.hpp period_from_serial): Excel passes a date cell as its serial.
//
// period({text: string|number})
//   -> {label: "2013/14", kind: "financial_year", start: "2013-04-01", end: "2014-03-31",
//       years: 1}                                        (kpimap/period.hpp parse_period)
//   errors: not_a_period
// wilson({numerator, denominator, level})                level in (0, 1), 0.95 when absent
//   -> {lower: 0.0877, upper: 0.2219}                    (stats.hpp wilson_interval)
//   errors: invalid_counts, invalid_level
// status({values: [number|null], periods: [string|number], polarity, tolerance: number|null})
//   polarity: "higher_is_better" | "lower_is_better" | "no_judgement" as written in a mapping
//   (the core parses it); tolerance: the relative change counted as little or no change
//   -> {travel: "improved", latest: {period: "2015", value: 5.1},
//       previous: {period: "2014", value: 4.8} | null, explanation: "..."}
//   (stats.hpp direction_of_travel on the latest value and the latest earlier comparable period)
//   errors: not_a_period, unknown_polarity, invalid_tolerance, no_values, length_mismatch
// rag({actual, plan, directionality, amber: number|null, red: number|null})
//   directionality: NHS England's "over" | "under" | "on" (the core parses it)
//   -> {rag: "green", letter: "G", variance: 1.5, percent_variance: 2.1, explanation: "..."}
//   (rag.hpp rag_against_plan; not assessed is a result, letter "NA", not an error)
//   errors: unknown_directionality, invalid_thresholds
// trend({values: [number], lower_ci: [number], upper_ci: [number], polarity})
//   -> {trend: "increasing", label: "Increasing and getting better", explanation: "..."}
//   (stats.hpp recent_trend and trend_label)
//   errors: length_mismatch, unknown_polarity, invalid_interval
// spc({values: [number]})
//   -> {computed: true, variation: "common_cause", assurance: "not_assessed",
//       points: [{value, mean, lpl, upl, type: "common_cause"}], explanation: "..."}
//   computed false (too few points) is a result with its explanation, not an error
//   (spc.hpp xmr with a neutral improvement direction)
//   errors: not_finite
// checkWorkbook(bytes, {file_name, mapping_xml: string|null})
//   -> {mapping: {id, file} | null, cells: {seen, used, not_used},
//       warnings: {total, on_used_cells, on_unused_cells, elsewhere},
//       diagnostics: [{severity: "warning"|"info", code, where: {sheet, cell}, raw, message}]}
//   the shape of `kpimap convert`'s diagnostics.json (docs/commands/convert.md)
//   errors: unreadable, no_mapping_fits, bad_mapping
// reportSheets(bytes, {file_name, mapping_xml, settings})
//   -> {workbook_base64: "...", sheets: ["kpimap Summary", "kpimap Statuses", ...]}
//   a workbook holding only the report's sheets, for insertWorksheetsFromBase64
//   errors: as checkWorkbook, and for bad settings not_a_period (as_of), invalid_tolerance,
//   invalid_thresholds (rag_amber, rag_red)
// updatePlan(bytes, {file_name, mapping_xml, settings})
//   -> {writes: [{sheet, cell: "F12", kind: "text"|"number"|"boolean"|"blank", value}],
//       not_written: [{what, where: {sheet, cell}, reason}], notes: [string],
//       warnings: [string], errors: [string]}
//   write_plan.hpp plan_status_writes: which status goes into which cell of this workbook
//   errors: as reportSheets
//
// settings (the task pane keeps them in the workbook, see settings.js):
//   {as_of: string|null, travel_tolerance: number, rag_amber: number, rag_red: number}

/** The functions the wasm module exports, each (requestJson) or (bytes, requestJson). */
export const CORE_FUNCTIONS = Object.freeze([
  'period',
  'wilson',
  'status',
  'rag',
  'trend',
  'spc',
  'checkWorkbook',
  'reportSheets',
  'updatePlan',
]);

/** The functions that take the workbook's bytes before the request. */
export const WORKBOOK_FUNCTIONS = Object.freeze(['checkWorkbook', 'reportSheets', 'updatePlan']);

/** A refusal by the core (its error envelope), or a failure to reach it. */
export class CoreError extends Error {
  /**
   * @param {string} code stable snake_case reason ("not_a_period", "core_not_loaded", ...)
   * @param {string} message one sentence for a person
   */
  constructor(code, message) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
  }
}

/** Codes the adapter itself gives (the core's own codes are listed above). */
export const ADAPTER_ERRORS = Object.freeze({
  notLoaded: 'core_not_loaded', // no core installed (the wasm module is not built or not loaded)
  failed: 'core_failed', // the module threw (a wasm trap): a bug in the core, never bad input
  badResponse: 'core_bad_response', // the module answered something that is not an envelope
});

/**
 * Wraps a raw module (one JSON-string function per CORE_FUNCTIONS name) into an object whose
 * functions take and return plain objects and throw CoreError. Refuses a module that lacks a
 * function, so a wasm build that drifts from this interface fails when it is loaded, not later.
 * @param {Record<string, Function>} raw
 */
export function createCore(raw) {
  const missing = CORE_FUNCTIONS.filter((name) => typeof raw?.[name] !== 'function');
  if (missing.length > 0) {
    throw new CoreError(
      ADAPTER_ERRORS.badResponse,
      `the kpimap core module lacks ${missing.join(', ')}; it does not match src/core.js`,
    );
  }
  const core = {};
  for (const name of CORE_FUNCTIONS) {
    const takesBytes = WORKBOOK_FUNCTIONS.includes(name);
    core[name] = takesBytes
      ? (bytes, request) => callRaw(raw, name, [toBytes(bytes), JSON.stringify(request)])
      : (request) => callRaw(raw, name, [JSON.stringify(request)]);
  }
  return Object.freeze(core);
}

function toBytes(bytes) {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  if (Array.isArray(bytes)) return Uint8Array.from(bytes);
  throw new CoreError(ADAPTER_ERRORS.badResponse, 'workbook bytes must be a Uint8Array');
}

function callRaw(raw, name, args) {
  let text;
  try {
    text = raw[name](...args);
  } catch (err) {
    throw new CoreError(ADAPTER_ERRORS.failed, `the kpimap core failed in ${name}: ${err?.message ?? err}`);
  }
  let envelope;
  try {
    envelope = JSON.parse(text);
  } catch {
    throw new CoreError(ADAPTER_ERRORS.badResponse, `the kpimap core's ${name} did not answer JSON`);
  }
  if (envelope && typeof envelope === 'object' && 'ok' in envelope) return envelope.ok;
  const error = envelope?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    throw new CoreError(error.code, error.message);
  }
  throw new CoreError(ADAPTER_ERRORS.badResponse, `the kpimap core's ${name} answered neither ok nor error`);
}

let installed = null;

/** Installs the adapted core every caller shares (the loaded wasm module, or a test's stub). */
export function setCore(core) {
  installed = core;
}

/** The installed core; throws CoreError core_not_loaded when there is none. */
export function getCore() {
  if (!installed) {
    throw new CoreError(
      ADAPTER_ERRORS.notLoaded,
      'the kpimap core is not loaded (its WebAssembly module dist/kpimap-core.mjs, made by scripts/build-wasm, is missing or did not load)',
    );
  }
  return installed;
}

/**
 * Loads the emscripten module (MODULARIZE=1, EXPORT_ES6=1: a default-exported factory returning
 * a promise of the module) and installs it. `importModule` returns that ES module; the default
 * names the file scripts/build-wasm writes, dist/kpimap-core.mjs, which fetches its wasm,
 * dist/kpimap-core.wasm, from beside itself (import.meta.url). `moduleArgs` goes to the factory
 * as emscripten's Module object: node, whose fetch() refuses file paths, passes
 * {wasmBinary: the .wasm's bytes} (test/functions-wasm.test.js); the page passes nothing, so that
 * the browser compiles the .wasm while it streams. This file imports nothing of node's.
 */
export async function loadWasmCore(importModule = () => import('../dist/kpimap-core.mjs'), moduleArgs = {}) {
  let factory;
  try {
    factory = (await importModule()).default;
  } catch (err) {
    throw new CoreError(
      ADAPTER_ERRORS.notLoaded,
      `the kpimap core (WebAssembly) could not be loaded: ${err?.message ?? err} (dist/kpimap-core.mjs is made by scripts/build-wasm)`,
    );
  }
  let raw;
  try {
    raw = await factory(moduleArgs);
  } catch (err) {
    // The factory rejects when the .wasm is missing, unreadable or not the one the .mjs was
    // linked with (emscripten's abort): a deployment that copied one file of the two.
    throw new CoreError(
      ADAPTER_ERRORS.notLoaded,
      `the kpimap core (WebAssembly) could not be started: ${err?.message ?? err} (dist/kpimap-core.wasm must be deployed beside dist/kpimap-core.mjs, both from the same scripts/build-wasm)`,
    );
  }
  const core = createCore(raw);
  setCore(core);
  return core;
}
