// The task pane's Excel-facing layer (src/taskpane.js, src/settings.js) against office-addin-mock
// objects: the workbook read in slices and always closed, cells selected, the core's sheets
// inserted only after asking when they replace earlier ones, status plans written, and settings
// kept in the workbook.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { loadSettings, normaliseSettings, saveSettings, SETTINGS_KEY } from '../src/settings.js';
import {
  INSERTED_SHEETS_KEY,
  insertSheets,
  readWorkbookBytes,
  selectCell,
  SLICE_SIZE,
  TaskPaneError,
  writeStatuses,
} from '../src/taskpane.js';
import { createExcel, createOffice } from './support/office-mocks.js';

const bytes = Uint8Array.from({ length: 23 }, (_, i) => (i * 37) % 256);

describe('readWorkbookBytes', () => {
  test('asks for the compressed file, reads every slice in order, and closes it', async () => {
    const { office, log } = createOffice({ bytes, sliceSize: 5 });
    const read = await readWorkbookBytes(office);
    assert.deepEqual(read, bytes);
    assert.equal(log.getFileAsync.length, 1);
    assert.equal(log.getFileAsync[0].type, office.FileType.Compressed);
    assert.deepEqual(log.getFileAsync[0].options, { sliceSize: SLICE_SIZE });
    assert.deepEqual(log.slices, [0, 1, 2, 3, 4]);
    assert.equal(log.closed, 1);
    assert.equal(log.open, 0);
  });
  test('one slice when the file fits', async () => {
    const { office, log } = createOffice({ bytes, sliceSize: 1000 });
    assert.deepEqual(await readWorkbookBytes(office), bytes);
    assert.deepEqual(log.slices, [0]);
    assert.equal(log.closed, 1);
  });
  test('a slice that fails rejects with Office\'s message, and the file is still closed', async () => {
    const { office, log } = createOffice({ bytes, sliceSize: 5, failSlice: 2 });
    await assert.rejects(readWorkbookBytes(office), (err) => {
      assert.ok(err instanceof TaskPaneError);
      assert.match(err.message, /could not read part 3 of 5 of the workbook: Slice request failed/);
      return true;
    });
    assert.deepEqual(log.slices, [0, 1, 2]);
    assert.equal(log.closed, 1);
    assert.equal(log.open, 0);
    // The next read works: nothing was left open.
    const again = createOffice({ bytes, sliceSize: 5 });
    assert.deepEqual(await readWorkbookBytes(again.office), bytes);
  });
  test('a file whose slices do not add up to its size is refused, and closed', async () => {
    const { office, log } = createOffice({ bytes, sliceSize: 5 });
    const getFileAsync = office.context.document.getFileAsync;
    office.context.document.getFileAsync = (type, options, callback) =>
      getFileAsync(type, options, (result) => callback({ ...result, value: { ...result.value, size: 30 } }));
    await assert.rejects(readWorkbookBytes(office), /read 23 bytes of the workbook's 30/);
    assert.equal(log.closed, 1);
  });
  test('when the file cannot be opened there is nothing to close', async () => {
    const { office, log } = createOffice({ bytes, failOpen: true });
    await assert.rejects(readWorkbookBytes(office), /could not open the workbook for reading: The operation failed because another file is open/);
    assert.equal(log.closed, 0);
    assert.deepEqual(log.slices, []);
  });
});

describe('selectCell', () => {
  test('activates the sheet and selects the cell', async () => {
    const { excel, log } = createExcel({ Data: {}, 'Outcome 1': {} });
    await selectCell('Outcome 1', 'B12', excel);
    assert.deepEqual(log.activated, ['Outcome 1']);
    assert.deepEqual(log.selected, ['Outcome 1!B12']);
  });
  test('a sheet that is gone is a TaskPaneError naming it', async () => {
    const { excel, log } = createExcel({ Data: {} });
    await assert.rejects(selectCell('Old sheet', 'A1', excel), /the sheet 'Old sheet' is not in this workbook/);
    assert.deepEqual(log.selected, []);
  });
});

describe('insertSheets', () => {
  const names = ['kpimap Summary', 'kpimap Statuses'];

  test('inserts at the end with the sheet names, and remembers them in the settings', async () => {
    const { excel, log } = createExcel({ Data: {} });
    const { office, stored, log: officeLog } = createOffice();
    let asked = 0;
    const outcome = await insertSheets('UEsDBA==', names, async () => { asked++; return true; }, { excel, office });
    assert.deepEqual(outcome, { inserted: names, replaced: [], declined: false });
    assert.equal(asked, 0, 'nothing to replace, so nothing asked');
    assert.deepEqual(log.inserted, [{ base64: 'UEsDBA==', options: { sheetNamesToInsert: names, positionType: 'End' } }]);
    assert.deepEqual(stored.get(INSERTED_SHEETS_KEY), ['kpimap Statuses', 'kpimap Summary']);
    assert.equal(officeLog.saved, 1);
  });
  test('an earlier kpimap sheet is replaced only after the person agrees', async () => {
    const { excel, log, book } = createExcel({ Data: {}, 'kpimap Summary': { A1: 'old' } });
    const { office } = createOffice({ settings: { [INSERTED_SHEETS_KEY]: ['kpimap Summary'] } });
    const asked = [];
    const outcome = await insertSheets('NEW', names, async (clashes) => {
      asked.push(clashes);
      // Nothing is deleted or inserted while the question is open.
      assert.deepEqual(log.deleted, []);
      assert.deepEqual(log.inserted, []);
      return true;
    }, { excel, office });
    assert.deepEqual(asked, [['kpimap Summary']]);
    assert.deepEqual(outcome, { inserted: names, replaced: ['kpimap Summary'], declined: false });
    assert.deepEqual(log.deleted, ['kpimap Summary']);
    assert.equal(log.inserted.length, 1);
    assert.equal(book.get('kpimap Summary').get('A1'), 'from NEW');
  });
  test('declining keeps the earlier sheet and inserts nothing', async () => {
    const { excel, log, book } = createExcel({ 'kpimap Summary': { A1: 'old' } });
    const { office, log: officeLog } = createOffice({ settings: { [INSERTED_SHEETS_KEY]: ['kpimap Summary'] } });
    const outcome = await insertSheets('NEW', names, async () => false, { excel, office });
    assert.deepEqual(outcome, { inserted: [], replaced: [], declined: true });
    assert.deepEqual(log.deleted, []);
    assert.deepEqual(log.inserted, []);
    assert.equal(book.get('kpimap Summary').get('A1'), 'old');
    assert.equal(officeLog.saved, 0);
  });
  test('a same-named sheet kpimap did not add is never replaced, and nobody is asked', async () => {
    const { excel, log } = createExcel({ 'kpimap Summary': { A1: "the team's own" } });
    const { office } = createOffice();
    let asked = 0;
    await assert.rejects(insertSheets('NEW', names, async () => { asked++; return true; }, { excel, office }),
      /already has a sheet named 'kpimap Summary' that kpimap did not add; rename it first/);
    assert.equal(asked, 0);
    assert.deepEqual(log.deleted, []);
    assert.deepEqual(log.inserted, []);
  });
});

describe('writeStatuses', () => {
  test("writes each cell of the core's plan in one batch", async () => {
    const { excel, book, log } = createExcel({ 'Outcome 1': { F3: 'old' }, Data: {} });
    const plan = {
      writes: [
        { sheet: 'Outcome 1', cell: 'F3', kind: 'text', value: 'Improved' },
        { sheet: 'Outcome 1', cell: 'G3', kind: 'number', value: 4.25 },
        { sheet: 'Data', cell: 'B2', kind: 'boolean', value: true },
        { sheet: 'Data', cell: 'B3', kind: 'blank', value: null },
      ],
      not_written: [], notes: [], warnings: [], errors: [],
    };
    const outcome = await writeStatuses(plan, excel);
    assert.deepEqual(outcome, { written: 4, skipped: [] });
    assert.equal(book.get('Outcome 1').get('F3'), 'Improved');
    assert.equal(book.get('Outcome 1').get('G3'), 4.25);
    assert.equal(book.get('Data').get('B2'), true);
    assert.equal(book.get('Data').get('B3'), '');
    assert.equal(log.runs, 2, 'one run to find the sheets, one to write');
  });
  test('writes to missing sheets or unsafe values are skipped with the reason', async () => {
    const { excel, book } = createExcel({ S: {} });
    const plan = {
      writes: [
        { sheet: 'Gone', cell: 'A1', kind: 'text', value: 'x' },
        { sheet: 'S', cell: 'A2', kind: 'text', value: '=HYPERLINK("http://example.invalid")' },
        { sheet: 'S', cell: 'A3', kind: 'number', value: 'NaN' },
        { sheet: 'S', cell: 'A4', kind: 'date', value: 1 },
        { sheet: 'S', cell: 'A5', kind: 'text', value: 'G' },
      ],
      errors: [],
    };
    const outcome = await writeStatuses(plan, excel);
    assert.equal(outcome.written, 1);
    assert.deepEqual(outcome.skipped, [
      { sheet: 'Gone', cell: 'A1', reason: 'sheet not in this workbook' },
      { sheet: 'S', cell: 'A2', reason: 'text starting with = would become a formula' },
      { sheet: 'S', cell: 'A3', reason: 'not a finite number' },
      { sheet: 'S', cell: 'A4', reason: "unknown kind 'date'" },
    ]);
    assert.deepEqual([...book.get('S').entries()], [['A5', 'G']]);
  });
  test('a plan with errors writes nothing', async () => {
    const { excel, book, log } = createExcel({ S: {} });
    const plan = { writes: [{ sheet: 'S', cell: 'A1', kind: 'text', value: 'x' }], errors: ['a constant with no value'] };
    await assert.rejects(writeStatuses(plan, excel), /nothing written: a constant with no value/);
    assert.equal(book.get('S').size, 0);
    assert.equal(log.runs, 0);
  });
});

describe('settings', () => {
  test('a workbook without settings gives every field null (the core decides the defaults)', () => {
    const { office } = createOffice();
    assert.deepEqual(loadSettings(office), { as_of: null, travel_tolerance: null, rag_amber: null, rag_red: null });
  });
  test('save then load round-trips through the workbook settings', async () => {
    const { office, stored, log } = createOffice();
    const saved = await saveSettings({ as_of: ' 2021/22 ', travel_tolerance: '0.03', rag_amber: 0.01, rag_red: '' }, office);
    assert.deepEqual(saved, { as_of: '2021/22', travel_tolerance: 0.03, rag_amber: 0.01, rag_red: null });
    assert.equal(log.saved, 1);
    assert.deepEqual(stored.get(SETTINGS_KEY), saved);
    assert.deepEqual(loadSettings(office), saved);
  });
  test('bad values are refused before anything is stored', async () => {
    const { office, stored } = createOffice();
    assert.throws(() => normaliseSettings({ rag_red: -1 }), /rag_red: a number of 0 or more/);
    assert.throws(() => normaliseSettings({ rag_red: 'high' }), /rag_red: a number of 0 or more, such as 0.05, not 'high'/);
    assert.throws(() => normaliseSettings({ as_of: 2021 }), /as_of: a period as text/);
    assert.throws(() => normaliseSettings({ tolerance: 0.1 }), /unknown setting tolerance/);
    assert.throws(() => saveSettings({ rag_amber: Number.NaN }, office), /rag_amber/);
    assert.equal(stored.has(SETTINGS_KEY), false);
  });
  test('a failed save rejects with Office\'s message', async () => {
    const { office } = createOffice({ failSave: true });
    await assert.rejects(saveSettings({ rag_red: 0.1 }, office), /could not save the settings: The settings could not be saved/);
  });
  test('settings the pane cannot read are replaced by the defaults, not an error', () => {
    const { office } = createOffice({ settings: { [SETTINGS_KEY]: { rag_red: 'lots', colour: 'blue' } } });
    assert.deepEqual(loadSettings(office), { as_of: null, travel_tolerance: null, rag_amber: null, rag_red: null });
  });
});
