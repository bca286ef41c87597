// The task pane's dealings with Excel: reading the workbook's bytes for the core, selecting the
// cell a diagnostic names, inserting the core's report sheets, and writing the core's status plan
// into cells. Office and Excel are the globals Office.js defines (tests put office-addin-mock
// objects there). Nothing here decides what to write or where: the core's plan does.

/** A failure the task pane shows as it is (Office's own error message included). */
export class TaskPaneError extends Error {
  constructor(message) {
    super(message);
    this.name = 'TaskPaneError';
  }
}

/** Slice size asked of getFileAsync: 4 MiB, Office's largest. */
export const SLICE_SIZE = 4 * 1024 * 1024;

// Office's callback API as a promise of the result's value; a failed status rejects with its
// message prefixed by what was being done.
function officeCall(office, what, start) {
  return new Promise((resolve, reject) => {
    start((result) => {
      if (result && result.status === office.AsyncResultStatus.Succeeded) resolve(result.value);
      else reject(new TaskPaneError(`${what}: ${result?.error?.message ?? 'Office gave no reason'}`));
    });
  });
}

/**
 * The workbook's bytes (the .xlsx package, Office.FileType.Compressed), read slice by slice. The
 * file is always closed, whether reading succeeds or fails: Office keeps at most two such files
 * in memory for an add-in, so files left open make later getFileAsync calls fail.
 * @returns {Promise<Uint8Array>}
 */
export async function readWorkbookBytes(office = globalThis.Office) {
  const file = await officeCall(office, 'could not open the workbook for reading', (done) =>
    office.context.document.getFileAsync(office.FileType.Compressed, { sliceSize: SLICE_SIZE }, done));
  try {
    const bytes = new Uint8Array(file.size);
    let filled = 0;
    for (let index = 0; index < file.sliceCount; index++) {
      const slice = await officeCall(office, `could not read part ${index + 1} of ${file.sliceCount} of the workbook`,
        (done) => file.getSliceAsync(index, done));
      const data = slice.data;
      if (filled + data.length > bytes.length) {
        throw new TaskPaneError(`the workbook's parts add up to more than its size (${file.size} bytes)`);
      }
      bytes.set(data, filled);
      filled += data.length;
    }
    if (filled !== bytes.length) {
      throw new TaskPaneError(`read ${filled} bytes of the workbook's ${file.size}`);
    }
    return bytes;
  } finally {
    await new Promise((resolve) => file.closeAsync(() => resolve()));
  }
}

/** Shows a diagnostic's cell: activates its sheet and selects the cell ("B12") or range. */
export async function selectCell(sheet, address, excel = globalThis.Excel) {
  await excel.run(async (context) => {
    const worksheet = context.workbook.worksheets.getItemOrNullObject(sheet);
    await context.sync();
    if (worksheet.isNullObject) throw new TaskPaneError(`the sheet '${sheet}' is not in this workbook`);
    worksheet.activate();
    worksheet.getRange(address).select();
    await context.sync();
  });
}

// Which of `names` are sheets of the workbook. One getItemOrNullObject per name rather than
// loading the whole collection: a plan names few sheets, a workbook may have many.
async function presentSheets(excel, names) {
  return excel.run(async (context) => {
    const unique = [...new Set(names)];
    const sheets = unique.map((name) => context.workbook.worksheets.getItemOrNullObject(name));
    await context.sync();
    return new Set(unique.filter((_, i) => !sheets[i].isNullObject));
  });
}

/** The settings key listing the sheets kpimap inserted into this workbook. */
export const INSERTED_SHEETS_KEY = 'kpimap.insertedSheets';

/**
 * Inserts the sheets `names` of the workbook `base64` (the core's reportSheets) at the end. A
 * sheet of the same name that kpimap inserted before is replaced only when `confirmReplace(names)`
 * resolves true; a same-named sheet kpimap did not insert is never touched (the insert is refused).
 * @returns {Promise<{inserted: string[], replaced: string[], declined: boolean}>}
 */
