// Conflict matrices in their three real shapes: bullet/bold lines, a fenced
// yaml block, and a `Task | Files | Conflicts With` table.
import type { ConflictEntry, ConflictKind, Table, YamlBlock } from '../model';
import { cellText, isNone } from './table';
import { CONFLICT, col } from './columns';

/** The label a conflict line starts with; what follows it is read by hand (see `labelledRest`). */
const LABEL = /^(PARALLEL(?:_SAFE)?|SEQUENTIAL(?:_REQUIRED)?|CONFLICTS?|BATCH\s*(\d+))/i;
const ID = /^[a-z0-9][\w.-]*$/i;

function kindOf(label: string): ConflictKind {
  const l = label.toUpperCase();
  if (l.startsWith('PARALLEL')) return 'parallel';
  if (l.startsWith('SEQUENTIAL')) return 'sequential';
  if (l.startsWith('BATCH')) return 'batch';
  return 'conflict';
}

// A whitespace run is matched only from its first character (the lookbehind):
// retried from each of its characters, `\s+` made splitting a long run quadratic.
const SEPARATOR = /,|->|→|<->|(?<!\s)\s+(?:AFTER|THEN)\s+/i;
const ORDERED = /->|→|\s(?:AFTER|THEN)\s/i;

function ids(text: string): string[] {
  // Most lists are only commas; splitting on the full pattern costs several times more.
  const out: string[] = [];
  for (const piece of ORDERED.test(text) ? text.split(SEPARATOR) : text.split(',')) {
    const trimmed = piece.trim();
    const id = trimmed.includes('`') ? trimmed.replace(/^`|`$/g, '') : trimmed;
    if (ID.test(id) && !isNone(id)) out.push(id);
  }
  return out;
}

/** After the label: an optional `(mode)`, then `:`; the mode and the trimmed rest, or undefined when there is no colon. */
function labelledRest(after: string): { mode?: string; rest: string } | undefined {
  let text = after.trimStart();
  let mode: string | undefined;
  if (text.startsWith('(')) {
    const close = text.indexOf(')');
    if (close < 0) return undefined;
    mode = text.slice(1, close);
    text = text.slice(close + 1).trimStart();
  }
  if (!text.startsWith(':')) return undefined;
  return { ...(mode !== undefined ? { mode } : {}), rest: text.slice(1).trim() };
}

/** Reads one line such as `PARALLEL_SAFE: [a, b] - reason` or `CONFLICT: a <-> b (file)`. */
export function conflictsFromLine(text: string, line: number): ConflictEntry[] {
  const trimmed = text.trim();
  const m = LABEL.exec(trimmed);
  const labelled = m && labelledRest(trimmed.slice(m[0].length));
  if (!m || !labelled) return [];
  const kind = kindOf(m[1]!);
  const { rest } = labelled;
  const close = rest.startsWith('[') ? rest.indexOf(']') : -1;
  let tasks: string[];
  let note: string;
  if (close >= 0) {
    tasks = ids(rest.slice(1, close));
    note = rest
      .slice(close + 1)
      .trim()
      .replace(/^[-–—:]\s*/, '');
  } else {
    const [head, ...tail] = rest.split(/(?<!\s)\s+(?:\(|-\s+)/);
    tasks = ids(head ?? '');
    note = tail.join(' ').replace(/\)$/, '').trim();
  }
  // `a AFTER b` means b runs first.
  if (kind === 'sequential' && /\sAFTER\s/i.test(rest)) tasks.reverse();
  if (tasks.length === 0) return [];
  const mode = labelled.mode?.toLowerCase();
  return [
    {
      kind,
      tasks,
      ...(m[2] !== undefined ? { batch: Number(m[2]) } : {}),
      ...(kind === 'batch' ? { parallel: mode !== 'sequential' } : {}),
      note,
      line,
    },
  ];
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return ids(value.replace(/^\[|\]$/g, ''));
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  return [];
}

/**
 * Reads `PARALLEL_SAFE:` / `SEQUENTIAL_REQUIRED:` keys of a yaml block. Agents
 * paste pipe tables into these blocks, which breaks the yaml, so a block that
 * does not parse is read key by key from its lines instead.
 */
export function conflictsFromYaml(block: YamlBlock): ConflictEntry[] {
  const lines = block.source.split('\n');
  const out: ConflictEntry[] = [];
  for (const { key, value, at } of keyedValues(block, lines)) {
    if (!/^(?:PARALLEL|SEQUENTIAL|CONFLICT)/i.test(key) || /MATRIX/i.test(key)) continue;
    const line = block.line + 1 + at;
    const groups = Array.isArray(value) && value.some(Array.isArray) ? value : [value];
    for (const group of groups) {
      const tasks = stringsOf(group);
      if (tasks.length > 0) out.push({ kind: kindOf(key), tasks, note: '', line });
    }
  }
  return out;
}

interface Keyed {
  readonly key: string;
  readonly value: unknown;
  /** The block line the key is written on (0 when it cannot be told). */
  readonly at: number;
}

/** The top-level keys of a block: of its parsed value, else read from its lines. */
function keyedValues(block: YamlBlock, lines: readonly string[]): Keyed[] {
  if (block.error) return [...keyedLists(lines).values()];
  const doc = block.value;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return [];
  const at = firstLineOfKeys(lines);
  return Object.entries(doc).map(([key, value]) => ({ key, value, at: at.get(key) ?? 0 }));
}

/** The line each top-level key is first written on (`KEY:` at the line's start), looked up once per block rather than searched for per key. */
function firstLineOfKeys(lines: readonly string[]): Map<string, number> {
  const at = new Map<string, number>();
  lines.forEach((l, i) => {
    const colon = l.indexOf(':');
    const key = colon > 0 && !/^\s/.test(l) ? l.slice(0, colon).trimEnd() : '';
    if (key !== '' && !at.has(key)) at.set(key, i);
  });
  return at;
}

/** `KEY: value`, and `KEY:` with `- item` lines under it, as groups by key; a key written again replaces its groups, as yaml does. */
function keyedLists(lines: readonly string[]): Map<string, Keyed & { value: string[][] }> {
  const out = new Map<string, Keyed & { value: string[][] }>();
  let groups: string[][] | undefined;
  lines.forEach((line, at) => {
    const head = /^[A-Z][\dA-Z_]*:/.exec(line);
    if (head) {
      const value = line.slice(head[0].length).trim();
      groups = value ? [[value]] : [];
      const key = head[0].slice(0, -1);
      out.set(key, { key, value: groups, at: out.get(key)?.at ?? at });
    } else if (groups) {
      const item = /^\s+-\s/.exec(line);
      if (item) groups.push([line.slice(item[0].length).trim()]);
    }
  });
  return out;
}

/** Reads a `Task | Files | Conflicts With` table: one conflict entry per row that names others. */
export function conflictsFromTable(table: Table): ConflictEntry[] {
  const task = col(table, CONFLICT.task);
  const withCol = col(table, CONFLICT.with);
  if (task < 0 || withCol < 0) return [];
  return table.rows.flatMap((row) => {
    const others = ids(cellText(row, withCol));
    const self = cellText(row, task);
    return others.length === 0 ? [] : [{ kind: 'conflict' as const, tasks: [self, ...others], note: '', line: row.line }];
  });
}
