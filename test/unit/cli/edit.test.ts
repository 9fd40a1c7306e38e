// The editing commands on copies of every real plan: each changes exactly
// its target lines, the result reads back with the new value, and the
// plan's line breaks, BOM and mode survive.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, readdirSync, statSync, symlinkSync, lstatSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyPatch } from 'diff';
import { addTask, applyEdits } from '../../../src/plan/write/edit';
import { planToJson } from '../../../src/plan/present/json';
import type { Plan, Status } from '../../../src/plan/model';
import { parsePlan } from '../../../src/plan/read/parse';
import { phaseByRole } from '../../../src/plan/read/roles';
import { PLAN_FILES, fixture } from '../fixtures';
import { capture, changedLines, copyPlan, crlfBom, tempDir } from './helpers';

const read = (file: string): string => readFileSync(file, 'utf8');

/** The last task, and what set-task can write into its row (plan-4af13a61's table has no Worker or Respawns). */
function taskEdit(plan: Plan): { id: string; line: number; status: Status; args: string[] } | undefined {
  const task = plan.tasks.at(-1);
  if (!task || !plan.taskTable) return undefined;
  const status: Status = task.status === 'done' ? 'blocked' : 'done';
  const args = ['--status', status];
  if (plan.taskTable.keys.includes('worker')) args.push('--worker', 'agent-7');
  if (plan.taskTable.keys.includes('respawns')) args.push('--respawns', '+1');
  return { id: task.fullId, line: task.line, status, args };
}

/** A phase set-phase may change: the first one that is not the commit phase. */
function phaseEdit(plan: Plan): { number: number; line: number; status: Status } | undefined {
  const phase = plan.phases.find((p) => p !== phaseByRole(plan.phases, 'commit'));
  return phase && { number: phase.number, line: phase.line, status: phase.status === 'done' ? 'in_progress' : 'done' };
}

describe('set-task on every real plan', { concurrency: true }, () => {
  for (const name of PLAN_FILES)
    it(name, async () => {
      const file = copyPlan(name);
      const before = read(file);
      const edit = taskEdit(parsePlan(before))!;
      const r = await capture('set-task', file, edit.id, ...edit.args);
      assert.equal(r.code, 0, r.err);
      const after = read(file);
      assert.deepEqual(changedLines(before, after), { removed: [edit.line], added: [edit.line] });
      const task = parsePlan(after).tasks.find((t) => t.fullId === edit.id)!;
      assert.equal(task.status, edit.status);
      const old = parsePlan(before).tasks.find((t) => t.fullId === edit.id)!;
      if (edit.args.includes('--worker')) assert.equal(task.worker, 'agent-7');
      if (edit.args.includes('--respawns')) assert.equal(task.respawns, (old.respawns ?? 0) + 1);
      assert.match(r.out, /^\S+PLAN\.md: \S+: Status → /);
    });
});

describe('set-phase on every real plan', { concurrency: true }, () => {
  for (const name of PLAN_FILES)
    it(name, async () => {
      const file = copyPlan(name);
      const before = read(file);
      const edit = phaseEdit(parsePlan(before));
      if (!edit) {
        const r = await capture('set-phase', file, '1', 'done');
        assert.equal(r.code, 1);
        assert.match(r.err, /the plan has no Phase Checklist/);
        assert.equal(read(file), before);
        return;
      }
      const r = await capture('set-phase', file, String(edit.number), edit.status, '--note', 'set by | the CLI');
      assert.equal(r.code, 0, r.err);
      const after = read(file);
      // The row, and the log line that says so (as the extension's Set Phase Status writes it).
      const logged = parsePlan(after).log.find((e) => e.text.startsWith(`Phase ${edit.number} (`) && e.text.includes(' set to '))!;
      const { removed, added } = changedLines(before, after);
      assert.deepEqual(removed, [edit.line]);
      assert.ok(added.includes(edit.line) && added.includes(logged.line), JSON.stringify(added));
      if (parsePlan(before).log.length > 0) assert.equal(added.length, 2);
      const phase = parsePlan(after).phases.find((p) => p.number === edit.number)!;
      assert.equal(phase.status, edit.status);
      assert.equal(phase.notes, 'set by | the CLI');
    });
});

