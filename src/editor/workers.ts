// Runs workers for tasks: one, or every ready task in the order the Conflict
// Matrix allows. The process work is src/process; the order is
// src/plan/schedule; this file records progress in the plan and shows it.
import * as vscode from 'vscode';
import type { Plan, Task } from '../plan/model';
import { appendLog, combine, setPhase, setTaskCells } from '../plan/edit';
import { findTask, parsePlan } from '../plan/parse';
import { filesOfPlan, nextRunnable, notStarted, planBatches, type RunState } from '../plan/schedule';
import { DEFAULT_WORKER_COMMAND, expandCommand, taskVars } from '../process/command';
import { formatDuration, killAllWorkers, runProcess, type RunResult } from '../process/run';
import type { PlanStore } from './planStore';
import type { PlanWriter } from './planWriter';
import type { TreeState } from './tree/planTree';
import { setting } from './config';
import { planUri } from './tree/planTree';
import { currentText, pickTask, resolveTarget, type CommandArg } from './commands/target';

interface Running {
  readonly started: number;
  readonly abort: AbortController;
}

const UNTRUSTED = 'Running workers is disabled in Restricted Mode: a worker starts a process. Trust this workspace to run workers.';

/** A task a worker may start for: not finished and not in progress. */
function isReady(t: Task): boolean {
  return t.status === 'pending' || t.status === 'failed' || t.status === 'blocked';
}

function workerName(task: Task): string {
  return `worker-${task.id.split(/[-.]/).pop() ?? task.id}`;
}

