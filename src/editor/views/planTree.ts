// The Beads Work Plans view: translates the pure outline into TreeItems and
// refreshes only the plan that changed. Nodes keep their identity across
// rebuilds (VS Code finds a node by the object it was given), and their ids
// are built from the plan's uri and each element's identity, so expansion and
// selection survive every rewrite of a plan.
import * as vscode from 'vscode';
import { buildOutline, Ctx, nodeAtLine, type OutlineNode } from '../../plan/present/outline';
import { isFinishedPlan } from '../../plan/rules/summary';
import type { AttentionService } from '../services/attention';
import type { PlanEntry, PlanStore } from '../services/planStore';
import type { CommitLookup } from '../services/commitLookup';
import type { RunningWorkers } from '../services/workerService';
import type { BeadsService } from '../services/beads';
import { BeadsRows } from './beadsTree';
import { Disposable } from '../util/dispose';
import { ResourceMap } from '../util/resourceMap';
import { affects, setting } from '../settings';
import { Commands } from '../commandIds';

export class PlanTreeProvider extends Disposable implements vscode.TreeDataProvider<OutlineNode> {
  private readonly changed = this._register(new vscode.EventEmitter<OutlineNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly roots = new ResourceMap<OutlineNode>();
  private readonly uris = new WeakMap<OutlineNode, vscode.Uri>();
  private openTasksOnly = false;
  private readonly beadsRows: BeadsRows;

  constructor(
    private readonly store: PlanStore,
    private readonly state: RunningWorkers,
    private readonly attention: AttentionService,
    private readonly commits: CommitLookup,
    private readonly beads: BeadsService,
  ) {
    super();
    this.beadsRows = new BeadsRows(beads, store);
    this._register(beads.onDidChange((uri) => this.refresh(uri)));
    this._register(store.onDidChange((change) => this.refresh(change.uri)));
    this._register(commits.onDidChange((uri) => this.refresh(uri)));
    this._register(state.onDidChange((uri) => this.refresh(uri)));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, 'hideFinishedPlans')) this.refresh();
      }),
    );
  }

  setOpenTasksOnly(on: boolean): void {
    this.openTasksOnly = on;
    this.refresh();
  }

  /** Rebuilds one plan's subtree in place, or every plan's (and the list) without a uri. */
  refresh(uri?: vscode.Uri): void {
    if (uri) {
      const root = this.roots.get(uri);
      const entry = this.store.get(uri);
      if (root && entry) {
        this.rebuild(root, entry);
        this.changed.fire(root);
        return;
      }
    }
    for (const [key, root] of [...this.roots]) {
      const entry = this.store.get(key);
      if (entry) this.rebuild(root, entry);
      else this.roots.delete(key);
    }
    this.changed.fire(undefined);
  }

  private build(entry: PlanEntry): OutlineNode {
    // Asks beads only when the plan's text is new to it: rebuilding never calls bd.
    this.beads.request(entry);
    return buildOutline(entry.plan, entry.uri.toString(), {
      fallbackLabel: this.store.label(entry),
      path: vscode.workspace.asRelativePath(entry.uri),
      running: this.state.running(entry.uri),
      openTasksOnly: this.openTasksOnly,
      attention: this.attention.of(entry),
      committed: this.commits.get(entry.uri),
    });
  }

  /** The view knows a node by the object it was given: refresh that same object. */
  private rebuild(root: OutlineNode, entry: PlanEntry): void {
    const fresh = this.build(entry);
    Object.assign(root, fresh);
    for (const group of fresh.children) Object.assign(group, { parent: root });
  }

  private root(entry: PlanEntry): OutlineNode {
    let root = this.roots.get(entry.uri);
    if (!root) {
      root = this.build(entry);
      this.roots.set(entry.uri, root);
      this.uris.set(root, entry.uri);
    }
    return root;
  }

  getChildren(element?: OutlineNode): OutlineNode[] {
    if (element) return element.children;
    const hideFinished = setting('hideFinishedPlans');
    const ready = this.beadsRows.readyGroup();
    const plans = this.store
      .list()
      .filter((e) => !hideFinished || !isFinishedPlan(e.plan))
      .map((e) => this.root(e));
    return ready ? [ready, ...plans] : plans;
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
      const folder = vscode.workspace.getWorkspaceFolder(this.uriOf(n));
      if (folder) item.resourceUri = vscode.Uri.joinPath(folder.uri, n.file.replace(/[*?]/g, '_'));
      item.command = { command: Commands.OpenFile, title: 'Open File', arguments: [n] };
    } else if (n.line !== undefined) {
      item.command = { command: Commands.RevealInPlan, title: 'Reveal in Plan', arguments: [n] };
    }
    if (n.kind === Ctx.Task) this.beadsRows.decorate(item, n, this.uriOf(n));
    return item;
  }

  /** The plan a node belongs to. */
  uriOf(n: OutlineNode): vscode.Uri {
    let root = n;
    while (root.parent) root = root.parent;
    const uri = this.uris.get(root);
    if (!uri) throw new Error(`The tree node "${n.label}" belongs to no plan the view knows`);
    return uri;
  }

  /** The root node of a plan, when the store knows the plan. */
  rootOf(uri: vscode.Uri): OutlineNode | undefined {
    const entry = this.store.get(uri);
    return entry ? this.root(entry) : undefined;
  }

  /** The deepest node on a line of a plan (a row, else its group, else the plan). */
  nodeAt(uri: vscode.Uri, line: number): OutlineNode | undefined {
    const root = this.rootOf(uri);
    return root && nodeAtLine(root, line);
  }
}
