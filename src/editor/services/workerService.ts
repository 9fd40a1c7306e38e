// Runs a worker for a task and records it in the plan: in progress with a
// worker name and a log line, the process (src/process), then done, failed or
// cancelled with the duration. Holds which workers run, and their output
// channels. What the user sees of it (pickers, progress, messages) is in
// ../commands/workers.ts.
import * as vscode from 'vscode';
import type { Task } from '../../plan/model';
import { appendLog, combine, setTaskCells } from '../../plan/edit';
import { findTask, parsePlan } from '../../plan/parse';
import { expandCommand, optionFromPlaceholder, taskVars } from '../../process/command';
import { formatDuration, killAllWorkers, runProcess, type RunResult } from '../../process/run';
import { Disposable } from '../util/dispose';
import { ResourceMap } from '../util/resourceMap';
import { setting } from '../settings';
import type { TreeState } from '../views/planTree';
import type { ApplyOutcome, PlanWriter } from './planWriter';

interface Running {
  readonly started: number;
  readonly abort: AbortController;
}

/** How one worker run ended, and whether the plan says so. */
export interface WorkerRun {
  readonly taskId: string;
  readonly result: RunResult;
  /** `done in 6.1 s`, `cancelled after 2 s`, `failed: exited with code 1 (3 s)`. */
  readonly outcome: string;
  /** The plan edit that recorded the outcome; not ok when the plan could not be updated. */
  readonly recorded: ApplyOutcome;
}

export type StartResult = { readonly ok: true; readonly run: Promise<WorkerRun> } | { readonly ok: false; readonly reason: string };

function workerName(task: Task): string {
  return `worker-${task.id.split(/[-.]/).pop() ?? task.id}`;
}

/** Where a worker's output goes: an output channel, or a terminal that only shows it. */
type Sink = Pick<vscode.OutputChannel, 'append' | 'appendLine' | 'show' | 'dispose'> & { readonly closed?: boolean };

export class WorkerService extends Disposable implements TreeState {
  private readonly live = new ResourceMap<Map<string, Running>>();
  private readonly channels = new Map<string, Sink>();
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** Fires when a plan's set of running workers changes, and every second while any runs. */
  readonly onDidChange = this.changed.event;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly writer: PlanWriter,
    private readonly currentText: (uri: vscode.Uri) => Promise<string>,
  ) {
    super();
    this._register({ dispose: () => this.stopTicker() });
    this._register({ dispose: () => void this.stopAll() });
    this._register({ dispose: () => this.channels.forEach((c) => c.dispose()) });
  }

  running(uri: vscode.Uri): ReadonlyMap<string, number> {
    return new Map([...(this.live.get(uri) ?? [])].map(([id, r]) => [id, r.started]));
  }

  isRunning(uri: vscode.Uri, taskId: string): boolean {
    return this.live.get(uri)?.has(taskId) === true;
  }

  /** Every running worker, for a picker. */
  allRunning(): Array<{ readonly uri: vscode.Uri; readonly taskId: string }> {
    return [...this.live].flatMap(([uri, runs]) => [...runs.keys()].map((taskId) => ({ uri, taskId })));
  }

  /**
   * Marks the task in progress (a failed task's rerun counts a respawn) and
   * starts its worker. Not started when the plan cannot be updated: a worker
   * the plan does not show as running would be invisible.
   */
  async start(uri: vscode.Uri, taskId: string): Promise<StartResult> {
    if (this.isRunning(uri, taskId)) return { ok: false, reason: `a worker is already running for ${taskId}` };
    const task = findTask(parsePlan(await this.currentText(uri)).tasks, taskId);
    if (!task) return { ok: false, reason: `task ${taskId} is no longer in the plan` };
    const fenced = optionFromPlaceholder(setting('worker.command', uri), taskVars(task, uri.fsPath, folderOf(uri)), task.id);
    if (fenced) return { ok: false, reason: fenced };
    const started = await this.writer.apply(uri, (text) =>
      combine(
        text,
        (t) => setTaskCells(t, task.id, { status: 'in_progress', worker: workerName(task), ...(task.status === 'failed' ? { respawns: '+1' as const } : {}) }),
        (t) => appendLog(t, `Worker started for ${task.id}`, new Date()),
      ),
    );
    if (!started.ok) return { ok: false, reason: started.reason };
    const abort = new AbortController();
    this.track(uri, task.id, { started: Date.now(), abort });
    const run = this.execute(uri, task, abort.signal).then(async (result) => {
      this.untrack(uri, task.id);
      return this.record(uri, task.id, result);
    });
    return { ok: true, run };
  }

  /** Stops a task's worker (its whole process group). */
  cancel(uri: vscode.Uri, taskId: string): boolean {
    const run = this.live.get(uri)?.get(taskId);
    run?.abort.abort();
    return run !== undefined;
  }

  showOutput(taskId: string): void {
    this.channel(taskId).show(true);
  }

  private async execute(uri: vscode.Uri, task: Task, signal: AbortSignal): Promise<RunResult> {
    const folder = folderOf(uri);
    const command = expandCommand(setting('worker.command', uri), taskVars(task, uri.fsPath, folder));
    const cwdSetting = setting('worker.cwd', uri);
    const cwd = cwdSetting ? expandCommand([cwdSetting], { workspaceFolder: folder })[0]! : folder;
    const channel = this.channel(task.id);
    channel.appendLine(`$ ${command.map((a) => JSON.stringify(a)).join(' ')}    (in ${cwd})`);
    const result = await runProcess({
      command,
      cwd,
      env: setting('worker.env', uri),
      timeoutMs: setting('worker.timeoutMinutes', uri) * 60_000,
      signal,
      onOutput: (chunk) => channel.append(chunk),
    });
    channel.appendLine(`→ ${result.message} (${formatDuration(result.durationMs)})`);
    return result;
  }

  private async record(uri: vscode.Uri, taskId: string, result: RunResult): Promise<WorkerRun> {
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
    if (!recorded.ok) this.channel(taskId).appendLine(`The plan could not be updated (${recorded.reason}); the outcome is kept here: ${outcome}`);
    return { taskId, result, outcome, recorded };
  }

  private channel(taskId: string): Sink {
    let channel = this.channels.get(taskId);
    if (!channel || channel.closed) {
      const name = `Beads Worker: ${taskId}`;
      channel = setting('worker.showOutputIn') === 'terminal' ? terminalSink(name) : vscode.window.createOutputChannel(name);
      this.channels.set(taskId, channel);
    }
    return channel;
  }

  private track(uri: vscode.Uri, taskId: string, run: Running): void {
    let runs = this.live.get(uri);
    if (!runs) this.live.set(uri, (runs = new Map()));
    runs.set(taskId, run);
    this.changed.fire(uri);
    // The tree shows elapsed time: tick while anything runs.
    this.ticker ??= setInterval(() => {
      for (const key of this.live.keys()) this.changed.fire(key);
    }, 1000);
  }

  private untrack(uri: vscode.Uri, taskId: string): void {
    const runs = this.live.get(uri);
    runs?.delete(taskId);
    if (runs?.size === 0) this.live.delete(uri);
    if (this.live.size === 0) this.stopTicker();
    this.changed.fire(uri);
  }

  private stopTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
  }

  /** Kills every worker (process groups included); deactivate waits for it. */
  stopAll(): Promise<void> {
    for (const runs of this.live.values()) for (const r of runs.values()) r.abort.abort();
    return killAllWorkers();
  }
}

function folderOf(uri: vscode.Uri): string {
  return vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? vscode.Uri.joinPath(uri, '..').fsPath;
}

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
