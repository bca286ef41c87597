#!/usr/bin/env node
// wasm.parity: the add-in's WebAssembly module against this build's kpimap, on every sample in
// samples/ (docs/architecture.md, "The WebAssembly build", states the parity this checks):
//   - convert (the mapping detected among the bundled ones, as `kpimap convert` detects it):
//     model.json and diagnostics.json byte for byte; statuses.json (`kpimap status`) with the
//     same structure, keys and text, its numbers within a relative 1e-12 (libm's last bits);
//     a workbook the CLI refuses must be refused by the module too;
//   - convert with every bundled mapping forced on every sample (`--mapping`): model.json and
//     diagnostics.json byte for byte, or refused by both;
//   - reportSheets: the same sheets as `kpimap report` (with the add-in's "kpimap " prefix) and
//     the same cell values, read by openpyxl (compare_report.py; numbers within the same 1e-12).
// Prints every difference and a summary; exit 0 when all agree, 1 otherwise, 77 (skipped) when
// the module is not built (scripts/build-wasm).
//
// node tests/wasm/parity.mjs --kpimap build/converter/kpimap
//   --module build-wasm/converter/wasm/kpimap-core.mjs --work DIR [--python python3]
//   [--samples samples] [--mappings mappings] [--tolerance 1e-12]   (run from the repository's root)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

function options(argv) {
  const out = { python: 'python3', samples: 'samples', mappings: 'mappings', tolerance: 1e-12 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in out) && !['kpimap', 'module', 'work'].includes(key)) {
      throw new Error(`parity.mjs: unknown option ${argv[i]}`);
    }
    out[key] = key === 'tolerance' ? Number(argv[i + 1]) : argv[i + 1];
  }
  for (const required of ['kpimap', 'module', 'work']) {
    if (!out[required]) throw new Error(`parity.mjs: --${required} is required`);
  }
  return out;
}

const opts = options(process.argv.slice(2));
if (!fs.existsSync(opts.module)) {
  console.log(`wasm.parity: ${opts.module} is not built (scripts/build-wasm builds it)`);
  process.exit(77);
}

const factory = (await import(pathToFileURL(path.resolve(opts.module)).href)).default;
// The module fetches kpimap-core.wasm from beside itself, which node's fetch() refuses for a
// file: its bytes are handed to the factory instead (emscripten's Module.wasmBinary).
const wasmFile = opts.module.replace(/\.mjs$/, '.wasm');
if (!fs.existsSync(wasmFile)) {
  console.log(`wasm.parity: ${wasmFile} is missing beside ${opts.module} (scripts/build-wasm builds both)`);
  process.exit(1);
}
const core = await factory({ wasmBinary: fs.readFileSync(wasmFile) });
if (typeof core.convert !== 'function') {
  // A module built before the api layer binds only a probe (converter/wasm/module.cpp).
  console.log(`wasm.parity: ${opts.module} has no convert function (built without the api layer)`);
  process.exit(77);
}

fs.rmSync(opts.work, { recursive: true, force: true });
fs.mkdirSync(opts.work, { recursive: true });

const problems = [];
const stats = { samples: 0, refusedByBoth: 0, numbers: 0, numbersDiffering: 0, maxRelative: 0 };

function cli(args) {
  return spawnSync(opts.kpimap, args, { encoding: 'utf8' });
}

function envelope(text, what) {
  const parsed = JSON.parse(text);
  if (!('ok' in parsed) && !('error' in parsed)) throw new Error(`${what}: not an envelope`);
  return parsed;
}

