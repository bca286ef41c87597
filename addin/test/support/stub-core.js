// A STUB of the kpimap core's WebAssembly interface (src/core.js), for testing the JavaScript
// around it before the wasm module exists. It computes nothing: each function records the request
// it was given and answers what the test told it to, as the JSON-string envelope the real module
// gives. Results in tests are therefore canned values, never kpimap's statistics.
import { CORE_FUNCTIONS, WORKBOOK_FUNCTIONS } from '../../src/core.js';

export const ok = (result) => ({ ok: result });
export const refuse = (code, message) => ({ error: { code, message } });

/**
 * @param {Record<string, object|string|Function>} answers per function: an envelope, raw text, or
 *   (request, bytes) => envelope|text
 * @returns {{raw: Record<string, Function>, calls: {name: string, request: object, bytes?: Uint8Array}[]}}
 */
export function createStubModule(answers = {}) {
  const calls = [];
  const raw = {};
  for (const name of CORE_FUNCTIONS) {
    raw[name] = (...args) => {
      const takesBytes = WORKBOOK_FUNCTIONS.includes(name);
      const bytes = takesBytes ? args[0] : undefined;
      const json = takesBytes ? args[1] : args[0];
      if (typeof json !== 'string') throw new TypeError(`stub ${name}: the request must be a JSON string`);
      const request = JSON.parse(json);
      calls.push(takesBytes ? { name, request, bytes } : { name, request });
      let answer = answers[name];
      if (typeof answer === 'function') answer = answer(request, bytes);
      if (answer === undefined) answer = refuse('stub_unset', `stub: no answer set for ${name}`);
      return typeof answer === 'string' ? answer : JSON.stringify(answer);
    };
  }
  return { raw, calls };
}
