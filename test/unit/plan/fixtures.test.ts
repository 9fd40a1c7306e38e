// Fixture tests: what a person reading each real plan would say about it.
//
// Every expectation below was written by reading the Markdown files in
// test/fixtures/plans/ by hand (line numbers are 0-based: the first line of a
// file is line 0), not copied from the parser's output.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { parsePlan } from '../../../src/plan/read/parse';
import type { Plan, Status } from '../../../src/plan/model';
import { fixture as read, statusCodes } from '../fixtures';

// ---------------------------------------------------------------------------
// ---------------------------------------------------------------------------
// Expectation shapes.

interface TaskExpectation {
  /** As written in the Tasks table. */
  readonly id: string;
  readonly status: Status;
  /** 0-based line of the task's row. */
  readonly line: number;
  /** Full id; defaults to `id` when the table already uses full ids. */
  readonly fullId?: string;
}

interface ValidationExpectation {
  readonly task: string;
  readonly valid: boolean;
  readonly line: number;
  /** The full task id the row resolves to, where asserted. */
  readonly taskId?: string;
}

interface WrittenExpectation {
  readonly number: number | undefined;
  readonly text: string;
  readonly line: number;
}

interface PlanExpectation {
  readonly file: string;
  /** Lives under real/ (the seed does not). */
  readonly real: boolean;
  /** One letter per phase (see CODE); '' when the plan has no Phase Checklist. */
  readonly phases: string;
  /** Line of the first phase row; the rows are contiguous in every plan. */
  readonly firstPhaseLine?: number;
  readonly lastPhaseLine?: number;
  readonly written: WrittenExpectation | undefined;
  readonly derived: number | undefined;
  readonly tasks: readonly TaskExpectation[];
  readonly validation: readonly ValidationExpectation[];
  /** Final Verification checklist: 'x' checked, ' ' unchecked, in order. */
  readonly checklist: string;
  readonly firstChecklistLine?: number;
  readonly logEntries: number;
  readonly firstLogLine?: number;
}

function task(id: string, status: Status, line: number, fullId?: string): TaskExpectation {
  return fullId === undefined ? { id, status, line } : { id, status, line, fullId };
}

function valid(taskName: string, line: number, isValid = true, taskId?: string): ValidationExpectation {
  return taskId === undefined
    ? { task: taskName, valid: isValid, line }
    : { task: taskName, valid: isValid, line, taskId };
}

function written(num: number | undefined, text: string, line = 22): WrittenExpectation {
  return { number: num, text, line };
}

// ---------------------------------------------------------------------------
// The table of expectations, one object per file.

