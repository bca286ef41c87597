// Warms the core up once it has loaded, before anyone clicks. The browser compiles the
// module's functions the first time each runs, so the first "Check this workbook" of a new
// browser process took about 0.7 s where later ones take 0.15 s (docs/addin.md, "Performance").
// Checking a small bundled workbook and making its report sheets right after "Ready." runs the
// reader, mapping detection over every bundled mapping, conversion, statuses and the report
// writer once, while the person is still reading the pane. Nothing of it is shown or kept.

import { getCore } from './core.js';

/** The workbook the warm-up checks: a bundled sample, served by the add-in's own origin. */
export const WARM_UP_WORKBOOK = 'warm-up.xlsx';

/**
 * Fetches the warm-up workbook and runs checkWorkbook and reportSheets on it. Resolves to what
 * happened ('warm', or 'skipped: <why>'); never rejects: a warm-up that fails costs the first
 * click its speed, nothing else.
 */
export async function warmUp(fetchBytes = defaultFetchBytes) {
  try {
    const bytes = await fetchBytes(WARM_UP_WORKBOOK);
    const core = getCore();
    const request = { file_name: WARM_UP_WORKBOOK, mapping_xml: null };
    core.checkWorkbook(bytes, request);
    // A click made meanwhile runs here, before the longer report step (it is already warm for
    // "Check this workbook").
    await new Promise((resolve) => setTimeout(resolve, 0));
    core.reportSheets(bytes, { ...request, settings: {} });
    return 'warm';
  } catch (err) {
    return `skipped: ${err?.message ?? err}`;
  }
}

async function defaultFetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not read ${url}: ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}
