// Record Validation…: run the configured checks, or enter the results by hand;
// either way the task's Worker Validation row is added or updated, the
// section's status set and a log line appended, as one undoable edit.
import * as vscode from 'vscode';
import type { ValidationCells } from '../../plan/write/edit';
import { appendLog, combine, setSectionStatus, upsertValidation } from '../../plan/write/edit';
import { parsePlan } from '../../plan/read/parse';
import { validationStatus } from '../../plan/rules/summary';
import { runProcess, type RunResult } from '../../process/run';
import { parseTestSummary } from '../../validation/testSummary';
import { answered, validationCells, type CheckOutcome } from '../../validation/checks';
import type { CommandTarget } from '../commandTarget';
import type { Services } from '../services/index';
import { setting } from '../settings';
import type { TaskGiven, TaskNeed } from '../preconditions';
import { applyOrExplain } from './ui';
import { validationLine } from '../../plan/formats/planLog';

type Check = 'test' | 'typecheck';

function checkCommand(check: Check, scope: vscode.Uri): string[] {
  return setting(check === 'test' ? 'validation.testCommand' : 'validation.typecheckCommand', scope);
}

/** `(step 2 of 6)`: where a multi-step input is, counted along its longest path (by hand). */
function stepOf(n: number, m: number): string {
  return `(step ${n} of ${m})`;
}

/** The steps: which task (unless the target says), how, then the four answers by hand. */
const ASKED_STEPS = 6;

/** Any task of the plan; the picker is the first of the steps. */
export const VALIDATION_TASKS: TaskNeed = { step: stepOf(1, ASKED_STEPS) };

export async function recordValidation(target: CommandTarget, services: Services, { entry, task }: TaskGiven): Promise<void> {
  const uri = entry.uri;
  // Named by the target, the task took no step: the count starts at the next.
  const first = target.taskId !== undefined ? 1 : 2;
  const total = first + 4;
  const configured = checkCommand('test', uri).length > 0 || checkCommand('typecheck', uri).length > 0;
  const trusted = vscode.workspace.isTrusted;
  const run = {
    label: '$(play) Run the configured checks',
    detail: !trusted
      ? 'Needs a trusted workspace: running checks starts processes.'
      : configured
        ? [checkCommand('test', uri).join(' '), checkCommand('typecheck', uri).join(' ')].filter(Boolean).join('  ·  ')
        : 'No check configured: set beadsPlan.validation.testCommand / typecheckCommand.',
    run: true,
  };
  const byHand = { label: '$(edit) Enter the results by hand', detail: 'Tests run, tests passed, types passed, valid.', run: false };
  // What can work comes first, so it is the one pre-selected.
  const canRun = trusted && configured;
  const mode = await vscode.window.showQuickPick(canRun ? [run, byHand] : [byHand, run], { title: `Record Validation for ${task.id} ${stepOf(first, total)}` });
  if (!mode) return;
  if (mode.run && !canRun) return void explainNoChecks(trusted);
  const cells = mode.run ? await runChecks(uri, task.id, services.log) : await askCells(task.id, (n) => stepOf(first + n, total));
  if (!cells) return;
  await applyOrExplain(services, uri, (text) =>
    combine(
      text,
      (t) => upsertValidation(t, task.id, cells),
      (t) => setSectionStatus(t, 'validation', validationStatus(parsePlan(t))),
      (t) => appendLog(t, validationLine(task.id, cells.valid === true), new Date()),
    ),
  );
}

const OPEN_SETTINGS = 'Open Settings';

/** Why the checks cannot run, with the way to make them: the settings, or the workspace's trust. */
async function explainNoChecks(trusted: boolean): Promise<void> {
  if (!trusted) return void vscode.window.showWarningMessage('Running the checks is disabled in Restricted Mode: it starts processes. Trust this workspace, or enter the results by hand.');
  const choice = await vscode.window.showWarningMessage(
    'No check is configured: set beadsPlan.validation.testCommand or typecheckCommand, or enter the results by hand.',
    OPEN_SETTINGS,
  );
  if (choice === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', 'beadsPlan.validation');
}

async function runChecks(uri: vscode.Uri, taskId: string, output: vscode.OutputChannel): Promise<ValidationCells | undefined> {
  const cwd = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? vscode.Uri.joinPath(uri, '..').fsPath;
  const results: Partial<Record<Check, RunResult>> = {};
  const cancelled = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Validating ${taskId}`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      for (const check of ['test', 'typecheck'] as const) {
        const command = checkCommand(check, uri);
        if (command.length === 0) continue;
        progress.report({ message: command.join(' ') });
        output.appendLine(`$ ${command.join(' ')}    (${check} check for ${taskId}, in ${cwd})`);
        results[check] = await runProcess({ command, cwd, signal: abort.signal, onOutput: (chunk) => output.append(chunk) });
        output.appendLine(`→ ${results[check]!.message}`);
        if (abort.signal.aborted) return true;
      }
      return false;
    },
  );
  if (cancelled) return undefined;
  for (const check of ['test', 'typecheck'] as const) {
    const result = results[check];
    if (!result || answered(result)) continue;
    output.show(true);
    const choice = await vscode.window.showErrorMessage(
      `The ${check} command did not run as expected: ${result.message}. Record ${taskId} as not valid?`,
      { modal: true, detail: result.output.slice(-600) },
      'Record as Not Valid',
    );
    if (choice !== 'Record as Not Valid') return undefined;
  }
  const tests: CheckOutcome | undefined = results.test ? { result: results.test, summary: parseTestSummary(results.test.output) } : undefined;
  return validationCells(tests, results.typecheck);
}

async function pickAnswer(title: string, options: readonly string[]): Promise<string | undefined> {
  return (await vscode.window.showQuickPick(options.map((label) => ({ label })), { title }))?.label;
}

async function askCells(taskId: string, step: (n: number) => string): Promise<ValidationCells | undefined> {
  const testsRun = await pickAnswer(`${taskId}: were the tests run? ${step(1)}`, ['yes', 'no', 'n/a']);
  if (testsRun === undefined) return undefined;
  const testsPassed = await vscode.window.showInputBox({
    title: `${taskId}: tests passed ${step(2)}`,
    prompt: 'e.g. yes, 12/12, no (3 failed), n/a',
    value: testsRun === 'yes' ? 'yes' : 'n/a',
    validateInput: (v) => (v.includes('\n') ? 'One line only' : undefined),
  });
  if (testsPassed === undefined) return undefined;
  const typesPassed = await pickAnswer(`${taskId}: did the type check pass? ${step(3)}`, ['yes', 'no', 'n/a']);
  if (typesPassed === undefined) return undefined;
  const valid = await pickAnswer(`${taskId}: is the worker's result valid? ${step(4)}`, ['yes', 'no']);
  if (valid === undefined) return undefined;
  return { testsRun, testsPassed: testsPassed.trim() || 'n/a', typesPassed, valid: valid === 'yes' };
}
