// Runs a worker for a task and records it in the plan: in progress with a
// worker name and a log line, the process (src/process), then done, failed or
// cancelled with the duration and, for Claude Code, its turns, cost and
// session. Holds what each running worker is doing (its current step, read
// from its stream-json output; whether it has gone silent), its output
// channel, and its raw output in a log file under the extension's storage.
// A `claude` worker runs in Claude Code's sandbox as beadsPlan.worker.sandbox
// says (src/process/sandbox.ts), and every worker's run is bracketed by a
// check of the repository's git state (./gitWatch.ts): a run that changed git
// ends failed, saying what changed. Run All runs a plan's tasks in the order
// src/plan/rules/schedule.ts gives. What the user sees of it (pickers,
// progress, messages) is in ../commands/workers.ts.
import * as vscode from 'vscode';
import * as windowApis from '../common/window.apis';
import * as workspaceApis from '../common/workspace.apis';
import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plan, Task } from '../../plan/model';
import { appendLog, combine, setTaskCells } from '../../plan/write/edit';
import type { WorkerActivity } from '../../plan/present/outline';
import { parsePlan } from '../../plan/read/parse';
import { findTask } from '../../plan/read/taskIds';
import { filesOfPlan, nextRunnable, notStarted, planBatches } from '../../plan/rules/schedule';
import { renderTaskBrief, taskBrief } from '../../plan/present/taskBrief';
import { outcomeText, workerEndedLine, workerResumedLine, workerStartedLine, type RunFacts, type WorkerEnd, workerRuns } from '../../plan/formats/workerLog';
import { isClaudeCode, promptIndex, resumeCommand, withClaudeOptions } from '../../process/claude';
import { decideSandbox, sandboxSettings, sandboxSupport, withSettings } from '../../process/sandbox';
import { changeReason, gitDirs } from '../../git/state';
import { expandCommand, optionFromPlaceholder, taskVars, type Placeholder } from '../../process/command';
import { killAllWorkers, runProcess, type OutputStream, type RunResult } from '../../process/run';
import { StreamJsonReader, type ReadItem, type ResultEvent } from '../../process/streamJson';
import { resultVerdict, stepLabel, transcriptLines } from '../../process/transcript';
import { errorMessage } from '../../util/errors';
import { Disposable } from '../util/dispose';
import { ResourceMap } from '../util/resourceMap';
import { setting } from '../settings';
import type { ApplyOutcome, PlanWriter } from './planWriter';
import { formatDuration } from '../../plan/formats/duration';
import type { GitFinding, GitWatch } from './gitWatch';
import type { GitWatchRun } from '../../git/baselines';

/** How many steps a running task's tooltip lists, and how many raw logs a task keeps. */
const RECENT_STEPS = 5;
/** Worker output channels kept open at most (more only while that many workers run). */
export const MAX_CHANNELS = 4;
const RAW_LOGS_KEPT = 5;
const NO_PROMPT = 'the worker command (beadsPlan.worker.command) has no prompt argument after -p';

interface Running {
  readonly started: number;
  readonly abort: AbortController;
  /** How long silence makes the worker stalled. */
  readonly stallMs: number;
  lastOutput: number;
  stalled: boolean;
  step?: string;
  readonly recent: string[];
  sessionId?: string;
  result?: ResultEvent;
}

/** How one worker run ended, and whether the plan says so. */
export interface WorkerRun {
  readonly taskId: string;
  readonly ended: WorkerEnd['outcome'];
  /** `done in 6.1 s`, `cancelled after 2 s`, `failed: exited with code 1 (3 s)`. */
  readonly outcome: string;
  readonly facts: RunFacts;
  /** The plan edit that recorded the outcome; not ok when the plan could not be updated. */
  readonly recorded: ApplyOutcome;
  /** The run changed git: what, recorded against the plan (it failed for it). */
  readonly gitChanged?: GitFinding;
}

export interface StartOptions {
  /** This run's prompt, in place of the template's (Run Worker with Prompt…). */
  readonly prompt?: string;
  /** A Claude Code session to resume instead of starting afresh. */
  readonly resume?: string;
}

export type StartResult = { readonly ok: true; readonly run: Promise<WorkerRun> } | { readonly ok: false; readonly reason: string };

/** How a Run All went, in task ids: ended done; ended otherwise (failed, cancelled, or refused at the start); never started. */
export interface RunAllOutcome {
  readonly done: readonly string[];
  readonly failed: readonly string[];
  readonly notStarted: readonly string[];
}

