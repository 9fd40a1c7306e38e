import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { generateParallelPlan } from '../../../../bench/generate';
import { parsePlan } from '../../../../src/plan/read/parse';
import { buildTimeline, lastRunDurations, runSpan, timelineToJson, type Timeline } from '../../../../src/plan/timeline/model';
import { PLAN_FILES, fixture } from '../../fixtures';

const timelineOf = (text: string): Timeline => buildTimeline(parsePlan(text));

/** A small plan: the canonical checklist (statuses given as one letter each), two tasks, and these log lines. */
function plan(log: readonly string[], opts: { phases?: string; tasks?: ReadonlyArray<readonly [string, string]> } = {}): string {
  const names = ['Initialize Plan', 'Discovery', 'Update Plan', 'Execute Tasks', 'Validate Workers', 'Review Changes', 'Close Tasks', 'Handle Discovered Issues', 'Final Verification', 'Summary & Wait', 'User-Approved Commit'];
  const word: Record<string, string> = { d: 'done', p: 'pending', i: 'in_progress', f: 'failed', s: 'skipped' };
  const statuses = (opts.phases ?? 'dddpppppppp').split('');
  const tasks = opts.tasks ?? [
    ['proj-a1', 'done'],
    ['proj-b2', 'pending'],
  ];
  return [
    '# Beads Work Plan',
    '',
    '## Phase Checklist',
    '| # | Phase | Agent | Status | Notes |',
    '|---|-------|-------|--------|-------|',
    ...names.map((n, k) => `| ${k} | ${n} | orchestrator | ${word[statuses[k]!]} | |`),
    '',
    '## 2. Tasks',
    '| ID | Title | Epic | Status | Worker | Files | Respawns |',
    '|----|-------|------|--------|--------|-------|----------|',
    ...tasks.map(([id, status]) => `| ${id} | Task ${id} | proj | ${status} | - | ${id}.py | 0 |`),
    '',
    '## 3. Execution Log',
    ...log.map((l) => `- ${l}`),
    '',
  ].join('\n');
}

/** Each run as `task#attempt outcome start→end duration` (entry indexes, `-` for none). */
function runs(t: Timeline): string[] {
  return t.tasks.flatMap((lane) =>
    lane.runs.map((r) => `${lane.id}#${r.attempt} ${r.outcome} ${r.start?.index ?? '-'}→${r.end?.index ?? '-'} ${r.durationMs ?? '?'}${r.inferred ? ' inferred' : ''}`),
  );
}

/** Each phase that has a bound, as `n start→end duration`. */
function spans(t: Timeline): string[] {
  return t.phases.filter((p) => p.start || p.end).map((p) => `${p.number} ${p.start?.index ?? '-'}→${p.end?.index ?? '-'} ${p.durationMs ?? '?'}`);
}

describe('timeline facts that hold for every real plan', () => {
  for (const name of PLAN_FILES) {
    it(name, () => {
      const parsed = parsePlan(fixture(name));
      const t = buildTimeline(parsed);
      assert.deepEqual(
        t.entries.map((e) => [e.index, e.line, e.timestamp]),
        parsed.log.map((e, k) => [k, e.line, e.timestamp]),
        'one entry per log line, in order',
      );
      let latest = 0;
      for (const e of t.entries) {
        if (e.at === undefined) continue;
        assert.ok(e.at >= latest, `time never goes back (entry ${e.index})`);
        latest = e.at;
      }
      assert.equal(t.axis, t.totals.wallMs !== undefined && t.totals.wallMs > 0 ? 'time' : 'order');
      assert.deepEqual(t.phases.map((p) => p.number), parsed.phases.map((p) => p.number));
      for (const p of t.phases) {
        if (p.start && p.end) assert.ok(p.start.index <= p.end.index, `phase ${p.number} starts before it ends`);
        if (p.durationMs !== undefined) assert.ok(p.durationMs >= 0);
      }
      for (const lane of t.tasks) {
        assert.ok(parsed.tasks.some((task) => task.id === lane.id), `${lane.id} is a task of the plan`);
        assert.equal(lane.respawns, lane.runs.length - 1);
        for (const r of lane.runs) {
          assert.ok(r.start || r.end, 'a run has a start or an end');
          if (r.start && r.end) assert.ok(r.start.index <= r.end.index);
          if (r.durationMs !== undefined) assert.ok(r.durationMs >= 0);
          // The real plans were written by orchestrators, not by the extension.
          assert.equal(r.inferred, true);
        }
      }
      assert.equal(t.totals.runs, t.tasks.reduce((n, lane) => n + lane.runs.length, 0));
      assert.equal(t.totals.costUsd, undefined, 'no real plan records a cost');
    });
  }
});

