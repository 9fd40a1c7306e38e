// The command table: every contributed command and the flow it runs. The
// compiler holds it complete (one handler per id in Commands).
import * as vscode from 'vscode';
import { Commands } from '../commandIds';
import type { CommandTable } from '../commandManager';
import type { Services } from '../services/index';
import { closeInBeads, copyIssueId, openBeadsSettings, openInBeads, startPlan } from './beads';
import { setUpAgentIntegration } from './agents';
import { commitPlan } from './commit';
import { showCommitBlocks } from './commitBlocks';
import { focusView, openPlan, openTaskFile, revealInPlan, revealInTree } from './navigation';
import { advanceToNextPhase, changePhaseStatus } from './phase';
import { showTimeline } from './timeline';
import { reviewChanges, showTaskChanges } from './review';
import { recordValidation } from './validation';
import { reviewedPlan } from '../views/reviewTabs';
import { cancelWorker, openRawLog, resumeWorker, runAllReady, runWorker, runWorkerWithPrompt } from './workers';
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
  [Commands.OpenPlan]: openPlan,
  [Commands.RevealInPlan]: revealInPlan,
  [Commands.RevealInTree]: revealInTree,
  [Commands.OpenFile]: openTaskFile,
  [Commands.ShowOpenTasks]: (_t, s) => setOpenTasksOnly(true, s),
  [Commands.ShowAllTasks]: (_t, s) => setOpenTasksOnly(false, s),
  [Commands.SetPhaseStatus]: changePhaseStatus,
  [Commands.AdvancePhase]: advanceToNextPhase,
  [Commands.RecordValidation]: recordValidation,
  [Commands.RunWorker]: { run: runWorker, trusted: WORKER },
  [Commands.RunWorkerWithPrompt]: { run: runWorkerWithPrompt, trusted: WORKER },
  [Commands.RunAllReady]: { run: runAllReady, trusted: WORKER },
  [Commands.CancelWorker]: cancelWorker,
  [Commands.ResumeWorker]: { run: resumeWorker, trusted: WORKER },
  [Commands.OpenRawLog]: openRawLog,
  [Commands.Commit]: { run: commitPlan, trusted: GIT },
  [Commands.ShowTimeline]: showTimeline,
  [Commands.ReviewChanges]: { run: reviewChanges, trusted: GIT },
  [Commands.ShowTaskChanges]: { run: showTaskChanges, trusted: GIT },
  [Commands.OpenInBeads]: { run: openInBeads, trusted: BD },
  [Commands.CopyIssueId]: copyIssueId,
  [Commands.StartPlan]: { run: startPlan, trusted: 'runs the orchestrator' },
  [Commands.CloseInBeads]: { run: closeInBeads, trusted: BD },
  [Commands.OpenBeadsSettings]: openBeadsSettings,
  [Commands.SetUpAgentIntegration]: setUpAgentIntegration,
  [Commands.ShowGitChanges]: showGitChanges,
  [Commands.ResolveGitChanges]: { run: resolveGitChanges, trusted: GIT },
  [Commands.ShowCommitBlocks]: showCommitBlocks,
  [Commands.FocusView]: focusView,
  [Commands.CommitReviewed]: {
    trusted: GIT,
    run: (_t, s) => {
    const uri = reviewedPlan();
      return uri ? commitPlan({ uri }, s) : void vscode.window.showInformationMessage('Commit… commits the plan of the active Review Changes editor; no such editor is active.');
    },
  },
};

/** The filter as the user left it in this workspace. */
export function restoreOpenTasksOnly(services: Services): void {
  setOpenTasksOnly(services.context.workspaceState.get<boolean>(OPEN_TASKS_ONLY) === true, services);
}
