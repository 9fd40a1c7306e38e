// Commit (User-Approved)…: the gate, the message, the modal (with the gate's
// doubts, each quoting its cell and line, and the plan edits the commit
// makes), a second modal naming how many doubts the user commits over, one
// for files that look like secrets, the commit. Nothing is staged before the
// user has said yes to each.
import * as vscode from 'vscode';
import type { GateEntry } from '../../plan/rules/gate';
import { performCommit, proposeCommit, withTrailers, type CommitProposal } from '../../git/approvedCommit';
import { joinMessage, splitMessage, storedMessage } from '../../git/commitMessage';
import type { EditStep } from '../../plan/write/edit';
import type { CommandTarget } from '../commandTarget';
import type { Services } from '../services/index';
import { setting } from '../settings';
import { afterCommit } from './beads';
import { revealLine } from './navigation';
import { backToCommit, notTaken, openReview } from './review';
import type { PlanGiven } from '../preconditions';
import { currentText } from '../util/currentText';

const REVIEW = 'Review Changes';

async function explainRefusal(uri: vscode.Uri, reasons: readonly GateEntry[]): Promise<void> {
  const [first] = reasons;
  if (!first) return;
  const more = reasons.length > 1 ? ` (and ${reasons.length - 1} more)` : '';
  const choice = await vscode.window.showWarningMessage(
    `Not ready to commit: ${first.message}${more}`,
    'Reveal Line',
    ...(reasons.length > 1 ? ['Show All Reasons'] : []),
  );
  if (choice === 'Reveal Line') await revealLine(uri, first.line);
  if (choice === 'Show All Reasons') {
    const pick = await vscode.window.showQuickPick(
      reasons.map((r) => ({ label: r.message, description: `line ${r.line + 1}`, line: r.line })),
      { title: 'Why the plan cannot be committed yet' },
    );
    if (pick) await revealLine(uri, pick.line);
  }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function describe(p: CommitProposal, message: string): string {
  const list = (title: string, items: readonly string[]) => (items.length ? `\n\n${title}:\n${items.map((f) => `  ${f}`).join('\n')}` : '');
  return (
    `Repository: ${p.repo.root}\nBranch: ${p.repo.branch ?? 'HEAD'}${p.repo.upstream ? ` → ${p.repo.upstream}` : ''}` +
    list(`Doubts (${p.doubts.length}), each to be confirmed`, p.doubts.map((d) => `line ${d.line + 1}: ${d.message}`)) +
    list(`Files to commit (${p.files.length})`, p.files) +
    notTaken(p.prepared).map(([title, items]) => list(title, items)).join('') +
    list('Look like secrets (committed only if you confirm them next)', p.prepared.secretMatches.map((m) => `${m.file}: ${m.what}`)) +
    list('The commit writes into the plan, and holds (nothing is written after it)', p.planEdits) +
    `\n\nMessage, as git will store it:\n${storedMessage(withTrailers(message, p.trailers))}`
  );
}

/**
 * Committing over doubts takes a second, explicit yes that names how many:
 * the first modal's Commit may have been a reflex. Undefined (Cancel) commits nothing.
 */
async function overDoubts(doubts: readonly GateEntry[]): Promise<boolean> {
  if (doubts.length === 0) return true;
  const n = plural(doubts.length, 'doubt');
  const take = await vscode.window.showWarningMessage(
    `Commit over ${n}? The gate could not read ${doubts.length === 1 ? 'this' : 'these'} as done.`,
    { modal: true, detail: doubts.map((d) => `line ${d.line + 1}: ${d.message}`).join('\n') },
    `Commit Over ${doubts.length} Doubt${doubts.length === 1 ? '' : 's'}`,
  );
  return take !== undefined;
}

/** The files to commit: the proposal's, plus those that look like secrets only when the user names them in a modal of their own. */
async function withSecrets(p: CommitProposal): Promise<readonly string[]> {
  const secrets = p.prepared.secrets;
  if (secrets.length === 0) return p.files;
  const take = await vscode.window.showWarningMessage(
    `Also commit ${plural(secrets.length, 'file')} that look${secrets.length === 1 ? 's' : ''} like a secret?`,
    {
      modal: true,
      detail: `${p.prepared.secretMatches.map((m) => `  ${m.file}: ${m.what}`).join('\n')}\n\nKeys, tokens, credential and .env files rarely belong in git. Cancel commits without ${secrets.length === 1 ? 'it' : 'them'}.`,
    },
    secrets.length === 1 ? `Commit ${secrets[0]} Too` : `Commit These ${secrets.length} Too`,
  );
  return take === undefined ? p.files : [...p.files, ...secrets];
}

/** One line of a body for the message box's prompt, which shows no line breaks. */
const bodyPreview = (body: string): string => body.split('\n').map((l) => l.trim()).filter(Boolean).join(' ⏎ ');

/**
 * The message: its subject edited in the input box (one line, which is all an
 * input box holds), its body kept line for line and shown under it. Resolves
 * with the whole message as git will store it, or undefined when cancelled.
 */
async function editMessage(proposed: string): Promise<string | undefined> {
  const { subject, body } = splitMessage(proposed);
  const lines = body === '' ? 0 : body.split('\n').length;
  const edited = await vscode.window.showInputBox({
    title: 'Commit (User-Approved): message',
    value: subject,
    prompt: body
      ? `The subject. The body is kept below it (${plural(lines, 'line')}): ${bodyPreview(body)}. The next step shows the whole message and everything that will be committed.`
      : 'The commit message. The next step shows everything that will be committed.',
    validateInput: (v) => (v.trim() === '' ? 'The subject cannot be empty' : undefined),
  });
  return edited === undefined ? undefined : storedMessage(joinMessage(edited, body));
}

export async function commitPlan(_target: CommandTarget, services: Services, { entry }: PlanGiven): Promise<void> {
  const uri = entry.uri;
  const output = services.log;
  const scope = setting('commit.scope', uri);
  const template = setting('commit.messageTemplate', uri);
  const propose = async (): Promise<CommitProposal | undefined> => {
    // What a worker did to git blocks the gate until the user resolves it (Resolve Git Changes).
    const proposed = await proposeCommit(uri.fsPath, await currentText(uri), scope, template || undefined, new Date(), (plan) => services.gitWatch.gateOutside(uri, plan));
    if (proposed.ok) return proposed.proposal;
    if ('blocks' in proposed) await explainRefusal(uri, proposed.blocks);
    else void vscode.window.showErrorMessage(`Cannot commit: ${proposed.error}`);
    return undefined;
  };
  let proposal = await propose();
  if (!proposal) return;
  const message = await editMessage(proposal.message);
  if (message === undefined) return;
  let choice: string | undefined;
  for (;;) {
    const warned = proposal.doubts.length > 0 ? ` despite ${plural(proposal.doubts.length, 'doubt')}` : '';
    choice = await vscode.window.showWarningMessage(
      `Commit ${plural(proposal.files.length, 'file')} to ${proposal.repo.branch ?? 'HEAD'}${warned}?`,
      { modal: true, detail: describe(proposal, message) },
      'Commit',
      'Commit and Push',
      REVIEW,
    );
    if (choice !== REVIEW) break;
    // The diff of what the modal listed, then this same decision again, on what the plan and the working tree hold by then.
    const summary = await openReview(services, entry, proposal);
    if (!summary || !(await backToCommit(summary))) return;
    proposal = await propose();
    if (!proposal) return;
  }
  if (choice === undefined || !(await overDoubts(proposal.doubts))) return;
  const files = await withSecrets(proposal);
  if (files.every((f) => f === proposal.planFile))
    return void vscode.window.showInformationMessage('Nothing was committed: without the files that look like secrets, the plan names no changed file.');
  const apply = async (edit: EditStep) => {
    const outcome = await services.writer.apply(uri, edit);
    // The file on disk is what git commits: save even a buffer that was dirty before.
    if (outcome.ok) await vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.save();
    return outcome;
  };
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: choice === 'Commit' ? 'Committing…' : 'Committing and pushing…' },
    () => performCommit({ ...proposal, files, message }, apply, choice === 'Commit and Push'),
  );
  if (!result.ok) {
    if (result.output) output.appendLine(`Commit failed: ${result.reason}\n${result.output}`);
    const show = await vscode.window.showErrorMessage(`Commit failed, nothing was committed: ${result.reason}`, ...(result.output ? ['Show Output'] : []));
    if (show) output.show(true);
    return;
  }
  services.commits.refresh(uri);
  const pushNote = result.pushError ? ` The push failed: ${result.pushError}` : result.pushed ? ' Pushed.' : '';
  void (result.pushError ? vscode.window.showWarningMessage : vscode.window.showInformationMessage)(`Committed ${result.shortHash} on ${result.branch}.${pushNote}`);
  // Not awaited: the offer to close in beads waits for the user, the commit is done.
  afterCommit(services, uri, result.shortHash).catch((e: unknown) => output.error('After the commit, beads failed:', e instanceof Error ? e : String(e)));
}