describe('log on every real plan', { concurrency: true }, () => {
  for (const name of PLAN_FILES)
    it(name, async () => {
      const file = copyPlan(name);
      const before = read(file);
      const r = await capture('log', file, 'Worker', 'agent-7', 'finished');
      assert.equal(r.code, 0, r.err);
      const after = read(file);
      const { removed, added } = changedLines(before, after);
      assert.deepEqual(removed, []);
      const log = parsePlan(after).log;
      const entry = log.find((e) => e.text === 'Worker agent-7 finished')!;
      assert.ok(added.includes(entry.line));
      // Only a plan without a log gets more than the line: its heading and blank lines.
      if (parsePlan(before).log.length > 0) assert.deepEqual(added, [entry.line]);
      assert.equal(log.length, parsePlan(before).log.length + 1);
    });
});

describe('validate on every real plan', { concurrency: true }, () => {
  for (const name of PLAN_FILES)
    it(name, async () => {
      const file = copyPlan(name);
      const before = read(file);
      const plan = parsePlan(before);
      const task = plan.tasks[0]!;
      const row = plan.validation.find((v) => v.taskId === task.id);
      const r = await capture('validate', file, task.fullId, '--tests-run', '7 passed', '--valid', 'no');
      assert.equal(r.code, 0, r.err);
      const after = read(file);
      const { removed, added } = changedLines(before, after);
      const written = parsePlan(after).validation.find((v) => v.taskId === task.id)!;
      assert.equal(written.testsRun, '7 passed');
      assert.equal(written.valid, false);
      if (row) assert.deepEqual({ removed, added }, { removed: [row.line], added: [row.line] });
      else {
        assert.deepEqual(removed, []);
        assert.ok(added.includes(written.line));
      }
    });
});

describe('advance on every real plan', () => {
  let advanced = 0;
  for (const name of PLAN_FILES)
    it(name, async () => {
      const file = copyPlan(name);
      const before = read(file);
      const plan = parsePlan(before);
      const r = await capture('advance', file);
      if (r.code === 1) {
        assert.match(r.err, /moves only with the commit command|already finished|no Phase Checklist/);
        assert.equal(read(file), before);
        return;
      }
      assert.equal(r.code, 0, r.err);
      advanced++;
      const current = plan.phases.find((p) => p.number === plan.currentPhase.derived)!;
      const next = parsePlan(read(file)).phases.find((p) => p.status === 'in_progress')!;
      const after = parsePlan(read(file));
      assert.equal(after.phases.find((p) => p.number === current.number)!.status, 'done');
      assert.equal(after.currentPhase.written?.number, next.number);
      const { removed, added } = changedLines(before, read(file));
      const phaseLines = [current.line, plan.phases.find((p) => p.number === next.number)!.line];
      const currentLines = removed.filter((l) => !phaseLines.includes(l));
      // The two rows, the Current Phase line(s), and one new log line.
      assert.ok(phaseLines.every((l) => removed.includes(l)));
      assert.ok(currentLines.every((l) => /current phase|phase:/i.test(before.split('\n')[l]!)));
      assert.equal(added.length, removed.length + 1);
      assert.ok(after.log.some((e) => e.text.startsWith(`Phase ${current.number} (${current.name}) done`)));
    });
  it('advanced at least some plans', () => assert.ok(advanced >= 3, `${advanced} plans advanced`));
});

describe('line breaks, BOM and mode', { concurrency: true }, () => {
  for (const name of PLAN_FILES)
    it(`keeps CRLF and the BOM of ${name}`, async () => {
      const lf = copyPlan(name);
      const crlf = copyPlan(name, crlfBom);
      const plan = parsePlan(read(lf));
      const task = taskEdit(plan)!;
      const phase = phaseEdit(plan);
      for (const file of [lf, crlf]) {
        assert.equal((await capture('set-task', file, task.id, ...task.args)).code, 0);
        if (phase) assert.equal((await capture('set-phase', file, String(phase.number), phase.status)).code, 0);
      }
      const result = read(crlf);
      assert.ok(result.startsWith('\uFEFF'));
      assert.doesNotMatch(result, /[^\r]\n/);
      // The two runs' log lines differ only in their timestamps.
      const sameClock = (text: string) => text.replace(/^- \d{4}-\d\d-\d\d[T ][\d:]+Z?: Phase/gm, '- <now>: Phase');
      assert.equal(sameClock(result), sameClock(crlfBom(read(lf))));
      assert.equal((await capture('log', crlf, 'crlf entry')).code, 0);
      assert.doesNotMatch(read(crlf), /[^\r]\n/);
      assert.ok(read(crlf).startsWith('\uFEFF'));
    });

  for (const mode of [0o600, 0o640, 0o755])
    it(`keeps mode ${mode.toString(8)} and leaves no temp or lock file`, async () => {
      const file = copyPlan('seed-split-brain.md');
      chmodSync(file, mode);
      assert.equal((await capture('set-task', file, 'f8s', '--worker', 'w2')).code, 0);
      assert.equal(statSync(file).mode & 0o7777, mode);
      assert.deepEqual(readdirSync(join(file, '..')), ['PLAN.md']);
    });

  it('edits the file a symlink points to and keeps the symlink', async () => {
    const file = copyPlan('seed-split-brain.md');
    const link = join(tempDir(), 'linked.md');
    symlinkSync(file, link);
    assert.equal((await capture('set-task', link, 'f8s', '--worker', 'w3')).code, 0);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(parsePlan(read(file)).tasks[0]!.worker, 'w3');
  });

  it('does not rewrite the file when there is nothing to change', async () => {
    const file = copyPlan('seed-split-brain.md');
    const { ino } = statSync(file);
    const r = await capture('set-phase', file, '0', 'done');
    assert.equal(r.code, 0);
    assert.match(r.out, /nothing to change/);
    assert.equal(statSync(file).ino, ino);
  });
});

