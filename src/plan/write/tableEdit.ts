// Writing into pipe tables with the smallest change that keeps them tables:
// one cell's text, or one new row, in the layout the table already has.
import { escapeCell } from '../read/escapes';
import type { Cell, Plan, Table } from '../model';
import { detectStyle, type StatusStyle } from '../read/status';
import { splitRow } from '../read/table';
import { replacement, type Replacement } from './textEdit';

/** A value as cell source: one line, trimmed, escaped so that it reads back as that line (see escapes.ts). */
export function cellValue(value: string): string {
  return escapeCell(value.replace(/\r\n|\r|\n/g, ' ').trim());
}

// Emoji and East Asian wide characters take two columns in an editor; joiners and selectors none.
const WIDE =
  /\p{Extended_Pictographic}\uFE0F|[\p{Emoji_Presentation}\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/gu;
// Marks (\p{M}) include the variation selectors.
const ZERO_WIDTH = /[\u200B-\u200D\p{M}]/gu;

/** The columns a text takes in a monospace editor, as table formatters count them. */
export function displayWidth(text: string): number {
  const wide = text.match(WIDE)?.length ?? 0;
  return [...text.replace(WIDE, '').replace(ZERO_WIDTH, '')].length + 2 * wide;
}

function rawWidth(line: string, cell: Cell): number {
  return displayWidth(line.slice(cell.rawStart, cell.rawEnd));
}

/** The display width of each column, read from the header row. */
export function columnWidths(table: Table, lines: readonly string[]): number[] {
  return table.header.cells.map((c) => rawWidth(lines[table.line] ?? '', c));
}

/**
 * Whether a formatter padded the table so that its pipes line up: every row,
 * delimiter included, has the header's cell widths. A table without body rows
 * tells nothing (its header and delimiter always match), so it is not aligned.
 */
export function isAligned(table: Table, lines: readonly string[]): boolean {
  if (table.rows.length === 0) return false;
  const widths = columnWidths(table, lines);
  const delimiter = { line: table.line + 1, cells: splitRow(lines[table.line + 1] ?? '') };
  return [delimiter, ...table.rows].every((row) => {
    const line = lines[row.line] ?? '';
    return row.cells.length === widths.length && row.cells.every((c, k) => rawWidth(line, c) === widths[k]);
  });
}

/** ` text` padded to `width` columns, keeping at least one space before the next pipe. */
function padded(text: string, width: number): string {
  const body = ` ${text}`;
  return body + ' '.repeat(Math.max(1, width - displayWidth(body)));
}

/**
 * Rewrites one cell of the row on `lineNo`. In an aligned table the cell keeps
 * its width (or grows alone when the text does not fit); otherwise only the
 * text changes, with a space on each side where a pipe would touch it.
 */
export function cellEdit(line: string, lineNo: number, cell: Cell, value: string, aligned: boolean): Replacement {
  const text = cellValue(value);
  if (aligned) return replacement(lineNo, cell.rawStart, cell.rawEnd, padded(text, rawWidth(line, cell)));
  if (cell.text === '' || text === '') return replacement(lineNo, cell.rawStart, cell.rawEnd, text === '' ? ' ' : ` ${text} `);
  const before = cell.start === cell.rawStart && line[cell.rawStart - 1] === '|' ? ' ' : '';
  const after = cell.end === cell.rawEnd && line[cell.rawEnd] === '|' ? ' ' : '';
  return replacement(lineNo, cell.start, cell.end, before + text + after);
}

/** A new row: padded to `widths` for an aligned table, `| a | b |` otherwise. */
export function formatRow(values: readonly string[], widths?: readonly number[]): string {
  const cells = values.map(cellValue).map((v, k) => (widths ? padded(v, widths[k] ?? 0) : v === '' ? ' ' : ` ${v} `));
  return `|${cells.join('|')}|`;
}

/** Header, delimiter and rows of a new table, in the plans' own `| A |---|` style. */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  return [formatRow(headers), `|${headers.map((h) => '-'.repeat(h.length + 2)).join('|')}|`, ...rows.map((r) => formatRow(r))];
}

/**
 * The style to write statuses in: that of `samples` (a column's or the
 * Status lines' texts), borrowing the emoji from the phase checklist when the
 * samples have none, so that a `ready` task in an emoji plan becomes `🔄 in progress`.
 */
export function statusStyle(plan: Plan, samples: readonly string[]): StatusStyle {
  const phases = detectStyle(plan.phases.map((p) => p.statusText));
  if (samples.length === 0) return phases;
  const own = detectStyle(samples);
  return { emoji: own.emoji || phases.emoji, underscore: own.underscore };
}
