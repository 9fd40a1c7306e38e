// Review Changes and Show Task Changes: the multi-file diff editor on exactly
// the files the commit would take (or a task's Files), HEAD against the
// working tree, then the way back to the commit. Nothing is staged.
import * as vscode from 'vscode';
import { commitScope, type CommitScopeResult } from '../../git/approvedCommit';
import type { PreparedCommit } from '../../git/commit';
import { reviewFiles } from '../../git/review';
import { pathsOf, plannedFiles } from '../../plan/rules/commitContents';
import type { Task } from '../../plan/model';
import { parsePlan } from '../../plan/read/parse';
import { Commands } from '../commandIds';
import type { CommandTarget } from '../commandTarget';
import type { PlanEntry } from '../services/planStore';
import type { Services } from '../services/index';
import { setting } from '../settings';
import { headUri } from '../views/headContent';
import { noteUri, rememberReview, REVIEW_TITLE } from '../views/reviewTabs';
import type { PlanGiven, TaskGiven } from '../preconditions';

const COMMIT = 'Commit…';

/** What a commit leaves out of the plan's changes, as the commit modal lists them (a task's review lists no left-out changes: they are other tasks'). */
export function notTaken(p: PreparedCommit, withLeftOut = true): Array<readonly [string, readonly string[]]> {
  const lists: Array<readonly [string, readonly string[]]> = [
    ['Left out (changed, not named by the plan)', withLeftOut ? p.leftOut : []],
    ['Named by the plan but not found', p.missing],
    ['Named by the plan but not a file (never committed, never widens the commit)', p.notFiles.map((n) => `${n.entry} (${n.why})`)],
    ['Outside the repository (never committed)', p.outside],
  ];
  return lists.filter(([, items]) => items.length > 0);
}

const plural = (n: number): string => `${n} file${n === 1 ? '' : 's'}`;

/** What committing the plan (or only `task`'s Files) would take, or undefined when that cannot be worked out (the user was told why). */
async function reviewScope(entry: PlanEntry, text: string, task?: Task): Promise<CommitScopeResult | undefined> {
  const uri = entry.uri;
  const planned = task ? pathsOf(task.files) : plannedFiles(text, parsePlan(text));
  const taken = await commitScope(uri.fsPath, planned, task ? 'planFiles' : setting('commit.scope', uri), task === undefined);
  if (!('error' in taken)) return taken;
  void vscode.window.showErrorMessage(`Cannot review the changes: ${taken.error}`);
  return undefined;
}

/**
 * Opens the diff of `taken` (the commit's scope, or a task's); resolves with
 * the line that says what it shows, undefined when there was nothing to show
 * (the user was told why). The commit modal's Review passes its proposal's
 * scope: the review shows what the modal listed, not a second reading.
 */
export async function openReview(services: Services, entry: PlanEntry, taken: CommitScopeResult, task?: Task): Promise<string | undefined> {
  const uri = entry.uri;
  const what = task ? `task ${task.id} of ${services.store.label(entry)}` : services.store.label(entry);
  const lists = notTaken(taken.prepared, task === undefined).map(([title, items]) => ` ${title}: ${items.join(', ')}.`).join('');
  // The plan goes into every commit, but there is nothing to review in it unless it changed.
  const changed = taken.files.filter((f) => f !== taken.planFile || taken.prepared.files.includes(f));
  const missing = taken.prepared.missing;
  if (changed.length === 0 && missing.length === 0) {
    void vscode.window.showInformationMessage(`Nothing to review: nothing ${task ? `task ${task.id}` : 'the plan'} names has changed in the working tree.${lists}`);
    return undefined;
  }
  const root = taken.repo.root;
  const review = await reviewFiles(root, changed);
  const fileUri = (path: string) => vscode.Uri.joinPath(vscode.Uri.file(root), ...path.split('/'));
  const resources = review.files.map((f) => {
    const file = fileUri(f.path);
    // No side is the empty side: the diff shows an added or a deleted file.
    return [file, f.inHead && review.head !== undefined ? headUri(root, review.head, f.path) : undefined, f.onDisk ? file : undefined];
  });
  // What the plan names but the working tree lacks is listed in the review itself, each with a note where its diff would be.
  const notes = missing.map((path) => [fileUri(path), undefined, noteUri(path, `${path}: named by ${what}, but not found in the working tree. Nothing of it can be reviewed or committed.`)]);
  const title = `${REVIEW_TITLE}${what}`;
  rememberReview(title, uri);
  await vscode.commands.executeCommand('vscode.changes', title, [...resources, ...notes]);
  const shown = changed.length === 0 ? 'Nothing to review: no file the plan names has changed' : `Reviewing ${plural(resources.length)} of ${what}, HEAD against the working tree`;
  return `${shown}.${lists}`;
}

/** The way back from a review to the commit: an explicit choice, never a commit by itself. */
export async function backToCommit(summary: string): Promise<boolean> {
  return (await vscode.window.showInformationMessage(summary, COMMIT)) === COMMIT;
}

export async function reviewChanges(_target: CommandTarget, services: Services, { entry, text }: PlanGiven): Promise<void> {
  const taken = await reviewScope(entry, text);
  const summary = taken && (await openReview(services, entry, taken));
  if (summary && (await backToCommit(summary))) await vscode.commands.executeCommand(Commands.Commit, { uri: entry.uri });
}

export async function showTaskChanges(_target: CommandTarget, services: Services, { entry, text, task }: TaskGiven): Promise<void> {
  const taken = await reviewScope(entry, text, task);
  const summary = taken && (await openReview(services, entry, taken, task));
  if (summary) void vscode.window.showInformationMessage(summary);
}
