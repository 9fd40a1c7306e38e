// The commands that change a plan: set-phase, advance, set-task, add-task,
// add-review, check, log, validate. Each turns its arguments into an edit by the pure engine the
// extension uses (src/plan/write/edit.ts), so both write the same bytes, and the
// edit finds its target in whatever text it is given: updateFile runs it
// again when the plan changes while it is being written.
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { FILE_HEADERS_ONLY, createTwoFilesPatch } from 'diff';
import type { Plan, Status } from '../plan/model';
import { addReview, addTask, advancePhase, appendLog, applyEdits, setChecklistItem, setPhaseStatus, setTaskCells, upsertValidation, type EditResult, type EditStep } from '../plan/write/edit';
import { planToJson } from '../plan/present/json';
import { parsePlan } from '../plan/read/parse';
import { stripDecoration } from '../plan/read/status';
import { roleOf } from '../plan/read/roles';
import { checkGate } from '../plan/rules/gate';
import { plannedFiles } from '../plan/rules/commitContents';
import { headerValue } from '../plan/rules/summary';
import { readTimestamp } from '../plan/formats/timestamp';
import { prepareCommit } from '../git/commit';
import { findRoot } from '../git/repo';
import { NotSettled, readWholePlan } from '../files/stableRead';
import { notSettled, updateFile } from './atomicWrite';
import { verifiedCommit, type PlanWork } from './commitHash';
import { CliError, editableText, readPlanBytes, type Io } from './io';

type Values = Readonly<Record<string, string | boolean | undefined>>;

interface EditCommand {
  /** The arguments after the command name, for the usage line. */
  readonly args: string;
  /** Positional arguments after the plan's path; a variadic command takes the rest as well. */
  readonly required: number;
  readonly variadic?: boolean;
  readonly options: Readonly<Record<string, { readonly type: 'string' | 'boolean' }>>;
  /** Checks the arguments, with the plan as first read for the checks that cannot wait (git), and returns the edit. */
  prepare(positionals: readonly string[], values: Values, plan: { readonly path: string; readonly text: string }): EditStep | Promise<EditStep>;
}

const COMMON = { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } } as const;
const PHASE_STATUSES: readonly Status[] = ['done', 'pending', 'in_progress', 'failed', 'blocked', 'skipped'];
const TASK_STATUSES: readonly Status[] = [...PHASE_STATUSES, 'closed'];

const refused = (reason: string): EditResult => ({ ok: false, reason });

let parsed: { readonly text: string; readonly plan: Plan } | undefined;

/** parsePlan, once per text: the plan check and the edit read the same text. */
function planOf(text: string): Plan {
  if (parsed?.text !== text) parsed = { text, plan: parsePlan(text) };
  return parsed.plan;
}

function text(values: Values, key: string): string | undefined {
  const value = values[key];
  return typeof value === 'string' ? value : undefined;
}

/** `{ key: value }` when the option was given, else nothing: the engine tells a missing cell from an empty one. */
function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function statusWord(word: string, allowed: readonly Status[]): Status {
  const status = allowed.find((s) => s === word);
  if (status === undefined) throw new CliError(`status must be one of ${allowed.join('|')}, not ${JSON.stringify(word)}`, 1);
  return status;
}

/** A task or a Worker Validation row: the ref the engine is given, and every id the plan writes it as. */
interface Target {
  readonly ref: string;
  readonly ids: readonly string[];
}

const shownId = (t: Target): string => t.ids[t.ids.length - 1]!;

/**
 * Resolves a full or short id as the engine does (exact, else the one id
 * ending in `-<ref>`), but says why when it cannot: an ambiguous ref lists
 * its matches, an unknown one the ids that contain it.
 */
