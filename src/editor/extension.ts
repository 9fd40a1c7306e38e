// Wires the services together. Everything created here is owned by
// context.subscriptions; nothing is created at import time.
import * as vscode from 'vscode';
import { Ctx, type OutlineNode } from '../plan/outline';
import type { MarkdownIt } from 'markdown-it';
import { beadsPlanPlugin } from '../preview/plugin';
import { PlanStore } from './planStore';
import { PlanTreeProvider } from './tree/planTree';
import { followCursor } from './tree/followCursor';
import { PlanStatusBar } from './statusBar';
import { PlanDiagnostics } from './diagnostics';
import { PlanCodeLensProvider } from './codeLens';
import { PlanWriter } from './planWriter';
import { WorkerService } from './workers';
import { Commands, VIEW_ID } from './commandIds';
import { openPlan, openTaskFile, revealNode } from './commands/navigation';
import { advanceToNextPhase, setPhaseStatus } from './commands/phase';
import { recordValidation } from './commands/validation';
import { commitPlan } from './commands/commit';
import type { CommandArg } from './commands/target';

const OPEN_TASKS_ONLY = 'beadsPlan.openTasksOnly';

let stopWorkers: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): { extendMarkdownIt(md: MarkdownIt): MarkdownIt } {
  const store = new PlanStore();
  const writer = new PlanWriter();
  const workers = new WorkerService(store, writer);
  const tree = new PlanTreeProvider(store, workers);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const output = vscode.window.createOutputChannel('Beads Plan');
  const lenses = new PlanCodeLensProvider(store);
  stopWorkers = () => workers.stopAll();
  context.subscriptions.push(
    store,
    workers,
    tree,
    view,
    output,
    lenses,
    followCursor(view, tree),
    new PlanStatusBar(store),
    new PlanDiagnostics(store),
    workers.onDidChange((uri) => tree.refresh(uri)),
    vscode.languages.registerCodeLensProvider({ language: 'markdown', scheme: 'file' }, lenses),
  );

  const setOpenTasksOnly = (on: boolean) => {
    tree.setOpenTasksOnly(on);
    void vscode.commands.executeCommand('setContext', OPEN_TASKS_ONLY, on);
    void context.workspaceState.update(OPEN_TASKS_ONLY, on);
  };
  const register = (id: Commands, handler: (arg: CommandArg) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  register(Commands.Refresh, () => store.discover());
  register(Commands.OpenPlan, (arg) => openPlan(arg as OutlineNode | undefined, store));
  register(Commands.RevealInPlan, (arg) => revealNode(arg as OutlineNode | undefined, store));
  register(Commands.RevealInTree, (arg) => revealInTree(arg, tree, view));
  register(Commands.OpenFile, (arg) => openTaskFile(arg as OutlineNode));
  register(Commands.ShowOpenTasks, () => setOpenTasksOnly(true));
  register(Commands.ShowAllTasks, () => setOpenTasksOnly(false));
  register(Commands.SetPhaseStatus, (arg) => setPhaseStatus(arg, store, writer));
  register(Commands.AdvancePhase, (arg) => advanceToNextPhase(arg, store, writer));
  register(Commands.RecordValidation, (arg) => recordValidation(arg, store, writer, output));
  register(Commands.RunWorker, (arg) => workers.runWorker(arg));
  register(Commands.RunAllReady, (arg) => workers.runAllReady(arg));
  register(Commands.CancelWorker, (arg) => workers.cancel(arg));
  register(Commands.Commit, (arg) => commitPlan(arg, store, writer, output));

  setOpenTasksOnly(context.workspaceState.get<boolean>(OPEN_TASKS_ONLY, false));
  // Not awaited: the Markdown preview waits for activate() to return its plugin.
  store.discover().catch((e: unknown) => output.appendLine(`Finding plans failed: ${e instanceof Error ? e.message : String(e)}`));
  return { extendMarkdownIt: (md) => md.use(beadsPlanPlugin) };
}

async function revealInTree(arg: CommandArg, tree: PlanTreeProvider, view: vscode.TreeView<OutlineNode>): Promise<void> {
  const uri = arg && !('kind' in arg) ? arg.uri : vscode.window.activeTextEditor?.document.uri;
  const root = uri && tree.rootOf(vscode.Uri.from(uri));
  if (!root) return;
  const taskId = arg && !('kind' in arg) ? arg.taskId : undefined;
  const node = root.children.flatMap((g) => g.children).find((n) => n.taskId === taskId && n.kind === Ctx.Task) ?? root;
  await view.reveal(node, { select: true, focus: true, expand: true });
}

/** Workers are process groups: none may outlive the extension. */
export function deactivate(): Promise<void> | undefined {
  return stopWorkers?.();
}
