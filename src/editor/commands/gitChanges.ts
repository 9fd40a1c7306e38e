// What a worker run did to git, for the user: Show Git Changes (each change
// in words, .git/config as a diff) and Resolve Git Changes (restore
// .git/config from the copy taken before the run, or confirm the rest by
// hand), after which the commit gate no longer blocks on it. The record is
// kept by ../services/gitWatch.ts.
import * as vscode from 'vscode';
import { configDiff } from '../../git/state';
import type { CommandTarget } from '../commandTarget';
import type { GitFinding } from '../services/gitWatch';
import type { Services } from '../services/index';

/** What a run changed in git, as a document: each change in words, and the config as a diff when it changed. */
export async function showFinding(f: GitFinding): Promise<void> {
  const lines = [
    `# Git changed during the worker run for ${f.taskId}`,
    '',
    `Repository: ${f.repo}  `,
    `Seen: ${f.at}`,
    ...(f.overlapped.length > 0 ? ['', `Other workers ran in this repository meanwhile (the change may be theirs): ${f.overlapped.map((k) => k.split('#').slice(-2, -1)[0]).join(', ')}`] : []),
    '',
    '## What changed',
    '',
    ...f.changes.map((c) => `- ${c.text}`),
    ...f.doubts.map((c) => `- ${c.text} (a doubt: staging alone commits nothing)`),
  ];
  if (f.before.config !== f.after.config) lines.push('', '## .git/config (- before, + after)', '', '```diff', configDiff(f.before.config, f.after.config), '```');
  lines.push('', 'Beads Plan: Resolve Git Changes restores .git/config from the copy taken before the run, or records that you have checked the rest.');
  const doc = await vscode.workspace.openTextDocument({ content: lines.join('\n'), language: 'markdown' });
  await vscode.window.showTextDocument(doc, { preview: true });
}

/** The findings of the target's plan (or every plan's), one picked when there are several. */
async function pickFinding(target: CommandTarget, services: Services, title: string): Promise<GitFinding | undefined> {
  const plans = target.uri ? [target.uri] : services.store.list().map((e) => e.uri);
  const all = (await Promise.all(plans.map((u) => services.gitWatch.of(u)))).flat();
  if (all.length === 0) return void vscode.window.showInformationMessage('No worker has changed git: there is nothing to resolve.');
  if (all.length === 1) return all[0];
  const pick = await vscode.window.showQuickPick(
    all.map((f) => ({ label: f.taskId, description: f.changes.map((c) => c.text).join('; ') || f.doubts.map((c) => c.text).join('; '), detail: vscode.Uri.parse(f.plan).fsPath, f })),
    { title },
  );
  return pick?.f;
}

export async function showGitChanges(target: CommandTarget, services: Services): Promise<void> {
  const finding = await pickFinding(target, services, 'Show Git Changes: which run?');
  if (finding) await showFinding(finding);
}

const RESTORE_CONFIG = 'Restore .git/config';
const CHECKED = 'I Have Checked It';

/**
 * Resolves a run's change to git: restores .git/config from the recorded copy
 * when it changed, and has the user confirm the rest (a moved HEAD, a new ref,
 * a hook) by hand; then the gate no longer blocks on it.
 */
export async function resolveGitChanges(target: CommandTarget, services: Services): Promise<void> {
  const finding = await pickFinding(target, services, 'Resolve Git Changes: which run?');
  if (!finding) return;
  const configChanged = finding.before.config !== finding.after.config || finding.before.worktreeConfig !== finding.after.worktreeConfig;
  const rest = finding.changes.filter((c) => c.area !== 'config' && c.area !== 'remote');
  const detail = [
    ...finding.changes.map((c) => `• ${c.text}`),
    ...finding.doubts.map((c) => `• ${c.text}`),
    '',
    configChanged ? `${RESTORE_CONFIG} writes back the copy taken before the run (the remotes included).` : '',
    rest.length > 0 ? 'HEAD, refs and hooks are not changed back: check them yourself (git log, git reflog, the hooks folder), then confirm.' : '',
  ]
    .filter((l, i, all) => l !== '' || (i > 0 && all[i - 1] !== ''))
    .join('\n');
  const choice = await vscode.window.showWarningMessage(
    `The worker for ${finding.taskId} changed git. Resolve it?`,
    { modal: true, detail },
    ...(configChanged ? [RESTORE_CONFIG] : []),
    CHECKED,
  );
  if (choice === undefined) return;
  if (choice === RESTORE_CONFIG) {
    try {
      await services.gitWatch.restoreConfig(finding);
    } catch (e) {
      return void vscode.window.showErrorMessage(`.git/config could not be restored, and the change stays unresolved: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  await services.gitWatch.resolve(finding);
  services.log.info(`Git changes of the worker for ${finding.taskId} resolved (${choice}): ${finding.changes.map((c) => c.text).join('; ')}`);
  void vscode.window.showInformationMessage(`${choice === RESTORE_CONFIG ? '.git/config restored; the' : 'The'} git changes of ${finding.taskId} are resolved.`);
}
