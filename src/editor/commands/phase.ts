// Set Phase Status… and Advance to Next Phase.
import * as vscode from 'vscode';
import type { Status } from '../../plan/model';
import { advancePhase, setPhaseStatus as setPhaseStatusEdit } from '../../plan/edit';
import { parsePlan } from '../../plan/parse';
import { roleOf } from '../../plan/roles';
import type { CommandTarget } from '../commandTarget';
import type { Services } from '../services/index';
import { applyOrExplain, currentText, targetPlan } from './ui';

const CHOICES: ReadonlyArray<{ label: string; status: Status }> = [
  { label: '$(pass) done', status: 'done' },
  { label: '$(sync) in progress', status: 'in_progress' },
  { label: '$(clock) pending', status: 'pending' },
  { label: '$(error) failed', status: 'failed' },
  { label: '$(warning) blocked', status: 'blocked' },
  { label: '$(circle-slash) skipped', status: 'skipped' },
];

export async function setPhaseStatus(target: CommandTarget, services: Services): Promise<void> {
  const entry = await targetPlan(target, services, 'Set Phase Status');
  if (!entry) return;
  const plan = parsePlan(await currentText(entry.uri));
  let number = target.phaseNumber;
  if (number === undefined) {
    const pick = await vscode.window.showQuickPick(
      plan.phases.map((p) => ({ label: `${p.number}. ${p.name}`, description: p.statusText, number: p.number })),
      { title: `Set Phase Status (${services.store.label(entry)}): which phase?` },
    );
    if (!pick) return;
    number = pick.number;
  }
  const phase = plan.phases.find((p) => p.number === number);
  if (!phase) return void vscode.window.showErrorMessage(`Phase ${number} is no longer in the plan; nothing was changed.`);
  const choice = await vscode.window.showQuickPick(CHOICES, { title: `Phase ${phase.number}. ${phase.name} (now: ${phase.statusText || '—'})` });
  if (!choice) return;
  if (roleOf(phase) === 'commit' && choice.status === 'done')
    return void vscode.window.showWarningMessage(
      `Phase ${phase.number} (${phase.name}) is marked done only by "Commit (User-Approved)…", after you approve the commit.`,
    );
  await applyOrExplain(services, entry.uri, (text) => setPhaseStatusEdit(text, phase.number, { status: choice.status }, new Date()));
}

export async function advanceToNextPhase(target: CommandTarget, services: Services): Promise<void> {
  const entry = await targetPlan(target, services, 'Advance to Next Phase');
  if (entry) await applyOrExplain(services, entry.uri, (text) => advancePhase(text, new Date()));
}
