// The gate fails closed. Real plans at the HARD STOP (the ones the gate lets
// through) get one deciding cell replaced (a phase's status, the commit
// phase's, a task's, a Valid cell) with a random word, mixed text, or a
// struck-through or arrowed value: the gate allows the plan only when the new
// cell is a known allowing word. The oracle is the documented vocabulary
// below, not the parser's tables.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkGate } from '../../../../src/plan/rules/gate';
import type { Plan, Table, TableRow } from '../../../../src/plan/model';
import { parsePlan } from '../../../../src/plan/read/parse';
import { roleOf } from '../../../../src/plan/read/roles';
import { PLAN_FILES, fixture } from '../../../unit/fixtures';

type Meaning = 'done' | 'pending' | 'in_progress' | 'failed' | 'blocked' | 'skipped' | 'closed' | 'yes' | 'no';

/** The status words of ../shared/PLAN-FORMAT.md and the README, by meaning. */
const STATUS_WORDS: Readonly<Partial<Record<Meaning, readonly string[]>>> = {
  done: ['done', 'passed', 'pass', 'complete', 'completed', 'success', 'succeeded', 'ok', 'finished', 'worker done', 'committed', 'pushed', 'merged'],
  pending: ['pending', 'todo', 'to do', 'ready', 'open', 'waiting', 'not started', 'queued', 'planned'],
  in_progress: ['in progress', 'running', 'started', 'active', 'working', 'ongoing', 'wip'],
  failed: ['failed', 'fail', 'error', 'errored', 'failure', 'cancelled', 'canceled', 'timeout', 'timed out'],
  blocked: ['blocked', 'on hold'],
  skipped: ['skipped', 'skip', 'n/a', 'na', 'not applicable'],
  closed: ['closed'],
};
/** A Valid cell's words: yes and no, and the done and failed status words as such. */
const VALID_WORDS: Readonly<Partial<Record<Meaning, readonly string[]>>> = {
  yes: ['yes', 'y', 'true', 'valid', ...STATUS_WORDS.done!],
  no: ['no', 'n', 'false', 'invalid', 'not valid', ...STATUS_WORDS.failed!],
};
const EMOJI: Readonly<Partial<Record<Meaning, readonly string[]>>> = {
  done: ['✅', '✔️', '✓', '⏳'],
  skipped: ['⏭️', '⏳'],
  closed: ['✅'],
  pending: ['⏳', '⌛'],
  yes: ['✅', '✓'],
};
const TROUBLE_EMOJI = ['❌', '⚠️', '🔄', '🚫', '🔴'];

type Kind = 'phase' | 'commit' | 'task' | 'valid';

interface Target {
  readonly file: string;
  readonly kind: Kind;
  readonly line: number;
  readonly start: number;
  readonly end: number;
  /** The meanings that let the plan through in this cell. */
  readonly allowing: readonly Meaning[];
}

const vocabulary = (kind: Kind): Readonly<Partial<Record<Meaning, readonly string[]>>> => (kind === 'valid' ? VALID_WORDS : STATUS_WORDS);
const wordsOf = (kind: Kind, meanings: readonly Meaning[]): string[] => meanings.flatMap((m) => vocabulary(kind)[m] ?? []);

function cellOf(file: string, kind: Kind, table: Table | undefined, row: TableRow, key: string, allowing: readonly Meaning[]): Target[] {
  const column = table ? table.keys.indexOf(key) : -1;
  const cell = row.cells[column];
  return cell ? [{ file, kind, line: row.line, start: cell.start, end: cell.end, allowing }] : [];
}

function targets(file: string, plan: Plan): Target[] {
  const commit = plan.phases.find((p) => roleOf(p) === 'commit')!;
  const phases = plan.phases
    .filter((p) => p.number < commit.number)
    .flatMap((p) => cellOf(file, 'phase', plan.phaseTable, p.row, 'status', ['done', 'skipped', 'closed']));
  const tasks = plan.tasks.flatMap((t) => {
    const validated = plan.validation.some((v) => v.taskId === t.id && v.valid === true);
    // A task still pending, or blocked though validated, is a warning the user may override.
    return cellOf(file, 'task', plan.taskTable, t.row, 'status', ['done', 'closed', 'skipped', 'pending', ...(validated ? (['blocked'] as const) : [])]);
  });
  const valid = plan.validation.flatMap((v) => cellOf(file, 'valid', plan.validationTable, v.row, 'valid', ['yes']));
  return [...phases, ...cellOf(file, 'commit', plan.phaseTable, commit.row, 'status', ['pending']), ...tasks, ...valid];
}

const TEXTS = new Map(PLAN_FILES.map((f) => [f, fixture(f)]));
const HARD_STOP = PLAN_FILES.filter((f) => checkGate(parsePlan(TEXTS.get(f)!)).ok);
const TARGETS = HARD_STOP.flatMap((f) => targets(f, parsePlan(TEXTS.get(f)!)));

/** A cell value and whether the gate must let the plan through with it. */
interface Case {
  readonly how: string;
  readonly value: string;
  readonly allowed: boolean;
}

const normal = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();

/** How a known word is written: case, `_`/`-` joiners, bold. */
const written = (word: string): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom('lower', 'Title', 'UPPER'), fc.constantFrom(' ', '_', '-'), fc.boolean())
    .map(([letterCase, joiner, bold]) => {
      const joined = word.replace(/ /g, joiner);
      const cased = letterCase === 'UPPER' ? joined.toUpperCase() : letterCase === 'Title' ? joined[0]!.toUpperCase() + joined.slice(1) : joined;
      return bold ? `**${cased}**` : cased;
    });