/** Hears of each start Run All makes, as it happens; the task counts as finished once the returned promise settles too. */
export type FollowStart = (taskId: string, started: StartResult) => PromiseLike<unknown> | undefined;

interface Stall {
  readonly uri: vscode.Uri;
  readonly taskId: string;
  readonly silentMs: number;
}

function workerName(task: Task): string {
  return `worker-${task.id.split(/[-.]/).pop() ?? task.id}`;
}

/** Where a worker's output goes: an output channel, or a terminal that only shows it. */
type Sink = Pick<vscode.OutputChannel, 'append' | 'appendLine' | 'show' | 'dispose'> & { readonly closed?: boolean };

/** What the views read of the running workers: which tasks run, per plan, and what each is doing. */
export interface RunningWorkers {
  running(uri: vscode.Uri): ReadonlyMap<string, WorkerActivity>;
  readonly onDidChange: vscode.Event<vscode.Uri>;
}

export class WorkerService extends Disposable implements RunningWorkers {
  private readonly live = new ResourceMap<Map<string, Running>>();
  private readonly channels = new Map<string, Sink>();
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** Fires when a plan's running workers change (started, ended, a new step, stalled), and every second while any runs. */
  readonly onDidChange = this.changed.event;
  private readonly stalls = this._register(new vscode.EventEmitter<Stall>());
  /** Fires once each time a worker goes silent for `beadsPlan.worker.stallMinutes`. */
  readonly onDidStall = this.stalls.event;
  private readonly stallChanges = this._register(new vscode.EventEmitter<vscode.Uri>());
  /** Fires when a plan's set of stalled workers changes (a stall begins, clears, or its run ends). */
  readonly onDidChangeStalls = this.stallChanges.event;
  private readonly notices = this._register(new vscode.EventEmitter<string>());
  /** Fires once a session with each warning about how workers run (no sandbox here). */
  readonly onDidNotice = this.notices.event;
  private readonly noticed = new Set<string>();
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly writer: PlanWriter,
    private readonly currentText: (uri: vscode.Uri) => Promise<string>,
    /** Where raw logs are kept: the extension's workspace storage, never the repository. */
    private readonly storage: vscode.Uri,
    private readonly gitWatch: GitWatch,
    /** Claude Code's `--mcp-config` that gives a worker the beads-plan MCP server. */
    private readonly mcpConfig: () => string,
  ) {
    super();
    this._register({ dispose: () => this.stopTicker() });
    this._register({ dispose: () => void this.stopAll() });
    this._register({ dispose: () => this.channels.forEach((c) => c.dispose()) });
  }

  running(uri: vscode.Uri): ReadonlyMap<string, WorkerActivity> {
    return new Map(
      [...(this.live.get(uri) ?? [])].map(([id, r]) => [
        id,
        { started: r.started, recent: [...r.recent], ...(r.step ? { step: r.step } : {}), ...(r.stalled ? { silentSince: r.lastOutput } : {}) },
      ]),
    );
  }

  isRunning(uri: vscode.Uri, taskId: string): boolean {
    return this.live.get(uri)?.has(taskId) === true;
  }

  /** Every running worker, for a picker. */
  allRunning(): Array<{ readonly uri: vscode.Uri; readonly taskId: string }> {
    return [...this.live].flatMap(([uri, runs]) => [...runs.keys()].map((taskId) => ({ uri, taskId })));
  }

  /** The prompt a task's worker would get (the argument after `-p`), for editing before a run. */
  async prompt(uri: vscode.Uri, taskId: string): Promise<{ readonly prompt: string } | { readonly reason: string }> {
    const text = await this.currentText(uri);
    const plan = parsePlan(text);
    const task = findTask(plan.tasks, taskId);
    if (!task) return { reason: `task ${taskId} is no longer in the plan` };
    const command = expandCommand(setting('worker.command', uri), this.vars(uri, text, plan, task));
    const at = promptIndex(command);
    return at === undefined ? { reason: NO_PROMPT } : { prompt: command[at]! };
  }

  /** The Claude Code session the task's last run recorded (by the plan's Execution Log). */
  async sessionOf(uri: vscode.Uri, taskId: string): Promise<string | undefined> {
    return workerRuns(parsePlan(await this.currentText(uri)).log).get(taskId)?.sessionId;
  }

  /**
   * Marks the task in progress (a failed task's rerun or resume counts a
   * respawn) and starts its worker. Not started when the plan cannot be
   * updated: a worker the plan does not show as running would be invisible.
   */
  async start(uri: vscode.Uri, taskId: string, opts: StartOptions = {}): Promise<StartResult> {
    const started = await this.tryStart(uri, taskId, opts);
    // The refusal joins the task's output, so that the message's Show Output has it.
    if (!started.ok) this.channel(taskId).appendLine(`The worker was not started: ${started.reason}`);
    return started;
  }

  /**
   * Runs a worker for each of `taskIds` in the order src/plan/rules/schedule.ts
   * gives: the Conflict Matrix's batches one after another, never two tasks
   * that share a file at once, at most `maxParallel` at a time, and no later
   * batch once a task has failed. `follow` is how the user watches each start.
   */
  async runAll(uri: vscode.Uri, plan: Plan, taskIds: readonly string[], maxParallel: number, follow?: FollowStart): Promise<RunAllOutcome> {
    const batches = planBatches(plan, taskIds);
    const filesOf = filesOfPlan(plan);
    const state = { running: new Set<string>(), done: new Set<string>(), failed: new Set<string>() };
    const inFlight = new Map<string, Promise<void>>();
    const runOne = async (id: string): Promise<void> => {
      const started = await this.start(uri, id);
      // Finished once what the user is told of it is out too: it comes before whatever follows the run.
      const [run] = await Promise.all([started.ok ? started.run : undefined, follow?.(id, started)]);
      state.running.delete(id);
      (run?.ended === 'done' ? state.done : state.failed).add(id);
      inFlight.delete(id);
    };
    for (;;) {
      for (const id of nextRunnable(batches, state, maxParallel, filesOf)) {
        state.running.add(id);
        inFlight.set(id, runOne(id));
      }
      if (inFlight.size === 0) break;
      await Promise.race(inFlight.values());
    }
    return { done: [...state.done], failed: [...state.failed], notStarted: notStarted(batches, state) };
  }

  private async tryStart(uri: vscode.Uri, taskId: string, opts: StartOptions): Promise<StartResult> {
    if (this.isRunning(uri, taskId)) return { ok: false, reason: `a worker is already running for ${taskId}` };
    const text = await this.currentText(uri);
    const plan = parsePlan(text);
    const task = findTask(plan.tasks, taskId);
    if (!task) return { ok: false, reason: `task ${taskId} is no longer in the plan` };
    const cwd = this.cwd(uri);
    const command = await this.command(uri, text, plan, task, opts, cwd);
    if ('reason' in command) return { ok: false, reason: command.reason };
    const respawn = task.status === 'failed' || opts.resume !== undefined;
    const started = await this.writer.apply(uri, (t) =>
      combine(
        t,
        (t) => setTaskCells(t, task.id, { status: 'in_progress', worker: workerName(task), ...(respawn ? { respawns: '+1' as const } : {}) }),
        (t) => appendLog(t, opts.resume ? workerResumedLine(task.id, opts.resume) : workerStartedLine(task.id), new Date()),
      ),
    );
    if (!started.ok) return { ok: false, reason: started.reason };
    const now = Date.now();
    const stallMs = setting('worker.stallMinutes', uri) * 60_000;
    const state: Running = { started: now, abort: new AbortController(), stallMs, lastOutput: now, stalled: false, recent: [] };
    this.track(uri, task.id, state);
    const run = this.watchGit(cwd, `${uri.toString()}#${task.id}#${now}`, task.id)
      .then(async (watch) => {
        const result = await this.execute(uri, task, command.args, state, cwd);
        const git = watch && (await this.checkGit(uri, task.id, watch, cwd));
        return { result, git };
      })
      .then(async ({ result, git }) => {
        this.untrack(uri, task.id);
        return this.record(uri, task.id, result, state, git);
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

  /** Whether the task's worker output (this window's) has anything to show. */
  hasOutput(taskId: string): boolean {
    const channel = this.channels.get(taskId);
    return channel !== undefined && channel.closed !== true;
  }

  /** The newest raw log of a task's worker runs in this workspace, if any is kept. */
  async latestRawLog(uri: vscode.Uri, taskId: string): Promise<vscode.Uri | undefined> {
    const dir = this.rawLogDir(uri, taskId);
    const names = await readdir(dir.fsPath).catch(() => [] as string[]);
    const newest = names.sort().at(-1);
    return newest ? vscode.Uri.joinPath(dir, newest) : undefined;
  }

  private vars(uri: vscode.Uri, text: string, plan: Plan, task: Task): Record<Placeholder, string> {
    return taskVars(task, renderTaskBrief(taskBrief(text, plan, task)), uri.fsPath, this.folder(uri));
  }

  private folder(uri: vscode.Uri): string {
    return workspaceApis.getWorkspaceFolder(uri)?.uri.fsPath ?? vscode.Uri.joinPath(uri, '..').fsPath;
  }

  /** The worker's working folder: beadsPlan.worker.cwd, else the plan's workspace folder. */
  private cwd(uri: vscode.Uri): string {
    const folder = this.folder(uri);
    const cwdSetting = setting('worker.cwd', uri);
    return cwdSetting ? expandCommand([cwdSetting], { workspaceFolder: folder })[0]! : folder;
  }

  /** The git baseline of a run; a repository git cannot read is said in the task's output, and the run goes on unchecked. */
  private async watchGit(cwd: string, key: string, taskId: string): Promise<GitWatchRun | undefined> {
    try {
      return await this.gitWatch.begin(cwd, key);
    } catch (e) {
      this.channel(taskId).appendLine(`(the git state could not be read before the run, so it is not checked: ${errorMessage(e)})`);
      return undefined;
    }
  }

  /** Compares git after a run: doubts go to the output; a change is recorded against the plan, and fails the run. */
  private async checkGit(uri: vscode.Uri, taskId: string, watch: GitWatchRun, cwd: string): Promise<GitFinding | undefined> {
    const channel = this.channel(taskId);
    let seen;
    try {
      seen = await this.gitWatch.end(watch, cwd);
    } catch (e) {
      channel.appendLine(`(the git state could not be read after the run: ${errorMessage(e)})`);
      return undefined;
    }
    if (!seen || (seen.changes.length === 0 && seen.doubts.length === 0)) return undefined;
    for (const d of seen.doubts) channel.appendLine(`git: ${d.text} (staging alone commits nothing; the commit gate asks about it)`);
    for (const c of seen.changes) channel.appendLine(`git changed: ${c.text}`);
    if (seen.overlapped.length > 0 && seen.changes.length > 0)
      channel.appendLine(`(workers for ${seen.overlapped.map(taskOf).join(', ')} ran in this repository at the same time: the change may be theirs; each run that saw it fails)`);
    const finding = await this.gitWatch.record(uri, taskId, seen);
    return seen.changes.length > 0 ? finding : undefined;
  }

  /** The command line of a run: the template filled in, this run's prompt or resume, and the Claude Code settings and sandbox. */
  private async command(uri: vscode.Uri, text: string, plan: Plan, task: Task, opts: StartOptions, cwd: string): Promise<{ readonly args: string[] } | { readonly reason: string }> {
    const vars = this.vars(uri, text, plan, task);
    const template = setting('worker.command', uri);
    // Plan text is never an option: a value that would stand as its own `-…` argument stops the run.
    const fenced = optionFromPlaceholder(template, vars, task.id);
    if (fenced) return { reason: fenced };
    let args = expandCommand(template, vars);
    if (opts.prompt !== undefined) {
      const at = promptIndex(args);
      if (at === undefined) return { reason: NO_PROMPT };
      args[at] = opts.prompt;
    }
    if (opts.resume !== undefined) {
      const resumed = resumeCommand(args, opts.resume, expandCommand([setting('worker.resumePrompt', uri)], vars)[0]!);
      if (!resumed) return { reason: isClaudeCode(args) ? `"${opts.resume}" is not a Claude Code session id` : 'only a Claude Code worker (claude) can be resumed' };
      args = resumed;
    }
    args = withClaudeOptions(args, {
      model: setting('worker.model', uri),
      permissionMode: setting('worker.permissionMode', uri),
      allowedTools: setting('worker.allowedTools', uri),
      disallowedTools: setting('worker.disallowedTools', uri),
      extraArgs: setting('worker.extraArgs', uri),
      mcpConfig: this.mcpConfig(),
    });
    return isClaudeCode(args) ? this.sandboxed(uri, args, cwd) : { args };
  }

  /** A Claude Code command in its sandbox, refused without one, or as it is after a warning: beadsPlan.worker.sandbox decides. */
  private async sandboxed(uri: vscode.Uri, args: string[], cwd: string): Promise<{ readonly args: string[] } | { readonly reason: string }> {
    const decision = decideSandbox(setting('worker.sandbox', uri), sandboxSupport());
    if (decision.kind === 'refuse') return decision;
    if (decision.kind === 'without') {
      if (decision.warning && !this.noticed.has(decision.warning)) {
        this.noticed.add(decision.warning);
        this.notices.fire(decision.warning);
      }
      return { args };
    }
    const dirs = await gitDirs(cwd).catch(() => undefined);
    const env = setting('worker.env', uri);
    return withSettings(
      args,
      sandboxSettings({
        gitDirs: dirs ? [dirs.gitDir, dirs.commonDir] : [],
        allowWrite: setting('worker.sandboxWritablePaths', uri),
        allowedDomains: setting('worker.sandboxAllowedDomains', uri),
        ...(env.HOME ? { home: env.HOME } : {}),
      }),
      cwd,
    );
  }

  private async execute(uri: vscode.Uri, task: Task, command: string[], state: Running, cwd: string): Promise<RunResult> {
    const channel = this.channel(task.id);
    channel.appendLine(`$ ${command.map((a) => JSON.stringify(a)).join(' ')}    (in ${cwd})`);
    const rawLog = await this.openRawLog(uri, task.id, isClaudeCode(command) ? 'jsonl' : 'log', channel);
    const reader = new StreamJsonReader();
    const show = (items: ReadItem[]) => {
      for (const item of items) this.show(uri, item, state, channel);
    };
    const result = await runProcess({
      command,
      cwd,
      env: setting('worker.env', uri),
      timeoutMs: setting('worker.timeoutMinutes', uri) * 60_000,
      signal: state.abort.signal,
      onOutput: (chunk: string, stream: OutputStream) => {
        this.heard(uri, state);
        if (stream === 'stderr') return channel.append(chunk);
        rawLog?.write(chunk);
        show(reader.push(chunk));
      },
    });
    show(reader.end());
    await new Promise<void>((resolve) => (rawLog ? rawLog.end(resolve) : resolve()));
    channel.appendLine(`→ ${result.message} (${formatDuration(result.durationMs)})`);
    return result;
  }

  /** One item of the output: shown in the channel, and a stream-json event kept as the worker's activity. */
  private show(uri: vscode.Uri, item: ReadItem, state: Running, channel: Sink): void {
    if (item.kind === 'raw') return channel.append(item.text);
    for (const line of transcriptLines(item)) channel.appendLine(line);
    if (item.kind === 'init') state.sessionId = item.sessionId;
    else if (item.kind === 'result') state.result = item;
    else if (item.kind === 'tool') {
      state.step = stepLabel(item.name, item.input);
      state.recent.push(state.step);
      if (state.recent.length > RECENT_STEPS) state.recent.shift();
      this.changed.fire(uri);
    }
  }

  /** Output arrived: the worker is not silent, and no longer stalled. */
  private heard(uri: vscode.Uri, state: Running): void {
    state.lastOutput = Date.now();
    if (!state.stalled) return;
    state.stalled = false;
    this.changed.fire(uri);
    this.stallChanges.fire(uri);
  }

  /** The tasks of a plan whose worker is stalled now. */
  stalled(uri: vscode.Uri): ReadonlySet<string> {
    return new Set([...(this.live.get(uri) ?? [])].filter(([, r]) => r.stalled).map(([id]) => id));
  }

  private async record(uri: vscode.Uri, taskId: string, result: RunResult, state: Running, gitChanged: GitFinding | undefined): Promise<WorkerRun> {
    const duration = formatDuration(result.durationMs);
    const verdict = state.result && resultVerdict(state.result);
    // A change to git fails the run whatever else happened; then the result event judges a stream-json run; a process that failed or timed out fails it whatever that says.
    const reason = gitChanged
      ? changeReason(gitChanged.changes)
      : result.outcome === 'timeout'
        ? result.message
        : (verdict ?? (result.outcome === 'success' ? undefined : result.message));
    const end: WorkerEnd =
      result.outcome === 'cancelled' && !gitChanged
        ? { outcome: 'cancelled', duration }
        : reason === undefined
          ? { outcome: 'done', duration }
          : { outcome: 'failed', reason, duration };
    const facts: RunFacts = { turns: state.result?.numTurns, costUsd: state.result?.costUsd, sessionId: state.result?.sessionId ?? state.sessionId };
    const recorded = await this.writer.apply(uri, (text) =>
      combine(
        text,
        (t) => setTaskCells(t, taskId, end.outcome === 'cancelled' ? { statusText: '⏹ cancelled' } : { status: end.outcome }),
        (t) => appendLog(t, workerEndedLine(taskId, end, facts), new Date()),
      ),
    );
    const outcome = outcomeText(end);
    if (!recorded.ok) this.channel(taskId).appendLine(`The plan could not be updated (${recorded.reason}); the outcome is kept here: ${outcome}`);
    void this.pruneRawLogs(uri, taskId);
    return { taskId, ended: end.outcome, outcome, facts, recorded, ...(gitChanged ? { gitChanged } : {}) };
  }

  private rawLogDir(uri: vscode.Uri, taskId: string): vscode.Uri {
    const plan = `${uri.path.split('/').pop()!.replace(/\.md$/i, '')}-${createHash('sha1').update(uri.toString()).digest('hex').slice(0, 10)}`;
    return vscode.Uri.joinPath(this.storage, 'worker-logs', plan, encodeURIComponent(taskId).slice(0, 120));
  }

  /** A new raw log for this run; undefined (and a note in the channel) when it cannot be created. */
  private async openRawLog(uri: vscode.Uri, taskId: string, ext: string, channel: Sink): Promise<WriteStream | undefined> {
    const dir = this.rawLogDir(uri, taskId);
    const file = vscode.Uri.joinPath(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.${ext}`);
    try {
      await mkdir(dir.fsPath, { recursive: true });
    } catch (e) {
      channel.appendLine(`(no raw log: ${errorMessage(e)})`);
      return undefined;
    }
    const stream = createWriteStream(file.fsPath);
    stream.on('error', (e) => channel.appendLine(`(the raw log ${file.fsPath} could not be written: ${e.message})`));
    return stream;
  }

  private async pruneRawLogs(uri: vscode.Uri, taskId: string): Promise<void> {
    const dir = this.rawLogDir(uri, taskId).fsPath;
    const names = (await readdir(dir).catch(() => [] as string[])).sort();
    await Promise.all(names.slice(0, -RAW_LOGS_KEPT).map((n) => rm(join(dir, n), { force: true }).catch(() => undefined)));
  }

  /**
   * The task's output channel. The set is bounded: a new one closes the
   * channel used longest ago whose worker is not running, so that the Output
   * list does not grow with every task a session ever ran.
   */
  private channel(taskId: string): Sink {
    let channel = this.channels.get(taskId);
    this.channels.delete(taskId); // re-inserted below: the map's order is the order of last use
    if (!channel || channel.closed) {
      const name = `Beads Worker: ${taskId}`;
      channel = setting('worker.showOutputIn') === 'terminal' ? terminalSink(name) : windowApis.createOutputChannel(name);
      const running = new Set([...this.live.values()].flatMap((runs) => [...runs.keys()]));
      const idle = [...this.channels.keys()].filter((id) => !running.has(id));
      for (const id of idle.slice(0, Math.max(0, this.channels.size + 1 - MAX_CHANNELS))) {
        this.channels.get(id)!.dispose();
        this.channels.delete(id);
      }
    }
    this.channels.set(taskId, channel);
    return channel;
  }

  private track(uri: vscode.Uri, taskId: string, run: Running): void {
    let runs = this.live.get(uri);
    if (!runs) this.live.set(uri, (runs = new Map()));
    runs.set(taskId, run);
    this.changed.fire(uri);
    // The tree shows elapsed time, and silence turns into a stall: tick while anything runs.
    this.ticker ??= setInterval(() => this.tick(), 1000);
  }

  private tick(): void {
    const now = Date.now();
    for (const [uri, runs] of this.live) {
      for (const [taskId, r] of runs) {
        if (r.stalled || now - r.lastOutput < r.stallMs) continue;
        r.stalled = true;
        this.stalls.fire({ uri, taskId, silentMs: now - r.lastOutput });
        this.stallChanges.fire(uri);
      }
      this.changed.fire(uri);
    }
  }

  private untrack(uri: vscode.Uri, taskId: string): void {
    const runs = this.live.get(uri);
    const wasStalled = runs?.get(taskId)?.stalled === true;
    runs?.delete(taskId);
    if (wasStalled) this.stallChanges.fire(uri);
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

/** The task id in a run key (`<plan uri>#<task>#<start>`). */
function taskOf(key: string): string {
  return key.split('#').slice(-2, -1)[0] ?? key;
}

function terminalSink(name: string): Sink {
  const write = new vscode.EventEmitter<string>();
  let opened = false;
  let closed = false;
  const backlog: string[] = [];
  const send = (text: string) => (opened ? write.fire(text.replace(/\r?\n/g, '\r\n')) : backlog.push(text));
  const terminal = windowApis.createTerminal({
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