describe('timeline of the real plans: what each log says', () => {
  const facts: ReadonlyArray<{ name: string; axis: 'time' | 'order'; wallMs?: number; spans: string[]; runs: string[] }> = [
    // `2025-12-26T23:30` (minutes): Plan initialized, then Discovery complete a minute later.
    { name: 'seed-split-brain.md', axis: 'time', wallMs: 60_000, spans: ['0 -→0 ?', '1 0→1 60000'], runs: [] },
    // One entry: nothing to measure.
    { name: 'real/PLAN-v1.md', axis: 'order', wallMs: 0, spans: ['0 -→0 ?'], runs: [] },
    // `…Z` seconds; "Workers spawned (2 parallel)" … "Workers completed" names no task: the execute phase, no runs.
    { name: 'real/PLAN-v3.md', axis: 'time', wallMs: 210_000, spans: ['0 -→0 ?', '1 0→2 60000', '2 2→3 30000', '3 4→5 60000', '4 5→6 30000'], runs: [] },
    // `2025-12-26 11:00`: "Batch 1 starting (3b6.1, 3b6.3, 3b6.4)" … "Task workers completed".
    {
      name: 'real/PLAN-v5.md',
      axis: 'time',
      wallMs: 300_000,
      spans: ['1 -→1 ?', '3 2→3 300000'],
      runs: ['3b6.1#1 done 2→3 300000 inferred', '3b6.3#1 done 2→3 300000 inferred', '3b6.4#1 done 2→3 300000 inferred'],
    },
    // Two batches: "Batch 1 complete, spawning Batch 2 (38o)" ends four runs and starts one.
    {
      name: 'real/PLAN-v6.md',
      axis: 'time',
      wallMs: 3_900_000,
      spans: ['0 -→0 ?', '1 0→1 0', '3 2→4 3600000', '6 -→5 ?'],
      runs: [
        'django-litefs-dl3#1 done 2→3 1800000 inferred',
        'django-litefs-eni#1 done 2→3 1800000 inferred',
        'django-litefs-kzk#1 done 2→3 1800000 inferred',
        'django-litefs-cux#1 done 2→3 1800000 inferred',
        'django-litefs-38o#1 done 3→4 1800000 inferred',
      ],
    },
    // Bare dates only: log order, runs overlapping in it ("sequential after gth" does not restart gth).
    {
      name: 'real/PLAN-v7.md',
      axis: 'order',
      spans: [],
      runs: [
        'django-litefs-q29.11#1 done 3→4 ? inferred',
        'django-litefs-6d1#1 done 3→5 ? inferred',
        'django-litefs-gth#1 done 3→6 ? inferred',
        'django-litefs-3j5#1 done 7→8 ? inferred',
      ],
    },
    // Ends without starts: "Worker 1 (django-litefs-yhj.7) complete".
    { name: 'real/plan-5d228004.md', axis: 'order', spans: ['0 -→0 ?', '1 0→1 ?', '3 3→4 ?', '4 4→5 ?'], runs: ['django-litefs-yhj.7#1 done -→3 ? inferred', 'django-litefs-yhj.8#1 done -→4 ? inferred'] },
    // "Worker spawned for django-litefs-5l8" then "Worker complete - tests passed".
    {
      name: 'real/plan-4a943277.md',
      axis: 'time',
      wallMs: 420_000,
      spans: ['0 -→0 ?', '1 0→1 60000', '3 3→4 60000', '5 -→5 ?', '6 5→6 60000', '8 -→7 ?'],
      runs: ['django-litefs-5l8#1 done 3→4 60000 inferred'],
    },
    // No Execution Log at all.
    { name: 'real/plan-4af13a61.md', axis: 'order', spans: [], runs: [] },
  ];
  for (const f of facts) {
    it(f.name, () => {
      const t = timelineOf(fixture(f.name));
      assert.equal(t.axis, f.axis);
      assert.equal(t.totals.wallMs, f.wallMs);
      assert.deepEqual(spans(t), f.spans);
      assert.deepEqual(runs(t), f.runs);
    });
  }
  it('reads every timestamp shape the real plans write', () => {
    const origins = PLAN_FILES.map((n) => timelineOf(fixture(n)).origin).filter(Boolean);
    for (const shape of [/^\d{4}-\d\d-\d\dT\d\d:\d\d$/, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/, /Z$/, /^\d{4}-\d\d-\d\d \d\d:\d\d$/])
      assert.ok(origins.some((o) => shape.test(o!)), `an origin like ${shape}`);
    const dated = timelineOf(fixture('real/PLAN-v7.md'));
    assert.ok(dated.entries.every((e) => e.timestamp === '2025-12-26' && e.at === undefined), 'a bare date has no time of day');
  });
});