const EXPECTATIONS: readonly PlanExpectation[] = [
  {
    file: 'seed-split-brain.md',
    real: false,
    phases: 'ddddddddddp',
    firstPhaseLine: 10,
    lastPhaseLine: 20,
    // Says 3 while phases 0-9 are done: a mismatch to report, not to correct.
    written: written(3, '3'),
    derived: 10,
    tasks: [task('django-litefs-f8s', 'pending', 102)], // "ready"
    validation: [valid('django-litefs-f8s', 120)],
    checklist: 'xxx',
    firstChecklistLine: 150,
    logEntries: 2,
    firstLogLine: 110,
  },
  {
    file: 'real/PLAN-v1.md',
    real: true,
    phases: 'ddddddddddd',
    firstPhaseLine: 10,
    lastPhaseLine: 20,
    written: written(undefined, 'COMPLETE'),
    derived: undefined,
    tasks: [task('django-litefs-paa', 'done', 78)], // "worker_done"
    validation: [valid('django-litefs-paa', 92)], // "✅"
    checklist: 'xxx',
    firstChecklistLine: 118,
    logEntries: 1,
    firstLogLine: 83,
  },
  {
    file: 'real/PLAN-v2.md',
    real: true,
    phases: 'ddddddddddp',
    firstPhaseLine: 10,
    lastPhaseLine: 20,
    written: written(9, '9'),
    derived: 10,
    tasks: [task('django-litefs-paa', 'done', 78)], // "worker_done"
    validation: [valid('django-litefs-paa', 92)],
    checklist: 'xxx',
    firstChecklistLine: 118,
    logEntries: 1,
    firstLogLine: 83,
  },
  {
    file: 'real/PLAN-v3.md',
    real: true,
    phases: 'ddddddddddd',
    firstPhaseLine: 10,
    lastPhaseLine: 20,
    written: written(10, '10 (Complete)'),
    derived: undefined,
    tasks: [
      task('django-litefs-8xq', 'pending', 66), // "ready (close)"
      task('django-litefs-21o', 'pending', 67), // "ready"
      task('django-litefs-zre', 'pending', 68), // "ready"
    ],
    validation: [valid('django-litefs-zre', 88), valid('django-litefs-21o', 89)],
    checklist: 'xxx',
    firstChecklistLine: 119,
    logEntries: 7,
    firstLogLine: 73,
  },
  {
    file: 'real/PLAN-v4.md',
    real: true,
    phases: 'ddddddddddp',
    firstPhaseLine: 10,
    lastPhaseLine: 20,
    written: written(9, '9 (Summary & Wait for user approval)'),
    derived: 10,
    tasks: [
      task('django-litefs-8xq', 'pending', 66), // "ready (close)"
      task('django-litefs-21o', 'pending', 67),
      task('django-litefs-zre', 'pending', 68),
    ],
    validation: [valid('django-litefs-zre', 88), valid('django-litefs-21o', 89)],
    checklist: 'xxx',
    firstChecklistLine: 119,
    logEntries: 7,
    firstLogLine: 73,
  },
  {
    file: 'real/PLAN-v5.md',
    real: true,
    phases: 'ddddddddddp',
    firstPhaseLine: 10,
    lastPhaseLine: 20,
    written: written(9, '9'),
    derived: 10,
    // Short ids in the table; the plan names django-litefs-3b6.N in Discovery,
    // Closed Tasks and the Summary table.
    tasks: [
      task('3b6.1', 'done', 58, 'django-litefs-3b6.1'),
      task('3b6.2', 'done', 59, 'django-litefs-3b6.2'),
      task('3b6.3', 'done', 60, 'django-litefs-3b6.3'),
      task('3b6.4', 'done', 61, 'django-litefs-3b6.4'),
    ],
    // taskId is the id as the Tasks table writes it (the key every edit uses). Lines 82-85.
    validation: [
      valid('3b6.1', 82, true, '3b6.1'),
      valid('3b6.2', 83, true, '3b6.2'),
      valid('3b6.3', 84, true, '3b6.3'),
      valid('3b6.4', 85, true, '3b6.4'),
    ],
    checklist: 'xxxx',
    firstChecklistLine: 118,
    logEntries: 8,
    firstLogLine: 66,
  },
  {
    file: 'real/PLAN-v6.md',
    real: true,
    // Phase 5 is "⏳ skipped": the word wins over the emoji.
    phases: 'dddddsddddp',
    firstPhaseLine: 10,
    lastPhaseLine: 20,
    written: written(9, '9 (WAITING)'),
    derived: 10,
    tasks: [
      task('django-litefs-dl3', 'closed', 56),
      task('django-litefs-eni', 'closed', 57),
      task('django-litefs-kzk', 'closed', 58),
      task('django-litefs-cux', 'closed', 59),
      task('django-litefs-38o', 'closed', 60),
      task('django-litefs-q29', 'closed', 61),
      task('django-litefs-4p8', 'closed', 62),
    ],
    // Short names in the Worker Validation table resolve to the table's full ids.
    validation: [
      valid('dl3', 81, true, 'django-litefs-dl3'),
      valid('eni', 82, true, 'django-litefs-eni'),
      valid('kzk', 83, true, 'django-litefs-kzk'),
      valid('cux', 84, true, 'django-litefs-cux'),
      valid('38o', 85, true, 'django-litefs-38o'),
    ],
    checklist: 'xxxx',
    firstChecklistLine: 115,
    logEntries: 6,
    firstLogLine: 67,
  },
  {
    file: 'real/PLAN-v7.md',
    real: true,
    // No Phase Checklist at all.
    phases: '',
    // A whole `## Current Phase` section holding `phase: awaiting_approval`.
    written: written(undefined, 'awaiting_approval', 5),
    derived: undefined,
    tasks: [
      task('django-litefs-q29.11', 'done', 15), // "worker_done"
      task('django-litefs-6d1', 'done', 16),
      task('django-litefs-gth', 'done', 17),
      task('django-litefs-3j5', 'done', 18),
    ],
    validation: [],
    // `## Final Verification` holds plain bullets, no checkboxes.
    checklist: '',
    logEntries: 10,
    firstLogLine: 69,
  },
  {
    file: 'real/plan-0538d886.md',
    real: true,
    phases: 'dpppppppppp',
    firstPhaseLine: 10,
    lastPhaseLine: 20,
    written: written(0, '0'),
    derived: 1,
    tasks: [task('django-litefs-aej', 'pending', 59)], // "ready"
    validation: [], // header only
    checklist: '   ',
    firstChecklistLine: 97,
    logEntries: 1,
    firstLogLine: 64,
  },
  {
    file: 'real/plan-15f8cd71.md',
    real: true,
    phases: 'ddddddddddp',
    firstPhaseLine: 10,
    lastPhaseLine: 20,
    written: written(3, '3 - Execute Tasks'),
    derived: 10,
    tasks: [
      task('django-litefs-yhj.5', 'pending', 65), // "ready"
      task('django-litefs-yhj.6', 'pending', 66),
    ],
    validation: [valid('django-litefs-yhj.5', 81), valid('django-litefs-yhj.6', 82)],
    checklist: '   ',
    firstChecklistLine: 112,
    logEntries: 2,
    firstLogLine: 71,
  },
  {
    file: 'real/plan-1757b8ab.md',
    real: true,
    phases: 'ddddddppdpp',
    firstPhaseLine: 10,
    lastPhaseLine: 20,
    written: written(9, '9'),
    derived: 6,
    tasks: [task('django-litefs-2zn.3', 'done', 57)], // "complete"
    validation: [valid('django-litefs-2zn.3', 76)], // "yes"
    checklist: 'xxx',
    firstChecklistLine: 103,
    logEntries: 6,
    firstLogLine: 62,
  },
  {
    file: 'real/plan-1ddafa05.md',
    real: true,
    phases: 'dddpppppppp',
    firstPhaseLine: 10,
    lastPhaseLine: 20,
    // "4 (complete) → 5": phase 4 is finished and the plan has moved on to 5.
    written: written(5, '4 (complete) → 5'),
    derived: 3,
    // `## 2. Tasks` holds only "Status: ✅ done (see Discovery Results)"; the
    // tasks table (same ID | Title | Epic | Status | … columns) is the
    // `### Tasks` table inside Discovery Results, which it points to.
    tasks: [
      task('django-litefs-8oi.4', 'pending', 36), // "ready"
      task('django-litefs-8oi.5', 'pending', 37),
      task('django-litefs-8oi.6', 'pending', 38),
    ],
    validation: [
      valid('django-litefs-8oi.4', 118),
      valid('django-litefs-8oi.5', 119),
      valid('django-litefs-8oi.6', 120),
    ],
    checklist: 'xxxx',
    firstChecklistLine: 148,
    logEntries: 3,
    firstLogLine: 107,
  },
  {
    file: 'real/plan-3a2e78e2.md',
    real: true,
    phases: 'ddddddddddp',
    firstPhaseLine: 10,
    lastPhaseLine: 20,
    written: written(9, '9 (awaiting user approval)'),
    derived: 10,
    tasks: [task('django-litefs-8oi.1', 'pending', 80)], // "ready"
    validation: [valid('django-litefs-8oi.1', 97)],
    checklist: 'xxx',
    firstChecklistLine: 127,
    logEntries: 4,
    firstLogLine: 85,
  },
  {
    file: 'real/plan-4a943277.md',
    real: true,
    phases: 'ddddddddddp',
    firstPhaseLine: 10,
    lastPhaseLine: 20,
    written: written(9, '9 (awaiting_approval)'),
    derived: 10,
    tasks: [task('django-litefs-5l8', 'closed', 53)],
    validation: [valid('django-litefs-5l8', 74)], // "✓"
    checklist: 'xxx',
    firstChecklistLine: 101,
    logEntries: 8,
    firstLogLine: 58,
  },
  {
    file: 'real/plan-4af13a61.md',
    real: true,
    phases: 'ddddddddddp',
    firstPhaseLine: 10,
    lastPhaseLine: 20,
    written: written(9, '9 (WAITING FOR USER)'),
    derived: 10,
    // No `## Tasks`: the level-2 `## Tasks Completed` table (ID | Title | Status).
    tasks: [
      task('django-litefs-yhj.9', 'closed', 30),
      task('django-litefs-u00', 'closed', 31),
      task('django-litefs-yhj', 'closed', 32), // "✅ closed (EPIC)"
    ],
    validation: [],
    checklist: '',
    logEntries: 0,
  },
  {
    file: 'real/plan-4c9e0d21.md',
    real: true,
    phases: 'ddddddpdddp',
    firstPhaseLine: 10,
    lastPhaseLine: 20,
    written: written(undefined, 'awaiting_approval'),
    derived: 6,
    tasks: [
      task('django-litefs-c7h.2', 'pending', 76), // "ready"
      task('django-litefs-c7h.3', 'pending', 77),
    ],
    validation: [valid('django-litefs-c7h.2', 93), valid('django-litefs-c7h.3', 94)],
    checklist: 'xxx',
    firstChecklistLine: 128,
    logEntries: 3,
    firstLogLine: 82,
  },
  {
    file: 'real/plan-51dd88c6.md',
    real: true,
    phases: 'ddddddddddd',
    firstPhaseLine: 10,
    lastPhaseLine: 20,
    written: written(undefined, 'complete'),
    derived: undefined,
    tasks: [task('django-litefs-c7h.1', 'pending', 57)], // "ready"
    validation: [valid('django-litefs-c7h.1', 71)],
    checklist: 'xxx',
    firstChecklistLine: 97,
    logEntries: 1,
    firstLogLine: 62,
  },
  {
    file: 'real/plan-5d228004.md',
    real: true,
    phases: 'ddddddddddp',
    firstPhaseLine: 10,
    lastPhaseLine: 20,
    written: written(9, '9 (awaiting_approval)'),
    derived: 10,
    tasks: [
      task('django-litefs-yhj.7', 'pending', 61), // "ready"
      task('django-litefs-yhj.8', 'pending', 62),
    ],
    validation: [valid('django-litefs-yhj.7', 81), valid('django-litefs-yhj.8', 82)],
    checklist: 'xxx',
    firstChecklistLine: 109,
    logEntries: 6,
    firstLogLine: 67,
  },
  {
    file: 'real/plan-82176a9e.md',
    real: true,
    phases: 'ddddddpdddp',
    firstPhaseLine: 10,
    lastPhaseLine: 20,
    written: written(undefined, 'awaiting_approval'),
    derived: 6,
    tasks: [task('django-litefs-c7h.4', 'pending', 79)], // "ready"
    validation: [valid('django-litefs-c7h.4', 94)],
    checklist: 'xxx',
    firstChecklistLine: 129,
    logEntries: 2,
    firstLogLine: 84,
  },
  {
    file: 'real/plan-963d889e.md',
    real: true,
    phases: 'ddddddppdpp',
    firstPhaseLine: 10,
    lastPhaseLine: 20,
    written: written(9, '9'),
    derived: 6,
    tasks: [task('django-litefs-2zn.2', 'done', 51)], // "worker_done"
    validation: [valid('django-litefs-2zn.2', 69)], // "yes"
    checklist: 'xxx',
    firstChecklistLine: 100,
    logEntries: 5,
    firstLogLine: 56,
  },
  {
    file: 'real/plan-a01dfc89.md',
    real: true,
    phases: 'ddddddpddpp',
    firstPhaseLine: 10,
    lastPhaseLine: 20,
    written: written(9, '9'),
    derived: 6,
    tasks: [task('django-litefs-2zn.1', 'done', 61)], // "completed"
    validation: [valid('django-litefs-2zn.1', 83)],
    checklist: 'x x',
    firstChecklistLine: 112,
    logEntries: 9,
    firstLogLine: 66,
  },
  {
    file: 'real/plan-af9b20f2.md',
    real: true,
    phases: 'ddddddddddp',
    firstPhaseLine: 10,
    lastPhaseLine: 20,
    written: written(9, '9 (Awaiting User Approval)'),
    derived: 10,
    tasks: [
      task('django-litefs-yhj.1', 'closed', 70),
      task('django-litefs-yhj.2', 'closed', 71),
      task('django-litefs-yhj.3', 'closed', 72),
      task('django-litefs-yhj.4', 'closed', 73),
      task('django-litefs-h9m.1', 'closed', 74),
    ],
    validation: [
      valid('django-litefs-yhj.1', 107),
      valid('django-litefs-yhj.2', 108),
      valid('django-litefs-yhj.3', 109),
      valid('django-litefs-yhj.4', 110),
      valid('django-litefs-h9m.1', 111),
    ],
    // Only Final Verification; the `- [x]` items under "Epics in Scope"
    // (lines 28-29) are not part of it.
    checklist: 'xxx',
    firstChecklistLine: 142,
    logEntries: 9,
    firstLogLine: 90,
  },
];

