// `$(checklist) 9/10 Summary & Wait` for the active plan (or the most recent one).
import * as vscode from 'vscode';
import { phaseSummary, planLabel } from '../plan/summary';
import type { PlanEntry, PlanStore } from './planStore';
import { Commands } from './commandIds';

export function statusBarText(entry: PlanEntry): string {
  const s = phaseSummary(entry.plan);
  if (s.complete) return '$(pass-filled) Plan complete';
  if (!s.phase) return `$(checklist) ${s.text}`;
  return `$(checklist) ${s.phase.number}/${s.total} ${s.phase.name}`;
}

export class PlanStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('beadsPlan.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly store: PlanStore) {
    this.item.name = 'Beads Work Plan';
    this.item.command = Commands.FocusTree;
    this.subscriptions = [store.onDidChange(() => this.update()), vscode.window.onDidChangeActiveTextEditor(() => this.update())];
    this.update();
  }

  private active(): PlanEntry | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri;
    return (uri && this.store.get(uri)) || this.store.list()[0];
  }

  update(): void {
    const entry = this.active();
    if (!entry) {
      this.item.hide();
      return;
    }
    this.item.text = statusBarText(entry);
    this.item.tooltip = `${planLabel(entry.plan) ?? ''}\n${vscode.workspace.asRelativePath(entry.uri)}\nClick to show the plan`;
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
