// Show Plan Timeline: which plan (the target's, else the only one, else a
// pick), and where a clicked bar's log line opens: in the plan's visible
// editor, else in a column the timeline does not occupy.
import * as vscode from 'vscode';
import type { CommandTarget } from '../commandTarget';
import type { Services } from '../services/index';
import { revealLine } from './navigation';
import type { PlanGiven } from '../preconditions';

export function showTimeline(_target: CommandTarget, services: Services, { entry }: PlanGiven): void {
  const uri = entry.uri;
  services.timelines.show(uri, (line, panelColumn) => {
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString())?.viewColumn;
    const elsewhere = panelColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
    return revealLine(uri, line, false, visible ?? elsewhere);
  });
}
