// Run Worker, Run All Ready Workers and Cancel Worker: which task, the
// progress notification with Cancel, and what the user is told. The worker
// service does the work; the order comes from src/plan/schedule.
import * as vscode from 'vscode';
import { appendLog, combine, setPhase } from '../../plan/edit';
import { findTask, parsePlan } from '../../plan/parse';
import { isReady, phaseByRole } from '../../plan/roles';
import { filesOfPlan, nextRunnable, notStarted, planBatches, type RunState } from '../../plan/schedule';
import type { CommandTarget } from '../commandTarget';
import type { Services } from '../services/index';
import type { WorkerRun } from '../services/workerService';
import { setting } from '../settings';
import { applyOrExplain, currentText, pickTask, targetPlan } from './ui';

const UNTRUSTED = 'Running workers is disabled in Restricted Mode: a worker starts a process. Trust this workspace to run workers.';
const SHOW_OUTPUT = 'Show Output';

/** Starts one worker under a progress notification with Cancel; resolves with how it ended (undefined: not started). */
async function runOne(services: Services, uri: vscode.Uri, taskId: string, title: string): Promise<WorkerRun | undefined> {
  const started = await services.workers.start(uri, taskId);
  if (!started.ok) {
    void vscode.window.showErrorMessage(`The worker for ${taskId} was not started: ${started.reason}`);
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
  tell(services, run);
  return run;
}

function tell(services: Services, run: WorkerRun): void {
  const message = `Worker for ${run.taskId} ${run.outcome}.`;
  const show = (choice: string | undefined) => {
    if (choice === SHOW_OUTPUT) services.workers.showOutput(run.taskId);
  };
  if (run.result.outcome === 'success') void vscode.window.showInformationMessage(message, SHOW_OUTPUT).then(show);
  else if (run.result.outcome !== 'cancelled') void vscode.window.showErrorMessage(message, SHOW_OUTPUT).then(show);
}

export async function runWorker(target: CommandTarget, services: Services): Promise<void> {
  if (!vscode.workspace.isTrusted) return void vscode.window.showWarningMessage(UNTRUSTED);
  const entry = await targetPlan(target, services, 'Run Worker');
  if (!entry) return;
  const uri = entry.uri;
  const plan = parsePlan(await currentText(uri));
  const task = target.taskId
    ? findTask(plan.tasks, target.taskId)
    : await pickTask(plan, 'Run Worker: which ready task?', (t) => isReady(t) && !services.workers.isRunning(uri, t.id));
  if (!task) {
    if (target.taskId) void vscode.window.showErrorMessage(`Task ${target.taskId} is no longer in the plan.`);
    return;
  }
  if (services.workers.isRunning(uri, task.id)) return void vscode.window.showInformationMessage(`A worker is already running for ${task.id}.`);
  await runOne(services, uri, task.id, task.title);
}

export async function runAllReady(target: CommandTarget, services: Services): Promise<void> {
  if (!vscode.workspace.isTrusted) return void vscode.window.showWarningMessage(UNTRUSTED);
  const entry = await targetPlan(target, services, 'Run All Ready Workers');
  if (!entry) return;
  const uri = entry.uri;
  const plan = parsePlan(await currentText(uri));
  const ready = plan.tasks.filter((t) => isReady(t) && !services.workers.isRunning(uri, t.id));
  if (ready.length === 0) return void vscode.window.showInformationMessage('No task in this plan is ready for a worker.');
  const batches = planBatches(plan, ready.map((t) => t.id));
  const filesOf = filesOfPlan(plan);
  const maxParallel = Math.max(1, setting('worker.maxParallel', uri));
  const state = { running: new Set<string>(), done: new Set<string>(), failed: new Set<string>() };
  const execute = phaseByRole(plan.phases, 'execute');
  if (execute) await services.writer.apply(uri, (text) => setPhase(text, execute.number, { status: 'in_progress' }));
  const inFlight = new Map<string, Promise<void>>();
  for (;;) {
    for (const id of nextRunnable(batches, state satisfies RunState, maxParallel, filesOf)) {
      state.running.add(id);
      const title = findTask(plan.tasks, id)?.title ?? id;
      inFlight.set(
        id,
        runOne(services, uri, id, title).then((run) => {
          state.running.delete(id);
          (run?.result.outcome === 'success' ? state.done : state.failed).add(id);
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
    await applyOrExplain(services, uri, (text) =>
      combine(
        text,
        (t) => setPhase(t, execute.number, { status: allOk ? 'done' : 'failed', notes: note }),
        (t) => appendLog(t, `Run all ready workers: ${note}`, new Date()),
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
}