describe('timeline times', () => {
  it('reads minutes, seconds, UTC, offsets and a space; a bare date and no timestamp get no time', () => {
    const t = timelineOf(
      plan([
        '2025-12-26T23:30: a',
        '2025-12-26T23:30:30: b',
        '2025-12-26 23:31: c',
        '2025-12-26: d',
        'no timestamp at all',
        '2025-12-27T00:32:00.5: e',
      ]),
    );
    assert.deepEqual(
      t.entries.map((e) => [e.text, e.at]),
      [
        ['a', 0],
        ['b', 30_000],
        ['c', 60_000],
        ['d', undefined],
        ['no timestamp at all', undefined],
        ['e', 3_720_500],
      ],
    );
    assert.equal(t.origin, '2025-12-26T23:30');
    const zoned = timelineOf(plan(['2025-12-26T23:00:00Z: a', '2025-12-27T01:30:00+02:00: b', '2025-12-26T18:45-0500: c']));
    assert.deepEqual(zoned.entries.map((e) => e.at), [0, 30 * 60_000, 45 * 60_000]);
  });

  it('never reads a log that goes backwards as negative time', () => {
    const t = timelineOf(
      plan(['2025-12-26T10:05: Worker started for proj-a1', '2025-12-26T10:00: Worker for proj-a1 cancelled after 2 s', '2025-12-26T10:01: Worker started for proj-b2', '2025-12-26T09:00: Phase 3 (Execute Tasks) done']),
    );
    assert.deepEqual(t.entries.map((e) => [e.at, e.backwards === true]), [[0, false], [0, true], [0, true], [0, true]]);
    assert.deepEqual(runs(t), ['proj-a1#1 cancelled 0→1 2000', 'proj-b2#1 unfinished 2→- ?']);
    assert.equal(t.axis, 'order', 'all at one time: nothing to measure');
  });

  it("reads an orchestrator's own duration forms, and falls back to the timestamps when one cannot be read", () => {
    const t = timelineOf(
      plan([
        '2026-01-05T09:00: Worker started for proj-a1',
        '2026-01-05T09:07: Worker for proj-a1 done in 7m 02s',
        '2026-01-05T09:08: Worker started for proj-b2',
        '2026-01-05T09:11: Worker for proj-b2 done in a while',
      ]),
    );
    assert.deepEqual(runs(t), ['proj-a1#1 done 0→1 422000', 'proj-b2#1 done 2→3 180000']);
  });

  it('keeps entries without a time in order and measures only between timed ones', () => {
    const t = timelineOf(plan(['Worker started for proj-b2', '2025-12-26T10:00: Plan initialized', 'Worker for proj-b2 failed: exited with code 1 (4 s)']));
    assert.deepEqual(runs(t), ['proj-b2#1 failed 0→2 4000']);
    assert.deepEqual(t.entries.map((e) => e.at), [undefined, 0, undefined]);
  });

  it('has no negative duration and no time going back, whatever the log', () => {
    const stamp = fc
      .tuple(fc.integer({ min: 20, max: 28 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom('', ':17', 'Z', ':05Z', '+01:00'), fc.constantFrom('T', ' '))
      .map(([d, h, m, rest, sep]) => `2025-12-${d}${sep}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}${rest}: `);
    const text = fc.constantFrom(
      'Worker started for proj-a1',
      'Worker started for proj-b2',
      'Worker for proj-a1 done in 6.1 s',
      'Worker for proj-b2 failed: exited with code 1 (3 s) · 4 turns · $0.10',
      'Worker for proj-a1 cancelled after 2 s',
      'Phase 3 (Execute Tasks) set to in progress',
      'Phase 3 (Execute Tasks) done; phase 4 (Validate Workers) started',
      'Discovery complete',
      'Workers spawned for proj-a1, proj-b2',
      'Workers completed',
    );
    const line = fc.tuple(fc.oneof(stamp, fc.constantFrom('', '2025-12-24: ')), text).map(([s, t]) => `${s}${t}`);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 14 }), (lines) => {
        const t = timelineOf(plan(lines));
        let latest = 0;
        for (const e of t.entries)
          if (e.at !== undefined) {
            assert.ok(e.at >= latest);
            latest = e.at;
          }
        for (const lane of t.tasks) for (const r of lane.runs) assert.ok(r.durationMs === undefined || r.durationMs >= 0);
        for (const p of t.phases) assert.ok(p.durationMs === undefined || p.durationMs >= 0);
      }),
      { numRuns: 300 },
    );
  });
});

