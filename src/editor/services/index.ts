// The services every command handler is given: they hold the state and do
// the work; the handlers in ../commands/ hold the user flows.
import type * as vscode from 'vscode';
import type { OutlineNode } from '../../plan/present/outline';
import type { PlanTreeProvider } from '../views/planTree';
import type { TimelinePanels } from '../views/timelinePanel';
import type { AttentionService } from './attention';
import type { BeadsService } from './beads';
import type { CommitLookup } from './commitLookup';
import type { PlanStore } from './planStore';
import type { PlanWriter } from './planWriter';
import type { WorkerService } from './workerService';
import type { GitWatch } from './gitWatch';

export interface Services {
  readonly context: vscode.ExtensionContext;
  /** The "Beads Work Plan" log: errors with their stacks, and what the extension did. */
  readonly log: vscode.LogOutputChannel;
  readonly store: PlanStore;
  readonly writer: PlanWriter;
  readonly workers: WorkerService;
  /** The git state around worker runs, and what they changed. */
  readonly gitWatch: GitWatch;
  /** Which plans need the user now. */
  readonly attention: AttentionService;
  /** Which commit each committed plan went in, as git knows it. */
  readonly commits: CommitLookup;
  /** What beads says about the plans' tasks, and its ready work. */
  readonly beads: BeadsService;
  readonly tree: PlanTreeProvider;
  readonly view: vscode.TreeView<OutlineNode>;
  readonly timelines: TimelinePanels;
}