export class WorkerService implements vscode.Disposable, TreeState {
  private readonly live = new Map<string, Map<string, Running>>();
  private readonly channels = new Map<string, Sink>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when a plan's set of running workers changes, and every second while any runs. */
  readonly onDidChange = this.changed.event;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly store: PlanStore,
    private readonly writer: PlanWriter,
  ) {}

  running(uri: vscode.Uri): ReadonlyMap<string, number> {
    const runs = this.live.get(uri.toString());
    return new Map([...(runs ?? [])].map(([id, r]) => [id, r.started]));
  }

  async runWorker(arg: CommandArg): Promise<void> {
    if (!vscode.workspace.isTrusted) return void vscode.window.showWarningMessage(UNTRUSTED);
    const target = await resolveTarget(arg, this.store, 'Run Worker');
    if (!target) return;
    const plan = parsePlan(await currentText(target.uri));
    const live = this.live.get(target.uri.toString());
    const task = target.taskId
      ? findTask(plan.tasks, target.taskId)
      : await pickTask(plan, 'Run Worker: which ready task?', (t) => isReady(t) && !live?.has(t.id));
    if (!task) {
      if (target.taskId) void vscode.window.showErrorMessage(`Task ${target.taskId} is no longer in the plan.`);
      return;
    }
    if (live?.has(task.id)) return void vscode.window.showInformationMessage(`A worker is already running for ${task.id}.`);
    await this.runTask(target.uri, task.id);
  }

  async runAllReady(arg: CommandArg): Promise<void> {
    if (!vscode.workspace.isTrusted) return void vscode.window.showWarningMessage(UNTRUSTED);
    const target = await resolveTarget(arg, this.store, 'Run All Ready Workers');
    if (!target) return;
    const uri = target.uri;
    const plan = parsePlan(await currentText(uri));
    const ready = plan.tasks.filter((t) => t.status === 'pending' && !this.live.get(uri.toString())?.has(t.id));
    if (ready.length === 0) return void vscode.window.showInformationMessage('No task in this plan is ready for a worker.');
    const batches = planBatches(plan, ready.map((t) => t.id));
    const filesOf = filesOfPlan(plan);
    const maxParallel = Math.max(1, setting('worker.maxParallel', 2, uri));
    const state = { running: new Set<string>(), done: new Set<string>(), failed: new Set<string>() };
    const execute = phaseOf(plan, /execute/i, 3);
    if (execute) await this.writer.apply(uri, (text) => setPhase(text, execute.number, { status: 'in_progress' }));
    const inFlight = new Map<string, Promise<void>>();
    for (;;) {
      for (const id of nextRunnable(batches, state satisfies RunState, maxParallel, filesOf)) {
        state.running.add(id);
        inFlight.set(
          id,
          this.runTask(uri, id).then((ok) => {
            state.running.delete(id);
            (ok ? state.done : state.failed).add(id);
            inFlight.delete(id);
          }),
        );
      }
      if (inFlight.size === 0) break;
      await Promise.race(inFlight.values());
    }
    const skipped = notStarted(batches, state);
    const allOk = state.failed.size === 0 && skipped.length === 0;
    const note = allOk
      ? `${state.done.size} workers done`
      : `${state.failed.size} failed: ${[...state.failed].join(', ')}${skipped.length ? `; not started: ${skipped.join(', ')}` : ''}`;
    if (execute)
      await this.writer.applyOrExplain(uri, (text) =>
        combine(
          text,
          (t) => setPhase(t, execute.number, { status: allOk ? 'done' : 'failed', notes: note }),
          (t) => appendLog(t, `Run all ready workers: ${note}`, new Date()),
        ),
      );
    void (allOk ? vscode.window.showInformationMessage(`All ready workers finished: ${note}.`) : vscode.window.showWarningMessage(`Workers: ${note}.`));
  }

  /** Cancels the worker of a task (tree or CodeLens), or one the user picks among those running. */
  async cancel(arg: CommandArg): Promise<void> {
    const live = [...this.live].flatMap(([plan, runs]) => [...runs].map(([id, run]) => ({ plan, id, run })));
    const wanted = arg === undefined ? undefined : 'kind' in arg ? { plan: planUri(arg).toString(), id: arg.taskId } : { plan: arg.uri.toString(), id: arg.taskId };
    let chosen = wanted ? live.filter((w) => w.plan === wanted.plan && (!wanted.id || w.id === wanted.id)) : live;
    if (!wanted && live.length > 1) {
      const pick = await vscode.window.showQuickPick(live.map((w) => ({ label: w.id, w })), { title: 'Cancel which worker?' });
      chosen = pick ? [pick.w] : [];
    }
    if (live.length === 0) void vscode.window.showInformationMessage('No worker is running.');
    for (const w of chosen) w.run.abort.abort();
  }

  /** Runs one worker and records it in the plan; resolves true when the worker succeeded. */
  async runTask(uri: vscode.Uri, taskId: string): Promise<boolean> {
    const plan = parsePlan(await currentText(uri));
    const task = findTask(plan.tasks, taskId);
    if (!task) return false;
    const started = await this.writer.apply(uri, (text) =>
      combine(
        text,
        (t) => setTaskCells(t, task.id, { status: 'in_progress', worker: workerName(task), ...(task.status === 'failed' ? { respawns: '+1' as const } : {}) }),
        (t) => appendLog(t, `Worker started for ${task.id}`, new Date()),
      ),
    );
    if (!started.ok) {
      void vscode.window.showErrorMessage(`The worker for ${task.id} was not started: ${started.reason}`);
      return false;
    }
    const abort = new AbortController();
    this.track(uri, task.id, { started: Date.now(), abort });
    const result = await this.execute(uri, task, abort);
    this.untrack(uri, task.id);
    await this.record(uri, task.id, result);
    return result.outcome === 'success';
  }

  private async execute(uri: vscode.Uri, task: Task, abort: AbortController): Promise<RunResult> {
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? vscode.Uri.joinPath(uri, '..').fsPath;
    const template = setting<string[]>('worker.command', [...DEFAULT_WORKER_COMMAND], uri);
    const command = expandCommand(template, taskVars(task, uri.fsPath, folder));
    const cwdSetting = setting('worker.cwd', '', uri);
    const cwd = cwdSetting ? expandCommand([cwdSetting], { workspaceFolder: folder })[0]! : folder;
    const channel = this.channel(task.id);
    channel.appendLine(`$ ${command.map((a) => JSON.stringify(a)).join(' ')}    (in ${cwd})`);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Worker for ${task.id}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        progress.report({ message: task.title });
        const result = await runProcess({
          command,
          cwd,
          env: setting<Record<string, string>>('worker.env', {}, uri),
          timeoutMs: setting('worker.timeoutMinutes', 30, uri) * 60_000,
          signal: abort.signal,
          onOutput: (chunk) => channel.append(chunk),
        });
        channel.appendLine(`→ ${result.message} (${formatDuration(result.durationMs)})`);
        return result;
      },
    );
  }

  private async record(uri: vscode.Uri, taskId: string, result: RunResult): Promise<void> {
    const duration = formatDuration(result.durationMs);
    const ok = result.outcome === 'success';
    const outcome = ok ? `done in ${duration}` : result.outcome === 'cancelled' ? `cancelled after ${duration}` : `failed: ${result.message} (${duration})`;
    const recorded = await this.writer.apply(uri, (text) =>
      combine(
        text,
        (t) => setTaskCells(t, taskId, result.outcome === 'cancelled' ? { statusText: '⏹ cancelled' } : { status: ok ? 'done' : 'failed' }),
        (t) => appendLog(t, `Worker for ${taskId} ${outcome}`, new Date()),
      ),
    );
    const channel = this.channel(taskId);
    if (!recorded.ok) channel.appendLine(`The plan could not be updated (${recorded.reason}); the outcome is kept here: ${outcome}`);
    if (ok) void vscode.window.showInformationMessage(`Worker for ${taskId} ${outcome}.`);
    else if (result.outcome !== 'cancelled')
      void vscode.window.showErrorMessage(`Worker for ${taskId} ${outcome}.`, 'Show Output').then((choice) => choice && channel.show(true));
  }

  private channel(taskId: string): Sink {
    let channel = this.channels.get(taskId);
    if (!channel || channel.closed) {
      const name = `Beads Worker: ${taskId}`;
      channel = setting<string>('worker.showOutputIn', 'outputChannel') === 'terminal' ? terminalSink(name) : vscode.window.createOutputChannel(name);
      this.channels.set(taskId, channel);
    }
    return channel;
  }

  private track(uri: vscode.Uri, taskId: string, run: Running): void {
    const key = uri.toString();
    if (!this.live.has(key)) this.live.set(key, new Map());
    this.live.get(key)!.set(taskId, run);
    this.changed.fire(uri);
    // The tree shows elapsed time: tick while anything runs.
    this.ticker ??= setInterval(() => {
      for (const k of this.live.keys()) this.changed.fire(vscode.Uri.parse(k));
    }, 1000);
  }

  private untrack(uri: vscode.Uri, taskId: string): void {
    const key = uri.toString();
    this.live.get(key)?.delete(taskId);
    if (this.live.get(key)?.size === 0) this.live.delete(key);
    if (this.live.size === 0 && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
    this.changed.fire(uri);
  }

  /** Kills every worker (process groups included); deactivate waits for it. */
  stopAll(): Promise<void> {
    for (const live of this.live.values()) for (const r of live.values()) r.abort.abort();
    return killAllWorkers();
  }

  dispose(): void {
    if (this.ticker) clearInterval(this.ticker);
    void this.stopAll();
    for (const c of this.channels.values()) c.dispose();
    this.changed.dispose();
  }
}

/** Where a worker's output goes: an output channel, or a terminal that only shows it. */
type Sink = Pick<vscode.OutputChannel, 'append' | 'appendLine' | 'show' | 'dispose'> & { readonly closed?: boolean };

function terminalSink(name: string): Sink {
  const write = new vscode.EventEmitter<string>();
  let opened = false;
  let closed = false;
  const backlog: string[] = [];
  const send = (text: string) => (opened ? write.fire(text.replace(/\r?\n/g, '\r\n')) : backlog.push(text));
  const terminal = vscode.window.createTerminal({
    name,
    pty: {
      onDidWrite: write.event,
      open: () => {
        opened = true;
        for (const text of backlog.splice(0)) send(text);
      },
      close: () => {
        closed = true;
      },
    },
  });
  return {
    append: send,
    appendLine: (text) => send(`${text}\n`),
    show: () => terminal.show(true),
    dispose: () => {
      terminal.dispose();
      write.dispose();
    },
    get closed() {
      return closed;
    },
  };
}

function phaseOf(plan: Plan, name: RegExp, number: number) {
  return plan.phases.find((p) => name.test(p.name)) ?? plan.phases.find((p) => p.number === number);
}
