// Random edits of random real plans (LF, CRLF, BOM): the result parses, the
// edited value reads back through parsePlan, tables stay tables, and every
// line outside the replaced ranges is byte-identical.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  advancePhase,
  appendLog,
  applyEdits,
  setCurrentPhase,
  setPhase,
  setSectionStatus,
  setTaskCells,
  upsertValidation,
  type EditResult,
  type Replacement,
} from '../../../../src/plan/write/edit';
import { findSection } from '../../../../src/plan/write/layout';
import { STATUSES, type Plan, type SectionKind } from '../../../../src/plan/model';
import { parsePlan } from '../../../../src/plan/read/parse';
import { findTask } from '../../../../src/plan/read/taskIds';
import { isNone } from '../../../../src/plan/read/table';
import { diffEdits, textLines } from '../../../../src/plan/write/textEdit';
import { PLAN_FILES, fixture } from '../../../unit/fixtures';

const plans = PLAN_FILES.map(fixture);

const encodings = ['lf', 'crlf', 'bom-crlf', 'bom'] as const;
function encode(text: string, encoding: (typeof encodings)[number]): string {
  const eol = encoding.includes('crlf') ? text.replace(/\n/g, '\r\n') : text;
  return encoding.startsWith('bom') ? `\uFEFF${eol}` : eol;
}

/** Cell and log text with the characters that could break a table or a line, or read back otherwise (escapes, code spans). */
const value = fc
  .array(
    fc.constantFrom('a', 'Z', '7', ' ', '-', '|', '\\', '\\|', '\\\\', '\n', '\r\n', '✅', 'é', '🔄', '`', '``', '_', '*', ':', '(', '<br>'),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));
const status = fc.constantFrom(...STATUSES);
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
const date = fc.date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2098-12-31T00:00:00Z'), noInvalidDate: true });
const sectionKinds: readonly SectionKind[] = ['discovery', 'tasks', 'validation', 'review', 'finalVerification', 'summary', 'closedTasks'];