const BENIGN_REASONS = ['(4 passed)', '(see Summary)', '- waiting for user approval', ': all green', '(manual review)', '(2 of 2)'];
const TAKE_BACK = ['(not really)', '(not yet)', '(no)', '- not done', "(isn't)", '(never ran)', '(2 failed)', '(blocked on review)', '(still running)', '(error)', ', ❌'];
const GLUE = [' ', '/', ' or ', ' and ', '-', '+', ' & ', ' - ', ', ', ': ', '; ', ' ('];
const ARROWS = ['→', '->', '=>', '⇒', '←'];

function cases(t: Target): fc.Arbitrary<Case> {
  const all = Object.entries(vocabulary(t.kind)) as Array<[Meaning, readonly string[]]>;
  const known = all.flatMap(([, words]) => words);
  const allowing = wordsOf(t.kind, t.allowing);
  const finished = t.allowing.filter((m) => m === 'done' || m === 'skipped' || m === 'closed' || m === 'yes');
  const anyWord = fc.constantFrom(...known);

  const allowed = fc
    .constantFrom(...t.allowing.filter((m) => wordsOf(t.kind, [m]).length > 0))
    .chain((m) => fc.tuple(fc.constant(m), fc.constantFrom(...wordsOf(t.kind, [m])).chain(written), fc.option(fc.constantFrom(...(EMOJI[m] ?? ['✅'])), { nil: undefined }), fc.option(fc.constantFrom(...BENIGN_REASONS), { nil: undefined })))
    .map(([, word, emoji, reason]) => ({
      how: 'allowing word',
      // The commit phase's status says pending and nothing more.
      value: `${emoji ? `${emoji} ` : ''}${word}${reason && t.kind !== 'commit' ? ` ${reason}` : ''}`,
      allowed: true,
    }));
  const random = fc
    .stringMatching(/^[a-z0-9][a-z0-9 ]{0,14}$/)
    .map((value) => ({ how: 'random word', value, allowed: allowing.includes(normal(value)) }));
  const mixed = fc
    .tuple(fc.constantFrom(...all), fc.constantFrom(...all), fc.constantFrom(...GLUE))
    .filter(([[a], [b]]) => a !== b)
    .chain(([[, first], [, second], glue]) => fc.tuple(fc.constantFrom(...first), fc.constantFrom(...second), fc.constant(glue)))
    .map(([a, b, glue]) => ({ how: 'mixed text', value: `${a}${glue}${b}${glue === ' (' ? ')' : ''}`, allowed: false }));
  const struck = fc
    .tuple(anyWord, anyWord, fc.constantFrom('~~a~~ b', 'a ~~b~~', '<del>a</del> b', '~~a b~~'))
    .map(([a, b, shape]) => ({ how: 'struck through', value: shape.replace('a', a).replace('b', b), allowed: false }));
  const arrowed = fc
    .tuple(anyWord, anyWord, fc.constantFrom(...ARROWS))
    .map(([a, b, arrow]) => ({ how: 'arrowed', value: `${a} ${arrow} ${b}`, allowed: false }));
  const takenBack =
    finished.length > 0
      ? fc.oneof(
          fc.tuple(fc.constantFrom(...wordsOf(t.kind, finished)), fc.constantFrom(...TAKE_BACK)).map(([w, r]) => ({ how: 'taken back', value: `${w} ${r}`, allowed: false })),
          fc.tuple(fc.constantFrom(...TROUBLE_EMOJI), fc.constantFrom(...wordsOf(t.kind, finished))).map(([e, w]) => ({ how: 'trouble emoji', value: `${e} ${w}`, allowed: false })),
        )
      : mixed;
  return fc.oneof(allowed, random, mixed, struck, arrowed, takenBack);
}

it('the gate allows a plan at the HARD STOP with one deciding cell replaced only when the cell is a known allowing word', () => {
  assert.ok(HARD_STOP.length >= 10 && TARGETS.length >= 100, `${HARD_STOP.length} plans, ${TARGETS.length} cells`);
  const kinds = new Set(TARGETS.map((t) => t.kind));
  assert.deepEqual([...kinds].sort(), ['commit', 'phase', 'task', 'valid']);
  const tally = new Map<string, number>();
  // Built once per cell: building them in every run cost more than parsing the plan.
  const arbitraries = new Map(TARGETS.map((t) => [t, cases(t)]));
  fc.assert(
    fc.property(
      fc.constantFrom(...TARGETS).chain((t) => fc.tuple(fc.constant(t), arbitraries.get(t)!)),
      ([t, c]) => {
        const lines = TEXTS.get(t.file)!.split('\n');
        const line = lines[t.line]!;
        lines[t.line] = `${line.slice(0, t.start)}${c.value}${line.slice(t.end)}`;
        const result = checkGate(parsePlan(lines.join('\n')));
        const key = `${t.kind}: ${c.how} (${c.allowed ? 'allowed' : 'blocked'})`;
        tally.set(key, (tally.get(key) ?? 0) + 1);
        assert.equal(result.ok, c.allowed, `${t.file}:${t.line + 1} ${t.kind} cell "${c.value}": ${JSON.stringify(result.blocks.map((b) => b.message))}`);
      },
    ),
    { numRuns: 12_000 },
  );
  // Every kind of cell met every kind of value.
  for (const kind of kinds) for (const how of ['allowing word', 'random word', 'mixed text', 'struck through', 'arrowed']) assert.ok([...tally.keys()].some((k) => k.startsWith(`${kind}: ${how}`)), `${kind}: ${how}`);
});
