// What the user-approved commit holds and says, read from the plan alone: the
// paths it names (the Tasks table's Files column, "Files Modified" lists) and
// a commit message. The git side decides what of that actually changed.
import type { Plan } from '../model';
import { stripDecoration } from '../read/status';
import { headerValue } from './summary';

/** Headings of the lists of files a plan's workers touched (`### Files Modified/Created`, `## Files Changed`). */
const FILES_TITLE = /^(?:files?\b.+\b(?:changed|modified|created|added|deleted|removed|touched|summary)|(?:changed|modified|new|created) files)\b/i;
/** An inline label with the same meaning: `Files modified: a.py, b.py`, or `Files Modified:` above a list. */
const FILES_LABEL = /^files?\s+(?:changed|modified|created|added|deleted|removed|touched)(?:\s*\/\s*\w+)?\s*:/i;
/** A list item's marker with its indent; the item's text is what follows. */
const LIST_ITEM = /^(\s*)(?:[-*+]|\d+[.)])\s/;
const PATH_CHARS = /^[\p{L}\p{N}_@.~+\-/*?=%#$]+$/u;
const FILE_NAME = /^[\p{L}\p{N}_@~+\-=%#$.]*\.[A-Za-z][A-Za-z0-9]{0,9}$/u;
const DOTFILE = /^\.[\w-]+$/;

/** Whether a token reads as a path (`src/a.ts`, `tests/core/`, `tests/**\/*.py`, `README.md`, `.gitignore`), not prose (`3 files`, `1.5`). */
export function isPath(token: string): boolean {
  if (token.length === 0 || token.length > 400 || !PATH_CHARS.test(token) || !/\p{L}/u.test(token)) return false;
  return token.includes('/') || FILE_NAME.test(token) || DOTFILE.test(token);
}

/** A token as written → the path it names: no backticks, bold, trailing punctuation or leading `./`. */
function cleanToken(raw: string): string {
  // A trailing run is matched from its first character only (the lookbehinds): retried from each, it was quadratic.
  const bare = raw.trim().replace(/^\*\*(.+)\*\*$/, '$1').replace(/^`+|(?<!`)`+$/g, '').trim();
  return bare.replace(/(?<![,;:.!])[,;:.!]+$/, '').replace(/^(?:\.\/)+/, '');
}

/** The paths an item starts with: one bare word, or backticked paths separated by commas. */
function leadingTokens(item: string): string[] {
  const ticks = /^(?:\*\*)?`([^`]+)`(?:\*\*)?((?:\s*,\s*`[^`]+`)*)/.exec(item);
  if (ticks) return [ticks[1]!, ...[...ticks[2]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)];
  return [item.split(/\s+/)[0] ?? ''];
}

function backticked(line: string): string[] {
  return [...line.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
}

/** Tokens that may be paths, in document order, from files sections and `Files modified:` labels. */
function listedTokens(lines: readonly string[], plan: Plan): string[] {
  const inSection = filesSectionLines(lines.length, plan);
  const out: string[] = [];
  // One by one: a line of thousands of tokens spread into `push` overflows the stack.
  const add = (tokens: readonly string[]): void => {
    for (const t of tokens) out.push(t);
  };
  // Indent of the label whose list is being read; -1 for a paragraph label, whose list may start at column 0.
  let labelIndent: number | undefined;
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const item = LIST_ITEM.exec(raw);
    const indent = item ? item[1]!.length : 0;
    const text = (item ? raw.slice(item[0].length) : raw).trim();
    if (labelIndent !== undefined && (!item || indent <= labelIndent)) labelIndent = undefined;
    const unbold = text.replace(/\*\*/g, '');
    const label = FILES_LABEL.exec(unbold);
    if (label) {
      const value = unbold.slice(label[0].length).trim();
      add(value.split(',').flatMap((piece) => leadingTokens(piece.trim())));
      if (value === '') labelIndent = item ? indent : -1;
      return;
    }
    if (item && (inSection[i] || labelIndent !== undefined)) add(leadingTokens(text));
    else if (inSection[i]) add(backticked(text));
  });
  return out;
}

/** For each line, whether it is inside a files section: marked once per section, not looked up per line. */
function filesSectionLines(count: number, plan: Plan): Uint8Array {
  const depth = new Int32Array(count + 1);
  for (const s of plan.sections)
    if (FILES_TITLE.test(s.title)) {
      depth[Math.min(s.line + 1, count)]!++;
      depth[Math.min(s.endLine, count)]!--;
    }
  const inside = new Uint8Array(count);
  for (let i = 0, open = 0; i < count; i++) inside[i] = (open += depth[i]!) > 0 ? 1 : 0;
  return inside;
}

const key = (path: string): string => path.replace(/(?<!\/)\/+$/, '');

/**
 * Drops repeats, and short forms of a path written in full elsewhere: a Tasks
 * table often says `views.py` where the summary says `pkg/app/views.py`.
 * Every path's tails after a `/` are collected once, rather than every pair compared.
 */
function dedupe(paths: readonly string[]): string[] {
  const unique = new Map(paths.map((p) => [key(p), p]));
  const tails = new Set<string>();
  for (const k of unique.keys()) for (let i = k.indexOf('/'); i >= 0; i = k.indexOf('/', i + 1)) tails.add(k.slice(i + 1));
  return [...unique].filter(([k]) => !tails.has(k)).map(([, p]) => p);
}

/** The paths tokens name as written (`\`src/a.ts\``, `./b.py,`), prose and repeats dropped: a task's Files cell, say. */
export function pathsOf(tokens: readonly string[]): string[] {
  return dedupe(tokens.map(cleanToken).filter(isPath));
}

/** The paths a plan says its work touched: the Tasks table's Files column, then the summary's files lists. */
export function plannedFiles(text: string, plan: Plan): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  return pathsOf([...plan.tasks.flatMap((t) => t.files), ...listedTokens(lines, plan)]);
}

interface Entry {
  readonly id: string;
  readonly title: string;
  readonly epic: string;
}

function realEpic(epic: string): string {
  const bare = stripDecoration(epic).replace(/`/g, '');
  return /^(?:-|—|none|n\/a|orphan)?$/i.test(bare) ? '' : bare;
}

/** The tasks a commit reports: the done/closed ones, else all tasks, else the target tasks. */
function entries(plan: Plan): Entry[] {
  const finished = plan.tasks.filter((t) => t.status === 'done' || t.status === 'closed');
  const tasks = finished.length > 0 ? finished : plan.tasks;
  if (tasks.length > 0)
    return tasks.map((t) => ({ id: t.fullId, title: stripDecoration(t.title) || t.fullId, epic: realEpic(t.epic) }));
  return plan.targetTasks.map((t) => ({ id: t.id ?? '', title: stripDecoration(t.text), epic: '' }));
}

/** The one epic all reported tasks belong to, or undefined. */
function sharedEpic(list: readonly Entry[]): string | undefined {
  const epics = new Set(list.map((e) => e.epic).filter((e) => e !== ''));
  return epics.size === 1 ? [...epics][0] : undefined;
}

function defaultMessage(list: readonly Entry[], epic: string | undefined, session: string): string {
  if (list.length === 0) return `feat: complete Beads Work Plan${session ? ` ${session}` : ''}`;
  if (list.length === 1) return `feat${epic ? `(${epic})` : ''}: ${list[0]!.title}`;
  const bullets = list.map((e) => (e.id ? `- ${e.id}: ${e.title}` : `- ${e.title}`));
  return [`feat(${epic ?? 'plan'}): complete ${list.length} tasks`, '', ...bullets].join('\n');
}

/**
 * The commit message: the template with `${taskIds}` (comma-separated),
 * `${titles}` (semicolon-separated), `${epic}` (the shared epic, else `plan`)
 * and `${session}` filled in; a conventional-commit message when there is no template.
 */
export function commitMessage(template: string | undefined, plan: Plan): string {
  const list = entries(plan);
  const epic = sharedEpic(list);
  const session = headerValue(plan, 'session') ?? '';
  if (template === undefined || template.trim() === '') return defaultMessage(list, epic, session);
  const values: Readonly<Record<string, string>> = {
    taskIds: list.map((e) => e.id).filter((id) => id !== '').join(', '),
    titles: list.map((e) => e.title).join('; '),
    epic: epic ?? 'plan',
    session,
  };
  return template.replace(/\$\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole).trimEnd();
}
