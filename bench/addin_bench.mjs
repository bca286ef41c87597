// The browser half of bench/addin_bench.py: opens the add-in's task pane in headless Chromium
// with the REAL wasm core (addin/dist/kpimap-core.mjs and the kpimap-core.wasm it fetches) and the
// stand-in Office host over one workbook (addin/test/browser/harness.js), then times, in the page:
//   ready  from the page's navigation to the pane's "Ready." (the core imported, its wasm fetched,
//          compiled and instantiated), at the first load and at each reload: Excel loads the
//          task pane's page afresh every time it opens the pane;
//   pane   clicking "Check this workbook" until the pane shows the result: the bytes read from
//          the host in 4 MiB slices, the core's checkWorkbook, the diagnostics listed; the first
//          click of a page load is cold (the core's code runs for the first time);
//   core   the core's checkWorkbook alone on bytes already in the page;
//   warm   from "Ready." to the end of the pane's warm-up (src/warm-up.js), which every click
//          here waits for, as a person reads the pane before clicking.
// Prints one JSON line: {file, bytes, load_ms, ready_ms: [first load, reloads...], pane_ms: [...],
// reload_click_ms: [the first click after each reload], core_ms: [...], warm_up_ms: [per load],
// warm_up, message, outcome}.
//
//   node bench/addin_bench.mjs WORKBOOK [--repeat N] [--reloads N] [--core MODULE]
//
// --core serves another module as dist/kpimap-core.mjs (addin/test/browser/stub-core.mjs: the
// pane's own cost, reading the slices and drawing the answer, without the core's work; or a
// SINGLE_FILE build of the core, the wasm inside the module, to compare the two ways of shipping it).
import fs from 'node:fs';
import path from 'node:path';

import { REAL_CORE, openTaskPane, settledMessage } from '../addin/test/browser/harness.js';

const args = process.argv.slice(2);
const workbook = path.resolve(args[0]);
const repeat = args.includes('--repeat') ? Number(args[args.indexOf('--repeat') + 1]) : 3;
const reloads = args.includes('--reloads') ? Number(args[args.indexOf('--reloads') + 1]) : 2;
const core = args.includes('--core') ? path.resolve(args[args.indexOf('--core') + 1]) : REAL_CORE;
if (!fs.existsSync(core)) {
  console.error(`addin_bench: ${core} is not built (scripts/build-wasm)`);
  process.exit(77);
}

// In the page, before its scripts: notes the time (from navigation) the message turns "Ready.".
function markReady() {
  document.addEventListener('DOMContentLoaded', () => {
    const box = document.getElementById('message');
    const observer = new MutationObserver(() => {
      if (box.textContent !== 'Ready.') return;
      window.__kpimapReadyMs = performance.now();
      observer.disconnect();
    });
    observer.observe(box, { childList: true, characterData: true, subtree: true });
  });
}

const started = Date.now();
const pane = await openTaskPane({ workbook, sheets: [], core, sliceSize: 4 * 1024 * 1024, initScript: markReady });
try {
  const { page } = pane;
  const waitReady = async () => {
    const ready = await settledMessage(page, 300000);
    if (ready !== 'Ready.') throw new Error(`the pane did not load the core: ${ready}`);
    const readyAt = await page.evaluate(() => window.__kpimapReadyMs);
    // The pane warms the core up after "Ready." (addin/src/warm-up.js); the clicks come after it,
    // as a person's first click comes after reading the pane. warm_up_ms: "Ready." to warm.
    await page.waitForFunction(() => document.body.dataset.warmUp, null, { timeout: 300000 });
    const warm = await page.evaluate(() => ({ at: performance.now(), outcome: document.body.dataset.warmUp }));
    warmUpMs.push(warm.at - readyAt);
    warmUpOutcome = warm.outcome;
    return readyAt;
  };
  const warmUpMs = [];
  let warmUpOutcome = '';
  const readyMs = [await waitReady()];
  const loadMs = Date.now() - started;

  // One click, timed inside the page from the click to the pane's answer.
  const clickCheck = () => page.evaluate(() => new Promise((resolve) => {
    const box = document.getElementById('message');
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      if (box.textContent.startsWith('Working')) return;
      observer.disconnect();
      resolve({ ms: performance.now() - t0, message: box.textContent, error: box.className === 'error' });
    });
    observer.observe(box, { childList: true, characterData: true, subtree: true, attributes: true });
    document.getElementById('check').click();
  }));
  const coreOnly = () => page.evaluate(async (fileName) => {
    const { getCore } = await import('/core.js');
    const bytes = new Uint8Array(await (await fetch('/test/workbook.xlsx')).arrayBuffer());
    const t0 = performance.now();
    let outcome;
    try {
      const result = getCore().checkWorkbook(bytes, { file_name: fileName, mapping_xml: null });
      outcome = `mapping ${result.mapping?.id ?? 'none'}, ${result.cells?.seen} cells`;
    } catch (err) {
      outcome = `${err.code}: ${err.message}`;
    }
    return { ms: performance.now() - t0, outcome };
  }, path.basename(workbook));

  const paneMs = [];
  const coreMs = [];
  let message = '';
  let outcome = '';
  for (let i = 0; i < repeat; i++) {
    const click = await clickCheck();
    paneMs.push(click.ms);
    message = click.message;
    const core = await coreOnly();
    coreMs.push(core.ms);
    outcome = core.outcome;
  }
  // Reloads: the page and the core loaded afresh in the same browser, then one (cold) click.
  const reloadClickMs = [];
  for (let i = 0; i < reloads; i++) {
    await page.reload();
    readyMs.push(await waitReady());
    reloadClickMs.push((await clickCheck()).ms);
  }
  console.log(JSON.stringify({
    file: workbook, bytes: fs.statSync(workbook).size, load_ms: loadMs, ready_ms: readyMs, pane_ms: paneMs,
    reload_click_ms: reloadClickMs, core_ms: coreMs, warm_up_ms: warmUpMs, warm_up: warmUpOutcome, message, outcome,
  }));
} finally {
  await pane.close();
}
