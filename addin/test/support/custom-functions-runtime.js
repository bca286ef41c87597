// Loads Office's real custom functions runtime (custom-functions-runtime.debug.js of the pinned
// @microsoft/office-js) in a sandbox, so the tests check the add-in against the genuine
// CustomFunctions.Error, ErrorCode and associate rather than a hand-written stand-in. The sandbox
// offers only what the script touches while it loads; its timers never fire (they would try to
// fetch Office's other scripts, which only a browser inside Office can do).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';

const require = createRequire(import.meta.url);
const RUNTIME = require.resolve('@microsoft/office-js/dist/custom-functions-runtime.debug.js');

export function loadCustomFunctionsRuntime() {
  const noop = () => {};
  const storage = { getItem: () => null, setItem: noop, removeItem: noop };
  const sandbox = {
    console: { log: noop, warn: noop, error: noop, info: noop, debug: noop },
    setTimeout: () => 0,
    clearTimeout: noop,
    setInterval: () => 0,
    clearInterval: noop,
    navigator: { userAgent: 'node' },
    location: { href: 'https://localhost:3000/taskpane.html', search: '', hash: '' },
    history: { replaceState: noop, pushState: noop },
    addEventListener: noop,
    sessionStorage: storage,
    localStorage: storage,
    document: {
      readyState: 'loading',
      addEventListener: noop,
      // The loader finds its own <script> tag by file name and appends Office's others to <head>.
      getElementsByTagName: (tag) =>
        tag === 'script' ? [{ src: 'https://localhost:3000/custom-functions-runtime.debug.js' }] : [{ appendChild: noop }],
      querySelectorAll: () => [],
      createElement: () => ({ style: {}, setAttribute: noop, appendChild: noop }),
      head: { appendChild: noop },
      body: { appendChild: noop },
    },
  };
  sandbox.window = sandbox;
  sandbox.self = sandbox;
  vm.createContext(sandbox);
  vm.runInContext(readFileSync(RUNTIME, 'utf8'), sandbox, { filename: 'custom-functions-runtime.debug.js' });
  const cf = sandbox.CustomFunctions;
  if (!cf || typeof cf.Error !== 'function' || !cf.ErrorCode || typeof cf.associate !== 'function') {
    throw new Error('the custom functions runtime did not define CustomFunctions.Error, ErrorCode and associate');
  }
  return cf;
}