// Walks two JSON values in step: same types, keys (in order), text and booleans; numbers within
// the tolerance. Records every difference under `where`.
function compareJson(a, b, where, out) {
  if (typeof a === 'number' && typeof b === 'number') {
    stats.numbers += 1;
    if (a !== b) {
      const relative = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
      stats.numbersDiffering += 1;
      stats.maxRelative = Math.max(stats.maxRelative, relative);
      if (!(relative <= opts.tolerance)) out.push(`${where}: ${a} (native) vs ${b} (wasm)`);
    }
    return;
  }
  if (Array.isArray(a) !== Array.isArray(b) || typeof a !== typeof b || (a === null) !== (b === null)) {
    out.push(`${where}: ${JSON.stringify(a)} (native) vs ${JSON.stringify(b)} (wasm)`);
    return;
  }
  if (a === null || typeof a !== 'object') {
    if (a !== b) out.push(`${where}: ${JSON.stringify(a)} (native) vs ${JSON.stringify(b)} (wasm)`);
    return;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join('\u0000') !== kb.join('\u0000')) {
    out.push(`${where}: keys ${ka.join(',')} (native) vs ${kb.join(',')} (wasm)`);
    return;
  }
  for (const k of ka) compareJson(a[k], b[k], `${where}.${k}`, out);
}

function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i += 1;
  return `first difference at byte ${i}: ${JSON.stringify(a.slice(i, i + 60))} (native) vs ${JSON.stringify(b.slice(i, i + 60))} (wasm)`;
}

const samples = fs
  .readdirSync(opts.samples)
  .filter((name) => /\.(xlsx|xls|ods|csv)$/i.test(name))
  .sort();

// One workbook converted by both: `kpimap convert` (with --mapping when mappingPath is given,
// otherwise detection) into dir, and the module's convert (the mapping's text, or null). The
// CLI converted when it wrote model.json and exited 0, 1 ("done, with diagnostics") or 3 (the
// mapping fits poorly: the outputs are written, the run fails; docs/commands/README.md).
function convertBoth(rel, bytes, mappingPath, dir) {
  const mappingXml = mappingPath ? fs.readFileSync(mappingPath, 'utf8') : null;
  const wasm = envelope(core.convert(bytes, JSON.stringify({ file_name: rel, mapping_xml: mappingXml })),
    `convert ${rel}${mappingPath ? ` with ${mappingPath}` : ''}`);
  const native = cli(['convert', rel, ...(mappingPath ? ['--mapping', mappingPath] : []), '-o', dir]);
  const outDir = path.join(dir, path.basename(rel));
  const converted = [0, 1, 3].includes(native.status) && fs.existsSync(path.join(outDir, 'model.json'));
  const agreement = converted && !wasm.error ? 'converted'
    : !converted && wasm.error ? 'refused'
    : `native ${converted ? 'converted' : `refused (exit ${native.status})`}, ` +
      `wasm ${wasm.error ? `refused: ${wasm.error.code} ${wasm.error.message}` : 'converted'}`;
  return { wasm, native, outDir, agreement };
}

// The differences between the CLI's model.json and diagnostics.json in outDir and the module's.
function convertDifferences(outDir, wasm) {
  const out = [];
  for (const [file, key] of [
    ['model.json', 'model_json'],
    ['diagnostics.json', 'diagnostics_json'],
  ]) {
    const expected = fs.readFileSync(path.join(outDir, file), 'utf8');
    if (expected !== wasm.ok[key]) out.push(`${file} differs, ${firstDifference(expected, wasm.ok[key])}`);
  }
  return out;
}

