// A STAND-IN for Office.js in the browser tests: served in place of office/office.js, it gives the
// task pane the Office, Excel and CustomFunctions globals a workbook open in Excel would, over
// one workbook file the test names, and records everything the add-in hands to Excel in
// window.__kpimapHost for the test to read. It is not Office: it checks nothing Excel would
// check beyond what the add-in relies on (sheets by name, the file in slices, settings), so the
// browser tests prove the page, the core and their wiring, never Excel itself.
//
// Its configuration is /test/host.json: {fileName, workbook (URL of the bytes), sliceSize,
// sheets: [names], settings: {}}.
(() => {
  const host = {
    config: null,
    opened: 0,
    closed: 0,
    slices: [],
    selected: [],
    activated: [],
    deleted: [],
    inserted: [],
    writes: [],
    settingsSaved: 0,
    functions: {},
  };
  window.__kpimapHost = host;

  const ready = fetch('/test/host.json')
    .then((r) => r.json())
    .then((config) => {
      host.config = config;
      host.sheets = config.sheets.slice();
      host.settings = new Map(Object.entries(config.settings ?? {}));
    });

  const Succeeded = 'succeeded';
  const Failed = 'failed';
  const succeeded = (value) => ({ status: Succeeded, value });
  const failed = (message) => ({ status: Failed, error: { message } });
  const later = (fn) => setTimeout(fn, 0); // Office calls back asynchronously

  let openFiles = 0;
  const document = {
    get url() {
      return host.config.fileName;
    },
    getFileAsync(type, options, callback) {
      if (type !== 'compressed') return later(() => callback(failed(`the stand-in serves Compressed only, not ${type}`)));
      // Office keeps at most two such files open per add-in; a third open fails as it does.
      if (openFiles >= 2) return later(() => callback(failed('The maximum number of files is open.')));
      fetch(host.config.workbook)
        .then((r) => r.arrayBuffer())
        .then((buffer) => {
          const bytes = new Uint8Array(buffer);
          // The stand-in's own slice size (smaller than the 4 MiB asked) so a sample comes in parts.
          const sliceSize = Math.min(options?.sliceSize ?? 4194304, host.config.sliceSize ?? 4194304);
          const sliceCount = Math.max(1, Math.ceil(bytes.length / sliceSize));
          openFiles++;
          host.opened++;
          let open = true;
          const file = {
            size: bytes.length,
            sliceCount,
            getSliceAsync(index, cb) {
              if (!open) return later(() => cb(failed('the file is closed')));
              if (index < 0 || index >= sliceCount) return later(() => cb(failed(`no slice ${index}`)));
              host.slices.push(index);
              // Office hands a slice's data as a plain array of byte values.
              const data = Array.from(bytes.subarray(index * sliceSize, (index + 1) * sliceSize));
              later(() => cb(succeeded({ data, index, size: data.length })));
            },
            closeAsync(cb) {
              if (open) {
                open = false;
                openFiles--;
                host.closed++;
              }
              later(() => cb?.(succeeded()));
            },
          };
          callback(succeeded(file));
        })
        .catch((err) => callback(failed(String(err))));
    },
    settings: {
      get: (key) => (host.settings.has(key) ? structuredClone(host.settings.get(key)) : null),
      set: (key, value) => host.settings.set(key, structuredClone(value)),
      remove: (key) => host.settings.delete(key),
      saveAsync(cb) {
        host.settingsSaved++;
        later(() => cb?.(succeeded()));
      },
    },
  };

  window.Office = {
    AsyncResultStatus: { Succeeded, Failed },
    FileType: { Compressed: 'compressed' },
    context: { document },
    onReady(callback) {
      return ready.then(() => {
        const info = { host: 'Excel', platform: 'OfficeOnline' };
        callback?.(info);
        return info;
      });
    },
  };

  // Excel's proxies, applied at once: the add-in reads isNullObject only after sync(), as it must
  // with the real API, so applying early changes nothing it can see.
  const worksheet = (name) => ({
    name,
    isNullObject: !host.sheets.includes(name),
    activate() {
      host.activated.push(name);
    },
    delete() {
      host.sheets = host.sheets.filter((s) => s !== name);
      host.deleted.push(name);
    },
    getRange(address) {
      return {
        select() {
          host.selected.push(`${name}!${address}`);
        },
        set values(values) {
          host.writes.push({ sheet: name, cell: address, values });
        },
      };
    },
  });
  window.Excel = {
    WorksheetPositionType: { end: 'End' },
    async run(batch) {
      const context = {
        workbook: {
          worksheets: {
            getItemOrNullObject: (name) => worksheet(name),
            getItem(name) {
              if (!host.sheets.includes(name)) throw new Error(`ItemNotFound: ${name}`);
              return worksheet(name);
            },
          },
          insertWorksheetsFromBase64(base64, options) {
            host.inserted.push({ base64, options });
            for (const name of options?.sheetNamesToInsert ?? []) {
              if (host.sheets.includes(name)) throw new Error(`InvalidOperation: a sheet named ${name} exists`);
              host.sheets.push(name);
            }
          },
        },
        sync: () => Promise.resolve(),
      };
      return batch(context);
    },
  };

  class CustomFunctionsError {
    constructor(code, message) {
      this.code = code;
      this.message = message;
    }
  }
  window.CustomFunctions = {
    associate(id, fn) {
      host.functions[id] = fn;
    },
    Error: CustomFunctionsError,
    ErrorCode: {
      invalidValue: '#VALUE!',
      notAvailable: '#N/A',
      divisionByZero: '#DIV/0!',
      invalidNumber: '#NUM!',
      nullReference: '#NULL!',
      invalidName: '#NAME?',
      invalidReference: '#REF!',
    },
  };
})();
