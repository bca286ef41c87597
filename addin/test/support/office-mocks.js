// Office and Excel as the task pane sees them, built with office-addin-mock's OfficeMockObject
// over a small in-memory workbook: sheets holding cells, the document's settings, and the file
// getFileAsync hands out in slices. Every call the add-in makes is logged for the tests to check.
import { OfficeMockObject } from 'office-addin-mock';

// Office's enums are given as objects: OfficeMockObject hides plain scalars until load() and
// sync(), which Office's own enums never need. It wraps each in a mock of its own, and the add-in
// compares them by identity, so results carry the mock's members (bound once it exists).
const Succeeded = { name: 'succeeded' };
const Failed = { name: 'failed' };
const Compressed = { name: 'compressed' };


/**
 * @param {object} o
 * @param {Uint8Array} [o.bytes] the workbook's package
 * @param {number} [o.sliceSize] bytes per slice getFileAsync hands out
 * @param {number} [o.failSlice] index of a slice whose read fails
 * @param {boolean} [o.failOpen] getFileAsync itself fails
 * @param {boolean} [o.failSave] settings.saveAsync fails
 * @param {Record<string, unknown>} [o.settings] settings already in the workbook
 */
export function createOffice(o = {}) {
  const bytes = o.bytes ?? new Uint8Array(0);
  const sliceSize = o.sliceSize ?? 4;
  const log = { getFileAsync: [], slices: [], closed: 0, saved: 0, open: 0 };
  const stored = new Map(Object.entries(o.settings ?? {}));
  let office = null;
  const succeeded = (value) => ({ status: office.AsyncResultStatus.Succeeded, value });
  const failed = (message) => ({ status: office.AsyncResultStatus.Failed, error: { message } });
  const data = {
    AsyncResultStatus: { Succeeded, Failed },
    FileType: { Compressed },
    context: {
      document: {
        getFileAsync(type, options, callback) {
          log.getFileAsync.push({ type, options });
          if (o.failOpen) return callback(failed('The operation failed because another file is open.'));
          log.open++;
          const count = Math.max(1, Math.ceil(bytes.length / sliceSize));
          callback(succeeded({
            size: bytes.length,
            sliceCount: count,
            getSliceAsync(index, done) {
              log.slices.push(index);
              if (index === o.failSlice) return done(failed('Slice request failed.'));
              // Office hands out a slice's data as an array of byte values.
              done(succeeded({ index, data: Array.from(bytes.subarray(index * sliceSize, (index + 1) * sliceSize)) }));
            },
            closeAsync(done) {
              log.closed++;
              log.open--;
              done?.(succeeded(undefined));
            },
          }));
        },
        settings: {
          get: (name) => (stored.has(name) ? structuredClone(stored.get(name)) : null),
          set: (name, value) => { stored.set(name, structuredClone(value)); },
          remove: (name) => { stored.delete(name); },
          saveAsync(callback) {
            if (o.failSave) return callback(failed('The settings could not be saved.'));
            log.saved++;
            callback(succeeded(undefined));
          },
        },
      },
    },
  };
  office = new OfficeMockObject(data);
  // Office.context.document.url is a plain property of the common API (no load()), so it is set
  // past the mock's load-before-read rule.
  office.context.document.url = 'C:\\Users\\someone\\Trajectories 2021.xlsx';
  return { office, log, stored };
}

/**
 * An Excel whose workbook has the sheets named in `sheets` ({name: {A1: value}}).
 */
export function createExcel(sheets = {}) {
  const book = new Map(Object.entries(sheets).map(([name, cells]) => [name, new Map(Object.entries(cells))]));
  const log = { syncs: 0, pending: [], deleted: [], inserted: [], activated: [], selected: [], runs: 0 };
  const worksheet = (name) => ({
    activate: () => log.pending.push(() => log.activated.push(name)),
    delete: () => log.pending.push(() => { book.delete(name); log.deleted.push(name); }),
    getRange(address) {
      const range = {
        select: () => log.pending.push(() => log.selected.push(`${name}!${address}`)),
      };
      // A write is queued and happens at sync, as Excel's batches do.
      Object.defineProperty(range, 'values', {
        set(values) { log.pending.push(() => book.get(name).set(address, values[0][0])); },
      });
      return range;
    },
  });
  const data = {
    context: {
      workbook: {
        worksheets: {
          getItemOrNullObject(name) {
            // Excel answers isNullObject after sync; the mock knows it at once.
            return book.has(name) ? { ...worksheet(name), isNullObject: false } : { isNullObject: true };
          },
          getItem(name) {
            if (!book.has(name)) throw new Error(`ItemNotFound: ${name}`);
            return worksheet(name);
          },
        },
        insertWorksheetsFromBase64(base64, options) {
          log.pending.push(() => {
            log.inserted.push({ base64, options });
            for (const name of options.sheetNamesToInsert) book.set(name, new Map([['A1', `from ${base64}`]]));
          });
        },
      },
      async sync() {
        log.syncs++;
        const queued = log.pending.splice(0);
        for (const apply of queued) apply();
      },
    },
    async run(batch) {
      log.runs++;
      const result = await batch(this.context);
      // Excel.run syncs what is left queued when the batch returns.
      await this.context.sync();
      return result;
    },
  };
  const excel = new OfficeMockObject(data);
  excel.WorksheetPositionType = { end: 'End' };
  return { excel, book, log };
}