describe("timeline of the extension's own log lines", () => {
  it('reads started, done, failed and cancelled runs, respawns, and the turns, cost and session after them', () => {
    const t = timelineOf(
      plan(
        [
          '2026-01-05T09:00:00: Worker started for proj-a1',
          '2026-01-05T09:00:07: Worker for proj-a1 failed: exited with code 1 (see output) (6.4 s) · 3 turns · $0.05 · session 11111111-2222',
          '2026-01-05T09:01:00: Worker started for proj-a1',
          '2026-01-05T09:01:02: Worker for proj-a1 cancelled after 2 s',
          '2026-01-05T09:02:00: Worker resumed for proj-a1 (session 11111111-2222)',
          '2026-01-05T09:04:00: Worker for proj-a1 done in 1.9 min · 6 turns · $0.12 · session 11111111-2222',
          '2026-01-05T09:05:00: Worker for proj-b2 done in 850 ms',
        ],
        { tasks: [['proj-a1', 'done'], ['proj-b2', 'done']] },
      ),
    );
    assert.deepEqual(runs(t), ['proj-a1#1 failed 0→1 6400', 'proj-a1#2 cancelled 2→3 2000', 'proj-a1#3 done 4→5 114000', 'proj-b2#1 done -→6 850']);
    const [failed, , resumed] = t.tasks[0]!.runs;
    assert.deepEqual([failed!.reason, failed!.turns, failed!.costUsd, failed!.session], ['exited with code 1 (see output)', 3, 0.05, '11111111-2222']);
    assert.deepEqual([resumed!.resumed, resumed!.turns, resumed!.costUsd], [true, 6, 0.12]);
    assert.equal(t.tasks[0]!.respawns, 2);
    assert.equal(t.tasks[0]!.costUsd, 0.17);
    assert.deepEqual(t.totals, { wallMs: 300_000, runs: 4, turns: 9, costUsd: 0.17, slowest: { taskId: 'proj-a1', durationMs: 122_400 } });
    assert.deepEqual(
      t.entries.map((e) => [e.kind, e.taskId]),
      [...Array<[string, string]>(4).fill(['workerStarted', 'proj-a1']).map((k, i) => (i % 2 ? ['workerEnded', 'proj-a1'] : k)), ['workerResumed', 'proj-a1'], ['workerEnded', 'proj-a1'], ['workerEnded', 'proj-b2']],
    );
    assert.deepEqual([...lastRunDurations(t)], [['proj-a1', 114_000], ['proj-b2', 850]]);
  });

  it('spans a run by its timestamps when they carry seconds, else by its recorded duration', () => {
    const minutes = timelineOf(plan(['2026-01-05T09:00: Worker started for proj-a1', '2026-01-05T09:01: Worker for proj-a1 done in 6.1 s', '2026-01-05T09:03: Worker for proj-b2 done in 1.5 min']));
    assert.deepEqual(minutes.tasks.map((l) => runSpan(l.runs[0]!)), [{ startAt: 0, endAt: 6100 }, { startAt: 90_000, endAt: 180_000 }]);
    const seconds = timelineOf(plan(['2026-01-05T09:00:00: Worker started for proj-a1', '2026-01-05T09:02:56: Worker for proj-a1 done in 2.9 min']));
    assert.deepEqual(runSpan(seconds.tasks[0]!.runs[0]!), { startAt: 0, endAt: 176_000 });
    assert.equal(seconds.tasks[0]!.runs[0]!.durationMs, 174_000, 'the duration is what the line says');
    const untimed = timelineOf(plan(['Worker started for proj-a1', 'Worker for proj-a1 done in 3 s']));
    assert.deepEqual(runSpan(untimed.tasks[0]!.runs[0]!), {});
  });

  it('keeps a phase that started again after it ended as going, or as ended', () => {
    const log = ['2026-01-05T09:00: Phase 4 (Validate Workers) set to done', '2026-01-05T09:05: Phase 4 (Validate Workers) set to in progress'];
    assert.deepEqual(spans(timelineOf(plan(log, { phases: 'dddddpppppp' }))), ['4 -→0 ?']);
    assert.deepEqual(spans(timelineOf(plan(log, { phases: 'ddddipppppp' }))), ['4 1→- ?']);
  });

  it('tells a run that is still going from one the log never ended', () => {
    const t = timelineOf(plan(['2026-01-05T09:00: Worker started for proj-a1', '2026-01-05T09:00: Worker started for proj-b2'], { tasks: [['proj-a1', '🔄 in progress'], ['proj-b2', 'failed']] }));
    assert.deepEqual(runs(t), ['proj-a1#1 running 0→- ?', 'proj-b2#1 unfinished 1→- ?']);
    assert.deepEqual([...lastRunDurations(t)], []);
  });

  it('keeps a lane for a task the Tasks table no longer has, and resolves short ids', () => {
    const t = timelineOf(plan(['2026-01-05T09:00: Worker started for gone-x9', '2026-01-05T09:01: Worker for a1 done in 5 s']));
    assert.deepEqual(runs(t), ['proj-a1#1 done -→1 5000', 'gone-x9#1 unfinished 0→- ?']);
    assert.deepEqual(t.tasks.map((l) => [l.id, l.title, l.status]), [['proj-a1', 'Task proj-a1', 'done'], ['gone-x9', '', 'unknown']]);
  });

  it('reads phase lines, Run All Ready Workers, validation and the commit', () => {
    const t = timelineOf(
      plan(
        [
          '2026-01-05T09:00: Phase 3 (Execute Tasks) set to in progress',
          '2026-01-05T09:01: Worker started for proj-a1',
          '2026-01-05T09:03: Worker for proj-a1 done in 2 min',
          '2026-01-05T09:04: Run all ready workers: 1 workers done',
          '2026-01-05T09:05: Phase 3 (Execute Tasks) done; phase 4 (Validate Workers) started',
          '2026-01-05T09:06: Validation recorded for proj-a1: valid',
          '2026-01-05T09:07: Phase 4 (Validate Workers) set to done',
          '2026-01-05T09:20: User approved the commit on main',
          '2026-01-05T09:21: Committed 3f2a9c1 on main and pushed',
        ],
        { phases: 'dddddddddpd', tasks: [['proj-a1', 'done']] },
      ),
    );
    assert.deepEqual(spans(t), ['3 0→4 300000', '4 4→6 120000', '10 7→8 60000']);
    assert.ok(t.phases.every((p) => !p.inferred));
    assert.deepEqual(t.entries.map((e) => e.kind), ['phase', 'workerStarted', 'workerEnded', 'runAll', 'phase', 'validation', 'phase', 'approval', 'commit']);
    assert.deepEqual(t.tasks[0]!.events.map((e) => e.index), [5]);
  });

  it('bounds the execute phase by its runs, and ends it at Run All Ready Workers', () => {
    const t = timelineOf(
      plan(['2026-01-05T09:01: Worker started for proj-a1', '2026-01-05T09:03: Worker for proj-a1 done in 2 min', '2026-01-05T09:04: Run all ready workers: 1 workers done'], { phases: 'dddfppppppp' }),
    );
    assert.deepEqual(spans(t), ['3 0→2 180000']);
    assert.equal(t.phases[3]!.inferred, true);
  });
});