// ---------------------------------------------------------------------------

function load(file: string): Plan {
  return parsePlan(read(file));
}

describe('fixture plans: what a reader sees', () => {
  it('covers all 22 fixture plans', () => {
    assert.equal(EXPECTATIONS.length, 22);
    assert.equal(EXPECTATIONS.filter((e) => e.real).length, 21);
  });

  for (const exp of EXPECTATIONS) {
    describe(exp.file, () => {
      const plan = load(exp.file);

      it('is recognised as a plan', () => {
        assert.equal(plan.isPlan, true);
        assert.equal(plan.titleLine, 0);
      });

      it('phases: count and normalised statuses', () => {
        assert.equal(plan.phases.length, exp.phases.length);
        assert.equal(statusCodes(plan.phases.map((p) => p.status)), exp.phases);
        assert.deepEqual(
          plan.phases.map((p) => p.number),
          Array.from({ length: exp.phases.length }, (_, i) => i),
        );
      });

      it('phases: row line numbers', () => {
        if (exp.firstPhaseLine === undefined || exp.lastPhaseLine === undefined) {
          assert.equal(plan.phases.length, 0);
          return;
        }
        assert.equal(plan.phases[0]?.line, exp.firstPhaseLine);
        assert.equal(plan.phases[plan.phases.length - 1]?.line, exp.lastPhaseLine);
        const first = exp.firstPhaseLine;
        assert.deepEqual(
          plan.phases.map((p) => p.line),
          plan.phases.map((_, i) => first + i),
        );
      });

      it('current phase: as written and as derived', () => {
        const w = plan.currentPhase.written;
        if (exp.written === undefined) {
          assert.equal(w, undefined);
        } else {
          assert.ok(w, 'a written current phase');
          assert.equal(w.text, exp.written.text);
          assert.equal(w.line, exp.written.line);
          assert.equal(w.number, exp.written.number);
        }
        assert.equal(plan.currentPhase.derived, exp.derived);
      });

      it('tasks: ids as written, statuses and row lines', () => {
        assert.deepEqual(
          plan.tasks.map((t) => ({ id: t.id, status: t.status, line: t.line })),
          exp.tasks.map((t) => ({ id: t.id, status: t.status, line: t.line })),
        );
      });

      it('tasks: full ids', () => {
        assert.deepEqual(
          plan.tasks.map((t) => t.fullId),
          exp.tasks.map((t) => t.fullId ?? t.id),
        );
      });

      it('worker validation rows', () => {
        assert.deepEqual(
          plan.validation.map((v) => ({ task: v.task, valid: v.valid, line: v.line })),
          exp.validation.map((v) => ({ task: v.task, valid: v.valid, line: v.line })),
        );
        const withIds = exp.validation.filter((v) => v.taskId !== undefined);
        for (const v of withIds) {
          const row = plan.validation.find((r) => r.task === v.task);
          assert.equal(row?.taskId, v.taskId, `validation row ${v.task} resolves`);
        }
      });

      it('final verification checklist', () => {
        assert.equal(
          plan.checklist.map((c) => (c.checked ? 'x' : ' ')).join(''),
          exp.checklist,
        );
        if (exp.firstChecklistLine !== undefined) {
          const first = exp.firstChecklistLine;
          // The items are contiguous lines in every plan.
          assert.deepEqual(
            plan.checklist.map((c) => c.line),
            plan.checklist.map((_, i) => first + i),
          );
        }
      });

      it('execution log entries', () => {
        assert.equal(plan.log.length, exp.logEntries);
        if (exp.firstLogLine !== undefined) {
          const first = exp.firstLogLine;
          assert.deepEqual(
            plan.log.map((e) => e.line),
            plan.log.map((_, i) => first + i),
          );
        }
      });

      if (exp.real) {
        it('has no error findings', () => {
          const errors = plan.findings.filter((f) => f.severity === 'error');
          assert.deepEqual(errors, []);
        });
      }
    });
  }

  it('seed: reports that "Current Phase: 3" disagrees with the checklist', () => {
    const plan = load('seed-split-brain.md');
    assert.ok(
      plan.findings.some((f) => f.line === 22),
      'a finding on line 22 (the **Current Phase: 3** line)',
    );
  });
});

