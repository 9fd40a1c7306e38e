// The status bar item: the active editor's plan and its phase. It never
// shows another plan than the active editor's; with no editor open it shows
// the first plan of the tree. When other plans need the user, it counts them,
// and a click goes to the first of them.
import * as vscode from 'vscode';
import { attentionText } from '../../plan/rules/attention';
import { phaseSummary } from '../../plan/rules/summary';
import type { AttentionService } from '../services/attention';
import type { PlanEntry, PlanStore } from '../services/planStore';
import { Disposable } from '../util/dispose';
import { Commands, FOCUS_VIEW } from '../commandIds';
import { needYou } from './attention';

export function statusBarText(entry: PlanEntry): string {
  if (!entry.plan.isPlan) return '$(warning) Not readable as a plan';
  const s = phaseSummary(entry.plan);
  if (s.complete) return '$(pass-filled) Plan complete';
  return `$(checklist) ${s.title}`;
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

  private active(): PlanEntry | undefined {
    const editor = vscode.window.activeTextEditor;
    if (editor) return this.store.get(editor.document.uri);
    return this.store.list()[0];
  }

  update(): void {
    const entry = this.active();
    const others = this.attention.list().filter((w) => w.entry.uri.toString() !== entry?.uri.toString());
    const first = others[0];
    if (!entry && !first) {
      this.item.hide();
      return;
    }
    const tooltip = entry
      ? [`${this.store.label(entry)} · ${entry.plan.isPlan ? phaseSummary(entry.plan).text : 'not readable as a plan'}`, vscode.workspace.asRelativePath(entry.uri)]
      : [];
    if (first) {
      const waiting = others.map(({ entry: e, attention }) => `  ${this.store.label(e)}: ${attentionText(attention)}`);
      this.item.text = entry ? `${statusBarText(entry)}  $(bell-dot) ${others.length}` : `$(bell-dot) ${needYou(others.length)}`;
      this.item.tooltip = [...tooltip, `${needYou(others.length, entry !== undefined)}:`, ...waiting, `Click to go to ${this.store.label(first.entry)}`].join('\n');
      this.item.command = { title: 'Go to the plan that needs you', command: Commands.OpenPlan, arguments: [{ uri: first.entry.uri, line: first.attention.line }] };
    } else {
      this.item.text = statusBarText(entry!);
      this.item.tooltip = [...tooltip, 'Click to show the plan'].join('\n');
      this.item.command = FOCUS_VIEW;
    }
    this.item.show();
  }
}
