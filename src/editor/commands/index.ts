// The command table: every contributed command and the flow it runs. The
// compiler holds it complete (one handler per id in Commands).
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import { needing, type CommandTable } from '../commandManager';
import type { Services } from '../services/index';
import { closeInBeads, copyIssueId, openBeadsSettings, openInBeads, startPlan } from './beads';
import { setUpAgentIntegration } from './agents';
import { commitPlan } from './commit';
import { showCommitBlocks } from './commitBlocks';
import { focusView, openPlan, openTaskFile, revealInPlan, revealInTree } from './navigation';
import { advanceToNextPhase, changePhaseStatus } from './phase';
import { showTimeline } from './timeline';
import { reviewChanges, showTaskChanges } from './review';
import { recordValidation, VALIDATION_TASKS } from './validation';
import { reviewedPlan } from '../views/reviewTabs';
import { cancelWorker, openRawLog, RAW_LOG_TASKS, RESUMABLE_TASKS, resumeWorker, RUN_TASKS, runAllReady, runWorker, runWorkerWithPrompt } from './workers';
import { resolveGitChanges, showGitChanges } from './gitChanges';

const OPEN_TASKS_ONLY = 'beadsPlan.openTasksOnly';

// What each command that needs a trusted workspace runs, for the one message that says so.
const WORKER = 'starts a worker process';
const GIT = 'runs git in the workspace';
const BD = 'runs bd in the workspace folder';

function setOpenTasksOnly(on: boolean, services: Services): void {
  services.tree.setOpenTasksOnly(on);
  // The mark in the view's title that a filter is on.
  services.view.description = on ? 'open tasks only' : undefined;
  void vscode.commands.executeCommand('setContext', OPEN_TASKS_ONLY, on);
  void services.context.workspaceState.update(OPEN_TASKS_ONLY, on);
}

export const COMMANDS: CommandTable = {
  [Commands.Refresh]: (_t, s) => {
    s.beads.refresh();
    return s.store.discover();
  },
  [Commands.OpenPlan]: needing({ plan: true }, openPlan),
  [Commands.RevealInPlan]: revealInPlan,
  [Commands.RevealInTree]: revealInTree,
  [Commands.OpenFile]: openTaskFile,
  [Commands.ShowOpenTasks]: (_t, s) => setOpenTasksOnly(true, s),
  [Commands.ShowAllTasks]: (_t, s) => setOpenTasksOnly(false, s),
  [Commands.SetPhaseStatus]: needing({ plan: true }, changePhaseStatus),
  [Commands.AdvancePhase]: needing({ plan: true }, advanceToNextPhase),
  [Commands.RecordValidation]: needing({ task: VALIDATION_TASKS }, recordValidation),
  [Commands.RunWorker]: needing({ trusted: WORKER, task: RUN_TASKS }, runWorker),
  [Commands.RunWorkerWithPrompt]: needing({ trusted: WORKER, task: RUN_TASKS }, runWorkerWithPrompt),
  [Commands.RunAllReady]: needing({ trusted: WORKER, plan: true }, runAllReady),
  [Commands.CancelWorker]: cancelWorker,
  [Commands.ResumeWorker]: needing({ trusted: WORKER, task: RESUMABLE_TASKS }, resumeWorker),
  [Commands.OpenRawLog]: needing({ task: RAW_LOG_TASKS }, openRawLog),
  [Commands.Commit]: needing({ trusted: GIT, plan: true }, commitPlan),
  [Commands.ShowTimeline]: needing({ plan: true }, showTimeline),
  [Commands.ReviewChanges]: needing({ trusted: GIT, git: true }, reviewChanges),
  [Commands.ShowTaskChanges]: needing({ trusted: GIT, task: {}, git: true }, showTaskChanges),
  [Commands.OpenInBeads]: needing({ trusted: BD }, openInBeads),
  [Commands.CopyIssueId]: copyIssueId,
  [Commands.StartPlan]: needing({ trusted: 'runs the orchestrator' }, startPlan),
  [Commands.CloseInBeads]: needing({ trusted: BD, plan: true }, closeInBeads),
  [Commands.OpenBeadsSettings]: openBeadsSettings,
  [Commands.SetUpAgentIntegration]: setUpAgentIntegration,
  [Commands.ShowGitChanges]: showGitChanges,
  [Commands.ResolveGitChanges]: needing({ trusted: GIT }, resolveGitChanges),
  [Commands.ShowCommitBlocks]: needing({ plan: true }, showCommitBlocks),
  [Commands.FocusView]: focusView,
  // The plan of the active Review Changes editor, handed to Commit as a lens would.
  [Commands.CommitReviewed]: needing({ trusted: GIT }, () => {
    const uri = reviewedPlan();
    return uri
      ? vscode.commands.executeCommand(Commands.Commit, { uri })
      : void vscode.window.showInformationMessage('Commit… commits the plan of the active Review Changes editor; no such editor is active.');
  }),
};

/** The filter as the user left it in this workspace. */
export function restoreOpenTasksOnly(services: Services): void {
  setOpenTasksOnly(services.context.workspaceState.get<boolean>(OPEN_TASKS_ONLY) === true, services);
}
