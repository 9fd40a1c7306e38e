// Wires the services together. Everything created here is owned by
// context.subscriptions; nothing is created at import time.
import * as vscode from 'vscode';
import type { OutlineNode } from '../plan/outline';
import { PlanStore } from './planStore';
import { PlanTreeProvider } from './tree/planTree';
import { followCursor } from './tree/followCursor';
import { PlanStatusBar } from './statusBar';
import { PlanDiagnostics } from './diagnostics';
import { Commands, VIEW_ID } from './commandIds';
import { openPlan, openTaskFile, revealNode } from './commands/navigation';

const OPEN_TASKS_ONLY = 'beadsPlan.openTasksOnly';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const store = new PlanStore();
  const tree = new PlanTreeProvider(store, { running: () => new Map() });
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(store, tree, view, followCursor(view, tree), new PlanStatusBar(store), new PlanDiagnostics(store));

  const setOpenTasksOnly = (on: boolean) => {
    tree.setOpenTasksOnly(on);
    void vscode.commands.executeCommand('setContext', OPEN_TASKS_ONLY, on);
    void context.workspaceState.update(OPEN_TASKS_ONLY, on);
  };
  const register = (id: Commands, handler: (...args: never[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  register(Commands.Refresh, () => store.discover());
  register(Commands.OpenPlan, (node?: OutlineNode) => openPlan(node, store));
  register(Commands.RevealInPlan, (node?: OutlineNode) => revealNode(node, store));
  register(Commands.OpenFile, (node: OutlineNode) => openTaskFile(node));
  register(Commands.ShowOpenTasks, () => setOpenTasksOnly(true));
  register(Commands.ShowAllTasks, () => setOpenTasksOnly(false));

  setOpenTasksOnly(context.workspaceState.get<boolean>(OPEN_TASKS_ONLY, false));
  await store.discover();
}

export function deactivate(): void {}
