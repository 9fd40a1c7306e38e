// Set Phase Status… and Advance to Next Phase.
import * as vscode from 'vscode';
import type { Status } from '../../plan/model';
import { advancePhase, setPhaseStatus as setPhaseStatusEdit } from '../../plan/edit';
import { commitPhase } from '../../plan/summary';
import { parsePlan } from '../../plan/parse';
import type { PlanStore } from '../planStore';
import type { PlanWriter } from '../planWriter';
import { currentText, resolveTarget, type CommandArg } from './target';

const CHOICES: ReadonlyArray<{ label: string; status: Status }> = [
  { label: '$(pass) done', status: 'done' },
  { label: '$(sync) in progress', status: 'in_progress' },
  { label: '$(clock) pending', status: 'pending' },
  { label: '$(error) failed', status: 'failed' },
  { label: '$(warning) blocked', status: 'blocked' },
  { label: '$(circle-slash) skipped', status: 'skipped' },
];

export async function setPhaseStatus(arg: CommandArg, store: PlanStore, writer: PlanWriter): Promise<void> {
  const target = await resolveTarget(arg, store, 'Set Phase Status');
  if (!target) return;
  const plan = parsePlan(await currentText(target.uri));
  let number = target.phaseNumber;
  if (number === undefined) {
    const pick = await vscode.window.showQuickPick(
      plan.phases.map((p) => ({ label: `${p.number}. ${p.name}`, description: p.statusText, number: p.number })),
      { title: 'Set Phase Status: which phase?' },
    );
    if (!pick) return;
    number = pick.number;
  }
  const phase = plan.phases.find((p) => p.number === number);
  if (!phase) return void vscode.window.showErrorMessage(`Phase ${number} is no longer in the plan; nothing was changed.`);
  const choice = await vscode.window.showQuickPick(CHOICES, { title: `Phase ${phase.number}. ${phase.name} (now: ${phase.statusText || '—'})` });
  if (!choice) return;
  if (phase === commitPhase(plan.phases) && choice.status === 'done')
    return void vscode.window.showWarningMessage(
      `Phase ${phase.number} (${phase.name}) is marked done only by "Commit (User-Approved)…", after you approve the commit.`,
    );
  await writer.applyOrExplain(target.uri, (text) => setPhaseStatusEdit(text, phase.number, { status: choice.status }, new Date()));
}

export async function advanceToNextPhase(arg: CommandArg, store: PlanStore, writer: PlanWriter): Promise<void> {
  const target = await resolveTarget(arg, store, 'Advance to Next Phase');
  if (target) await writer.applyOrExplain(target.uri, (text) => advancePhase(text, new Date()));
}
