// Every command id the extension registers (package.json contributes the same
// ids; a unit test holds the two together). No editor import: tests load it.
export enum Commands {
  Refresh = 'beadsPlan.refresh',
  OpenPlan = 'beadsPlan.openPlan',
  RevealInPlan = 'beadsPlan.revealInPlan',
  RevealInTree = 'beadsPlan.revealInTree',
  OpenFile = 'beadsPlan.openFile',
  ShowOpenTasks = 'beadsPlan.showOpenTasks',
  ShowAllTasks = 'beadsPlan.showAllTasks',
  SetPhaseStatus = 'beadsPlan.setPhaseStatus',
  AdvancePhase = 'beadsPlan.advancePhase',
  RecordValidation = 'beadsPlan.recordValidation',
  RunWorker = 'beadsPlan.runWorker',
  RunWorkerWithPrompt = 'beadsPlan.runWorkerWithPrompt',
  RunAllReady = 'beadsPlan.runAllReadyWorkers',
  CancelWorker = 'beadsPlan.cancelWorker',
  ResumeWorker = 'beadsPlan.resumeWorker',
  OpenRawLog = 'beadsPlan.openRawLog',
  Commit = 'beadsPlan.commit',
  ShowTimeline = 'beadsPlan.showTimeline',
  ReviewChanges = 'beadsPlan.reviewChanges',
  ShowTaskChanges = 'beadsPlan.showTaskChanges',
  OpenInBeads = 'beadsPlan.openInBeads',
  CopyIssueId = 'beadsPlan.copyIssueId',
  StartPlan = 'beadsPlan.startPlan',
  CloseInBeads = 'beadsPlan.closeInBeads',
  OpenBeadsSettings = 'beadsPlan.openBeadsSettings',
  SetUpAgentIntegration = 'beadsPlan.setUpAgentIntegration',
  ShowGitChanges = 'beadsPlan.showGitChanges',
  ResolveGitChanges = 'beadsPlan.resolveGitChanges',
  ShowCommitBlocks = 'beadsPlan.showCommitBlocks',
  FocusView = 'beadsPlan.focusView',
  CommitReviewed = 'beadsPlan.commitReviewed',
}

export const VIEW_ID = 'beadsPlan.plans';

/** VS Code's own command that shows and focuses the view. */
export const FOCUS_VIEW = `${VIEW_ID}.focus`;

/** Set while the active editor shows a plan: keybindings for plan editors are limited to it. */
export const PLAN_EDITOR_CONTEXT = 'beadsPlan.planEditor';
