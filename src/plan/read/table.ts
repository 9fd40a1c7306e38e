// Pipe-table rows read from their raw line, so that every cell knows the exact
// characters it occupies (markdown-it's tokens give lines, not columns).
import { unescapeCell } from './escapes';
import type { Cell, Table, TableRow } from '../model';

/** Plans' tables have a handful of columns; a line of thousands of pipes is not read as thousands of cells. */
const MAX_CELLS = 1000;

/**
 * Splits one table line into cells on unescaped pipes; leading and trailing
 * pipes are optional. Cell texts are unescaped, positions raw. Past
 * `MAX_CELLS` cells the rest of the line is the last cell.
 */
export function splitRow(line: string): Cell[] {
  const pipes: number[] = [];
  for (let i = 0; i < line.length && pipes.length < MAX_CELLS; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '|') pipes.push(i);
  }
  const firstText = line.search(/\S/);
  const lastText = line.length - (line.length - line.trimEnd().length) - 1;
  // Built in place: a line of thousands of pipes spread into `push` overflowed the stack.
  const bounds = pipes[0] !== firstText ? [firstText - 1, ...pipes] : pipes;
  if (pipes[pipes.length - 1] !== lastText) bounds.push(lastText + 1);
  const cells: Cell[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const rawStart = bounds[k]! + 1;
    const rawEnd = bounds[k + 1]!;
    const raw = line.slice(rawStart, rawEnd);
    const lead = raw.length - raw.trimStart().length;
    const source = raw.trim();
    const start = source === '' ? rawStart + Math.min(1, raw.length) : rawStart + lead;
    cells.push({ text: unescapeCell(source), start, end: start + source.length, rawStart, rawEnd });
  }
  return cells;
}

export function headerKey(header: string): string {
  return header
    .replace(/\*\*|`/g, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

/** Builds a table from its source lines: header at `line`, delimiter row, then body rows up to `endLine`. */
export function readTable(lines: readonly string[], line: number, endLine: number): Table {
  const header: TableRow = { line, cells: splitRow(lines[line] ?? '') };
  const rows: TableRow[] = [];
  for (let l = line + 2; l < endLine; l++) rows.push({ line: l, cells: splitRow(lines[l] ?? '') });
  const headers = header.cells.map((c) => c.text);
  return { line, endLine, headers, keys: headers.map(headerKey), header, rows };
}

export function cellText(row: TableRow, index: number): string {
  return index < 0 ? '' : (row.cells[index]?.text ?? '');
}

/** `-`, `none`, `<none>` and empty cells all say "nothing here". */
export function isNone(text: string): boolean {
  return /^(?:-|—|none|<none>|n\/a)?$/i.test(text.trim());
}