describe('timeline of a generated plan whose runs overlap (Run All Ready Workers, maxParallel 2)', () => {
  for (const agent of [false, true]) {
    it(agent ? 'with turns, cost and session on each end line' : 'with the end lines the extension writes today', () => {
      const generated = generateParallelPlan({ agent });
      const t = timelineOf(generated.text);
      assert.equal(t.axis, 'time');
      const model = t.tasks.flatMap((lane) => lane.runs).sort((a, b) => a.start!.at! - b.start!.at!);
      const truth = [...generated.runs].sort((a, b) => a.startMs - b.startMs);
      assert.equal(model.length, truth.length);
      model.forEach((run, k) => {
        const want = truth[k]!;
        assert.equal(run.taskId, want.taskId);
        assert.equal(run.outcome, want.outcome);
        assert.equal(run.inferred, false);
        // Timestamps keep whole seconds; durations are written as `6.1 s` or `2.9 min`.
        assert.ok(Math.abs(run.start!.at! - want.startMs) < 1000, `${run.taskId} starts at ${run.start!.at}, simulated ${want.startMs}`);
        const written = want.endMs - want.startMs;
        assert.ok(Math.abs(run.durationMs! - written) <= (written >= 60_000 ? 3000 : 50), `${run.taskId} lasts ${run.durationMs}, simulated ${written}`);
        assert.equal(run.turns !== undefined && run.costUsd !== undefined && run.session !== undefined, agent);
      });
      // Never more than two at once, and two at once somewhere, by the time each run covers.
      const edges = model.flatMap((r) => {
        const { startAt, endAt } = runSpan(r);
        assert.equal(startAt, r.start!.at);
        assert.equal(endAt, r.end!.at, 'timestamps with seconds are finer than a written "2.9 min"');
        return [
          [startAt!, 1],
          [endAt!, -1],
        ];
      });
      edges.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
      let now = 0;
      let max = 0;
      for (const [, d] of edges) max = Math.max(max, (now += d!));
      assert.equal(max, 2);
      const respawned = t.tasks.find((lane) => lane.respawns > 0)!;
      assert.deepEqual(respawned.runs.map((r) => r.outcome), ['failed', 'done']);
      assert.equal(t.totals.runs, generated.runs.length);
      const slowest = [...t.tasks].sort((a, b) => b.totalMs! - a.totalMs!)[0]!;
      assert.deepEqual(t.totals.slowest, { taskId: slowest.id, durationMs: slowest.totalMs });
      const execute = t.phases[3]!;
      assert.equal(execute.start, model[0]!.start, 'the execute phase starts with the first worker');
      assert.match(execute.end!.text, /^Phase 3 \(Execute Tasks\) done; phase 4/);
      if (agent) assert.equal(t.totals.costUsd!.toFixed(2), model.reduce((sum, r) => sum + r.costUsd!, 0).toFixed(2));
      else assert.equal(t.totals.costUsd, undefined);
    });
  }

  it('leaves the pending tasks without a lane', () => {
    const generated = generateParallelPlan({ pending: 1 });
    const t = timelineOf(generated.text);
    assert.deepEqual(
      t.tasks.map((lane) => lane.id),
      generated.taskIds.slice(0, -1),
    );
  });
});

