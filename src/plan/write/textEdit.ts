// Exact text replacements addressed like vscode.Position (0-based line and
// UTF-16 character), in the BOM-less text that parsePlan and VS Code see.
// The same replacements drive a WorkspaceEdit and the CLI's file write.

export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export interface Replacement {
  readonly range: Range;
  readonly newText: string;
}

const BOM = '\uFEFF';
const LINE_BREAK = /\r\n|\r|\n/g;

function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(BOM.length) : text;
}

/** The text's lines as parsePlan numbers them: BOM dropped, split on any line break. */
export function textLines(text: string): string[] {
  return stripBom(text).split(/\r\n|\r|\n/);
}

export function replacement(line: number, start: number, end: number, newText: string): Replacement {
  return { range: { start: { line, character: start }, end: { line, character: end } }, newText };
}

/** Where each line starts and where its content ends (before its line break). */
interface LineIndex {
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  readonly length: number;
}

function indexLines(body: string): LineIndex {
  const starts = [0];
  const ends: number[] = [];
  for (const m of body.matchAll(LINE_BREAK)) {
    ends.push(m.index);
    starts.push(m.index + m[0].length);
  }
  ends.push(body.length);
  return { starts, ends, length: body.length };
}

/** Clamps like VS Code: past the last line is the end of the text, past a line's end is that end. */
function toOffset(index: LineIndex, pos: Position): number {
  if (pos.line < 0) return 0;
  if (pos.line >= index.starts.length) return index.length;
  return Math.min(index.starts[pos.line]! + Math.max(0, pos.character), index.ends[pos.line]!);
}

function toPosition(index: LineIndex, offset: number): Position {
  let lo = 0;
  let hi = index.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (index.starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - index.starts[lo]! };
}

/**
 * Applies non-overlapping replacements (in any order; insertions at one point
 * keep their given order). A BOM is kept and never counted. Throws a
 * RangeError on overlapping ranges, which no edit function produces.
 */
export function applyEdits(text: string, edits: readonly Replacement[]): string {
  const bom = text.startsWith(BOM) ? BOM : '';
  const body = text.slice(bom.length);
  const index = indexLines(body);
  const spans = edits
    .map((e, order) => ({ from: toOffset(index, e.range.start), to: toOffset(index, e.range.end), text: e.newText, order }))
    .sort((a, b) => a.from - b.from || a.to - b.to || a.order - b.order);
  let out = bom;
  let at = 0;
  for (const span of spans) {
    if (span.from < at || span.to < span.from) throw new RangeError('applyEdits: overlapping or reversed ranges');
    out += body.slice(at, span.from) + span.text;
    at = span.to;
  }
  return out + body.slice(at);
}

/** Lines with their own line breaks, so that a line diff keeps mixed breaks exact. */
function segments(body: string): string[] {
  const parts = body.split(/(\r\n|\r|\n)/);
  const out: string[] = [];
  for (let k = 0; k < parts.length; k += 2) out.push(parts[k]! + (parts[k + 1] ?? ''));
  return out;
}

/** Myers' O((N+M)·D) diff: index pairs of equal lines along a shortest edit script. */
function commonLines(a: readonly string[], b: readonly string[]): Array<readonly [number, number]> {
  const max = a.length + b.length;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  const down = (w: Int32Array, k: number, d: number): boolean =>
    k === -d || (k !== d && w[max + k - 1]! < w[max + k + 1]!);
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = down(v, k, d) ? v[max + k + 1]! : v[max + k - 1]! + 1;
      let y = x - k;
      while (x < a.length && y < b.length && a[x] === b[y]) {
        x++;
        y++;
      }
      v[max + k] = x;
      if (x >= a.length && y >= b.length) return backtrack(trace, a.length, b.length, max, down);
    }
  }
  return [];
}

function backtrack(
  trace: readonly Int32Array[],
  n: number,
  m: number,
  max: number,
  down: (w: Int32Array, k: number, d: number) => boolean,
): Array<readonly [number, number]> {
  const pairs: Array<readonly [number, number]> = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const prevK = down(v, k, d) ? k + 1 : k - 1;
    const prevX = v[max + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) pairs.push([--x, --y]);
    x = prevX;
    y = prevY;
  }
  return pairs.reverse();
}

interface Hunk {
  readonly aFrom: number;
  readonly aTo: number;
  readonly bFrom: number;
  readonly bTo: number;
}

function hunks(a: readonly string[], b: readonly string[]): Hunk[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const out: Hunk[] = [];
  let i = 0;
  let j = 0;
  for (const [x, y] of [...commonLines(midA, midB), [midA.length, midB.length] as const]) {
    if (x > i || y > j) out.push({ aFrom: head + i, aTo: head + x, bFrom: head + j, bTo: head + y });
    i = x + 1;
    j = y + 1;
  }
  return out;
}

/** A cut between `\r` and `\n`, or inside a surrogate pair, has no clean position. */
function splitsCharacter(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return false;
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at);
  return (before === 13 && after === 10) || (before >= 0xd800 && before < 0xdc00 && after >= 0xdc00 && after < 0xe000);
}

/** Narrows a changed span to its differing middle so that the replacement touches no more than it must. */
function narrow(old: string, next: string): { head: number; tail: number } {
  let head = 0;
  while (head < old.length && head < next.length && old[head] === next[head]) head++;
  while (splitsCharacter(old, head) || splitsCharacter(next, head)) head--;
  let tail = 0;
  const room = Math.min(old.length, next.length) - head;
  while (tail < room && old[old.length - 1 - tail] === next[next.length - 1 - tail]) tail++;
  while (splitsCharacter(old, old.length - tail) || splitsCharacter(next, next.length - tail)) tail--;
  return { head, tail };
}

/** A hunk that replaces as many lines as it removes is taken line by line, so that each change stays on its line. */
function lineByLine(h: Hunk): Hunk[] {
  const count = h.aTo - h.aFrom;
  if (count !== h.bTo - h.bFrom) return [h];
  return Array.from({ length: count }, (_, k) => ({ aFrom: h.aFrom + k, aTo: h.aFrom + k + 1, bFrom: h.bFrom + k, bTo: h.bFrom + k + 1 }));
}

/**
 * The replacements that turn `before` into `after`: a line diff whose hunks
 * are narrowed to the characters that differ. Both texts must agree on the BOM.
 */
export function diffEdits(before: string, after: string): Replacement[] {
  const body = stripBom(before);
  const index = indexLines(body);
  const a = segments(body);
  const b = segments(stripBom(after));
  const offsets = [0];
  for (const seg of a) offsets.push(offsets[offsets.length - 1]! + seg.length);
  return hunks(a, b)
    .flatMap(lineByLine)
    .map((h) => ({ from: offsets[h.aFrom]!, old: body.slice(offsets[h.aFrom]!, offsets[h.aTo]!), next: b.slice(h.bFrom, h.bTo).join('') }))
    .filter(({ old, next }) => old !== next)
    .map(({ from, old, next }) => {
      const { head, tail } = narrow(old, next);
      return {
        range: { start: toPosition(index, from + head), end: toPosition(index, from + old.length - tail) },
        newText: next.slice(head, next.length - tail),
      };
    });
}