function resolveTarget(ref: string, targets: readonly Target[]): { ref: string } | EditResult {
  const want = stripDecoration(ref).replace(/`/g, '');
  const exact = targets.find((t) => t.ids.includes(want));
  if (exact) return { ref: exact.ref };
  const suffix = targets.filter((t) => t.ids.some((id) => id.endsWith(`-${want}`) || want.endsWith(`-${id}`)));
  if (suffix.length === 1) return { ref: suffix[0]!.ref };
  if (suffix.length > 1) return refused(`task ${ref} is ambiguous: it may be ${suffix.map(shownId).join(', ')}`);
  const near = targets.filter((t) => t.ids.some((id) => id.toLowerCase().includes(want.toLowerCase())));
  if (near.length > 0) return refused(`no task ${ref} in the plan; candidates: ${near.map(shownId).join(', ')}`);
  return refused(`no task ${ref} in the plan (its tasks: ${targets.map(shownId).join(', ') || 'none'})`);
}

function taskTargets(plan: Plan): Target[] {
  return plan.tasks.map((t) => ({ ref: t.id, ids: t.id === t.fullId ? [t.id] : [t.id, t.fullId] }));
}

/** Tasks, and Worker Validation rows that name no task of the Tasks table (plans without one). */
function validationTargets(plan: Plan): Target[] {
  const rows = plan.validation
    .filter((v) => v.taskId === undefined)
    .map((v) => ({ ref: v.task, ids: [stripDecoration(v.task).replace(/`/g, '')] }));
  return [...taskTargets(plan), ...rows];
}

function requireRef(ref: string | undefined): string {
  if (ref === undefined || ref.trim() === '') throw new CliError('the task id is empty', 1);
  return ref;
}

/** What the plan's own work is, in its repository, for checking a `--commit` hash against it. */
async function planWork(path: string, text: string, plan: Plan): Promise<PlanWork> {
  const file = resolve(path);
  // Files entries are relative to the repository's root, as the commit reads them.
  const root = await findRoot(dirname(file));
  if (typeof root !== 'string') throw new CliError(`cannot check --commit: ${root.error}`, 1);
  const prepared = await prepareCommit({ repoRoot: root, planFile: file, planned: plannedFiles(text, plan), scope: 'planFiles' });
  if ('error' in prepared) throw new CliError(`cannot check --commit: ${prepared.error}`, 1);
  const started = readTimestamp(headerValue(plan, 'generated') ?? '');
  const named = new Set(prepared.named);
  return {
    root,
    ...(started ? { started } : {}),
    files: prepared.named,
    uncommitted: [...prepared.files, ...prepared.secrets].filter((f) => named.has(f)),
  };
}