for (const name of samples) {
  stats.samples += 1;
  const rel = `${opts.samples}/${name}`;
  const bytes = new Uint8Array(fs.readFileSync(rel));
  const { wasm, agreement, outDir } = convertBoth(rel, bytes, null, path.join(opts.work, 'convert', name));
  if (agreement === 'refused') {
    stats.refusedByBoth += 1;
    console.log(`${name}: refused by both (wasm: ${wasm.error.code})`);
    continue;
  }
  if (agreement !== 'converted') {
    problems.push(`${name}: ${agreement}`);
    continue;
  }
  const mine = convertDifferences(outDir, wasm);
  const statusDir = path.join(opts.work, 'status', name);
  const status = cli(['status', rel, '-o', statusDir, '--format', 'json']);
  if (status.status !== 0 && status.status !== 1) {
    mine.push(`kpimap status failed (exit ${status.status}): ${status.stderr.trim()}`);
  } else {
    const expected = JSON.parse(fs.readFileSync(path.join(statusDir, 'statuses.json'), 'utf8'));
    compareJson(expected, JSON.parse(wasm.ok.statuses_json), 'statuses.json', mine);
  }

  const reportFile = path.join(opts.work, 'report', `${name}.native.xlsx`);
  fs.mkdirSync(path.dirname(reportFile), { recursive: true });
  const report = cli(['report', rel, '-o', reportFile]);
  const sheets = envelope(
    core.reportSheets(bytes, JSON.stringify({ file_name: rel, mapping_xml: null, settings: {} })),
    `reportSheets ${name}`,
  );
  const reportFailed = report.status !== 0 && report.status !== 1;
  if (reportFailed || sheets.error) {
    if (!(reportFailed && sheets.error)) {
      mine.push(
        `report: native exit ${report.status}, wasm ${sheets.error ? sheets.error.code : 'ok'}`,
      );
    }
  } else {
    const wasmFile = path.join(opts.work, 'report', `${name}.wasm.xlsx`);
    fs.writeFileSync(wasmFile, Buffer.from(sheets.ok.workbook_base64, 'base64'));
    const compared = spawnSync(
      opts.python,
      [path.join(here, 'compare_report.py'), reportFile, wasmFile, '--tolerance', String(opts.tolerance)],
      { encoding: 'utf8' },
    );
    if (compared.status !== 0) {
      mine.push(`report workbooks differ:\n${compared.stdout}${compared.stderr}`);
    } else {
      const summary = JSON.parse(compared.stdout);
      stats.numbers += summary.numbers;
      stats.numbersDiffering += summary.numbers_differing;
      stats.maxRelative = Math.max(stats.maxRelative, summary.max_relative);
    }
  }
  if (mine.length === 0) console.log(`${name}: same (mapping ${wasm.ok.mapping?.id ?? wasm.ok.mapping})`);
  for (const p of mine) problems.push(`${name}: ${p}`);
}

// Every sample with every bundled mapping forced (`kpimap convert --mapping`; the module given
// the mapping's text): the pairs that do not fit must be refused by both or converted to the same
// model.json and diagnostics.json, byte for byte, as the fitting ones are.
const mappingFiles = fs
  .readdirSync(opts.mappings)
  .filter((name) => name.endsWith('.xml'))
  .sort();
const pairs = { compared: 0, converted: 0, poorFit: 0, refusedByBoth: 0 };
for (const name of samples) {
  const rel = `${opts.samples}/${name}`;
  const bytes = new Uint8Array(fs.readFileSync(rel));
  for (const mappingName of mappingFiles) {
    pairs.compared += 1;
    const mappingPath = `${opts.mappings}/${mappingName}`;
    const dir = path.join(opts.work, 'pairs', mappingName, name);
    const { wasm, native, agreement, outDir } = convertBoth(rel, bytes, mappingPath, dir);
    const where = `${name} with ${mappingName}`;
    if (agreement === 'refused') pairs.refusedByBoth += 1;
    else if (agreement !== 'converted') problems.push(`${where}: ${agreement}`);
    else {
      pairs.converted += 1;
      if (native.status === 3) pairs.poorFit += 1;
      for (const p of convertDifferences(outDir, wasm)) problems.push(`${where}: ${p}`);
    }
  }
}
console.log(
  `wasm.parity: ${pairs.compared} sample and mapping pairs: ${pairs.converted} converted the same ` +
    `(${pairs.poorFit} of them a poor fit, exit 3 natively), ${pairs.refusedByBoth} refused by both`,
);

console.log(
  `wasm.parity: ${stats.samples} samples (${stats.refusedByBoth} refused by both); ` +
    `${stats.numbers} numbers compared, ${stats.numbersDiffering} not bit-identical ` +
    `(largest relative difference ${stats.maxRelative.toExponential(2)}, tolerance ${opts.tolerance})`,
);
if (stats.samples === 0) problems.push(`no samples found in ${opts.samples}`);
for (const p of problems) console.log(`DIFFERENT ${p}`);
process.exit(problems.length === 0 ? 0 : 1);
