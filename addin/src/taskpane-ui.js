// The task pane's page: four actions (check, add status sheets, write statuses back, settings),
// each reading the workbook's bytes, asking the core, and handing the answer to the Excel-facing
// layer (taskpane.js), and the choice of mapping they use (detected by the core, one of the
// bundled mappings, or the person's own file). Workbook text reaches the page only through
// textContent, never as HTML. Nothing is sent anywhere: the bytes go from Office to the core in
// this page and back to Excel; the only fetches are of the add-in's own files (the bundled
// mappings), from its own origin.

import { CoreError, getCore } from './core.js';
import { TaskPaneError, insertSheets, readWorkbookBytes, selectCell, writeStatuses } from './taskpane.js';
import { loadSettings, saveSettings } from './settings.js';

function fileName(office) {
  const url = office.context.document.url || 'workbook.xlsx';
  // A path on Windows or a web address (SharePoint adds "?web=1"): the last part, unqueried.
  return url.split(/[?#]/)[0].split(/[\\/]/).pop() || 'workbook.xlsx';
}

/** Where the page finds the bundled mappings, relative to itself: the list of file names, as JSON. */
export const BUNDLED_MAPPINGS_INDEX = 'mappings/index.json';

// A file of the add-in's own origin as text (the page's Content-Security-Policy allows no other).
async function fetchOwnFile(url) {
  const response = await fetch(url);
  if (!response.ok) throw new TaskPaneError(`could not read ${url}: ${response.status} ${response.statusText}`);
  return response.text();
}

/**
 * Wires the page's controls; `doc` is the task pane's document, `fetchText(url)` reads one of the
 * add-in's own files. Resolves `mappingsListed` once the bundled mappings are in the list (or
 * the list could not be read: then only detection and the person's own file are offered).
 */
export function startTaskPane(doc, office = globalThis.Office, { fetchText = fetchOwnFile } = {}) {
  const $ = (id) => doc.getElementById(id);
  const message = (text, kind = 'info') => {
    const box = $('message');
    box.textContent = text;
    box.className = kind;
  };
  const busy = (on) => {
    for (const button of doc.querySelectorAll('button.action')) button.disabled = on;
  };
  const run = (action) => async () => {
    busy(true);
    message('Working…');
    try {
      await action();
    } catch (err) {
      message(err?.message ?? String(err), 'error');
    } finally {
      busy(false);
    }
  };
  // The mapping the actions use: null to let the core detect it, or {name, xml}.
  let mapping = null;
  const request = () => ({ file_name: fileName(office), mapping_xml: mapping?.xml ?? null, settings: loadSettings(office) });
  // The core's "no mapping fits" is the moment to say that one can be chosen.
  const withAdvice = (action) => async () => {
    try {
      await action();
    } catch (err) {
      if (err instanceof CoreError && err.code === 'no_mapping_fits' && mapping === null) {
        throw new CoreError(err.code, `${err.message.replace(/\.?$/, '.')} Choose a bundled mapping or load your own above.`);
      }
      throw err;
    }
  };

  const mappingList = $('mapping');
  const mappingFile = $('mapping-file');
  mappingList.onchange = run(async () => {
    const name = mappingList.value;
    mappingFile.value = '';
    if (name === '') {
      mapping = null;
      message('The mapping will be detected from the workbook.');
      return;
    }
    mapping = null; // until the file is read: a failed read leaves detection, not the old choice
    mapping = { name, xml: await fetchText(`mappings/${encodeURIComponent(name)}`) };
    message(`Mapping ${name} chosen.`);
  });
  mappingFile.onchange = run(async () => {
    const file = mappingFile.files?.[0];
    if (!file) return;
    mappingList.value = '';
    mapping = null;
    mapping = { name: file.name, xml: await file.text() };
    message(`Mapping ${file.name} (your own file) chosen.`);
  });
  const mappingsListed = (async () => {
    let names;
    try {
      names = JSON.parse(await fetchText(BUNDLED_MAPPINGS_INDEX));
    } catch {
      return; // no list served: detection and the person's own file still work
    }
    if (!Array.isArray(names)) return;
    for (const name of names.filter((n) => typeof n === 'string')) {
      const option = doc.createElement('option');
      option.value = name;
      option.textContent = name.replace(/\.xml$/, '');
      mappingList.append(option);
    }
  })();

  // Asks in the pane (add-ins have no window.confirm); resolves true for Replace.
  const confirmReplace = (names) => new Promise((resolve) => {
    const box = $('confirm');
    $('confirm-text').textContent = `Replace the kpimap sheets ${names.map((n) => `'${n}'`).join(', ')} added earlier?`;
    box.hidden = false;
    const answer = (yes) => () => {
      box.hidden = true;
      resolve(yes);
    };
    $('confirm-yes').onclick = answer(true);
    $('confirm-no').onclick = answer(false);
  });

  const showDiagnostics = (result) => {
    const list = $('diagnostics');
    list.replaceChildren();
    for (const d of result.diagnostics) {
      const item = doc.createElement('li');
      const button = doc.createElement('button');
      button.className = `diagnostic ${d.severity}`;
      // A diagnostic about a mapping rule or the whole file names no cell: shown, not clickable.
      const { sheet, cell } = d.where ?? {};
      const place = sheet && cell ? `${sheet}!${cell}` : sheet || '';
      button.textContent = `${place ? `${place} ` : ''}${d.code}: ${d.message}`;
      if (sheet && cell) {
        button.onclick = run(async () => {
          await selectCell(sheet, cell);
          message(place);
        });
      } else {
        button.disabled = true;
      }
      item.append(button);
      list.append(item);
    }
    const mapping = result.mapping ? `mapping ${result.mapping.id}` : 'no mapping';
    // The core's poor_fit warning (less than half of a sheet read, or no sheet) is what makes
    // `kpimap convert` fail with exit 3; the pane says it in its message, not only in the list.
    const poorFit = result.diagnostics.some((d) => d.code === 'poor_fit')
      ? ' This mapping fits the workbook poorly (see poor_fit below): pick another mapping, or extend this one.'
      : '';
    message(`${mapping}: ${result.cells.seen} cells, ${result.cells.used} used, ${result.warnings.total} warnings.${poorFit}`);
  };

  $('check').onclick = run(withAdvice(async () => {
    const bytes = await readWorkbookBytes(office);
    showDiagnostics(getCore().checkWorkbook(bytes, request()));
  }));
  $('add-sheets').onclick = run(withAdvice(async () => {
    const bytes = await readWorkbookBytes(office);
    const report = getCore().reportSheets(bytes, request());
    const outcome = await insertSheets(report.workbook_base64, report.sheets, confirmReplace);
    message(outcome.declined ? 'Nothing added: the earlier sheets are kept.' : `Added ${outcome.inserted.join(', ')}.`);
  }));
  $('write-back').onclick = run(withAdvice(async () => {
    const bytes = await readWorkbookBytes(office);
    const plan = getCore().updatePlan(bytes, request());
    const outcome = await writeStatuses(plan);
    const skipped = outcome.skipped.map((s) => `${s.sheet}!${s.cell} (${s.reason})`);
    message(`Wrote ${outcome.written} cells.${skipped.length ? ` Not written: ${skipped.join('; ')}.` : ''}`);
  }));

  const settingsForm = $('settings');
  const showSettings = (settings) => {
    for (const [field, value] of Object.entries(settings)) settingsForm.elements[field].value = value ?? '';
  };
  showSettings(loadSettings(office));
  settingsForm.onsubmit = (event) => {
    event.preventDefault();
    return run(async () => {
      const entered = {};
      for (const field of ['as_of', 'travel_tolerance', 'rag_amber', 'rag_red']) {
        entered[field] = settingsForm.elements[field].value;
      }
      // The as-of period is the core's to read: stored as its canonical label.
      if (entered.as_of.trim() !== '') entered.as_of = getCore().period({ text: entered.as_of }).label;
      showSettings(await saveSettings(entered, office));
      message('Settings saved in this workbook.');
    })();
  };
  return { mappingsListed };
}