const op = fc.oneof(
  fc.record({ kind: fc.constant('task' as const), pick: fc.nat(), status: maybe(status), worker: maybe(value), respawns: maybe(fc.oneof(fc.nat(99), fc.constant('+1' as const))) }),
  fc.record({ kind: fc.constant('phase' as const), pick: fc.nat(), status: maybe(status), notes: maybe(value) }),
  fc.record({ kind: fc.constant('log' as const), message: value, now: date }),
  fc.record({
    kind: fc.constant('validation' as const),
    pick: fc.nat(),
    testsRun: maybe(value),
    testsPassed: maybe(value),
    typesPassed: maybe(value),
    valid: maybe(fc.boolean()),
  }),
  fc.record({ kind: fc.constant('current' as const), n: fc.nat(12) }),
  fc.record({ kind: fc.constant('section' as const), section: fc.constantFrom(...sectionKinds), status }),
  fc.record({ kind: fc.constant('advance' as const), now: date }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** What a written cell reads back as: the value itself, on one line. */
const cell = (v: string): string => v.replace(/\r\n|\r|\n/g, ' ').trim();

/** Runs the edit; returns a check of the edited plan, or undefined when the plan has no such target. */
function run(text: string, plan: Plan, o: Op): { result: EditResult; check?: (after: Plan) => void } {
  switch (o.kind) {
    case 'task': {
      const task = plan.tasks[o.pick % Math.max(1, plan.tasks.length)];
      const cells = { status: o.status, worker: o.worker, respawns: o.respawns };
      if (!task) return { result: setTaskCells(text, 'no-such-task', cells) };
      return {
        result: setTaskCells(text, task.fullId, cells, plan),
        check: (after) => {
          const t = findTask(after.tasks, task.fullId)!;
          if (o.status !== undefined) assert.equal(t.status, o.status);
          if (o.worker !== undefined) assert.equal(t.worker, isNone(cell(o.worker)) ? '' : cell(o.worker));
          if (o.respawns !== undefined) assert.equal(t.respawns, o.respawns === '+1' ? (task.respawns ?? 0) + 1 : o.respawns);
        },
      };
    }
    case 'phase': {
      const phase = plan.phases[o.pick % Math.max(1, plan.phases.length)];
      const cells = { status: o.status, notes: o.notes };
      if (!phase) return { result: setPhase(text, 0, cells) };
      return {
        result: setPhase(text, phase.number, cells, plan),
        check: (after) => {
          const p = after.phases.find((x) => x.number === phase.number)!;
          if (o.status !== undefined) assert.equal(p.status, o.status);
          if (o.notes !== undefined) assert.equal(p.notes, cell(o.notes));
        },
      };
    }
    case 'log': {
      const previous = [...plan.log].reverse().find((e) => e.timestamp !== '')?.timestamp ?? '2000-01-01T00:00';
      return {
        result: appendLog(text, o.message, o.now, plan),
        check: (after) => {
          const entry = after.log.at(-1)!;
          assert.equal(entry.text, o.message.replace(/\r\n|\n/g, ' ').trim());
          assert.equal(entry.timestamp.replace(/\d/g, '0'), previous.replace(/\d/g, '0'));
          assert.equal(after.log.length, plan.log.length + 1);
        },
      };
    }
    case 'validation': {
      const task = plan.tasks[o.pick % Math.max(1, plan.tasks.length)];
      const cells = { testsRun: o.testsRun, testsPassed: o.testsPassed, typesPassed: o.typesPassed, valid: o.valid };
      if (!task) return { result: upsertValidation(text, 'no-such-task', cells) };
      return {
        result: upsertValidation(text, task.id, cells, plan),
        check: (after) => {
          const row = after.validation.find((v) => v.taskId === task.id)!;
          if (o.testsRun !== undefined) assert.equal(row.testsRun, cell(o.testsRun));
          if (o.testsPassed !== undefined) assert.equal(row.testsPassed, cell(o.testsPassed));
          if (o.typesPassed !== undefined) assert.equal(row.typesPassed, cell(o.typesPassed));
          if (o.valid !== undefined) assert.equal(row.valid, o.valid);
        },
      };
    }
    case 'current':
      return {
        result: setCurrentPhase(text, o.n, plan),
        check: (after) => assert.equal(after.currentPhase.written?.number, o.n),
      };
    case 'section':
      return {
        result: setSectionStatus(text, o.section, o.status, plan),
        check: (after) => assert.equal(findSection(after, o.section)?.status?.status, o.status),
      };
    case 'advance': {
      const current = plan.phases.find((p) => p.number === plan.currentPhase.derived);
      return {
        result: advancePhase(text, o.now, plan),
        check: (after) => {
          assert.equal(after.phases.find((p) => p.number === current?.number)?.status, 'done');
          assert.equal(after.log.length, plan.log.length + 1);
        },
      };
    }
  }
}

/** Every original line outside the replaced ranges is in the result, unchanged, in order. */
function assertUntouched(before: string, edits: readonly Replacement[], after: string): void {
  const a = textLines(before);
  const b = textLines(after);
  const sorted = [...edits].sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character);
  let shift = 0;
  let next = 0;
  for (const { range, newText } of sorted) {
    for (let l = next; l < range.start.line; l++) assert.equal(b[l + shift], a[l], `line ${l + 1} changed`);
    shift += newText.split(/\r\n|\r|\n/).length - 1 - (range.end.line - range.start.line);
    next = Math.max(next, range.end.line + 1);
  }
  for (let l = next; l < a.length; l++) assert.equal(b[l + shift], a[l], `line ${l + 1} changed`);
  assert.equal(b.length, a.length + shift);
}

function assertSameEncoding(before: string, after: string): void {
  assert.equal(after.startsWith('\uFEFF'), before.startsWith('\uFEFF'));
  if (before.includes('\r\n')) assert.doesNotMatch(after, /[^\r]\n|\r(?!\n)/);
  else assert.doesNotMatch(after, /\r/);
}

// Parsing is most of the cost: each encoded plan is parsed once.
const parsed = new Map<string, Plan>();
function parseOnce(text: string): Plan {
  const plan = parsed.get(text) ?? parsePlan(text);
  parsed.set(text, plan);
  return plan;
}

const rowWidthWarnings = (plan: Plan): number => plan.findings.filter((f) => f.code === 'row-width').length;

describe('edit properties on the real plans', () => {
  it('parse back, read back and touch nothing else', () => {
    fc.assert(
      fc.property(fc.nat(plans.length - 1), fc.constantFrom(...encodings), op, (index, encoding, o) => {
        const text = encode(plans[index]!, encoding);
        const plan = parseOnce(text);
        const { result, check } = run(text, plan, o);
        if (!result.ok) {
          // Only a missing target, a gated phase or a malformed row may refuse.
          assert.match(result.reason, /no (task|phase|Phase Checklist|.* section|.* column)|already finished|commit command|cells, the header has/);
          return;
        }
        const edited = applyEdits(text, result.edits);
        const after = parsePlan(edited);
        assert.equal(after.isPlan, plan.isPlan);
        assert.equal(after.tasks.length, plan.tasks.length);
        assert.equal(after.phases.length, plan.phases.length);
        assert.equal(rowWidthWarnings(after), rowWidthWarnings(plan));
        check?.(after);
        assertUntouched(text, result.edits, edited);
        assertSameEncoding(text, edited);
      }),
      { seed: 20251227, numRuns: 250 },
    );
  });

  it('every plan takes every kind of edit on its first targets, or names the column it lacks', () => {
    for (const [k, source] of plans.entries()) {
      const plan = parsePlan(source);
      const results: EditResult[] = [
        appendLog(source, 'probe', new Date(2025, 0, 1)),
        ...(plan.tasks[0] ? [setTaskCells(source, plan.tasks[0].id, { status: 'blocked', worker: 'w', respawns: '+1' })] : []),
        ...(plan.tasks[0] ? [upsertValidation(source, plan.tasks[0].id, { testsRun: 'yes', valid: true })] : []),
        ...(plan.phases[0] ? [setPhase(source, plan.phases[0].number, { status: 'failed', notes: 'n' })] : []),
        setCurrentPhase(source, 4),
      ];
      for (const result of results) {
        if (result.ok) assertUntouched(source, result.edits, applyEdits(source, result.edits));
        else assert.match(result.reason, /table has no \w+ column$/, PLAN_FILES[k]);
      }
    }
  });
});

describe('diffEdits', () => {
  it('turns any text into any other, touching only what differs', () => {
    const line = fc.constantFrom('', 'a', 'b', '| x |', '---', '✅ done', '🔄 a', '🔁 a');
    const eol = fc.constantFrom('\n', '\r\n');
    const text = fc
      .tuple(fc.array(fc.tuple(line, eol), { maxLength: 12 }), line)
      .map(([ls, last]) => ls.map(([l, e]) => l + e).join('') + last);
    fc.assert(
      fc.property(fc.boolean(), text, text, (bom, before, after) => {
        const prefix = bom ? '\uFEFF' : '';
        const edits = diffEdits(prefix + before, prefix + after);
        assert.equal(applyEdits(prefix + before, edits), prefix + after);
        assertUntouched(before, edits, after);
        assert.equal(edits.length === 0, before === after);
      }),
      { seed: 7, numRuns: 400 },
    );
  });
});
