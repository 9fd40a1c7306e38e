// The editor's applier for plan edits: the pure edit functions compute
// replacements on the document's text as it is right now, and one
// WorkspaceEdit applies them, so undo reverts a command in one step.
//
// An edit is computed only from a stable, whole plan, as the CLI's are, and
// under the same advisory lock (src/files/lock.ts), so the extension and
// `beads-plan` runs never lose each other's updates. For a clean document the
// file on disk is the truth: it is read until it settles (an agent may be
// half-way through rewriting it), and the edit waits until VS Code's copy of
// the document has caught up with it, since the WorkspaceEdit applies to that
// copy. A dirty document is the user's own text and is edited as it is,
// unless it reads as no plan while the file is one.
import * as vscode from 'vscode';
import * as workspaceApis from '../common/workspace.apis';
import { realpathSync } from 'node:fs';
import type { EditStep } from '../../plan/write/edit';
import { unfinishedPlan } from '../../plan/read/whole';
import { errorMessage } from '../../util/errors';
import { ResourceMap } from '../util/resourceMap';

const REWRITTEN = 'The plan is being rewritten; nothing was changed. Try again when the agent has written it.';
/** How long VS Code may take to reload a clean document the disk has changed under. */
const CATCH_UP_MS = 3000;

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
    const listener = workspaceApis.onDidSaveTextDocument((d) => {
      if (d === document && !d.isDirty) done(true);
    });
    const timer = setTimeout(() => done(!document.isDirty), timeoutMs);
  });
}

/** Same text, whatever the BOM and line breaks (VS Code's copy keeps one kind of break). */
function sameText(a: string, b: string): boolean {
  const norm = (t: string) => t.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  return norm(a) === norm(b);
}

/** Resolves true once the document holds `text` (VS Code reloading it from disk), false after `timeoutMs`. */
function caughtUp(document: vscode.TextDocument, text: string, timeoutMs = CATCH_UP_MS): Promise<boolean> {
  if (sameText(document.getText(), text)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      listener.dispose();
      resolve(ok);
    };
    const listener = workspaceApis.onDidChangeTextDocument((e) => {
      if (e.document === document && sameText(document.getText(), text)) done(true);
    });
    const timer = setTimeout(() => done(sameText(document.getText(), text)), timeoutMs);
  });
}

async function applyNow(uri: vscode.Uri, edit: EditStep): Promise<ApplyOutcome> {
  if (uri.scheme !== 'file') return applyToDocument(uri, edit);
  let file: string;
  try {
    file = realpathSync(uri.fsPath);
  } catch (e) {
    return { ok: false, reason: `The plan could not be opened: ${errorMessage(e)}` };
  }
  // Loaded with the first edit: the lock's library has no business in the extension's start.
  const [{ withFileLock, LockTimeout }, { readWholePlan, NotSettled }, { readRegularFileSync }] = await Promise.all([
    import('../../files/lock'),
    import('../../files/stableRead'),
    import('../../files/regularFile'),
  ]);
  try {
    return await withFileLock(file, () => applyToDocument(uri, edit, async (document) => {
      if (document.isDirty) return undefined;
      const disk = (await readWholePlan(() => readRegularFileSync(file))).toString('utf8');
      return (await caughtUp(document, disk)) ? undefined : 'VS Code has not caught up with the plan on disk yet; nothing was changed. Try again in a moment.';
    }));
  } catch (e) {
    if (e instanceof NotSettled) return { ok: false, reason: REWRITTEN };
    if (e instanceof LockTimeout) return { ok: false, reason: `Another writer holds the plan's lock (${e.lockPath}); nothing was changed.` };
    return { ok: false, reason: `The plan could not be edited: ${errorMessage(e)}` };
  }
}

/**
 * Computes the edit on the document's text and applies it; `ready` may
 * refuse first (with its reason) once the document is open.
 */
async function applyToDocument(uri: vscode.Uri, edit: EditStep, ready?: (document: vscode.TextDocument) => Promise<string | undefined>): Promise<ApplyOutcome> {
  let document: vscode.TextDocument;
  try {
    document = await workspaceApis.openTextDocument(uri);
  } catch (e) {
    return { ok: false, reason: `The plan could not be opened: ${errorMessage(e)}` };
  }
  const refused = await ready?.(document);
  if (refused) return { ok: false, reason: refused };
  const wasDirty = document.isDirty;
  const text = document.getText();
  // No edit is computed from a text that is empty or no plan (a dirty document whose title the user cut);
  // one that ends inside a line is whole here: the disk's was settled, and a user types at the end.
  const unfinished = unfinishedPlan(text);
  if (unfinished && unfinished.acceptAfterMs === undefined) return { ok: false, reason: `Nothing was changed: the plan ${unfinished.reason}.` };
  const result = edit(text);
  if (!result.ok) return { ok: false, reason: `Nothing was changed: ${result.reason}.` };
  if (result.edits.length === 0) return { ok: true, summary: result.summary };
  // No await between reading the text and handing over the edit: the ranges fit the text read.
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const r of result.edits)
    workspaceEdit.replace(uri, new vscode.Range(r.range.start.line, r.range.start.character, r.range.end.line, r.range.end.character), r.newText);
  if (!(await workspaceApis.applyEdit(workspaceEdit))) return { ok: false, reason: 'The editor refused the edit; the plan is unchanged.' };
  if (!wasDirty && !(await document.save()) && !(await savedSoon(document)))
    return { ok: false, reason: 'The plan was edited but could not be saved; it is left unsaved in the editor.' };
  return { ok: true, summary: result.summary };
}
