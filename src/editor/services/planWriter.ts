// The editor's applier for plan edits: the pure edit functions compute
// replacements on the document's text as it is right now, and one
// WorkspaceEdit applies them, so undo reverts a command in one step.
import * as vscode from 'vscode';
import type { EditStep } from '../../plan/edit';
import { errorMessage } from '../../util/errors';
import { ResourceMap } from '../util/resourceMap';

export type ApplyOutcome = { ok: true; summary: string } | { ok: false; reason: string };

export class PlanWriter implements vscode.Disposable {
  private readonly queues = new ResourceMap<Promise<void>>();

  /**
   * Applies an edit to a plan. Edits of one plan run one after another, and
   * each reads the text from the document at the moment it applies (an agent
   * may have written since the tree was built), re-locating its target in it
   * by identity. A document that was clean is saved afterwards; a dirty one is
   * left for its user to save.
   */
  apply(uri: vscode.Uri, edit: EditStep): Promise<ApplyOutcome> {
    const run = (this.queues.get(uri) ?? Promise.resolve()).then(() => applyNow(uri, edit));
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(uri, tail);
    void tail.then(() => {
      if (this.queues.get(uri) === tail) this.queues.delete(uri);
    });
    return run;
  }

  /** Edits already queued still run; nothing new is kept. */
  dispose(): void {
    this.queues.clear();
  }
}

/** save() answers false while auto-save is already saving: wait a moment for that save to land. */
function savedSoon(document: vscode.TextDocument, timeoutMs = 3000): Promise<boolean> {
  if (!document.isDirty) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (saved: boolean) => {
      clearTimeout(timer);
      listener.dispose();
      resolve(saved);
    };
    const listener = vscode.workspace.onDidSaveTextDocument((d) => {
      if (d === document && !d.isDirty) done(true);
    });
    const timer = setTimeout(() => done(!document.isDirty), timeoutMs);
  });
}

async function applyNow(uri: vscode.Uri, edit: EditStep): Promise<ApplyOutcome> {
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(uri);
  } catch (e) {
    return { ok: false, reason: `The plan could not be opened: ${errorMessage(e)}` };
  }
  const wasDirty = document.isDirty;
  const result = edit(document.getText());
  if (!result.ok) return { ok: false, reason: `Nothing was changed: ${result.reason}.` };
  if (result.edits.length === 0) return { ok: true, summary: result.summary };
  // No await between reading the text and handing over the edit: the ranges fit the text read.
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const r of result.edits)
    workspaceEdit.replace(uri, new vscode.Range(r.range.start.line, r.range.start.character, r.range.end.line, r.range.end.character), r.newText);
  if (!(await vscode.workspace.applyEdit(workspaceEdit))) return { ok: false, reason: 'The editor refused the edit; the plan is unchanged.' };
  if (!wasDirty && !(await document.save()) && !(await savedSoon(document)))
    return { ok: false, reason: 'The plan was edited but could not be saved; it is left unsaved in the editor.' };
  return { ok: true, summary: result.summary };
}