describe('--dry-run and --json', { concurrency: true }, () => {
  for (const name of PLAN_FILES)
    it(`prints a diff that patch applies, and writes nothing: ${name}`, async () => {
      const dry = copyPlan(name);
      const wet = copyPlan(name);
      const before = read(dry);
      const task = taskEdit(parsePlan(before))!;
      const r = await capture('set-task', dry, task.id, ...task.args, '--dry-run');
      assert.equal(r.code, 0, r.err);
      assert.equal(read(dry), before);
      assert.deepEqual(readdirSync(join(dry, '..')), ['PLAN.md']);
      const shown = dry.replace(/^\/+/, '');
      assert.ok(r.out.startsWith(`--- a/${shown}\n+++ b/${shown}\n@@ `), r.out);
      assert.equal((await capture('set-task', wet, task.id, ...task.args)).code, 0);
      assert.equal(applyPatch(before, `${r.out}\n`), read(wet));
    });

  it('--json prints changed, diff and the findings of the result', async () => {
    const file = copyPlan('seed-split-brain.md');
    const dry = await capture('set-phase', file, '3', 'failed', '--dry-run');
    const r = await capture('set-phase', file, '3', 'failed', '--json');
    assert.equal(r.code, 0);
    const json = JSON.parse(r.out) as { changed: boolean; diff: string; findings: unknown[] };
    assert.deepEqual(Object.keys(json), ['changed', 'diff', 'findings']);
    assert.equal(json.changed, true);
    assert.equal(json.diff, `${dry.out}\n`);
    assert.deepEqual(json.findings, planToJson(parsePlan(read(file))).findings);
    const again = JSON.parse((await capture('set-phase', file, '3', 'failed', '--json')).out) as typeof json;
    assert.deepEqual([again.changed, again.diff], [false, '']);
  });

  it('--dry-run --json reports the change without writing it', async () => {
    const file = copyPlan('seed-split-brain.md');
    const before = read(file);
    const r = await capture('log', file, 'dry', 'entry', '--dry-run', '--json');
    const json = JSON.parse(r.out) as { changed: boolean; diff: string };
    assert.equal(json.changed, true);
    assert.match(json.diff, /^\+- \S+: dry entry$/m);
    assert.equal(read(file), before);
  });
});

