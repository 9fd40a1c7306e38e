// Why the commit is blocked: the gate's reasons in a list, each opening its
// line. The "Commit blocked: N reasons" CodeLens leads here, offered instead
// of a Commit that could only refuse.
import * as vscode from 'vscode';
import { checkGate } from '../../plan/rules/gate';
import type { CommandTarget } from '../commandTarget';
import type { Services } from '../services/index';
import { revealLine } from './navigation';
import type { PlanGiven } from '../preconditions';

export async function showCommitBlocks(_target: CommandTarget, services: Services, { entry, plan }: PlanGiven): Promise<void> {
  const { blocks } = checkGate(plan);
  const name = services.store.label(entry);
  if (blocks.length === 0) return void vscode.window.showInformationMessage(`Nothing blocks the commit of ${name} any more.`);
  const pick = await vscode.window.showQuickPick(
    blocks.map((b) => ({ label: b.message, description: `line ${b.line + 1}`, line: b.line })),
    { title: `Why ${name} cannot be committed yet (${blocks.length})`, matchOnDescription: true },
  );
  if (pick) await revealLine(entry.uri, pick.line);
}
