// Wires the services together. Everything created here is owned by
// context.subscriptions; nothing is created at import time.
import * as vscode from 'vscode';
import type { MarkdownIt } from 'markdown-it';
import type { OutlineNode } from '../plan/present/outline';
import { beadsPlanPlugin } from '../preview/plugin';
import { errorMessage } from '../util/errors';
import { PlanStore } from './services/planStore';
import { PlanWriter } from './services/planWriter';
import { CommitLookup } from './services/commitLookup';
import { WorkerService } from './services/workerService';
import { GitWatch } from './services/gitWatch';
import { AttentionService } from './services/attention';
import { BeadsService } from './services/beads';
import { AgentIntegration } from './services/agentIntegration';
import type { Services } from './services/index';
import { PlanTreeProvider } from './views/planTree';
import { FollowCursor } from './views/followCursor';
import { PlanEditorContext } from './views/planEditorContext';
import { PlanStatusBar } from './views/statusBar';
import { PlanDiagnostics, PlanQuickFixes } from './views/diagnostics';
import { PlanCodeLensProvider } from './views/codeLens';
import { TimelinePanels } from './views/timelinePanel';
import { AttentionBadge, AttentionNotifier } from './views/attention';
import { HEAD_SCHEME, HeadContentProvider } from './views/headContent';
import { BeadsViewState } from './views/beadsTree';
import { BEADS_SCHEME, BeadsDiagnostics, BeadsIssueContent, BeadsQuickFixes } from './views/beadsDiagnostics';
import { NOTE_SCHEME, ReviewNoteProvider, ReviewTabs } from './views/reviewTabs';
import { ContextKeys } from './views/contextKeys';
import { registerCommands } from './commandManager';
import { VIEW_ID } from './commandIds';
import { COMMANDS, restoreOpenTasksOnly } from './commands/index';
import { currentText } from './util/currentText';
import { noticeWorkers, warnOnStall } from './commands/workers';
import { GitFindingDiagnostics } from './views/gitFindings';

let stopWorkers: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): { extendMarkdownIt(md: MarkdownIt): MarkdownIt } {
  const own = <T extends vscode.Disposable>(d: T): T => {
    context.subscriptions.push(d);
    return d;
  };
  const log = own(vscode.window.createOutputChannel('Beads Work Plan', { log: true }));
  const store = own(new PlanStore(log));
  const writer = own(new PlanWriter());
  const agents = own(new AgentIntegration(context));
  const storage = context.storageUri ?? context.globalStorageUri;
  const gitWatch = own(new GitWatch(storage, log));
  const workers = own(new WorkerService(writer, currentText, storage, gitWatch, () => agents.workerMcpConfig()));
  // The tree is registered before any slow work (the first discovery), so that the view never lacks its data provider.
  let discoveryDone!: () => void;
  const firstDiscovery = new Promise<void>((resolve) => (discoveryDone = resolve));
  const attention = own(new AttentionService(store, firstDiscovery, workers));
  const commits = own(new CommitLookup(store, log));
  const beads = own(new BeadsService(store, log));
  const tree = own(new PlanTreeProvider(store, workers, attention, commits, beads));
  const view: vscode.TreeView<OutlineNode> = own(vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true }));
  own(new ContextKeys(store, view, tree, context.workspaceState, firstDiscovery));
  // Plans found by the first discovery were there before the editor: counted, not announced.
  const discovered = store.discover();
  void discovered.then(discoveryDone, discoveryDone);
  const timelines = own(new TimelinePanels(context.extensionUri, store, workers));
  const services: Services = { context, log, store, writer, workers, gitWatch, attention, commits, beads, tree, view, timelines };
  stopWorkers = () => workers.stopAll();

  const markdownFiles = { language: 'markdown', scheme: 'file' };
  own(new FollowCursor(view, tree));
  own(new PlanEditorContext(store));
  own(new PlanStatusBar(store, attention));
  own(new AttentionBadge(view, attention, store));
  own(new AttentionNotifier(attention, store, log, workers));
  own(vscode.workspace.registerTextDocumentContentProvider(HEAD_SCHEME, new HeadContentProvider()));
  own(vscode.workspace.registerTextDocumentContentProvider(NOTE_SCHEME, new ReviewNoteProvider()));
  own(new ReviewTabs());
  own(new PlanDiagnostics(store));
  own(new BeadsViewState(view, beads));
  own(new BeadsDiagnostics(beads, store));
  own(vscode.workspace.registerTextDocumentContentProvider(BEADS_SCHEME, new BeadsIssueContent(beads)));
  own(vscode.languages.registerCodeActionsProvider(markdownFiles, new BeadsQuickFixes(beads), { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }));
  own(vscode.languages.registerCodeLensProvider(markdownFiles, own(new PlanCodeLensProvider(store, commits, workers))));
  own(vscode.languages.registerCodeActionsProvider(markdownFiles, new PlanQuickFixes(store), { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }));
  for (const d of registerCommands(context, COMMANDS, services)) own(d);
  own(warnOnStall(services));
  own(noticeWorkers(services));
  own(new GitFindingDiagnostics(store, gitWatch));

  restoreOpenTasksOnly(services);
  // Not awaited: the Markdown preview waits for activate() to return its plugin.
  discovered.catch((e: unknown) => log.error(`Finding plans failed: ${errorMessage(e)}`, e));
  return { extendMarkdownIt: (md) => md.use(beadsPlanPlugin) };
}

/** Workers are process groups: none may outlive the extension. */
export function deactivate(): Promise<void> | undefined {
  return stopWorkers?.();
}
