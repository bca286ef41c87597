// The task pane page's actions end to end with stand-ins: a minimal document (the page's ids,
// buttons and form), office-addin-mock's Office and Excel, and the STUB core. Checks that each
// button reads the workbook, asks the core, and hands the answer to Excel, and that workbook text
// reaches the page as text only.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';

import { createCore, setCore } from '../src/core.js';
import { SETTINGS_KEY } from '../src/settings.js';
import { INSERTED_SHEETS_KEY } from '../src/taskpane.js';
import { startTaskPane } from '../src/taskpane-ui.js';
import { createExcel, createOffice } from './support/office-mocks.js';
import { createStubModule, ok, refuse } from './support/stub-core.js';

// Just enough of a DOM for taskpane-ui.js: elements by id, children, textContent, no innerHTML.
class FakeElement {
  constructor(tag, id) {
    this.tagName = tag;
    this.id = id;
    this.children = [];
    this.textContent = '';
    this.className = '';
    this.hidden = false;
    this.disabled = false;
    this.value = '';
  }
  append(...nodes) { this.children.push(...nodes); }
  replaceChildren() { this.children = []; }
  set innerHTML(_) { throw new Error('innerHTML must not be used'); }
}

function createPage() {
  const byId = new Map();
  const add = (tag, id, className = '') => {
    const e = new FakeElement(tag, id);
    e.className = className;
    byId.set(id, e);
    return e;
  };
  add('p', 'message');
  const actions = ['check', 'add-sheets', 'write-back'].map((id) => add('button', id, 'action'));
  add('ul', 'diagnostics');
  add('select', 'mapping');
  add('input', 'mapping-file').files = [];
  add('div', 'confirm').hidden = true;
  add('p', 'confirm-text');
  add('button', 'confirm-yes');
  add('button', 'confirm-no');
  const form = add('form', 'settings');
  form.elements = Object.fromEntries(['as_of', 'travel_tolerance', 'rag_amber', 'rag_red'].map((n) => [n, new FakeElement('input', n)]));
  const document = {
    getElementById: (id) => byId.get(id) ?? null,
    querySelectorAll: (selector) => (selector === 'button.action' ? actions : []),
    createElement: (tag) => new FakeElement(tag),
  };
  return { document, $: (id) => byId.get(id) };
}

const workbook = Uint8Array.from([80, 75, 3, 4, 20, 0, 6, 0, 8, 0]);
let page;
let office;
let officeLog;
let stored;
let excel;
let excelLog;
let stub;

// The add-in's own files the page reads (the bundled mappings), by URL; a missing one fails as fetch would.
const OWN_FILES = {
  'mappings/index.json': JSON.stringify(['hwb-outcomes-report.xml', 'icp-trajectory-grid.xml']),
  'mappings/hwb-outcomes-report.xml': '<mapping id="hwb-outcomes-report"/>',
};
let fetched;
let listed;

function setUp({ sheets = { 'Outcome 1': {} }, settings = {}, answers = {}, files = OWN_FILES } = {}) {
  ({ office, log: officeLog, stored } = createOffice({ bytes: workbook, sliceSize: 4, settings }));
  ({ excel, log: excelLog } = createExcel(sheets));
  globalThis.Office = office;
  globalThis.Excel = excel;
  stub = createStubModule(answers);
  setCore(createCore(stub.raw));
  page = createPage();
  fetched = [];
  const fetchText = async (url) => {
    fetched.push(url);
    if (!(url in files)) throw new Error(`could not read ${url}: 404 Not Found`);
    return files[url];
  };
  ({ mappingsListed: listed } = startTaskPane(page.document, office, { fetchText }));
}

beforeEach(() => setUp());

test('Check this workbook lists the diagnostics as text; clicking one selects its cell', async () => {
  setUp({ answers: { checkWorkbook: ok({
    mapping: { id: 'hwb-outcomes-report', file: 'mappings/hwb-outcomes-report.xml' },
    cells: { seen: 10, used: 8, not_used: 2 },
    warnings: { total: 1, on_used_cells: 0, on_unused_cells: 1, elsewhere: 0 },
    diagnostics: [
      { severity: 'warning', code: 'unmapped_cell', where: { sheet: 'Outcome 1', cell: 'C7' }, raw: '<b>x</b>', message: 'not read: <img src=x onerror=alert(1)>' },
    ],
  }) } });
  await page.$('check').onclick();
  assert.equal(stub.calls.length, 1);
  assert.equal(stub.calls[0].name, 'checkWorkbook');
  assert.deepEqual([...stub.calls[0].bytes], [...workbook]);
  assert.deepEqual(stub.calls[0].request, {
    file_name: 'Trajectories 2021.xlsx', mapping_xml: null,
    settings: { as_of: null, travel_tolerance: null, rag_amber: null, rag_red: null },
  });
  assert.equal(officeLog.closed, 1);
  assert.equal(page.$('message').textContent, 'mapping hwb-outcomes-report: 10 cells, 8 used, 1 warnings.');
  const items = page.$('diagnostics').children;
  assert.equal(items.length, 1);
  const button = items[0].children[0];
  assert.equal(button.textContent, 'Outcome 1!C7 unmapped_cell: not read: <img src=x onerror=alert(1)>');
  await button.onclick();
  assert.deepEqual(excelLog.selected, ['Outcome 1!C7']);
  assert.equal(page.$('message').textContent, 'Outcome 1!C7');
});

