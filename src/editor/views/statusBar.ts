// The status bar item: which plan, and where it stands, always named. It
// follows the active plan editor; with none active (another file, a webview,
// the preview, the walkthrough) it shows the first plan that needs the user,
// if any, and otherwise nothing. A click opens what it names.
import * as vscode from 'vscode';
import { attentionText, type Attention } from '../../plan/rules/attention';
import { phaseSummary } from '../../plan/rules/summary';
import type { AttentionService } from '../services/attention';
import type { PlanEntry, PlanStore } from '../services/planStore';
import { Disposable } from '../util/dispose';
import { Commands } from '../commandIds';
import { needYou } from './attention';

/** `$(bell) django-litefs-f8s: awaiting approval`, `$(checklist) 1ddafa05: Phase 3 of 11 · Execute Tasks`. */
export function statusBarText(label: string, entry: PlanEntry, attention: Attention | undefined): string {
  if (!entry.plan.isPlan) return `$(warning) ${label}: not readable as a plan`;
  if (attention) return `$(bell) ${label}: ${attentionText(attention)}`;
  const s = phaseSummary(entry.plan);
  return s.complete ? `$(pass-filled) ${label}: complete` : `$(checklist) ${label}: ${s.title}`;
}

export class PlanStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('beadsPlan.status', vscode.StatusBarAlignment.Left, 50));

  constructor(
    private readonly store: PlanStore,
    private readonly attention: AttentionService,
  ) {
    super();
    this.item.name = 'Beads Work Plan';
    this._register(store.onDidChange(() => this.update()));
    this._register(attention.onDidChange(() => this.update()));
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this.update();
  }

  /** The plan in the active editor; undefined when the active editor is no plan, or no text editor is active. */
  private activePlan(): PlanEntry | undefined {
    const editor = vscode.window.activeTextEditor;
    return editor && this.store.get(editor.document.uri);
  }

  update(): void {
    const active = this.activePlan();
    const waiting = this.attention.list();
    const shown = active ?? waiting[0]?.entry;
    if (!shown) {
      this.item.hide();
      return;
    }
    const attention = shown.plan.isPlan ? this.attention.of(shown) : undefined;
    const label = this.store.label(shown);
    const others = waiting.filter((w) => w.entry.uri.toString() !== shown.uri.toString());
    this.item.text = `${statusBarText(label, shown, attention)}${others.length > 0 ? ` +${others.length}` : ''}`;
    this.item.tooltip = [
      `${label} · ${shown.plan.isPlan ? phaseSummary(shown.plan).text : 'not readable as a plan'}`,
      vscode.workspace.asRelativePath(shown.uri),
      ...(others.length > 0 ? [`${needYou(others.length, true)}:`, ...others.map(({ entry: e, attention: a }) => `  ${this.store.label(e)}: ${attentionText(a)}`)] : []),
      attention ? `Click to go to what ${label} needs` : `Click to show ${label} in the view`,
    ].join('\n');
    // What it names: the line the plan needs the user at, else the plan's row in the view.
    this.item.command = attention
      ? { title: `Go to ${label}`, command: Commands.OpenPlan, arguments: [{ uri: shown.uri, line: attention.line }] }
      : { title: `Show ${label}`, command: Commands.FocusView, arguments: [{ uri: shown.uri }] };
    this.item.show();
  }
}
