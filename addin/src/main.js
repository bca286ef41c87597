// The shared runtime's entry (taskpane.html): associates the custom functions, loads the kpimap
// core (WebAssembly) and starts the task pane. Until scripts/build-wasm exists the core does not
// load: the pane says so and every KPIMAP function gives #N/A with that message.

import { loadWasmCore } from './core.js';
import { associateAll } from './functions.js';
import { startTaskPane } from './taskpane-ui.js';

associateAll(globalThis.CustomFunctions);

globalThis.Office.onReady(async () => {
  startTaskPane(document);
  const message = document.getElementById('message');
  try {
    await loadWasmCore();
    message.textContent = 'Ready.';
  } catch (err) {
    message.textContent = err.message;
    message.className = 'error';
  }
});
