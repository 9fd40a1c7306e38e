// The agents' pseudo-yaml: fenced `yaml` blocks written as indented
// `key: value` notes rather than yaml. `TASK: django-litefs-f8s` with keys
// indented under it (yaml allows a value or a mapping, not both), a
// description whose wrapped lines say `Covers: …`, a pipe table under a key.
// yaml rejects them, yet every line reads plainly; such a block is read here
// by its shape instead of being reported as broken yaml.

export type PseudoValue = string | PseudoValue[] | { [key: string]: PseudoValue };

// Matched against trimmed lines; the key and value are trimmed where read.
const KEY = /^([a-z_][\w .()/-]*):(?:\s(.*))?$/i;
const ITEM = /^-\s(.*)$/;

/** `[key, value]` of a `key: value` line (value undefined for `key:`). */
function keyOf(text: string): [string, string | undefined] | undefined {
  const m = KEY.exec(text);
  return m ? [m[1]!.trim(), m[2]?.trim() || undefined] : undefined;
}

function itemOf(text: string): string | undefined {
  return ITEM.exec(text)?.[1]!.trim();
}
const TABLE = /^\|.*\|$/;

/**
 * Whether a value is plain text, or yaml syntax that yaml must read: a flow
 * collection, a quote, an anchor, alias, tag or block scalar. A one-line
 * flow sequence of plain words (`[django-litefs-5l8 (closed)]`) is plain.
 */
function plain(value: string): boolean {
  if (/^\[[^[\]{}"']*\]$/.test(value)) return true;
  return !/^[[{"'&*!|>%@`]/.test(value);
}

interface Line {
  readonly indent: number;
  readonly text: string;
}

/** The block's lines, when every one is a key, a list item, a table row, a comment or indented text (the wrapped rest of a value); else undefined. */
function shapeOf(source: string): Line[] | undefined {
  const lines: Line[] = [];
  let first: Line | undefined;
  for (const raw of source.split(/\r?\n/)) {
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) continue;
    const line = { indent: raw.length - raw.trimStart().length, text };
    const key = keyOf(text);
    const item = itemOf(text);
    const ok = key ? key[1] === undefined || plain(key[1]) : item !== undefined ? plain(item) : TABLE.test(text) || (first !== undefined && line.indent > first.indent);
    if (!ok) return undefined;
    lines.push(line);
    first ??= line;
  }
  return lines;
}

/** The lines after `at` that are deeper than it: its children or its wrapped text. */
function deeperEnd(lines: readonly Line[], at: number): number {
  let end = at + 1;
  while (end < lines.length && lines[end]!.indent > lines[at]!.indent) end++;
  return end;
}

/**
 * Reads the lines from `at` to `end` at `at`'s indent into a value. Under a
 * `key: value` line, deeper lines indented to the value's column or beyond
 * are its wrapped text (`description: Add …` / `Covers: …`); others are keys
 * of their own (`TASK: id` / `title: …`), the head value kept as `value`.
 */
function readBlock(lines: readonly Line[], at: number, end: number): PseudoValue {
  const map: Record<string, PseudoValue> = {};
  const list: PseudoValue[] = [];
  const text: string[] = [];
  let i = at;
  while (i < end) {
    const line = lines[i]!;
    const key = keyOf(line.text);
    const item = itemOf(line.text);
    const stop = deeperEnd(lines, i);
    const under = lines.slice(i + 1, stop);
    const head = key?.[1];
    const column = line.indent + line.text.length - (head?.length ?? 0);
    if (key && head !== undefined && (under.length === 0 || under[0]!.indent >= column)) map[key[0]] = [head, ...under.map((l) => l.text)].join(' ');
    else if (key) {
      const children = readBlock(lines, i + 1, stop);
      map[key[0]] = head === undefined ? children : typeof children === 'object' && !Array.isArray(children) ? { value: head, ...children } : { value: head, items: children };
    } else if (item !== undefined) list.push([item, ...under.map((l) => l.text)].join(' '));
    else text.push(line.text, ...under.map((l) => l.text));
    i = stop;
  }
  if (Object.keys(map).length > 0) return map;
  if (list.length > 0) return list;
  return text.join('\n');
}

/** The block read as key/value notes, when every line has that shape; undefined for anything else (yaml that is meant as yaml). */
export function readPseudoYaml(source: string): PseudoValue | undefined {
  const lines = shapeOf(source);
  if (!lines || lines.length === 0) return undefined;
  const value = readBlock(lines, 0, lines.length);
  return typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}
