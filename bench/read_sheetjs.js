#!/usr/bin/env node
// Benchmark peer: reads a workbook with SheetJS (xlsx, version pinned in bench/package.json)
// and prints a checksum line. Driven by bench/read_bench.py, which times this process.
// Default readFile options, as a typical caller uses them. Prints one JSON line:
// peer, cells, text_cells, number_cells, other_cells, number_sum, text_bytes, load_s, iterate_s.
'use strict';
const path = require('path');
const XLSX = require(path.join(__dirname, 'node_modules', 'xlsx'));

function main() {
  const file = process.argv[2];
  const t0 = process.hrtime.bigint();
  const wb = XLSX.readFile(file);
  const t1 = process.hrtime.bigint();
  let cells = 0, textCells = 0, numberCells = 0, otherCells = 0, textBytes = 0, numberSum = 0;
  for (const name of wb.SheetNames) {
    const ws = wb.Sheets[name];
    for (const key in ws) {
      if (key[0] === '!') continue;  // !ref, !margins, ...
      const cell = ws[key];
      if (cell === undefined || cell.t === 'z') continue;  // stub cells hold no value
      cells++;
      if (cell.t === 's') {
        textCells++;
        textBytes += Buffer.byteLength(cell.v, 'utf8');
      } else if (cell.t === 'n') {
        numberCells++;
        numberSum += cell.v;
      } else {
        otherCells++;
      }
    }
  }
  const t2 = process.hrtime.bigint();
  process.stdout.write(JSON.stringify({
    peer: 'sheetjs',
    version: XLSX.version,
    cells,
    text_cells: textCells,
    number_cells: numberCells,
    other_cells: otherCells,
    number_sum: numberSum,
    text_bytes: textBytes,
    load_s: Number(t1 - t0) / 1e9,
    iterate_s: Number(t2 - t1) / 1e9,
  }) + '\n');
}

main();
