// The command table: every contributed command and the flow it runs. The
// compiler holds it complete (one handler per id in Commands).
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import type { CommandTable } from '../commandManager';
import type { Services } from '../services/index';
import { commitPlan } from './commit';
import { showCommitBlocks } from './commitBlocks';
import { focusView, openPlan, openTaskFile, revealInPlan, revealInTree } from './navigation';
import { advanceToNextPhase, setPhaseStatus } from './phase';
import { showTimeline } from './timeline';
import { reviewChanges, showTaskChanges } from './review';
import { recordValidation } from './validation';
import { reviewedPlan } from '../views/reviewTabs';
import { cancelWorker, openRawLog, resumeWorker, runAllReady, runWorker, runWorkerWithPrompt } from './workers';

const OPEN_TASKS_ONLY = 'beadsPlan.openTasksOnly';

function setOpenTasksOnly(on: boolean, services: Services): void {
  services.tree.setOpenTasksOnly(on);
  // The mark in the view's title that a filter is on.
  services.view.description = on ? 'open tasks only' : undefined;
  void vscode.commands.executeCommand('setContext', OPEN_TASKS_ONLY, on);
  void services.context.workspaceState.update(OPEN_TASKS_ONLY, on);
}

export const COMMANDS: CommandTable = {
  [Commands.Refresh]: (_t, s) => s.store.discover(),
  [Commands.OpenPlan]: openPlan,
  [Commands.RevealInPlan]: revealInPlan,
  [Commands.RevealInTree]: revealInTree,
  [Commands.OpenFile]: openTaskFile,
  [Commands.ShowOpenTasks]: (_t, s) => setOpenTasksOnly(true, s),
  [Commands.ShowAllTasks]: (_t, s) => setOpenTasksOnly(false, s),
  [Commands.SetPhaseStatus]: setPhaseStatus,
  [Commands.AdvancePhase]: advanceToNextPhase,
  [Commands.RecordValidation]: recordValidation,
  [Commands.RunWorker]: runWorker,
  [Commands.RunWorkerWithPrompt]: runWorkerWithPrompt,
  [Commands.RunAllReady]: runAllReady,
  [Commands.CancelWorker]: cancelWorker,
  [Commands.ResumeWorker]: resumeWorker,
  [Commands.OpenRawLog]: openRawLog,
  [Commands.Commit]: commitPlan,
  [Commands.ShowTimeline]: showTimeline,
  [Commands.ReviewChanges]: reviewChanges,
  [Commands.ShowTaskChanges]: showTaskChanges,
  [Commands.ShowCommitBlocks]: showCommitBlocks,
  [Commands.FocusView]: focusView,
  [Commands.CommitReviewed]: (_t, s) => {
    const uri = reviewedPlan();
    return uri ? commitPlan({ uri }, s) : void vscode.window.showInformationMessage('Commit… commits the plan of the active Review Changes editor; no such editor is active.');
  },
};

/** The filter as the user left it in this workspace. */
export function restoreOpenTasksOnly(services: Services): void {
  setOpenTasksOnly(services.context.workspaceState.get<boolean>(OPEN_TASKS_ONLY) === true, services);
}