export async function insertSheets(base64, names, confirmReplace, { excel = globalThis.Excel, office = globalThis.Office } = {}) {
  const ours = new Set(office.context.document.settings.get(INSERTED_SHEETS_KEY) ?? []);
  const present = await presentSheets(excel, names);
  const clashes = names.filter((name) => present.has(name));
  // Asked outside Excel.run: a batch context is not held open while a person decides.
  const notOurs = clashes.filter((name) => !ours.has(name));
  if (notOurs.length > 0) {
    throw new TaskPaneError(`this workbook already has a sheet named ${notOurs.map((n) => `'${n}'`).join(', ')} that kpimap did not add; rename it first`);
  }
  if (clashes.length > 0 && !(await confirmReplace(clashes))) {
    return { inserted: [], replaced: [], declined: true };
  }
  const outcome = await excel.run(async (context) => {
    const worksheets = context.workbook.worksheets;
    const replaced = [];
    for (const name of clashes) {
      const sheet = worksheets.getItemOrNullObject(name);
      await context.sync();
      if (sheet.isNullObject) continue; // deleted meanwhile
      sheet.delete();
      replaced.push(name);
    }
    context.workbook.insertWorksheetsFromBase64(base64, {
      sheetNamesToInsert: names,
      positionType: excel.WorksheetPositionType.end,
    });
    await context.sync();
    return { inserted: names.slice(), replaced, declined: false };
  });
  for (const name of names) ours.add(name);
  office.context.document.settings.set(INSERTED_SHEETS_KEY, [...ours].sort());
  await officeCall(office, 'could not save the list of kpimap sheets', (done) =>
    office.context.document.settings.saveAsync(done));
  return outcome;
}

// A cell value as Excel.Range.values takes it. Text starting with "=" would be read by Excel as a
// formula, so it is refused rather than written.
function cellValue(write) {
  switch (write.kind) {
    case 'number':
      if (typeof write.value !== 'number' || !Number.isFinite(write.value)) return { refused: 'not a finite number' };
      return { value: write.value };
    case 'boolean':
      return { value: Boolean(write.value) };
    case 'blank':
      return { value: '' };
    case 'text':
      if (typeof write.value !== 'string') return { refused: 'text expected' };
      if (write.value.startsWith('=')) return { refused: 'text starting with = would become a formula' };
      return { value: write.value };
    default:
      return { refused: `unknown kind '${write.kind}'` };
  }
}

/**
 * Writes the core's update plan (updatePlan's result) into the open workbook, one cell per write,
 * in one batch. A plan with errors writes nothing; writes to a sheet that is not in the workbook,
 * or that cannot be written safely, are listed in `skipped` with the reason.
 * @returns {Promise<{written: number, skipped: {sheet: string, cell: string, reason: string}[]}>}
 */
export async function writeStatuses(plan, excel = globalThis.Excel) {
  if (plan.errors && plan.errors.length > 0) {
    throw new TaskPaneError(`nothing written: ${plan.errors.join('; ')}`);
  }
  const present = await presentSheets(excel, plan.writes.map((w) => w.sheet));
  return excel.run(async (context) => {
    const worksheets = context.workbook.worksheets;
    const skipped = [];
    let written = 0;
    for (const write of plan.writes) {
      if (!present.has(write.sheet)) {
        skipped.push({ sheet: write.sheet, cell: write.cell, reason: 'sheet not in this workbook' });
        continue;
      }
      const value = cellValue(write);
      if ('refused' in value) {
        skipped.push({ sheet: write.sheet, cell: write.cell, reason: value.refused });
        continue;
      }
      worksheets.getItem(write.sheet).getRange(write.cell).values = [[value.value]];
      written++;
    }
    await context.sync();
    return { written, skipped };
  });
}