// ---------------------------------------------------------------------------
// Line endings and BOM: a CRLF copy and a BOM copy of the seed parse to the
// same structure and the same line numbers.

interface Shape {
  readonly phases: readonly unknown[];
  readonly currentPhase: unknown;
  readonly tasks: readonly unknown[];
  readonly validation: readonly unknown[];
  readonly checklist: readonly unknown[];
  readonly log: readonly unknown[];
  readonly sections: readonly unknown[];
  readonly lineCount: number;
}

function shape(plan: Plan): Shape {
  return {
    phases: plan.phases.map((p) => ({
      number: p.number,
      name: p.name,
      agent: p.agent,
      status: p.status,
      statusText: p.statusText,
      notes: p.notes,
      line: p.line,
      cells: p.row.cells.map((c) => [c.text, c.start, c.end]),
    })),
    currentPhase: plan.currentPhase,
    tasks: plan.tasks.map((t) => ({
      id: t.id,
      fullId: t.fullId,
      title: t.title,
      status: t.status,
      statusText: t.statusText,
      files: t.files,
      respawns: t.respawns,
      line: t.line,
      cells: t.row.cells.map((c) => [c.text, c.start, c.end]),
    })),
    validation: plan.validation.map((v) => ({
      task: v.task,
      valid: v.valid,
      validText: v.validText,
      line: v.line,
    })),
    checklist: plan.checklist.map((c) => ({ checked: c.checked, text: c.text, line: c.line })),
    log: plan.log.map((e) => ({ timestamp: e.timestamp, text: e.text, line: e.line })),
    sections: plan.sections.map((s) => ({
      title: s.title,
      kind: s.kind,
      line: s.line,
      endLine: s.endLine,
      status: s.status?.status,
    })),
    lineCount: plan.lineCount,
  };
}

