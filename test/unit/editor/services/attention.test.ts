// The attention service over a store the test writes plans into: which plans
// need the user (the HARD STOP, a failed task, a stalled worker), and when one
// enters such a state: announced once per entry, never for a plan already
// waiting when the editor started, nor for an agent's two-step rewrite.
import { EventEmitter, Uri } from '../vscode';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { AttentionService, type NeedsUser } from '../../../../src/editor/services/attention';
import type { PlanEntry } from '../../../../src/editor/services/planStore';
import { parsePlan } from '../../../../src/plan/read/parse';
import { REARM_MS } from '../../../../src/plan/rules/attention';
import { CANONICAL_PHASES } from '../../fixtures';

/** A plan with the canonical checklist; `statuses` overrides phases (default: 0–9 done, 10 pending: the HARD STOP). */
function planText(statuses: Readonly<Record<number, string>> = {}, rest = ''): string {
  const rows = CANONICAL_PHASES.map((name, n) => `| ${n} | ${name} | orchestrator | ${statuses[n] ?? (n < 10 ? '✅ done' : '⏳ pending')} | |`);
  return ['# Beads Work Plan', '', '## Phase Checklist', '| # | Phase | Agent | Status | Notes |', '|---|---|---|---|---|', ...rows, '', rest].join('\n');
}

const TASK = (status: string): string =>
  ['## Tasks', '| ID | Title | Epic | Status | Worker | Files | Respawns |', '|---|---|---|---|---|---|---|', `| a-1 | Alpha | ep | ${status} | w | src/a.ts | 0 |`, ''].join('\n');

const AT_HARD_STOP = planText();
const SUMMING_UP = planText({ 9: '🔄 in progress' });
const COMMITTING = planText({ 10: '🔄 in progress' });
const EXECUTING = (task: string): string => planText(Object.fromEntries([3, 4, 5, 6, 7, 8, 9].map((n) => [n, n === 3 ? '🔄 in progress' : '⏳ pending'])), TASK(task));

/** The store as the service reads it: the test writes and removes plans, each write a change. */
class Plans {
  private readonly entries = new Map<string, PlanEntry>();
  private readonly changed = new EventEmitter<{ uri?: Uri }>();
  readonly onDidChange = this.changed.event;

  uri(name: string): Uri {
    return Uri.file(`/ws/.beads/plans/${name}.md`);
  }
  write(name: string, text: string): void {
    const uri = this.uri(name);
    this.entries.set(uri.toString(), { uri: uri as never, folder: undefined, mtime: 0, plan: parsePlan(text), text });
    this.changed.fire({ uri });
  }
  remove(name: string): void {
    this.entries.delete(this.uri(name).toString());
    this.changed.fire({});
  }
  list(): PlanEntry[] {
    return [...this.entries.values()];
  }
  get(uri: Uri): PlanEntry | undefined {
    return this.entries.get(uri.toString());
  }
}

/** The worker service's stall detection, set by hand. */
class Stalls {
  readonly now = new Map<string, Set<string>>();
  private readonly changes = new EventEmitter<Uri>();
  readonly onDidChangeStalls = this.changes.event;
  stalled(uri: Uri): ReadonlySet<string> {
    return this.now.get(uri.toString()) ?? new Set();
  }
  set(uri: Uri, taskIds: string[]): void {
    this.now.set(uri.toString(), new Set(taskIds));
    this.changes.fire(uri);
  }
}

