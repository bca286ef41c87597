// The browser tests' harness (also bench/addin_bench's): serves the add-in on localhost
// (tools/serve.js) with the stand-in Office host (office-host.js) in place of Office.js, opens the
// task pane in headless Chromium through playwright-core, and gives the test the page and what
// the host recorded. The core is the real wasm module (dist/kpimap-core.mjs) or the stub
// (stub-core.mjs). A module or .wasm cannot be loaded from file:// (CORS), hence the server.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { serve } from '../../tools/serve.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ADDIN_DIR = path.join(HERE, '..', '..');
export const REPO_DIR = path.join(ADDIN_DIR, '..');
/** Where the tests leave files to look at (the screenshot, the inserted report): gitignored. */
export const ARTIFACTS_DIR = path.join(REPO_DIR, 'tests', 'artifacts', 'addin');
/** The real wasm module, written by scripts/build-wasm. */
export const REAL_CORE = path.join(ADDIN_DIR, 'dist', 'kpimap-core.mjs');
export const STUB_CORE = path.join(HERE, 'stub-core.mjs');
export const CHROMIUM = process.env.KPIMAP_CHROMIUM ?? '/usr/bin/chromium';
// Debian's python3 carries python3-openpyxl; a pyenv python first on PATH may not.
export const PYTHON = process.env.KPIMAP_PYTHON ?? (fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

/** Runs read_workbook.py (openpyxl) on a file: {sheets: [names], cells: {sheet: {A1: value}}}. */
export function readWorkbook(file) {
  const out = execFileSync(PYTHON, [path.join(HERE, 'read_workbook.py'), file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out);
}

/** Writes the stub core's canned report workbook with openpyxl. */
export function makeStubReport(file) {
  execFileSync(PYTHON, [path.join(HERE, 'read_workbook.py'), '--make-stub-report', file]);
}

/**
 * Opens the task pane on `workbook` (a file) with `core` (REAL_CORE or STUB_CORE).
 * @param {object} o
 * @param {string} o.workbook the workbook's file, handed to the add-in as getFileAsync's bytes
 * @param {string[]} o.sheets the workbook's sheet names (the host's worksheets)
 * @param {string} o.core the module served as dist/kpimap-core.mjs
 * @param {number} [o.sliceSize] the host's slice size
 * @param {Record<string, {body, type}|string>} [o.extra] more URL overrides
 * @param {Function} [o.initScript] run in the page before its own scripts, at every load
 *   (bench/addin_bench.mjs times the core's loading with it)
 * @returns {Promise<{page, browser, url, host: () => Promise<object>, close: () => Promise<void>}>}
 */
export async function openTaskPane({ workbook, sheets, core, sliceSize = 8192, settings = {}, extra = {}, initScript = null }) {
  const config = { fileName: path.basename(workbook), workbook: '/test/workbook.xlsx', sliceSize, sheets, settings };
  const overrides = {
    '/office/office.js': path.join(HERE, 'office-host.js'),
    '/test/host.json': { body: JSON.stringify(config), type: 'application/json' },
    '/test/workbook.xlsx': workbook,
  };
  // The real module is the layout's own dist/ file; the stub replaces it.
  if (core !== REAL_CORE) overrides['/dist/kpimap-core.mjs'] = core;
  Object.assign(overrides, extra);
  const { server, url } = await serve({ overrides });
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless=new'] });
    const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    const errors = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    if (initScript) await page.addInitScript(initScript);
    await page.goto(`${url}taskpane.html`);
    return {
      page,
      browser,
      url,
      errors,
      host: () => page.evaluate(() => JSON.parse(JSON.stringify({ ...window.__kpimapHost, settings: Object.fromEntries(window.__kpimapHost.settings) }))),
      close: async () => {
        await browser.close();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  } catch (err) {
    await browser?.close();
    server.close();
    throw err;
  }
}

/** Waits until the pane's message is no longer "Working…"/"Loading…", and returns it. */
export async function settledMessage(page, timeout = 60000) {
  await page.waitForFunction(() => {
    const text = document.getElementById('message').textContent;
    return !text.startsWith('Working') && !text.startsWith('Loading');
  }, null, { timeout });
  return page.textContent('#message');
}