describe('seed plan with CRLF line endings and a BOM', () => {
  const text = read('seed-split-brain.md');
  assert.ok(!text.includes('\r'), 'the seed fixture uses LF');
  assert.ok(!text.startsWith('\uFEFF'), 'the seed fixture has no BOM');

  const original = parsePlan(text);
  const crlf = parsePlan(text.replace(/\n/g, '\r\n'));
  const bom = parsePlan('\uFEFF' + text);
  const both = parsePlan('\uFEFF' + text.replace(/\n/g, '\r\n'));

  it('the original is LF without a BOM', () => {
    assert.equal(original.eol, '\n');
    assert.equal(original.bom, false);
    assert.equal(original.phases.length, 11);
    assert.equal(original.tasks.length, 1);
  });

  it('CRLF copy: eol is \\r\\n, no BOM, same structure and lines', () => {
    assert.equal(crlf.eol, '\r\n');
    assert.equal(crlf.bom, false);
    assert.deepEqual(shape(crlf), shape(original));
  });

  it('BOM copy: bom is set, eol is \\n, same structure and lines', () => {
    assert.equal(bom.bom, true);
    assert.equal(bom.eol, '\n');
    assert.equal(bom.isPlan, true);
    assert.equal(bom.title, original.title);
    assert.deepEqual(bom.header, original.header);
    assert.deepEqual(shape(bom), shape(original));
  });

  it('BOM + CRLF copy: both set, same structure and lines', () => {
    assert.equal(both.bom, true);
    assert.equal(both.eol, '\r\n');
    assert.equal(both.title, original.title);
    assert.deepEqual(both.header, original.header);
    assert.deepEqual(shape(both), shape(original));
  });

  it('no carriage return leaks into any parsed text', () => {
    assert.ok(!JSON.stringify(shape(crlf)).includes('\\r'));
    assert.ok(!JSON.stringify(crlf.header).includes('\\r'));
    assert.ok(!crlf.title.includes('\r'));
  });
});

