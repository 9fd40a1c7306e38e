// Conflict matrices in their three real shapes: bullet/bold lines, a fenced
// yaml block, and a `Task | Files | Conflicts With` table.
import type { ConflictEntry, ConflictKind, Table, YamlBlock } from './model';
import { cellText, column, isNone } from './table';

const LINE =
  /^(PARALLEL(?:_SAFE)?|SEQUENTIAL(?:_REQUIRED)?|CONFLICTS?|BATCH\s*(\d+))\s*(?:\(([^)]*)\))?\s*:\s*(.*)$/i;
const ID = /^[A-Za-z0-9][\w.-]*$/;

function kindOf(label: string): ConflictKind {
  const l = label.toUpperCase();
  if (l.startsWith('PARALLEL')) return 'parallel';
  if (l.startsWith('SEQUENTIAL')) return 'sequential';
  if (l.startsWith('BATCH')) return 'batch';
  return 'conflict';
}

function ids(text: string): string[] {
  return text
    .split(/,|->|→|<->|\s+AFTER\s+|\s+THEN\s+/i)
    .map((s) => s.trim().replace(/^`|`$/g, ''))
    .filter((s) => ID.test(s) && !isNone(s));
}

/** Reads one line such as `PARALLEL_SAFE: [a, b] - reason` or `CONFLICT: a <-> b (file)`. */
export function conflictsFromLine(text: string, line: number): ConflictEntry[] {
  const m = LINE.exec(text.trim());
  if (!m) return [];
  const kind = kindOf(m[1]!);
  const rest = m[4]!.trim();
  const bracket = /^\[([^\]]*)\]\s*(.*)$/.exec(rest);
  let tasks: string[];
  let note: string;
  if (bracket) {
    tasks = ids(bracket[1]!);
    note = bracket[2]!.replace(/^[-–—:]\s*/, '').trim();
  } else {
    const [head, ...tail] = rest.split(/\s+\(|\s+-\s+/);
    tasks = ids(head ?? '');
    note = tail.join(' ').replace(/\)$/, '').trim();
  }
  // `a AFTER b` means b runs first.
  if (kind === 'sequential' && /\sAFTER\s/i.test(rest)) tasks.reverse();
  if (tasks.length === 0) return [];
  const mode = m[3]?.toLowerCase();
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
  const doc = block.error ? keyedLists(lines) : block.value;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return [];
  const out: ConflictEntry[] = [];
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    if (!/^(PARALLEL|SEQUENTIAL|CONFLICT)/i.test(key) || /MATRIX/i.test(key)) continue;
    const at = lines.findIndex((l) => l.startsWith(key));
    const line = block.line + 1 + Math.max(0, at);
    const groups = Array.isArray(value) && value.some(Array.isArray) ? value : [value];
    for (const group of groups) {
      const tasks = stringsOf(group);
      if (tasks.length > 0) out.push({ kind: kindOf(key), tasks, note: '', line });
    }
  }
  return out;
}

function keyedLists(lines: readonly string[]): Record<string, string[][]> {
  const out: Record<string, string[][]> = {};
  let key: string | undefined;
  for (const line of lines) {
    const head = /^([A-Z_]+):\s*(.*)$/.exec(line);
    if (head) {
      key = head[1]!;
      out[key] = head[2] ? [[head[2]]] : [];
    } else if (key) {
      const item = /^\s+-\s+(.*)$/.exec(line);
      if (item) out[key]!.push([item[1]!]);
    }
  }
  return out;
}

/** Reads a `Task | Files | Conflicts With` table: one conflict entry per row that names others. */
export function conflictsFromTable(table: Table): ConflictEntry[] {
  const task = column(table, 'task', 'id', 'task id');
  const withCol = column(table, 'conflicts with', 'conflicts', 'conflict');
  if (task < 0 || withCol < 0) return [];
  return table.rows.flatMap((row) => {
    const others = ids(cellText(row, withCol));
    const self = cellText(row, task);
    return others.length === 0 ? [] : [{ kind: 'conflict' as const, tasks: [self, ...others], note: '', line: row.line }];
  });
}