const COMMANDS: Readonly<Record<string, EditCommand>> = {
  'set-phase': {
    args: '<plan.md> <phase> <status> [--note <text>] [--commit <hash>]',
    required: 2,
    options: { note: { type: 'string' }, commit: { type: 'string' } },
    async prepare([numberText, word], values, { path, text: first }) {
      if (!/^\d+$/.test(numberText ?? '')) throw new CliError(`the phase must be a number, not ${JSON.stringify(numberText)}`, 1);
      const number = Number(numberText);
      const status = statusWord(word!, PHASE_STATUSES);
      const note = text(values, 'note');
      const hash = text(values, 'commit');
      // Any phase named as a commit moves only through the gate: another phase's name takes no protection away.
      const isCommitPhase = (plan: Plan): boolean => plan.phases.some((p) => p.number === number && roleOf(p) === 'commit');
      const commitRule = `phase ${number} is the commit phase: only "set-phase <plan> ${number} done --commit <hash>" changes it, after the user approved, the gate passes and the commit exists`;
      const gateRefusal = (plan: Plan): string | undefined => {
        const { blocks } = checkGate(plan);
        const more = blocks.length > 1 ? ` (and ${blocks.length - 1} more: beads-plan gate lists them)` : '';
        return blocks[0] && `phase ${number} is the commit phase and the gate blocks it: line ${blocks[0].line + 1}: ${blocks[0].message}${more}`;
      };
      const plan = planOf(first);
      // Checked on the first text, so that git runs only for a commit phase the gate lets through.
      if (hash !== undefined && !isCommitPhase(plan)) throw new CliError(`--commit is only for the commit phase, not phase ${number}`, 1);
      if (isCommitPhase(plan) && (status !== 'done' || hash === undefined)) throw new CliError(`${path}: ${commitRule}`, 1);
      const blocked = isCommitPhase(plan) ? gateRefusal(plan) : undefined;
      if (blocked) throw new CliError(`${path}: ${blocked}`, 1);
      const short = hash === undefined ? undefined : await verifiedCommit(dirname(resolve(path)), hash, () => planWork(path, first, plan));
      const now = new Date();
      return (t) => {
        const current = planOf(t);
        if (isCommitPhase(current)) {
          if (short === undefined) return refused(commitRule);
          const again = gateRefusal(current);
          return again ? refused(again) : setPhaseStatus(t, number, { status, notes: note ?? short }, now);
        }
        if (short !== undefined) return refused(`--commit is only for the commit phase, not phase ${number}`);
        return setPhaseStatus(t, number, { status, ...(note !== undefined ? { notes: note } : {}) }, now);
      };
    },
  },
  advance: {
    args: '<plan.md>',
    required: 0,
    options: {},
    prepare() {
      // One time for every retry, so that a re-applied edit logs the same line.
      const now = new Date();
      return (t) => advancePhase(t, now);
    },
  },
  'set-task': {
    args: '<plan.md> <id> [--status <status>] [--worker <name>] [--respawns <n>|+1]',
    required: 1,
    options: { status: { type: 'string' }, worker: { type: 'string' }, respawns: { type: 'string' } },
    prepare([id], values) {
      const ref = requireRef(id);
      const word = text(values, 'status');
      const status = word === undefined ? undefined : statusWord(word, TASK_STATUSES);
      const worker = text(values, 'worker');
      const count = text(values, 'respawns');
      if (count !== undefined && !/^(?:\d+|\+1)$/.test(count)) throw new CliError(`--respawns must be a count or +1, not ${JSON.stringify(count)}`, 1);
      const respawns: number | '+1' | undefined = count === undefined ? undefined : count === '+1' ? '+1' : Number(count);
      if (status === undefined && worker === undefined && respawns === undefined)
        throw new CliError('set-task: nothing to set: give --status, --worker or --respawns', 2);
      const cells = { ...(status !== undefined ? { status } : {}), ...(worker !== undefined ? { worker } : {}), ...(respawns !== undefined ? { respawns } : {}) };
      return (t) => {
        const plan = planOf(t);
        const target = resolveTarget(ref, taskTargets(plan));
        return 'ref' in target ? setTaskCells(t, target.ref, cells, plan) : target;
      };
    },
  },
  'add-task': {
    args: '<plan.md> <id> <title> [--epic <id>] [--status <status>] [--worker <name>] [--files <a,b>]',
    required: 2,
    options: { epic: { type: 'string' }, status: { type: 'string' }, worker: { type: 'string' }, files: { type: 'string' } },
    prepare([id, title], values) {
      const word = text(values, 'status');
      const files = text(values, 'files');
      const task = {
        id: requireRef(id),
        title: title!,
        ...optional('epic', text(values, 'epic')),
        ...(word !== undefined ? { status: statusWord(word, TASK_STATUSES) } : {}),
        ...optional('worker', text(values, 'worker')),
        ...(files !== undefined ? { files: files.split(',').map((f) => f.trim()).filter(Boolean) } : {}),
      };
      return (t) => addTask(t, task, planOf(t));
    },
  },
  'add-review': {
    args: '<plan.md> <epic> <reviewer> <status> [--warnings <n>]',
    required: 3,
    options: { warnings: { type: 'string' } },
    prepare([epic, reviewer, word], values) {
      const review = { epic: requireRef(epic), reviewer: reviewer!, status: statusWord(word!, TASK_STATUSES), ...optional('warnings', text(values, 'warnings')) };
      return (t) => addReview(t, review, planOf(t));
    },
  },
  check: {
    args: '<plan.md> <item text> [--uncheck]',
    required: 1,
    options: { uncheck: { type: 'boolean' } },
    prepare([item], values) {
      if (item === undefined || item.trim() === '') throw new CliError('check: the item text is empty', 2);
      const checked = values.uncheck !== true;
      return (t) => setChecklistItem(t, item, checked, planOf(t));
    },
  },
  log: {
    args: '<plan.md> <text...>',
    required: 1,
    variadic: true,
    options: {},
    prepare(words) {
      const message = words.join(' ').trim();
      if (message === '') throw new CliError('log: the text is empty', 2);
      const now = new Date();
      return (t) => appendLog(t, message, now, planOf(t));
    },
  },
  validate: {
    args: '<plan.md> <task> [--tests-run <v>] [--tests-passed <v>] [--types-passed <v>] [--valid yes|no]',
    required: 1,
    options: { 'tests-run': { type: 'string' }, 'tests-passed': { type: 'string' }, 'types-passed': { type: 'string' }, valid: { type: 'string' } },
    prepare([id], values) {
      const ref = requireRef(id);
      const validText = text(values, 'valid');
      if (validText !== undefined && validText !== 'yes' && validText !== 'no')
        throw new CliError(`--valid must be yes or no, not ${JSON.stringify(validText)}`, 1);
      const valid = validText === undefined ? undefined : validText === 'yes';
      const [testsRun, testsPassed, typesPassed] = ['tests-run', 'tests-passed', 'types-passed'].map((k) => text(values, k));
      const cells = {
        ...(testsRun !== undefined ? { testsRun } : {}),
        ...(testsPassed !== undefined ? { testsPassed } : {}),
        ...(typesPassed !== undefined ? { typesPassed } : {}),
        ...(valid !== undefined ? { valid } : {}),
      };
      if (Object.keys(cells).length === 0)
        throw new CliError('validate: nothing to record: give --tests-run, --tests-passed, --types-passed or --valid', 2);
      return (t) => {
        const plan = planOf(t);
        const target = resolveTarget(ref, validationTargets(plan));
        return 'ref' in target ? upsertValidation(t, target.ref, cells, plan) : target;
      };
    },
  },
};