describe('seed plan with escaped table cells', () => {
  // The real plans have no escapes, so this copy of the seed writes some, as
  // an agent would: a pipe in a title, a backslash path, escaped emphasis, a
  // pipe inside a code span; a reader of the rendered plan sees them undone.
  const text = read('seed-split-brain.md');
  const rows: ReadonlyArray<readonly [string, string]> = [
    [
      '| django-litefs-f8s | BDD step defs - split-brain protection | django-litefs-8oi | ready | - | tests/bdd/django_adapter/test_database_backend.py | 0 |',
      '| django-litefs-f8s | Escape \\| pipes in \\*step\\* defs | django-litefs-8oi | ready \\(held\\) | - | `tests\\bdd\\|x.py`, src\\a.py | 0 |',
    ],
    ['| 9 | Summary & Wait | orchestrator | ✅ done | **HARD STOP** |', '| 9 | Summary & Wait | orchestrator | ✅ done | A \\| B \\\\ C |'],
    ['| django-litefs-f8s | yes | 4/4 | yes | ✅ |', '| django-litefs-f8s | 4 \\| 4 | 4/4 | yes | ✅ |'],
  ];
  const escaped = rows.reduce((t, [from, to]) => {
    assert.ok(t.includes(from), `the seed has the row ${from}`);
    return t.replace(from, to);
  }, text);
  const plan = parsePlan(escaped);
  const task = plan.tasks[0]!;

  it('reads each cell as the reader sees it: `\\|` is a pipe, escaped punctuation is undone', () => {
    assert.equal(task.title, 'Escape | pipes in *step* defs');
    assert.equal(task.statusText, 'ready (held)');
    assert.equal(task.status, 'pending');
    assert.equal(plan.phases.find((p) => p.number === 9)!.notes, 'A | B \\ C');
    assert.equal(plan.validation[0]!.testsRun, '4 | 4');
  });

  it('keeps backslashes before letters, and inside code spans undoes only `\\|`', () => {
    assert.deepEqual(task.files, ['tests\\bdd|x.py', 'src\\a.py']);
  });

  it('keeps the row shape and the raw positions: the escaped pipes split nothing', () => {
    assert.equal(plan.tasks.length, 1);
    assert.equal(task.row.cells.length, 7);
    assert.ok(!plan.findings.some((f) => f.code === 'row-width'));
    const line = escaped.split('\n')[task.line]!;
    assert.equal(line.slice(task.row.cells[1]!.start, task.row.cells[1]!.end), 'Escape \\| pipes in \\*step\\* defs');
  });
});
