import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendLog } from '../../../../src/plan/write/edit';
import { applyEdits } from '../../../../src/plan/write/textEdit';
import type { LogEntry } from '../../../../src/plan/model';
import { parsePlan } from '../../../../src/plan/read/parse';
import { formatCost, formatTurns, workerEndedLine, workerResumedLine, workerRuns, workerStartedLine } from '../../../../src/plan/formats/workerLog';
import { fixture } from '../../fixtures';

const TASK = 'django-litefs-f8s';
const SESSION = '3f2a9c1e-5b7d-4e21-9a0c-000000000001';
const lastWorkerRun = (entries: readonly LogEntry[], taskId: string) => workerRuns(entries).get(taskId);
const log = (...texts: string[]): LogEntry[] => texts.map((text, line) => ({ timestamp: '2026-12-01T18:55', text, line }));

describe('the worker lines of the Execution Log', () => {
  it('are written in the agreed shapes', () => {
    assert.equal(workerStartedLine(TASK), 'Worker started for django-litefs-f8s');
    assert.equal(workerResumedLine(TASK, SESSION), `Worker resumed for django-litefs-f8s (session ${SESSION})`);
    assert.equal(
      workerEndedLine(TASK, { outcome: 'done', duration: '6.1 s' }, { turns: 6, costUsd: 0.1234, sessionId: SESSION }),
      `Worker for django-litefs-f8s done in 6.1 s · 6 turns · $0.12 · session ${SESSION}`,
    );
    assert.equal(
      workerEndedLine(TASK, { outcome: 'failed', reason: 'exited with code 1', duration: '3 s' }, {}),
      'Worker for django-litefs-f8s failed: exited with code 1 (3 s)',
    );
    assert.equal(workerEndedLine(TASK, { outcome: 'cancelled', duration: '2 s' }, { sessionId: SESSION }), `Worker for django-litefs-f8s cancelled after 2 s · session ${SESSION}`);
    assert.equal(formatTurns(1), '1 turn');
    assert.equal(formatCost(0), '$0.00');
    assert.equal(formatCost(1.005), '$1.00');
  });

  it('are read back: the last run, its reason and its session, through a real plan edit', () => {
    let text = fixture('seed-split-brain.md');
    const now = new Date(2026, 11, 1, 18, 55);
    for (const line of [
      workerStartedLine(TASK),
      workerEndedLine(TASK, { outcome: 'failed', reason: 'Not logged in · Please run /login', duration: '216 ms' }, { turns: 1, costUsd: 0, sessionId: SESSION }),
    ])
    {
      const edit = appendLog(text, line, now);
      assert.ok(edit.ok);
      text = applyEdits(text, edit.edits);
    }
    assert.deepEqual(lastWorkerRun(parsePlan(text).log, TASK), { outcome: 'failed', reason: 'Not logged in · Please run /login', sessionId: SESSION });
    assert.equal(lastWorkerRun(parsePlan(text).log, 'django-litefs-5l8'), undefined);
  });

  it('take the session from the resume line when the end line names none, and only from the last run', () => {
    assert.deepEqual(lastWorkerRun(log(workerResumedLine(TASK, SESSION), `Worker for ${TASK} failed: killed by SIGKILL (4 s)`), TASK), {
      outcome: 'failed',
      reason: 'killed by SIGKILL',
      sessionId: SESSION,
    });
    assert.deepEqual(
      lastWorkerRun(log(`Worker for ${TASK} done in 2 s · session ${SESSION}`, workerStartedLine(TASK), `Worker for ${TASK} failed: exited with code 2 (1 s)`), TASK),
      { outcome: 'failed', reason: 'exited with code 2' },
    );
    assert.deepEqual(lastWorkerRun(log(workerStartedLine(TASK)), TASK), { outcome: 'running' });
    assert.deepEqual(lastWorkerRun(log(`Worker for ${TASK} cancelled after 2 s · session ${SESSION}`), TASK), { outcome: 'cancelled', sessionId: SESSION });
  });

  it('do not mix up tasks whose ids share a prefix, and a reason cannot pass for the session', () => {
    const entries = log(`Worker for ${TASK}.1 done in 1 s · session other-session`, `Worker for ${TASK} failed: said session fake-id (1 s) · session ${SESSION}`);
    assert.deepEqual(lastWorkerRun(entries, TASK), { outcome: 'failed', reason: 'said session fake-id', sessionId: SESSION });
    assert.deepEqual(lastWorkerRun(log(`Worker for ${TASK} failed: ends in · session fake-id (1 s) · session ${SESSION}`), TASK)?.sessionId, SESSION);
    assert.equal(lastWorkerRun(entries, `${TASK}.1`)?.sessionId, 'other-session');
    assert.equal(lastWorkerRun(entries, 'django-litefs-f8'), undefined);
    // Plan text is untrusted: a "session" that would read as an option is none.
    assert.equal(lastWorkerRun(log(`Worker for ${TASK} cancelled after 2 s · session --dangerously-skip-permissions`), TASK)?.sessionId, undefined);
    assert.equal(lastWorkerRun(log(`Worker resumed for ${TASK} (session -rf)`), TASK)?.sessionId, undefined);
  });
});