describe('timeline JSON', () => {
  it('has the documented keys, plain values and null for what is unknown', () => {
    const json = timelineToJson(timelineOf(generateParallelPlan({ agent: true }).text));
    assert.deepEqual(Object.keys(json), ['axis', 'origin', 'totals', 'phases', 'tasks', 'events']);
    assert.deepEqual(Object.keys(json.totals), ['wallMs', 'runs', 'turns', 'costUsd', 'slowest']);
    assert.deepEqual(Object.keys(json.phases[0]!), ['number', 'name', 'status', 'start', 'end', 'durationMs', 'inferred']);
    assert.deepEqual(Object.keys(json.tasks[0]!), ['id', 'title', 'status', 'respawns', 'totalMs', 'costUsd', 'runs']);
    assert.deepEqual(Object.keys(json.tasks[0]!.runs[0]!), ['attempt', 'outcome', 'start', 'end', 'durationMs', 'turns', 'costUsd', 'session', 'reason', 'resumed', 'inferred']);
    assert.deepEqual(Object.keys(json.events[0]!), ['index', 'line', 'timestamp', 'at', 'backwards', 'kind', 'taskId', 'text']);
    assert.deepEqual(json.tasks[0]!.runs[0]!.start, { index: 2, line: json.events[2]!.line, timestamp: '2026-01-05T09:01:00Z', at: 60_000 });
    assert.equal(json.phases[2]!.start, null);
    assert.deepEqual(JSON.parse(JSON.stringify(json)), json, 'survives JSON unchanged');
  });
});
