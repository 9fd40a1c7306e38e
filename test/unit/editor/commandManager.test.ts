// The command manager with no editor: the needs a command declares in the
// table (a trusted workspace, a plan, git, a task) are checked once, in that
// order, each refused with its one message naming the command and the handler
// not run; what they resolved is handed to the handler; an error a handler
// throws is logged with its stack and shown once, naming the command.
import { commands, fake, Uri, workspace } from './vscode';
import { after, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { needing, registerCommands, type CommandTable } from '../../../src/editor/commandManager';
import type { CommandTarget } from '../../../src/editor/commandTarget';
import type { PlanEntry } from '../../../src/editor/services/planStore';
import { parsePlan } from '../../../src/plan/read/parse';
import { fixture } from '../fixtures';

const TITLES: Record<string, string> = {
  runWorker: 'Run Worker',
  runWorkerWithPrompt: 'Run Worker with Prompt…',
  refresh: 'Refresh Plans',
  setPhaseStatus: 'Set Phase Status…',
  showTimeline: 'Show Plan Timeline',
  recordValidation: 'Record Validation…',
  openRawLog: 'Open Raw Log',
  reviewChanges: 'Review Changes',
  showTaskChanges: 'Show Task Changes',
};
const manifest = { contributes: { commands: Object.entries(TITLES).map(([id, title]) => ({ command: `beadsPlan.${id}`, title, category: 'Beads Plan' })) } };
const context = { extension: { packageJSON: manifest } };

// A plan of three pending tasks; what a document holds is read afresh, the store's copy may be older.
const TEXT = fixture('real/PLAN-v3.md');
const [T1, T2, T3] = parsePlan(TEXT).tasks.map((t) => t.id) as [string, string, string];

const root = realpathSync(mkdtempSync(join(tmpdir(), 'beads-commands-')));
after(() => rmSync(root, { recursive: true, force: true }));
const repo = join(root, 'repo');
mkdirSync(join(repo, '.beads'), { recursive: true });
execFileSync('git', ['init', '-q', repo]);
mkdirSync(join(root, 'plain', '.beads'), { recursive: true });

const entryAt = (path: string): PlanEntry => ({ uri: Uri.file(path) as never, folder: undefined, mtime: 0, plan: parsePlan(''), text: '' });
const IN_REPO = entryAt(join(repo, '.beads', 'PLAN.md'));
const PLAIN = entryAt(join(root, 'plain', '.beads', 'PLAN.md'));

/** What a handler was handed: the target, and the names of what its needs resolved. */
interface Call {
  readonly command: string;
  readonly target: CommandTarget;
  readonly given: Record<string, unknown>;
}

describe('registerCommands', () => {
  const calls: Call[] = [];
  const logged: unknown[][] = [];
  const plans: PlanEntry[] = [];
  const services = {
    log: { error: (...args: unknown[]) => logged.push(args), show() {} },
    store: {
      list: () => plans,
      get: (uri: Uri) => plans.find((e) => e.uri.toString() === uri.toString()),
      label: (e: PlanEntry) => e.uri.fsPath,
    },
    tree: {},
    view: { selection: [] },
  };
  const record = (command: string) => (target: CommandTarget, _s: unknown, given: unknown) => void calls.push({ command, target, given: given as Record<string, unknown> });
  const ready = (t: { id: string }) => t.id === T3;
  const table = {
    'beadsPlan.runWorker': needing({ trusted: 'starts a worker process', task: { always: true, first: ready, offers: () => (t) => t.id !== T2 } }, record('runWorker')),
    'beadsPlan.refresh': () => {
      throw new Error('the disk is gone');
    },
    'beadsPlan.setPhaseStatus': needing({ plan: true }, record('setPhaseStatus')),
    'beadsPlan.showTimeline': needing({ plan: true }, record('showTimeline')),
    'beadsPlan.recordValidation': needing({ task: { step: '(step 1 of 6)' } }, record('recordValidation')),
    'beadsPlan.openRawLog': needing({ task: { offers: () => () => false } }, record('openRawLog')),
    'beadsPlan.reviewChanges': needing({ trusted: 'runs git in the workspace', git: true }, record('reviewChanges')),
    'beadsPlan.showTaskChanges': needing({ task: {}, git: true }, record('showTaskChanges')),
  } as unknown as CommandTable;
  const disposables = registerCommands(context as never, table, services as never);

  beforeEach(() => {
    fake.reset();
    workspace.isTrusted = true;
    calls.length = 0;
    logged.length = 0;
    plans.length = 0;
  });

  /** One plan (or those given) in the store, each document reading TEXT. */
  const withPlans = (...entries: PlanEntry[]) => {
    plans.push(...entries);
    for (const e of entries) fake.documents.set(e.uri.toString(), TEXT);
  };
  const lens = (entry: PlanEntry, taskId?: string) => ({ uri: entry.uri, ...(taskId !== undefined ? { taskId } : {}) });
  const ran = () => calls.map((c) => c.command);

  describe('a trusted workspace', () => {
    it('runs a command that needs trust in a trusted workspace', async () => {
      withPlans(IN_REPO);
      await commands.executeCommand('beadsPlan.runWorker', lens(IN_REPO, T1));
      assert.deepEqual(ran(), ['runWorker']);
      assert.deepEqual(fake.messages, []);
    });

    it('refuses it in Restricted Mode with the one message, before any other need, and runs nothing', async () => {
      workspace.isTrusted = false;
      await commands.executeCommand('beadsPlan.runWorker');
      await commands.executeCommand('beadsPlan.reviewChanges');
      assert.deepEqual(ran(), []);
      assert.deepEqual(fake.picks, []);
      assert.deepEqual(fake.messages, [
        { kind: 'warning', text: 'Beads Plan: Run Worker is disabled in Restricted Mode: it starts a worker process. Trust this workspace to use it.' },
        { kind: 'warning', text: 'Beads Plan: Review Changes is disabled in Restricted Mode: it runs git in the workspace. Trust this workspace to use it.' },
      ]);
    });

    it("the message's Manage Workspace Trust opens the editor's trust settings", async () => {
      workspace.isTrusted = false;
      const offered: string[][] = [];
      fake.button = (_text, buttons) => {
        offered.push([...buttons]);
        return buttons[0];
      };
      await commands.executeCommand('beadsPlan.runWorker');
      // The button's answer arrives after the command has returned: a condition, polled a bounded number of turns.
      const managed = () => fake.commands.some((c) => c.id === 'workbench.trust.manage');
      for (let turn = 0; turn < 100 && !managed(); turn++) await new Promise<void>((resolve) => setImmediate(resolve));
      assert.ok(managed(), 'workbench.trust.manage ran');
      assert.deepEqual(offered, [['Manage Workspace Trust']]);
      assert.deepEqual(ran(), []);
    });

    it('is not asked of a command that does not declare it', async () => {
      workspace.isTrusted = false;
      withPlans(IN_REPO);
      await commands.executeCommand('beadsPlan.showTimeline');
      assert.deepEqual(ran(), ['showTimeline']);
    });
  });

  describe('a plan', () => {
    it('none in the workspace: the one message, naming the command, and nothing runs', async () => {
      await commands.executeCommand('beadsPlan.showTimeline');
      await commands.executeCommand('beadsPlan.setPhaseStatus');
      assert.deepEqual(ran(), []);
      assert.deepEqual(fake.messages, [
        { kind: 'warning', text: 'No Beads Work Plan found in this workspace (plans are looked for under the globs of the beadsPlan.planGlobs setting). Beads Plan: Show Plan Timeline needs a plan.' },
        { kind: 'warning', text: 'No Beads Work Plan found in this workspace (plans are looked for under the globs of the beadsPlan.planGlobs setting). Beads Plan: Set Phase Status… needs a plan.' },
      ]);
    });

    it('a target naming a plan the store no longer has: the one message, and nothing runs', async () => {
      withPlans(IN_REPO);
      await commands.executeCommand('beadsPlan.showTimeline', lens(PLAIN));
      assert.deepEqual(ran(), []);
      assert.deepEqual(fake.messages, [{ kind: 'warning', text: `${PLAIN.uri.fsPath} is no longer a Beads Work Plan the extension knows. Beads Plan: Show Plan Timeline needs a plan.` }]);
    });

    it('the only plan: handed over with its text as the document reads now, parsed', async () => {
      withPlans(IN_REPO);
      await commands.executeCommand('beadsPlan.showTimeline');
      assert.deepEqual(ran(), ['showTimeline']);
      const given = calls[0]!.given;
      assert.equal(given.entry, IN_REPO);
      assert.equal(given.text, TEXT);
      assert.deepEqual((given.plan as { tasks: Array<{ id: string }> }).tasks.map((t) => t.id), [T1, T2, T3]);
      assert.deepEqual(fake.picks, []);
    });

    it("several plans: the user picks one in a picker titled with the command's name", async () => {
      withPlans(IN_REPO, PLAIN);
      fake.answer = () => PLAIN.uri.fsPath;
      await commands.executeCommand('beadsPlan.setPhaseStatus');
      assert.deepEqual(fake.picks, [{ title: 'Set Phase Status', labels: [IN_REPO.uri.fsPath, PLAIN.uri.fsPath] }]);
      assert.equal(calls[0]?.given.entry, PLAIN);
    });

    it('a pick cancelled: nothing runs, and nothing is said', async () => {
      withPlans(IN_REPO, PLAIN);
      await commands.executeCommand('beadsPlan.setPhaseStatus');
      assert.equal(fake.picks.length, 1);
      assert.deepEqual(ran(), []);
      assert.deepEqual(fake.messages, []);
    });
  });

  describe('a task', () => {
    it('the task the target names, handed over with its plan', async () => {
      withPlans(IN_REPO);
      await commands.executeCommand('beadsPlan.recordValidation', lens(IN_REPO, T2));
      assert.deepEqual(fake.picks, [], 'a named task is not asked for');
      assert.equal((calls[0]?.given.task as { id: string }).id, T2);
      assert.equal(calls[0]?.given.entry, IN_REPO);
    });

    it('a named task no longer in the plan: the one message, and nothing runs', async () => {
      withPlans(IN_REPO);
      await commands.executeCommand('beadsPlan.recordValidation', lens(IN_REPO, 'gone-1'));
      await commands.executeCommand('beadsPlan.runWorker', lens(IN_REPO, 'gone-1'));
      assert.deepEqual(ran(), []);
      assert.deepEqual(fake.messages, [
        { kind: 'warning', text: 'Task gone-1 is no longer in the plan. Beads Plan: Record Validation… needs a task.' },
        { kind: 'warning', text: 'Task gone-1 is no longer in the plan. Beads Plan: Run Worker needs a task.' },
      ]);
    });

    it('no task the command offers: the one message, and nothing runs', async () => {
      withPlans(IN_REPO);
      await commands.executeCommand('beadsPlan.openRawLog');
      assert.deepEqual(ran(), []);
      assert.deepEqual(fake.picks, []);
      assert.deepEqual(fake.messages, [{ kind: 'warning', text: 'The plan has no task it can act on. Beads Plan: Open Raw Log needs a task.' }]);
    });

    it('none named: the offered tasks in a picker, the first ones first, its title the step', async () => {
      withPlans(IN_REPO);
      fake.answer = (pick) => pick.labels[0];
      await commands.executeCommand('beadsPlan.runWorker');
      await commands.executeCommand('beadsPlan.recordValidation');
      assert.deepEqual(fake.picks, [
        { title: 'Run Worker: which task?', labels: [T3, T1] },
        { title: 'Record Validation: which task? (step 1 of 6)', labels: [T1, T2, T3] },
      ]);
      assert.deepEqual(calls.map((c) => (c.given.task as { id: string }).id), [T3, T1]);
    });

    it('always asked when the spec says so, even for the only task offered; cancelled, nothing runs', async () => {
      withPlans(IN_REPO);
      const only = needing({ task: { always: true, offers: () => (t) => t.id === T1 } }, record('runWorkerWithPrompt'));
      const once = registerCommands(context as never, { 'beadsPlan.runWorkerWithPrompt': only } as unknown as CommandTable, services as never);
      try {
        await commands.executeCommand('beadsPlan.runWorkerWithPrompt');
      } finally {
        for (const d of once) d.dispose();
      }
      assert.deepEqual(fake.picks, [{ title: 'Run Worker with Prompt: which task?', labels: [T1] }]);
      assert.deepEqual(ran(), []);
    });
  });

  describe('git', () => {
    it('the plan outside a git work tree: the one message, before any task is asked for, and nothing runs', async () => {
      withPlans(PLAIN);
      await commands.executeCommand('beadsPlan.reviewChanges');
      await commands.executeCommand('beadsPlan.showTaskChanges', lens(PLAIN));
      assert.deepEqual(ran(), []);
      assert.deepEqual(fake.picks, []);
      const outside = `${join(root, 'plain', '.beads')} is not inside a git repository (or has no work tree).`;
      assert.deepEqual(fake.messages, [
        { kind: 'warning', text: `${outside} Beads Plan: Review Changes needs a git repository.` },
        { kind: 'warning', text: `${outside} Beads Plan: Show Task Changes needs a git repository.` },
      ]);
    });

    it('in a work tree: the command runs, with the plan and the task', async () => {
      withPlans(IN_REPO);
      await commands.executeCommand('beadsPlan.showTaskChanges', lens(IN_REPO, T1));
      assert.deepEqual(fake.messages, []);
      assert.equal((calls[0]?.given.task as { id: string }).id, T1);
      assert.equal(calls[0]?.given.entry, IN_REPO);
    });
  });

  describe('the target', () => {
    it('is handed over with where it came from', async () => {
      withPlans(IN_REPO);
      await commands.executeCommand('beadsPlan.showTimeline', lens(IN_REPO));
      await commands.executeCommand('beadsPlan.showTimeline');
      assert.deepEqual(calls.map((c) => c.target.source), ['lens', 'palette']);
    });
  });

  describe('errors', () => {
    it('logs a failure with its stack and shows it once, naming the command', async () => {
      await commands.executeCommand('beadsPlan.refresh');
      assert.deepEqual(fake.messages, [{ kind: 'error', text: 'Beads Plan: Refresh Plans failed: the disk is gone' }]);
      assert.equal(logged.length, 1);
      assert.ok(logged[0]![1] instanceof Error, 'the error itself, with its stack, goes to the log');
    });

    it('a need that fails to resolve is reported the same way, once, and nothing runs', async () => {
      plans.push(IN_REPO); // in the store, but its document cannot be read
      await commands.executeCommand('beadsPlan.showTimeline');
      assert.deepEqual(ran(), []);
      assert.deepEqual(fake.messages, [{ kind: 'error', text: `Beads Plan: Show Plan Timeline failed: cannot open ${IN_REPO.uri.toString()}` }]);
      assert.equal(logged.length, 1);
    });
  });

  it('unregisters with its disposables', async () => {
    for (const d of disposables) d.dispose();
    withPlans(IN_REPO);
    await commands.executeCommand('beadsPlan.showTimeline');
    assert.deepEqual(ran(), []);
  });
});