export const EDIT_COMMANDS: readonly string[] = Object.keys(COMMANDS);

export const EDIT_USAGE = Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name} ${c.args}`)
  .join('\n');

/** `a/<path>`, `b/<path>` as git writes them: relative to the working folder when inside it. */
function diffPath(path: string): string {
  const full = resolve(path);
  const rel = relative(process.cwd(), full);
  const shown = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : full;
  return shown.split(sep).join('/').replace(/^\/+/, '');
}

function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const shown = diffPath(path);
  return createTwoFilesPatch(`a/${shown}`, `b/${shown}`, before, after, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY });
}

/** parseArgs' message on one line; the hint after an unknown option is about positionals that start with a dash. */
export function argsError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const unknown = /^Unknown option '[^']*'/.exec(message);
  return unknown ? unknown[0] : message.replace(/\s+/g, (space) => (space.includes('\n') ? ' ' : space)).replace(/\.$/, '');
}

/** Refuses a whole text that is not a plan: a file the command was not meant for, or one an agent replaced by another. */
function requirePlan(text: string, path: string): string {
  if (!planOf(text).isPlan) throw new CliError(`${path}: is not a Beads Work Plan (its first heading is not "# Beads Work Plan"); nothing was changed`, 1);
  return text;
}

/** The plan's text once it settles (not in the middle of an agent's rewrite), for the checks and a dry run. */
async function firstText(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readWholePlan(() => readPlanBytes(path));
  } catch (e) {
    throw e instanceof NotSettled ? notSettled(e, path) : e;
  }
  return requirePlan(editableText(bytes, path), path);
}

/** Runs one editing command: 0 changed or nothing to change, 1 refused, 2 usage or the file cannot be read or written. */
export async function runEdit(name: string, argv: readonly string[], io: Io): Promise<number> {
  const command = COMMANDS[name]!;
  const usage = `usage: beads-plan ${name} ${command.args} [--dry-run] [--json]`;
  let args: { values: Values; positionals: string[] };
  try {
    args = parseArgs({ args: [...argv], options: { ...command.options, ...COMMON }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError(`${name}: ${argsError(e)} (${usage})`, 2);
  }
  const [path, ...rest] = args.positionals;
  const arity = rest.length === command.required || (command.variadic === true && rest.length > command.required);
  if (path === undefined || !arity) throw new CliError(`${name}: wrong number of arguments (${usage})`, 2);
  const dryRun = args.values['dry-run'] === true;
  const first = await firstText(path);
  const compute = await command.prepare(rest, args.values, { path, text: first });
  const change = (t: string): { text: string; info: string } => {
    const result = compute(requirePlan(t, path));
    if (!result.ok) throw new CliError(`${path}: ${result.reason}`, 1);
    return { text: applyEdits(t, result.edits), info: result.summary };
  };
  let before = first;
  let after: string;
  let summary: string;
  if (dryRun) ({ text: after, info: summary } = change(first));
  else ({ before, after, info: summary } = await updateFile(path, change));
  const changed = after !== before;
  const diff = unifiedDiff(path, before, after);
  if (args.values.json === true) io.out(JSON.stringify({ changed, diff, findings: planToJson(planOf(after)).findings }, null, 2));
  else if (dryRun) {
    if (changed) io.out(diff.replace(/\n$/, ''));
  } else io.out(changed ? `${path}: ${summary}` : `${path}: nothing to change (${summary})`);
  return 0;
}
