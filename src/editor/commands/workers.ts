// Run Worker (with an edited prompt, or resuming a session), Run All Ready
// Workers, Cancel Worker, Open Raw Log, the stall warning and the sandbox
// notice: which task, the progress notification with Cancel, and what the
// user is told (a run that changed git offers Show Changes: ./gitChanges.ts). The worker
// service does the work, Run All's order (src/plan/rules/schedule.ts) included.
import * as vscode from 'vscode';
import { appendLog, combine, setPhase } from '../../plan/write/edit';
import type { Plan, Task } from '../../plan/model';
import { formatSilence } from '../../plan/formats/duration';
import { parsePlan } from '../../plan/read/parse';
import { findTask } from '../../plan/read/taskIds';
import { isReady, phaseByRole } from '../../plan/read/roles';
import { filesOfPlan, planBatches } from '../../plan/rules/schedule';
import { appendedNote, readyWorkers, runAgainConcern, runAllConcerns, serializedNote, sharedFiles, workersDone } from '../../plan/rules/guards';
import { factParts, isResumable, workerRuns } from '../../plan/formats/workerLog';
import type { CommandTarget } from '../commandTarget';
import type { Services } from '../services/index';
import type { StartOptions, StartResult, WorkerRun } from '../services/workerService';
import { showFinding } from './gitChanges';
import { revealLine } from './navigation';
import { setting } from '../settings';
import type { PlanGiven, TaskGiven, TaskNeed } from '../preconditions';
import { applyOrExplain, confirmModal, STATUS_MESSAGE_MS } from './ui';
import { runAllLine } from '../../plan/formats/planLog';

const SHOW_OUTPUT = 'Show Output';
const CANCEL = 'Cancel';
const SHOW_CHANGES = 'Show Changes';
const OPEN_PLAN = 'Open Plan';

type Notify = (message: string, ...items: string[]) => Thenable<string | undefined>;

/** A message about a task's worker: with Show Output whenever its output has something to show; resolves with the choice. */
function aboutWorker(notify: Notify, services: Services, taskId: string, message: string, ...items: string[]): Thenable<string | undefined> {
  return notify(message, ...(services.workers.hasOutput(taskId) ? [SHOW_OUTPUT] : []), ...items).then((choice) => {
    if (choice === SHOW_OUTPUT) services.workers.showOutput(taskId);
    return choice;
  });
}

/** Starts one worker under a progress notification with Cancel; resolves with how it ended (undefined: not started). */
async function runOne(services: Services, uri: vscode.Uri, taskId: string, title: string, opts: StartOptions = {}): Promise<WorkerRun | undefined> {
  return follow(services, uri, taskId, title, await services.workers.start(uri, taskId, opts));
}

