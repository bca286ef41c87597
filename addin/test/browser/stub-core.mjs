// A STUB of the wasm module (src/core.js's interface) for the browser test of the harness: served
// as dist/kpimap-core.mjs when the test runs without the real module. It computes nothing. It
// records what each function receives (the workbook's length and a checksum of its bytes, the
// request) in window.__kpimapStub and answers canned values: two diagnostics naming cells of
// sample 001, the report workbook the test made (/test/stub-report.xlsx) with its sheet names,
// and a plan of two status writes. Real answers are the real module's test.

const CORE_FUNCTIONS = ['period', 'wilson', 'status', 'rag', 'trend', 'spc', 'checkWorkbook', 'reportSheets', 'updatePlan'];

function checksum(bytes) {
  let sum = 0;
  for (const b of bytes) sum = (sum * 31 + b) >>> 0;
  return sum;
}

function base64(bytes) {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

export default async function createStubModule() {
  const report = new Uint8Array(await (await fetch('/test/stub-report.xlsx')).arrayBuffer());
  const stub = { calls: [] };
  window.__kpimapStub = stub;
  const answers = {
    period: (request) => ({ ok: { label: `stub ${request.text}`, kind: 'stub', start: null, end: null, years: 1 } }),
    checkWorkbook: () => ({
      ok: {
        mapping: { id: 'stub-mapping', file: null },
        cells: { seen: 3, used: 2, not_used: 1 },
        warnings: { total: 1, on_used_cells: 0, on_unused_cells: 1, elsewhere: 0 },
        diagnostics: [
          { severity: 'warning', code: 'stub_warning', where: { sheet: 'Data', cell: 'B5' }, raw: '79%', message: 'a canned warning <b>as text</b>' },
          { severity: 'info', code: 'stub_info', where: { sheet: 'Outcome 1', cell: 'A3' }, raw: '', message: 'a canned note' },
        ],
      },
    }),
    reportSheets: () => ({ ok: { workbook_base64: base64(report), sheets: ['kpimap Summary', 'kpimap Statuses'] } }),
    updatePlan: () => ({
      ok: {
        writes: [
          { sheet: 'Data', cell: 'G3', kind: 'text', value: 'Direction of travel' },
          { sheet: 'Data', cell: 'G5', kind: 'text', value: 'Increased (stub)' },
        ],
        not_written: [], notes: [], warnings: [], errors: [],
      },
    }),
  };
  const module = {};
  for (const name of CORE_FUNCTIONS) {
    module[name] = (...args) => {
      const workbook = args.length === 2;
      const request = JSON.parse(workbook ? args[1] : args[0]);
      stub.calls.push(workbook ? { name, request, length: args[0].length, checksum: checksum(args[0]) } : { name, request });
      const answer = answers[name]?.(request) ?? { error: { code: 'stub_unset', message: `stub: no answer for ${name}` } };
      return JSON.stringify(answer);
    };
  }
  return module;
}
