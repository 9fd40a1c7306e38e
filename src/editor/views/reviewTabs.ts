// The Review Changes editors: which plan each one reviews (so that its Commit…
// title action commits that plan), the `beadsPlan.reviewActive` context key
// that shows the action while one is the active tab, and the read-only notes
// a review shows for the files the plan names but the working tree lacks.
import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';

/** The title every Review Changes editor starts with; the plan's name follows. */
export const REVIEW_TITLE = 'Review Changes: ';
const REVIEW_ACTIVE = 'beadsPlan.reviewActive';
export const NOTE_SCHEME = 'beads-plan-note';

/** Review titles to the plans they review, as opened in this window. */
const reviewed = new Map<string, vscode.Uri>();

/** Records the plan a review editor titled `title` is about. */
export function rememberReview(title: string, plan: vscode.Uri): void {
  reviewed.set(title, plan);
}

function activeTabLabel(): string | undefined {
  return vscode.window.tabGroups.activeTabGroup.activeTab?.label;
}

/** The plan the active Review Changes editor is about, if one is active. VS Code adds the count to the tab's title: `… (2 files)`. */
export function reviewedPlan(): vscode.Uri | undefined {
  const label = activeTabLabel();
  if (label === undefined || !label.startsWith(REVIEW_TITLE)) return undefined;
  return reviewed.get(label) ?? reviewed.get(label.replace(/ \(\d+ files?\)$/, ''));
}

/** A read-only document saying why `path` has no diff: it stands in the review where the file would. */
export function noteUri(path: string, note: string): vscode.Uri {
  return vscode.Uri.from({ scheme: NOTE_SCHEME, path: `/${path}`, query: note });
}

export class ReviewNoteProvider implements vscode.TextDocumentContentProvider {
  provideTextDocumentContent(uri: vscode.Uri): string {
    return `${uri.query}\n`;
  }
}

/** Keeps `beadsPlan.reviewActive` true exactly while a review this window opened is the active tab. */
export class ReviewTabs extends Disposable {
  private active = false;

  constructor() {
    super();
    this._register(vscode.window.tabGroups.onDidChangeTabs(() => this.update()));
    this._register(vscode.window.tabGroups.onDidChangeTabGroups(() => this.update()));
    this.update();
  }

  update(): void {
    const now = reviewedPlan() !== undefined;
    if (now === this.active) return;
    this.active = now;
    void vscode.commands.executeCommand('setContext', REVIEW_ACTIVE, now);
  }
}