describe('task ids', () => {
  it('takes a short id for a full one and a full id for a short one', async () => {
    const file = copyPlan('real/PLAN-v5.md');
    assert.equal(parsePlan(read(file)).tasks[0]!.id, '3b6.1');
    assert.equal((await capture('set-task', file, 'django-litefs-3b6.1', '--status', 'failed')).code, 0);
    assert.equal((await capture('set-task', file, '3b6.2', '--status', 'blocked')).code, 0);
    const [t1, t2] = parsePlan(read(file)).tasks;
    assert.deepEqual([t1!.status, t2!.status], ['failed', 'blocked']);
  });

  it('refuses an unknown id and lists the ids that contain it', async () => {
    const file = copyPlan('real/plan-af9b20f2.md');
    const before = read(file);
    const r = await capture('set-task', file, 'yhj.', '--status', 'done');
    assert.equal(r.code, 1);
    assert.match(r.err, /no task yhj\. in the plan; candidates: django-litefs-yhj\.1, django-litefs-yhj\.2, django-litefs-yhj\.3, django-litefs-yhj\.4/);
    const none = await capture('set-task', file, 'zzz', '--status', 'done');
    assert.equal(none.code, 1);
    assert.match(none.err, /no task zzz in the plan \(its tasks: django-litefs-yhj\.1, /);
    assert.equal(read(file), before);
  });

  it('refuses an ambiguous short id and lists its matches', async () => {
    const file = copyPlan('seed-split-brain.md', (t) => {
      const added = addTask(t, { id: 'other-f8s', title: 'Same short id' });
      assert.ok(added.ok);
      return applyEdits(t, added.edits);
    });
    const before = read(file);
    const r = await capture('set-task', file, 'f8s', '--status', 'done');
    assert.equal(r.code, 1);
    assert.match(r.err, /task f8s is ambiguous: it may be django-litefs-f8s, other-f8s/);
    assert.equal((await capture('validate', file, 'f8s', '--valid', 'yes')).code, 1);
    assert.equal(read(file), before);
  });
});

describe('refusals (exit 1, one line, nothing written)', () => {
  const cases: ReadonlyArray<readonly [string, string, string[], RegExp]> = [
    ['a bad status word', 'seed-split-brain.md', ['set-phase', '2', 'finished'], /status must be one of done\|pending\|in_progress\|failed\|blocked\|skipped, not "finished"/],
    ['a bad task status word', 'seed-split-brain.md', ['set-task', 'f8s', '--status', 'worker_done'], /status must be one of .*\|closed, not "worker_done"/],
    ['a phase that is not a number', 'seed-split-brain.md', ['set-phase', 'two', 'done'], /the phase must be a number/],
    ['a missing phase', 'seed-split-brain.md', ['set-phase', '42', 'done'], /has no phase 42/],
    ['a missing column', 'real/plan-4af13a61.md', ['set-task', 'u00', '--worker', 'w'], /the Tasks table has no Worker column/],
    ['a bad --respawns', 'seed-split-brain.md', ['set-task', 'f8s', '--respawns=-2'], /--respawns must be a count or \+1/],
    ['a bad --valid', 'seed-split-brain.md', ['validate', 'f8s', '--valid', 'maybe'], /--valid must be yes or no/],
    ['advancing into the commit phase', 'seed-split-brain.md', ['advance'], /phase 10 \(User-Approved Commit\) moves only with the commit command/],
    ['the commit phase without --commit', 'seed-split-brain.md', ['set-phase', '10', 'done'], /phase 10 is the commit phase: only "set-phase <plan> 10 done --commit <hash>"/],
    ['the commit phase set to anything but done', 'seed-split-brain.md', ['set-phase', '10', 'skipped'], /phase 10 is the commit phase/],
    ['--commit on another phase', 'seed-split-brain.md', ['set-phase', '9', 'done', '--commit', 'abcdef1'], /--commit is only for the commit phase, not phase 9/],
    ['--commit that is not a hash', 'seed-split-brain.md', ['set-phase', '10', 'done', '--commit=--upload-pack=x'], /is not a commit hash/],
    ['--commit outside a repository', 'seed-split-brain.md', ['set-phase', '10', 'done', '--commit', 'abcdef1'], /cannot check --commit abcdef1 in .*not a git repository/],
  ];
  for (const [what, name, [command, ...args], message] of cases)
    it(what, async () => {
      const file = copyPlan(name);
      const before = read(file);
      const r = await capture(command!, file, ...args);
      assert.equal(r.code, 1, r.err);
      assert.match(r.err, message);
      assert.equal(r.err.split('\n').length, 1);
      assert.equal(read(file), before);
    });

  it('refuses a row too short for the cell the edit would land in', async () => {
    const file = copyPlan('seed-split-brain.md', (t) => t.replace(/(\| django-litefs-f8s \|[^\n]*?) \| 0 \|\n/, '$1 |\n'));
    const before = read(file);
    const r = await capture('set-task', file, 'f8s', '--respawns', '2');
    assert.equal(r.code, 1);
    assert.match(r.err, /line 103: the Tasks row for django-litefs-f8s has 6 cells, the header has 7/);
    assert.equal(read(file), before);
  });
});

describe('usage and file errors (exit 2)', () => {
  const cases: ReadonlyArray<readonly [string, string[], RegExp]> = [
    ['an unknown option', ['set-task', 'f8s', '--colour', 'red'], /set-task: Unknown option '--colour' \(usage: beads-plan set-task <plan\.md> <id> /],
    ['a missing value', ['set-task', 'f8s', '--status'], /set-task: Option '--status <value>' argument missing/],
    ['a missing argument', ['set-phase', '3'], /set-phase: wrong number of arguments/],
    ['an extra argument', ['advance', 'now'], /advance: wrong number of arguments/],
    ['nothing to set', ['set-task', 'f8s'], /nothing to set/],
    ['nothing to record', ['validate', 'f8s'], /nothing to record/],
  ];
  for (const [what, [command, ...args], message] of cases)
    it(what, async () => {
      const file = copyPlan('seed-split-brain.md');
      const r = await capture(command!, file, ...args);
      assert.equal(r.code, 2);
      assert.match(r.err, message);
      assert.equal(read(file), fixture('seed-split-brain.md'));
    });

  it('lists the editing commands and their exit codes in --help', async () => {
    const r = await capture('--help');
    assert.equal(r.code, 0);
    for (const command of ['set-phase <plan.md> <phase> <status>', 'advance <plan.md>', 'set-task <plan.md> <id>', 'log <plan.md> <text...>', 'validate <plan.md> <task>'])
      assert.ok(r.out.includes(`  ${command}`), command);
    assert.match(r.out, /0 changed or nothing to change, 1 refused, 2 usage or the file cannot be read or written/);
  });

  it('exits 2 on a missing file', async () => {
    const r = await capture('set-task', join(tempDir(), 'PLAN.md'), 'f8s', '--status', 'done');
    assert.equal(r.code, 2);
    assert.match(r.err, /PLAN\.md: no such file$/);
  });

  it('exits 2 on a file that is not valid UTF-8, untouched', async () => {
    const file = copyPlan('seed-split-brain.md');
    const bytes = Buffer.concat([readFileSync(file), Buffer.from([0xff, 0x0a])]);
    writeFileSync(file, bytes);
    const r = await capture('log', file, 'x');
    assert.equal(r.code, 2);
    assert.match(r.err, /is not valid UTF-8/);
    assert.ok(readFileSync(file).equals(bytes));
  });
});

describe('add-task, add-review and check', () => {
  it('add-task adds one row to the Tasks table and refuses an id already there', async () => {
    const file = copyPlan('seed-split-brain.md');
    const before = read(file);
    const r = await capture('add-task', file, 'django-litefs-9zz', 'A new task', '--epic', 'django-litefs-8oi', '--files', 'a.py, b.py');
    assert.equal(r.code, 0, r.err);
    const after = read(file);
    assert.deepEqual(changedLines(before, after).removed, []);
    assert.equal(changedLines(before, after).added.length, 1);
    const task = parsePlan(after).tasks.find((t) => t.id === 'django-litefs-9zz')!;
    assert.deepEqual([task.title, task.epic, task.status, task.files], ['A new task', 'django-litefs-8oi', 'pending', ['a.py', 'b.py']]);
    const again = await capture('add-task', file, 'django-litefs-9zz', 'Twice');
    assert.equal(again.code, 1);
    assert.match(again.err, /already in the Tasks table/);
    assert.equal(read(file), after, 'a refusal changes nothing');
  });
  it('add-review adds a Review Results row', async () => {
    const file = copyPlan('real/PLAN-v5.md');
    const count = parsePlan(read(file)).review.length;
    const r = await capture('add-review', file, 'django-litefs-3b6', 'sonnet', 'failed', '--warnings', '2');
    assert.equal(r.code, 0, r.err);
    const review = parsePlan(read(file)).review;
    assert.equal(review.length, count + 1);
    assert.deepEqual([review.at(-1)!.reviewer, review.at(-1)!.status], ['sonnet', 'failed']);
  });
  it('check unchecks and checks one Final Verification item by its text; an unknown item is refused', async () => {
    const file = copyPlan('real/PLAN-v5.md');
    const before = read(file);
    assert.equal((await capture('check', file, 'Core unit tests', '--uncheck')).code, 0);
    const unchecked = read(file);
    assert.deepEqual(changedLines(before, unchecked).added.length, 1);
    assert.ok(unchecked.includes('- [ ] Core unit tests passed: 332 passed'));
    assert.equal((await capture('check', file, 'Core unit tests')).code, 0);
    assert.equal(read(file), before, 'checked again: byte for byte the original');
    const none = await capture('check', file, 'no such item');
    assert.equal(none.code, 1);
    assert.match(none.err, /no checklist item/);
  });
});
