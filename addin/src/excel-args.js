// Turning Excel's arguments to a custom function into the JSON the core takes. Excel passes a
// range as a 2-D array (rows of cells), a blank cell as null or "" (depending on the host), and a
// number typed into a text-formatted cell as text. This module decides only shape and type; what
// a value means (a period, a polarity, a tolerance) is the core's to judge.

/** An argument Excel gave that cannot become the core's request; shown as #VALUE!. */
export class ArgumentError extends Error {
  /** @param {string} message names the argument and, for a range, the item (1-based) */
  constructor(message) {
    super(message);
    this.name = 'ArgumentError';
  }
}

/** True for what Excel passes for an empty cell or an omitted argument. */
export function isBlank(cell) {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

// A plain decimal as someone types it: optional sign, digits, optional fraction, optional
// exponent. Not "1,234", "12%" or "n/a": those are refused, never guessed.
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function describe(cell) {
  if (typeof cell === 'string') return `'${cell.length > 40 ? `${cell.slice(0, 40)}…` : cell}'`;
  return String(cell);
}

/**
 * The cells of a range argument, in order: one row or one column (a single cell or a scalar is
 * a list of one). A block of several rows and columns is refused, since which way it runs
 * would be a guess.
 */
export function cellList(arg, name) {
  if (!Array.isArray(arg)) return [arg];
  if (arg.length === 0) return [];
  if (!arg.every((row) => Array.isArray(row))) return arg.slice(); // already one row
  const rows = arg.length;
  const columns = Math.max(...arg.map((row) => row.length));
  if (rows === 1) return arg[0].slice();
  if (columns <= 1) return arg.map((row) => row[0]);
  throw new ArgumentError(`${name}: give one row or one column, not ${rows} rows by ${columns} columns`);
}

/** One cell as a number, or null when blank; text holding a plain decimal is read as it. */
export function numberOrBlank(cell, name) {
  if (isBlank(cell)) return null;
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) throw new ArgumentError(`${name}: ${describe(cell)} is not a finite number`);
    return cell;
  }
  if (typeof cell === 'string') {
    const text = cell.trim();
    if (PLAIN_NUMBER.test(text)) return Number(text);
  }
  throw new ArgumentError(`${name}: ${describe(cell)} is not a number (leave the cell blank for a missing value)`);
}

/** One cell as a number; a blank is refused. */
export function requiredNumber(cell, name) {
  const value = numberOrBlank(cell, name);
  if (value === null) throw new ArgumentError(`${name}: a number is needed, the cell is blank`);
  return value;
}

/** One cell as text (a number such as 2015 becomes "2015"); a blank is refused. */
export function requiredText(cell, name) {
  if (Array.isArray(cell)) {
    const cells = cellList(cell, name);
    if (cells.length !== 1) throw new ArgumentError(`${name}: give one cell, not ${cells.length}`);
    return requiredText(cells[0], name);
  }
  if (isBlank(cell)) throw new ArgumentError(`${name}: text is needed, the cell is blank`);
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number' && Number.isFinite(cell)) return String(cell);
  throw new ArgumentError(`${name}: ${describe(cell)} is not text`);
}

/**
 * One cell as a period for the core: text as written (trimmed), or a number as it is (2015 typed
 * as a number, or a date cell, which Excel passes as its serial); the core decides which a number
 * is. A blank is refused.
 */
export function periodCell(cell, name) {
  if (Array.isArray(cell)) {
    const cells = cellList(cell, name);
    if (cells.length !== 1) throw new ArgumentError(`${name}: give one cell, not ${cells.length}`);
    return periodCell(cells[0], name);
  }
  if (typeof cell === 'number' && Number.isFinite(cell)) return cell;
  return requiredText(cell, name);
}

/** A range of numbers, blanks kept as null: item i of the result is cell i of the range. */
export function numberList(arg, name) {
  return cellList(arg, name).map((cell, i) => numberOrBlank(cell, `${name} item ${i + 1}`));
}

/** A range of numbers with no blanks (a series the core charts or fits as consecutive points). */
export function fullNumberList(arg, name, why) {
  return cellList(arg, name).map((cell, i) => {
    const value = numberOrBlank(cell, `${name} item ${i + 1}`);
    if (value === null) throw new ArgumentError(`${name} item ${i + 1}: blank; ${why}`);
    return value;
  });
}

/** Refuses two ranges of different lengths, naming both. */
export function sameLength(a, aName, b, bName) {
  if (a.length !== b.length) {
    throw new ArgumentError(`${aName} has ${a.length} cells but ${bName} has ${b.length}; give ranges of the same size`);
  }
}