/** What the user sees of a start: why it was refused, or a progress notification with Cancel while it runs, then how it ended. */
async function follow(services: Services, uri: vscode.Uri, taskId: string, title: string, started: StartResult): Promise<WorkerRun | undefined> {
  if (!started.ok) {
    void aboutWorker(vscode.window.showErrorMessage, services, taskId, `The worker for ${taskId} was not started: ${started.reason}`);
    return undefined;
  }
  const run = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Worker for ${taskId}`, cancellable: true },
    (progress, token) => {
      progress.report({ message: title });
      token.onCancellationRequested(() => services.workers.cancel(uri, taskId));
      return started.run;
    },
  );
  tell(services, uri, run);
  return run;
}

/** The outcome, with turns and cost when the worker said (the session id is for the log); a change to git offers to show it. */
function tell(services: Services, uri: vscode.Uri, run: WorkerRun): void {
  const message = [`Worker for ${run.taskId} ${run.outcome}`, ...factParts({ ...run.facts, sessionId: undefined })].join(' · ');
  if (run.ended === 'done') void aboutWorker(vscode.window.showInformationMessage, services, run.taskId, `${message}.`);
  else if (run.gitChanged) {
    const finding = run.gitChanged;
    void aboutWorker(vscode.window.showErrorMessage, services, run.taskId, `${message}. The plan cannot be committed until you resolve it.`, SHOW_CHANGES, OPEN_PLAN).then(
      async (choice) => {
        if (choice === SHOW_CHANGES) await showFinding(finding);
        if (choice === OPEN_PLAN) await revealLine(uri, 0);
      },
    );
  } else if (run.ended === 'failed') void aboutWorker(vscode.window.showErrorMessage, services, run.taskId, `${message}.`);
}

/** Says once a session how workers run when the sandbox is missing. */
export function noticeWorkers(services: Services): vscode.Disposable {
  return services.workers.onDidNotice((message) => void vscode.window.showWarningMessage(message));
}

/** A worker is started only for a task none is running for: said with Show Output, since that worker's output is the news. */
function alreadyRunning(services: Services, uri: vscode.Uri, task: Task): boolean {
  if (!services.workers.isRunning(uri, task.id)) return false;
  void aboutWorker(vscode.window.showInformationMessage, services, task.id, `A worker is already running for ${task.id}.`);
  return true;
}

const notRunning = (_plan: Plan, uri: vscode.Uri, services: Services) => (t: Task) => !services.workers.isRunning(uri, t.id);

/** A worker never starts unasked: with no task named, the user picks one, the ready tasks first (another runs again only once confirmed). */
export const RUN_TASKS: TaskNeed = { offers: notRunning, always: true, first: isReady };

export async function runWorker(_target: CommandTarget, services: Services, { entry, task }: TaskGiven): Promise<void> {
  if (!alreadyRunning(services, entry.uri, task) && (await confirmRunAgain(task))) await runOne(services, entry.uri, task.id, task.title);
}

/** A task that is not ready (done, cancelled, in progress elsewhere) gets a worker again only when the user says so. */
async function confirmRunAgain(task: Task): Promise<boolean> {
  const concern = runAgainConcern(task);
  return (
    concern === undefined ||
    confirmModal(`${concern}. Run a worker for it again?`, 'The worker starts over on the task; the plan records its outcome as for any run.', 'Run Again')
  );
}

const RUN_WITH_PROMPT = '$(play) Run Worker';

/**
 * Shows the task's prompt in a temporary document to edit, and a picker that
 * stays open beside it (Run Worker / Cancel). The edited prompt is used for
 * this run only; the document is closed unsaved either way.
 */
export async function runWorkerWithPrompt(_target: CommandTarget, services: Services, { entry, task }: TaskGiven): Promise<void> {
  const uri = entry.uri;
  if (alreadyRunning(services, uri, task) || !(await confirmRunAgain(task))) return;
  const expanded = await services.workers.prompt(uri, task.id);
  if ('reason' in expanded) return void vscode.window.showErrorMessage(`Run Worker with Prompt: ${expanded.reason}.`);
  const doc = await vscode.workspace.openTextDocument({ content: expanded.prompt, language: 'markdown' });
  await vscode.window.showTextDocument(doc, { preview: false });
  const choice = await vscode.window.showQuickPick([{ label: RUN_WITH_PROMPT, description: 'with the prompt as edited' }, { label: CANCEL }], {
    title: `Run Worker with Prompt: ${task.id}`,
    placeHolder: 'Edit the prompt in the editor, then run the worker with it (this run only)',
    ignoreFocusOut: true,
  });
  const prompt = doc.getText();
  await closeUnsaved(doc);
  if (choice?.label !== RUN_WITH_PROMPT) return;
  if (prompt.trim() === '') return void vscode.window.showWarningMessage('The prompt is empty: no worker was started.');
  await runOne(services, uri, task.id, task.title, { prompt });
}

/** Closes a temporary document without asking to save it. */
async function closeUnsaved(doc: vscode.TextDocument): Promise<void> {
  if (doc.isClosed) return;
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

/** The failed or cancelled tasks whose last run can be resumed, and no worker is running for. */
export const RESUMABLE_TASKS: TaskNeed = {
  offers: (plan, uri, services) => {
    const runs = workerRuns(plan.log);
    return (t) => isResumable(t, runs.get(t.id)) && !services.workers.isRunning(uri, t.id);
  },
};

/** Resumes the Claude Code session of a failed or cancelled task's last run (`claude --resume <id>`), with the same fences. */
export async function resumeWorker(_target: CommandTarget, services: Services, { entry, task }: TaskGiven): Promise<void> {
  const uri = entry.uri;
  if (alreadyRunning(services, uri, task)) return;
  const session = await services.workers.sessionOf(uri, task.id);
  if (!session)
    return void aboutWorker(
      vscode.window.showInformationMessage,
      services,
      task.id,
      `No Claude Code session is recorded for ${task.id}: its last worker run's log line names none. Run the worker again instead.`,
    );
  await runOne(services, uri, task.id, task.title, { resume: session });
}

/** The tasks a worker has run for. */
export const RAW_LOG_TASKS: TaskNeed = {
  offers: (plan) => {
    const runs = workerRuns(plan.log);
    return (t) => runs.has(t.id);
  },
};

/** Opens the raw output (for Claude Code: the stream-json events) of the task's latest worker run. */
export async function openRawLog(_target: CommandTarget, services: Services, { entry, task }: TaskGiven): Promise<void> {
  const log = await services.workers.latestRawLog(entry.uri, task.id);
  if (!log) return void aboutWorker(vscode.window.showInformationMessage, services, task.id, `No raw log of a worker for ${task.id} is kept in this workspace.`);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(log), { preview: true });
}