test('a mapping that fits poorly is said so in the message, as the CLI fails on it', async () => {
  setUp({ answers: { checkWorkbook: ok({
    mapping: { id: 'mh-pmf-matrix', file: 'mappings/mh-pmf-matrix.xml' },
    cells: { seen: 493, used: 0, not_used: 493 },
    warnings: { total: 1, on_used_cells: 0, on_unused_cells: 0, elsewhere: 1 },
    diagnostics: [
      { severity: 'warning', code: 'poor_fit', where: { file: 'a.xlsx', sheet: '', cell: '' }, raw: '', message: 'the mapping read no sheet of this workbook' },
    ],
  }) } });
  await page.$('check').onclick();
  assert.equal(page.$('message').textContent,
    'mapping mh-pmf-matrix: 493 cells, 0 used, 1 warnings. This mapping fits the workbook poorly (see poor_fit below): pick another mapping, or extend this one.');
  assert.equal(page.$('diagnostics').children.length, 1);
});

test("the core's refusal is shown in the pane, and the buttons work again", async () => {
  setUp({ answers: { checkWorkbook: refuse('unreadable', 'the workbook is not a zip package') } });
  await page.$('check').onclick();
  assert.equal(page.$('message').textContent, 'the workbook is not a zip package');
  assert.equal(page.$('message').className, 'error');
  assert.equal(page.$('check').disabled, false);
  assert.equal(officeLog.closed, 1);
});

test('Add status sheets asks in the pane before replacing, and inserts after Replace', async () => {
  setUp({
    sheets: { 'Outcome 1': {}, 'kpimap Summary': {} },
    settings: { [INSERTED_SHEETS_KEY]: ['kpimap Summary'] },
    answers: { reportSheets: ok({ workbook_base64: 'UEsDBA==', sheets: ['kpimap Summary'] }) },
  });
  const pending = page.$('add-sheets').onclick();
  // Wait for the question to appear, then answer it.
  for (let i = 0; i < 50 && page.$('confirm').hidden; i++) await new Promise((r) => setImmediate(r));
  assert.equal(page.$('confirm').hidden, false);
  assert.equal(page.$('confirm-text').textContent, "Replace the kpimap sheets 'kpimap Summary' added earlier?");
  assert.deepEqual(excelLog.inserted, []);
  page.$('confirm-yes').onclick();
  await pending;
  assert.equal(page.$('confirm').hidden, true);
  assert.deepEqual(excelLog.deleted, ['kpimap Summary']);
  assert.equal(excelLog.inserted.length, 1);
  assert.equal(page.$('message').textContent, 'Added kpimap Summary.');
});

test('Write statuses back writes the plan and lists what it skipped', async () => {
  setUp({ answers: { updatePlan: ok({
    writes: [
      { sheet: 'Outcome 1', cell: 'F3', kind: 'text', value: 'Improved' },
      { sheet: 'Gone', cell: 'A1', kind: 'text', value: 'x' },
    ],
    not_written: [], notes: [], warnings: [], errors: [],
  }) } });
  await page.$('write-back').onclick();
  assert.equal(stub.calls[0].name, 'updatePlan');
  assert.equal(page.$('message').textContent, 'Wrote 1 cells. Not written: Gone!A1 (sheet not in this workbook).');
});

test('Settings: shown from the workbook, saved with the as-of period as the core reads it', async () => {
  setUp({
    settings: { [SETTINGS_KEY]: { as_of: null, travel_tolerance: 0.03, rag_amber: null, rag_red: null } },
    answers: { period: ok({ label: '2021/22', kind: 'financial_year', start: '2021-04-01', end: '2022-03-31', years: 1 }) },
  });
  const form = page.$('settings');
  assert.equal(form.elements.travel_tolerance.value, 0.03);
  assert.equal(form.elements.rag_red.value, '');
  form.elements.as_of.value = '21/22';
  form.elements.rag_red.value = '0.1';
  let prevented = false;
  await form.onsubmit({ preventDefault: () => { prevented = true; } });
  assert.ok(prevented);
  assert.deepEqual(stub.calls.map((c) => c.request), [{ text: '21/22' }]);
  assert.deepEqual(stored.get(SETTINGS_KEY), { as_of: '2021/22', travel_tolerance: 0.03, rag_amber: null, rag_red: 0.1 });
  assert.equal(form.elements.as_of.value, '2021/22');
  assert.equal(page.$('message').textContent, 'Settings saved in this workbook.');
});

