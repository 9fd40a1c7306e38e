// A table cell's source ⇄ the text a reader sees, as an exact pair: what
// escapeCell writes, unescapeCell reads back unchanged.
//
// Read: GFM's `\|` is a pipe everywhere in a cell, code spans included; outside
// code spans, CommonMark's backslash escapes of ASCII punctuation (`\*`, `\\`,
// `` \` ``) are undone. Inside a code span other backslashes are literal, and
// so is every backslash before anything but ASCII punctuation (`src\a.ts`).
// Code span delimiters stay in the text (`` `a.py` ``), as the model always
// kept them. Entities and HTML (`&amp;`, `<br>`) are left as written.

/** ASCII punctuation, the characters a backslash escapes. */
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

const isPunctuation = (ch: string | undefined): boolean => ch !== undefined && PUNCTUATION.has(ch);

/**
 * The code span closers of a text: for each run length, the starts of its
 * backtick runs, and how far the left-to-right reader has got through them,
 * so that finding every closer costs one pass (a search per opener was
 * quadratic over runs of distinct lengths).
 */
class BacktickRuns {
  private readonly starts = new Map<number, { at: number[]; next: number }>();

  constructor(text: string) {
    for (let i = text.indexOf('`'); i >= 0; i = text.indexOf('`', i)) {
      const n = runLength(text, i);
      const runs = this.starts.get(n) ?? { at: [], next: 0 };
      runs.at.push(i);
      this.starts.set(n, runs);
      i += n;
    }
  }

  /** The start of the first run of exactly `length` backticks at or after `from`, or -1. */
  closer(length: number, from: number): number {
    const runs = this.starts.get(length);
    if (!runs) return -1;
    while (runs.next < runs.at.length && runs.at[runs.next]! < from) runs.next++;
    return runs.at[runs.next] ?? -1;
  }
}

function runLength(text: string, at: number): number {
  let end = at;
  while (text[end] === '`') end++;
  return end - at;
}

/** The text a reader sees in a trimmed cell source (see the top of this file). */
export function unescapeCell(raw: string): string {
  if (!raw.includes('\\')) return raw;
  const runs = new BacktickRuns(raw);
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i]!;
    if (ch === '\\' && isPunctuation(raw[i + 1])) {
      out += raw[i + 1];
      i += 2;
    } else if (ch === '`') {
      const n = runLength(raw, i);
      const close = runs.closer(n, i + n);
      const end = close < 0 ? i + n : close + n;
      out += close < 0 ? raw.slice(i, end) : raw.slice(i, end).replaceAll('\\|', '|');
      i = end;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/**
 * The cell source that reads back as `value` (one line): pipes escaped, and a
 * backslash before punctuation or at the end doubled, outside code spans;
 * inside them only pipes are escaped. A code span holding `\|` cannot be
 * written (it would read as `|`), so then every backtick of the value is
 * escaped instead and the value is written as plain text.
 */
export function escapeCell(value: string): string {
  const runs = new BacktickRuns(value);
  const spans: Array<readonly [number, number]> = [];
  for (let i = value.indexOf('`'); i >= 0; i = value.indexOf('`', i)) {
    const n = runLength(value, i);
    const close = runs.closer(n, i + n);
    if (close >= 0 && value.slice(i + n, close).includes('\\|')) return plain(value, true);
    if (close >= 0) spans.push([i, close + n]);
    i = close < 0 ? i + n : close + n;
  }
  let out = '';
  let from = 0;
  for (const [start, end] of spans) {
    out += plain(value.slice(from, start), false) + value.slice(start, end).replaceAll('|', '\\|');
    from = end;
  }
  return out + plain(value.slice(from), false);
}

/** Text outside code spans: pipes escaped, a backslash before punctuation or at the end doubled, and backticks too when asked. */
function plain(text: string, backticks: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '|' || (ch === '`' && backticks)) out += `\\${ch}`;
    else if (ch === '\\' && (i + 1 === text.length || isPunctuation(text[i + 1]))) out += '\\\\';
    else out += ch;
  }
  return out;
}
