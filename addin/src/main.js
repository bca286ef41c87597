// The shared runtime's entry (taskpane.html): associates the custom functions, loads the kpimap
// core (WebAssembly) and starts the task pane. Until scripts/build-wasm exists the core does not
// load: the pane says so and every KPIMAP function gives #N/A with that message.

import { loadWasmCore } from './core.js';
import { associateAll } from './functions.js';
import { startTaskPane } from './taskpane-ui.js';
import { warmUp } from './warm-up.js';

associateAll(globalThis.CustomFunctions);

globalThis.Office.onReady(async () => {
  startTaskPane(document);
  const message = document.getElementById('message');
  try {
    await loadWasmCore();
    message.textContent = 'Ready.';
    // After the message is painted: a click meanwhile waits for the warm-up, and would have
    // paid the same compilation itself. data-warm-up says how it went (the bench waits for it).
    setTimeout(async () => {
      document.body.dataset.warmUp = await warmUp();
    }, 0);
  } catch (err) {
    message.textContent = err.message;
    message.className = 'error';
  }
});