test('Settings: an as-of the core does not read as a period is not saved', async () => {
  setUp({ answers: { period: refuse('not_a_period', "'soon' is not a period") } });
  const form = page.$('settings');
  form.elements.as_of.value = 'soon';
  await form.onsubmit({ preventDefault() {} });
  assert.equal(page.$('message').textContent, "'soon' is not a period");
  assert.equal(stored.has(SETTINGS_KEY), false);
});

test('the bundled mappings are listed by name; choosing one sends its XML to the core', async () => {
  setUp({ answers: { checkWorkbook: ok({
    mapping: { id: 'hwb-outcomes-report', file: null }, cells: { seen: 1, used: 1, not_used: 0 },
    warnings: { total: 0, on_used_cells: 0, on_unused_cells: 0, elsewhere: 0 }, diagnostics: [],
  }) } });
  await listed;
  const options = page.$('mapping').children;
  assert.deepEqual(options.map((o) => [o.value, o.textContent]),
    [['hwb-outcomes-report.xml', 'hwb-outcomes-report'], ['icp-trajectory-grid.xml', 'icp-trajectory-grid']]);
  page.$('mapping').value = 'hwb-outcomes-report.xml';
  await page.$('mapping').onchange();
  assert.equal(page.$('message').textContent, 'Mapping hwb-outcomes-report.xml chosen.');
  assert.deepEqual(fetched, ['mappings/index.json', 'mappings/hwb-outcomes-report.xml']);
  await page.$('check').onclick();
  assert.equal(stub.calls[0].request.mapping_xml, '<mapping id="hwb-outcomes-report"/>');
  // Back to detection: null again.
  page.$('mapping').value = '';
  await page.$('mapping').onchange();
  await page.$('check').onclick();
  assert.equal(stub.calls[1].request.mapping_xml, null);
  assert.equal(page.$('message').textContent, 'mapping hwb-outcomes-report: 1 cells, 1 used, 0 warnings.');
});

test("a bundled mapping that cannot be read is an error in the pane, and detection stays", async () => {
  setUp({ answers: { checkWorkbook: refuse('no_mapping_fits', 'no mapping fits this workbook') } });
  await listed;
  page.$('mapping').value = 'icp-trajectory-grid.xml';
  await page.$('mapping').onchange();
  assert.equal(page.$('message').textContent, 'could not read mappings/icp-trajectory-grid.xml: 404 Not Found');
  assert.equal(page.$('message').className, 'error');
  await page.$('check').onclick();
  assert.equal(stub.calls[0].request.mapping_xml, null);
  // Detection found nothing: the pane says a mapping can be chosen.
  assert.equal(page.$('message').textContent,
    'no mapping fits this workbook. Choose a bundled mapping or load your own above.');
});

test("the person's own mapping file is read and sent; no list served leaves the list empty", async () => {
  setUp({ files: {}, answers: { updatePlan: ok({ writes: [], not_written: [], notes: [], warnings: [], errors: [] }) } });
  await listed;
  assert.deepEqual(page.$('mapping').children, []);
  page.$('mapping-file').files = [{ name: 'ours.xml', text: async () => '<mapping id="ours"/>' }];
  await page.$('mapping-file').onchange();
  assert.equal(page.$('message').textContent, 'Mapping ours.xml (your own file) chosen.');
  await page.$('write-back').onclick();
  assert.equal(stub.calls[0].request.mapping_xml, '<mapping id="ours"/>');
  assert.equal(page.$('message').textContent, 'Wrote 0 cells.');
});

test('a diagnostic that names no cell is listed without a place and cannot be clicked', async () => {
  setUp({ answers: { checkWorkbook: ok({
    mapping: { id: 'm', file: null }, cells: { seen: 1, used: 1, not_used: 0 },
    warnings: { total: 2, on_used_cells: 0, on_unused_cells: 0, elsewhere: 2 },
    diagnostics: [
      { severity: 'warning', code: 'column_not_found', where: { file: 'w.xlsx', sheet: '', cell: '' }, raw: '', message: 'no column' },
      { severity: 'warning', code: 'sheet_not_read', where: { file: 'w.xlsx', sheet: 'Notes', cell: '' }, raw: '', message: 'not read' },
    ],
  }) } });
  await page.$('check').onclick();
  const buttons = page.$('diagnostics').children.map((item) => item.children[0]);
  assert.deepEqual(buttons.map((b) => [b.textContent, b.disabled, b.onclick ?? null]),
    [['column_not_found: no column', true, null], ['Notes sheet_not_read: not read', true, null]]);
});