/** Lets the `started` promise's callbacks run: nothing here waits on a timer or I/O. */
function quiet(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('AttentionService', () => {
  let plans: Plans;
  let stalls: Stalls;
  let service: AttentionService;
  let discovered: () => void;
  let entered: NeedsUser[];
  let changes: number;
  let clock: number;

  /** The service, with the first discovery under way until `startUp` ends it. */
  function create(): void {
    service = new AttentionService(plans as never, new Promise<void>((resolve) => (discovered = resolve)), stalls as never);
    service.onDidEnter((n) => entered.push(n));
    service.onDidChange(() => changes++);
  }

  async function startUp(): Promise<void> {
    discovered();
    await quiet();
  }

  const waiting = () => service.list().map(({ entry, attention }) => [entry.uri.path.split('/').pop(), attention.kind]);
  const announced = () => entered.map(({ entry, attention }) => [entry.uri.path.split('/').pop(), attention.kind]);

  beforeEach(() => {
    plans = new Plans();
    stalls = new Stalls();
    entered = [];
    changes = 0;
    clock = 1_000_000;
    mock.method(Date, 'now', () => clock);
  });
  afterEach(() => {
    service.dispose();
    mock.restoreAll();
  });

  it('counts a plan already at the HARD STOP when the editor starts, without announcing it', async () => {
    plans.write('old', AT_HARD_STOP);
    create();
    await startUp();
    assert.deepEqual(waiting(), [['old.md', 'awaitingApproval']]);
    assert.ok(changes > 0, 'the badge and the tree hear of it once the discovery is over');
    assert.deepEqual(announced(), [], 'it was waiting before the editor: no one is called');
  });

  it('counts the plans the first discovery finds waiting, as it finds them, without announcing them', async () => {
    create();
    plans.write('found', AT_HARD_STOP);
    assert.deepEqual(waiting(), [['found.md', 'awaitingApproval']]);
    assert.equal(changes, 1);
    await startUp();
    assert.deepEqual(announced(), []);
  });

  it('announces a plan entering the HARD STOP once, however often it is rewritten there', async () => {
    plans.write('p', SUMMING_UP);
    create();
    await startUp();
    assert.deepEqual(waiting(), []);
    plans.write('p', AT_HARD_STOP);
    assert.deepEqual(announced(), [['p.md', 'awaitingApproval']]);
    assert.equal(entered[0]!.entry.text, AT_HARD_STOP);
    assert.deepEqual(entered[0]!.attention, service.of(entered[0]!.entry), 'what it announces is what it reports');
    const seen = changes;
    plans.write('p', `${AT_HARD_STOP}\n## Notes\nan agent's rewrite\n`);
    assert.deepEqual(waiting(), [['p.md', 'awaitingApproval']]);
    assert.equal(announced().length, 1, 'a rewrite in the same state calls no one again');
    assert.equal(changes, seen, 'nor changes what needs the user');
  });

  it('announces a plan that appears at the HARD STOP after start-up', async () => {
    create();
    await startUp();
    plans.write('new', AT_HARD_STOP);
    assert.deepEqual(announced(), [['new.md', 'awaitingApproval']]);
  });

  it('drops a plan that leaves the HARD STOP; back within REARM_MS it never left, later it enters again', async () => {
    plans.write('p', SUMMING_UP);
    create();
    await startUp();
    plans.write('p', AT_HARD_STOP);
    assert.equal(announced().length, 1);

    const before = changes;
    plans.write('p', COMMITTING);
    assert.deepEqual(waiting(), [], 'a commit under way waits for no one');
    assert.ok(changes > before, 'the badge hears the plan left');

    clock += REARM_MS - 1;
    plans.write('p', AT_HARD_STOP);
    assert.deepEqual(waiting(), [['p.md', 'awaitingApproval']]);
    assert.equal(announced().length, 1, 'an agent rewriting in two steps calls the user once');

    plans.write('p', SUMMING_UP);
    clock += REARM_MS;
    plans.write('p', AT_HARD_STOP);
    assert.deepEqual(announced(), [
      ['p.md', 'awaitingApproval'],
      ['p.md', 'awaitingApproval'],
    ]);
  });

  it('drops a plan whose file is gone', async () => {
    plans.write('p', AT_HARD_STOP);
    create();
    await startUp();
    const before = changes;
    plans.remove('p');
    assert.deepEqual(waiting(), []);
    assert.ok(changes > before);
  });

  it('announces a failed task, and a stalled worker as the stall detection reports it', async () => {
    plans.write('p', EXECUTING('🔄 in progress'));
    create();
    await startUp();
    assert.deepEqual(waiting(), []);

    // The plan's text does not change: the stall alone makes it need the user.
    stalls.set(plans.uri('p'), ['a-1']);
    assert.deepEqual(waiting(), [['p.md', 'workerStalled']]);
    assert.deepEqual(announced(), [['p.md', 'workerStalled']]);
    assert.deepEqual(entered[0]!.attention.taskIds, ['a-1']);
    stalls.set(plans.uri('p'), []);
    assert.deepEqual(waiting(), [], 'output again: the stall is over');

    plans.write('p', EXECUTING('❌ failed'));
    assert.deepEqual(announced().at(-1), ['p.md', 'taskFailed']);
    assert.match(entered.at(-1)!.attention.summary, /a-1 failed/);
  });
});
