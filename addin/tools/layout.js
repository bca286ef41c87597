// Where each URL path of the add-in's origin comes from in this folder: the one table a
// development server (tools/serve.js) and the manifest test share, so a manifest URL that
// names no file fails a test instead of a sideload.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ADDIN_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

// URL path prefix -> folder (or file) of this add-in; the first match wins.
export const SERVED = Object.freeze([
  ['/assets/', 'assets/'],
  ['/office/', 'node_modules/@microsoft/office-js/dist/'], // Office.js from the pinned package
  ['/functions.json', 'dist/functions.json'], // written by tools/generate-metadata.js
  // Built files, at the same place relative to src/ as in this folder, so that core.js's
  // import('../dist/kpimap-core.mjs') finds the wasm module in node and in the page alike
  // (written by scripts/build-wasm).
  ['/dist/', 'dist/'],
  // The small workbook the pane checks once the core has loaded, to warm it up (warm-up.js).
  ['/warm-up.xlsx', '../samples/000_trajectory_grid.xlsx'],
  // The repository's bundled mappings, which the task pane lists and reads (taskpane-ui.js).
  ['/mappings/', '../mappings/'],
  ['/', 'src/'],
]);

/** The bundled mappings the task pane offers: the file names of the repository's mappings/*.xml. */
export function bundledMappings() {
  return fs.readdirSync(path.join(ADDIN_DIR, '..', 'mappings'))
    .filter((name) => name.endsWith('.xml'))
    .sort();
}

/** The file a URL path is served from (absolute), or null when no entry serves it. */
export function fileFor(urlPath) {
  for (const [prefix, target] of SERVED) {
    if (prefix.endsWith('/') ? urlPath.startsWith(prefix) : urlPath === prefix) {
      const rest = prefix.endsWith('/') ? urlPath.slice(prefix.length) : '';
      const base = path.join(ADDIN_DIR, target);
      const file = path.normalize(path.join(base, rest));
      // A path that climbs out of its folder ("/../package.json") is served from nowhere.
      return file === path.normalize(base) || file.startsWith(base) ? file : null;
    }
  }
  return null;
}

/** True for the files a build writes (dist/), which a fresh checkout does not have. */
export function isGenerated(file) {
  return file.startsWith(path.join(ADDIN_DIR, 'dist') + path.sep);
}