/** One warning each time a worker goes silent, with Show Output and Cancel. */
export function warnOnStall(services: Services): vscode.Disposable {
  return services.workers.onDidStall(async ({ uri, taskId, silentMs }) => {
    const choice = await aboutWorker(vscode.window.showWarningMessage, services, taskId, `Worker for ${taskId} has printed nothing for ${formatSilence(silentMs)}.`, CANCEL);
    if (choice === CANCEL) services.workers.cancel(uri, taskId);
  });
}

export async function runAllReady(_target: CommandTarget, services: Services, { entry, plan }: PlanGiven): Promise<void> {
  const uri = entry.uri;
  const ready = plan.tasks.filter((t) => isReady(t) && !services.workers.isRunning(uri, t.id));
  const name = services.store.label(entry);
  if (ready.length === 0) return void vscode.window.showInformationMessage(`No task of ${name} is ready for a worker.`);
  const concerns = runAllConcerns(plan);
  if (concerns.length > 0) {
    const detail = `Workers may change files the plan already reports as finished. The ready tasks: ${ready.map((t) => t.id).join(', ')}.`;
    if (!(await confirmModal(`${name}: ${concerns.join('; ')}. Run ${readyWorkers(ready.length)} anyway?`, detail, 'Run Anyway'))) return;
  }
  const batches = planBatches(plan, ready.map((t) => t.id));
  const filesOf = filesOfPlan(plan);
  // Said once, before the run: the matrix called these parallel-safe, their Files column keeps them apart.
  const serialized = serializedNote(sharedFiles(batches, filesOf));
  if (serialized) {
    services.log.info(`Run All Ready Workers, ${name}: ${serialized}`);
    void vscode.window.showInformationMessage(`${name}: ${serialized}.`);
  }
  const maxParallel = Math.max(1, setting('worker.maxParallel', uri));
  const execute = phaseByRole(plan.phases, 'execute');
  if (execute) await services.writer.apply(uri, (text) => setPhase(text, execute.number, { status: 'in_progress' }));
  const ran = await services.workers.runAll(uri, plan, ready.map((t) => t.id), maxParallel, (id, started) =>
    follow(services, uri, id, findTask(plan.tasks, id)?.title ?? id, started),
  );
  const skipped = ran.notStarted;
  const allOk = ran.failed.length === 0 && skipped.length === 0;
  const note = allOk
    ? workersDone(ran.done.length)
    : `${ran.failed.length} failed: ${ran.failed.join(', ')}${skipped.length ? `; not started: ${skipped.join(', ')}` : ''}`;
  if (execute)
    await applyOrExplain(services, uri, (text) =>
      combine(
        text,
        // Appended: what an agent wrote in the phase's Notes stays.
        (t) => {
          const notes = parsePlan(t).phases.find((p) => p.number === execute.number)?.notes ?? '';
          return setPhase(t, execute.number, { status: allOk ? 'done' : 'failed', notes: appendedNote(notes, note) });
        },
        (t) => appendLog(t, runAllLine(note), new Date()),
      ),
    );
  void (allOk ? vscode.window.showInformationMessage(`All ready workers finished: ${note}.`) : vscode.window.showWarningMessage(`Workers: ${note}.`));
}

/** Cancels the worker of the target's task, or one the user picks among those running. */
export async function cancelWorker(target: CommandTarget, services: Services): Promise<void> {
  const live = services.workers.allRunning();
  if (live.length === 0) return void vscode.window.showInformationMessage('No worker is running.');
  const same = (w: (typeof live)[number]) => target.uri !== undefined && w.uri.toString() === target.uri.toString();
  const exact = live.filter((w) => same(w) && w.taskId === target.taskId);
  let chosen = exact.length > 0 ? exact : live.length === 1 ? live : [];
  if (chosen.length === 0) {
    const name = (w: (typeof live)[number]) => {
      const entry = services.store.get(w.uri);
      return entry ? services.store.label(entry) : vscode.workspace.asRelativePath(w.uri);
    };
    const pick = await vscode.window.showQuickPick(
      live.map((w) => ({ label: w.taskId, description: name(w), w })),
      { title: 'Cancel which worker?' },
    );
    chosen = pick ? [pick.w] : [];
  }
  for (const w of chosen) services.workers.cancel(w.uri, w.taskId);
  if (chosen.length > 0) vscode.window.setStatusBarMessage(`$(debug-stop) Cancelling the worker for ${chosen.map((w) => w.taskId).join(', ')}…`, STATUS_MESSAGE_MS);
}
