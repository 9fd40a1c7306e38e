// The editor's applier for plan edits: the pure edit functions compute
// replacements on the document's text as it is right now, and one
// WorkspaceEdit applies them, so undo reverts a command in one step.
import * as vscode from 'vscode';
import type { EditResult } from '../plan/edit';

export type PlanEdit = (text: string) => EditResult;

export type ApplyOutcome = { ok: true; summary: string } | { ok: false; reason: string };

/**
 * Applies an edit to a plan. The text is read from the document at the moment
 * of applying (an agent may have written since the tree was built) and the
 * edit re-locates its target in it by identity. A document that was clean is
 * saved afterwards; a dirty one is left for its user to save.
 */
export async function applyPlanEdit(uri: vscode.Uri, edit: PlanEdit): Promise<ApplyOutcome> {
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(uri);
  } catch (e) {
    return { ok: false, reason: `The plan could not be opened: ${e instanceof Error ? e.message : String(e)}` };
  }
  const wasDirty = document.isDirty;
  const version = document.version;
  const result = edit(document.getText());
  if (!result.ok) return { ok: false, reason: result.reason };
  if (result.edits.length === 0) return { ok: true, summary: result.summary };
  if (document.version !== version) return { ok: false, reason: 'The plan changed while the edit was prepared; nothing was written. Try again.' };
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const r of result.edits)
    workspaceEdit.replace(uri, new vscode.Range(r.range.start.line, r.range.start.character, r.range.end.line, r.range.end.character), r.newText);
  if (!(await vscode.workspace.applyEdit(workspaceEdit))) return { ok: false, reason: 'The editor refused the edit; the plan is unchanged.' };
  if (!wasDirty && !(await document.save())) return { ok: false, reason: 'The plan was edited but could not be saved; it is left unsaved in the editor.' };
  return { ok: true, summary: result.summary };
}

/** Applies an edit and tells the user why when it could not be made. */
export async function applyOrExplain(uri: vscode.Uri, edit: PlanEdit): Promise<boolean> {
  const outcome = await applyPlanEdit(uri, edit);
  if (!outcome.ok) void vscode.window.showErrorMessage(outcome.reason);
  return outcome.ok;
}
