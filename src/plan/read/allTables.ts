// Every pipe table in a plan's text, wherever it sits: at the top level, in a
// blockquote, in a list item, indented, or right after an HTML line where
// markdown-it reads it as part of an HTML block and the parser never sees it.
// The gate reads them all, so that a failed row cannot hide by its depth. One
// pass over the lines; tables the parser already read are reused as they are.
import type { Cell, Table, TableRow } from '../model';
import { headerKey, splitRow } from './table';

/** What a container puts before a table line: blockquote markers, a list marker, indentation. */
const CONTAINER = /^(?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t])?[ \t]*/;
/** A delimiter row holds only pipes, colons, dashes and blanks (its pipe and dash are checked apart). */
const DELIMITER = /^[|: \t-]+$/;
const FENCE = /^(`{3,}|~{3,})/;

function bare(line: string): { text: string; at: number } {
  const at = CONTAINER.exec(line)![0].length;
  return { text: line.slice(at).trimEnd(), at };
}

function shifted(cells: readonly Cell[], by: number): Cell[] {
  return by === 0 ? [...cells] : cells.map((c) => ({ ...c, start: c.start + by, end: c.end + by, rawStart: c.rawStart + by, rawEnd: c.rawEnd + by }));
}

function rowAt(lines: readonly string[], line: number): TableRow {
  const { text, at } = bare(lines[line]!);
  return { line, cells: shifted(splitRow(text), at) };
}

/**
 * The tables of `lines` in line order: a line with a pipe followed by a
 * delimiter row (`|---|:-:|`), then the rows after it that hold a pipe.
 * Tables in fenced code are examples, not the plan's, and are skipped (an
 * unclosed fence is a finding of its own). `known` are the parser's tables,
 * returned in place of a second reading of the same lines.
 */
export function allTables(lines: readonly string[], known: readonly Table[]): Table[] {
  const byLine = new Map(known.map((t) => [t.line, t]));
  const tables: Table[] = [];
  let fence: string | undefined;
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i]!;
    const { text } = bare(line);
    const open = FENCE.exec(text)?.[1];
    if (fence !== undefined) {
      if (open !== undefined && open[0] === fence[0] && open.length >= fence.length && text.slice(open.length).trim() === '') fence = undefined;
      continue;
    }
    if (open !== undefined) {
      fence = open;
      continue;
    }
    if (!text.includes('|')) continue;
    const next = bare(lines[i + 1]!).text;
    if (!next.includes('|') || !next.includes('-') || !DELIMITER.test(next)) continue;
    const parsed = byLine.get(i);
    let end = parsed?.endLine ?? i + 2;
    if (parsed) tables.push(parsed);
    else {
      while (end < lines.length && bare(lines[end]!).text.includes('|')) end++;
      const header = rowAt(lines, i);
      const rows: TableRow[] = [];
      for (let l = i + 2; l < end; l++) rows.push(rowAt(lines, l));
      const headers = header.cells.map((c) => c.text);
      tables.push({ line: i, endLine: end, headers, keys: headers.map(headerKey), header, rows });
    }
    i = end - 1;
  }
  return tables;
}
