// Every command id the extension contributes (package.json declares the same ids).
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
  RunAllReady = 'beadsPlan.runAllReadyWorkers',
  CancelWorker = 'beadsPlan.cancelWorker',
  Commit = 'beadsPlan.commit',
  FocusTree = 'beadsPlan.plans.focus',
}

export const VIEW_ID = 'beadsPlan.plans';
