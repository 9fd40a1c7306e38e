// The Beads Work Plans view: translates the pure outline into TreeItems and
// refreshes only the plan that changed.
import * as vscode from 'vscode';
import { buildOutline, type OutlineNode } from '../../plan/outline';
import { isFinishedPlan } from '../../plan/summary';
import type { PlanEntry, PlanStore } from '../planStore';
import { setting } from '../config';
import { Commands } from '../commandIds';

export interface TreeState {
  /** Task ids with a running worker, per plan uri, and when each started. */
  running(uri: vscode.Uri): ReadonlyMap<string, number>;
}

export class PlanTreeProvider implements vscode.TreeDataProvider<OutlineNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<OutlineNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly roots = new Map<string, OutlineNode>();
  private openTasksOnly = false;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: PlanStore,
    private readonly state: TreeState,
  ) {
    this.subscription = store.onDidChange((change) => this.refresh(change.uri));
  }

  setOpenTasksOnly(on: boolean): void {
    this.openTasksOnly = on;
    this.refresh();
  }

  /** Rebuilds one plan's subtree (or all, without a uri) and tells the view. */
  refresh(uri?: vscode.Uri): void {
    const root = uri && this.roots.get(uri.toString());
    const entry = uri && this.store.get(uri);
    if (!root || !entry) {
      this.roots.clear();
      this.changed.fire(undefined);
      return;
    }
    // The view knows a node by the object it was given: refresh that same object, rebuilt in place.
    const fresh = this.build(entry);
    Object.assign(root, fresh);
    for (const group of fresh.children) Object.assign(group, { parent: root });
    this.changed.fire(root);
  }

  private build(entry: PlanEntry): OutlineNode {
    const key = entry.uri.toString();
    return buildOutline(entry.plan, key, {
      fallbackLabel: entry.uri.path.split('/').pop() ?? key,
      path: vscode.workspace.asRelativePath(entry.uri),
      running: this.state.running(entry.uri),
      openTasksOnly: this.openTasksOnly,
    });
  }

  root(entry: PlanEntry): OutlineNode {
    const key = entry.uri.toString();
    let root = this.roots.get(key);
    if (!root) {
      root = this.build(entry);
      this.roots.set(key, root);
    }
    return root;
  }

  getChildren(element?: OutlineNode): OutlineNode[] {
    if (element) return element.children;
    const hideFinished = setting('hideFinishedPlans', false);
    return this.store
      .list()
      .filter((e) => !hideFinished || !isFinishedPlan(e.plan))
      .map((e) => this.root(e));
  }

  getParent(element: OutlineNode): OutlineNode | undefined {
    return element.parent;
  }

  getTreeItem(n: OutlineNode): vscode.TreeItem {
    const state =
      n.children.length === 0
        ? vscode.TreeItemCollapsibleState.None
        : n.expanded
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(n.label, state);
    item.id = n.id;
    if (n.description) item.description = n.description;
    if (n.tooltip) item.tooltip = n.tooltip;
    item.contextValue = n.contextValue;
    if (n.icon) item.iconPath = new vscode.ThemeIcon(n.icon.id, n.icon.color ? new vscode.ThemeColor(n.icon.color) : undefined);
    if (n.file !== undefined) {
      // For the file icon theme only; opening resolves the path properly.
      const folder = vscode.workspace.getWorkspaceFolder(planUri(n));
      if (folder) item.resourceUri = vscode.Uri.joinPath(folder.uri, n.file.replace(/[*?]/g, '_'));
      item.command = { command: Commands.OpenFile, title: 'Open File', arguments: [n] };
    } else if (n.line !== undefined) {
      item.command = { command: Commands.RevealInPlan, title: 'Reveal in Plan', arguments: [n] };
    }
    return item;
  }

  /** The node for a line of a plan, for following the cursor. */
  rootOf(uri: vscode.Uri): OutlineNode | undefined {
    const entry = this.store.get(uri);
    return entry ? this.root(entry) : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** The plan a node belongs to: the root's id is the plan's uri. */
export function planUri(n: OutlineNode): vscode.Uri {
  let root = n;
  while (root.parent) root = root.parent;
  return vscode.Uri.parse(root.id);
}
