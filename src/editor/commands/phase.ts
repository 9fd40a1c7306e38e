// Set Phase Status… and Advance to Next Phase.
import * as vscode from 'vscode';
import type { Status } from '../../plan/model';
import { advancePhase, setPhaseStatus } from '../../plan/write/edit';
import { parsePlan } from '../../plan/read/parse';
import { roleOf } from '../../plan/read/roles';
import { advanceable, unfinishedWork } from '../../plan/rules/guards';
import { phaseSummary } from '../../plan/rules/summary';
import type { CommandTarget } from '../commandTarget';
import type { Services } from '../services/index';
import type { PlanGiven } from '../preconditions';
import { currentText } from '../util/currentText';
import { applyOrExplain, confirmModal, STATUS_MESSAGE_MS } from './ui';

const CHOICES: ReadonlyArray<{ label: string; status: Status }> = [
  { label: '$(pass) done', status: 'done' },
  { label: '$(sync) in progress', status: 'in_progress' },
  { label: '$(clock) pending', status: 'pending' },
  { label: '$(error) failed', status: 'failed' },
  { label: '$(warning) blocked', status: 'blocked' },
  { label: '$(circle-slash) skipped', status: 'skipped' },
];

export async function changePhaseStatus(target: CommandTarget, services: Services, { entry, plan }: PlanGiven): Promise<void> {
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
  // The commit phase is marked done only by the user-approved commit: "done" is not offered, and the title says why.
  const commit = roleOf(phase) === 'commit';
  const choice = await vscode.window.showQuickPick(
    CHOICES.filter((c) => !commit || c.status !== 'done'),
    {
      title: `${services.store.label(entry)}, phase ${phase.number}. ${phase.name} (now: ${phase.statusText || '—'})${commit ? ': done only by Commit (User-Approved)…' : ''}`,
    },
  );
  if (!choice) return;
  await applyOrExplain(services, entry.uri, (text) => setPhaseStatus(text, phase.number, { status: choice.status }, new Date()));
}

/** Marks the current phase done; when its own work is unfinished, only after the user has seen what and said so. */
export async function advanceToNextPhase(_target: CommandTarget, services: Services, { entry, plan }: PlanGiven): Promise<void> {
  const advance = advanceable(plan);
  const open = advance.ok ? unfinishedWork(plan, advance.current) : undefined;
  if (advance.ok && open) {
    const { current } = advance;
    const detail = `${services.store.label(entry)}, phase ${current.number} (${current.name}):\n${open.items.map((i) => `• ${i}`).join('\n')}\n\nAdvancing marks phase ${current.number} done anyway.`;
    if (!(await confirmModal(`${open.text}. Advance anyway?`, detail, 'Advance Anyway'))) return;
  }
  // An agent may have moved the plan while the question was open: advance only the phase the user was asked about.
  const asked = advance.ok ? advance.current.number : undefined;
  const done = await applyOrExplain(services, entry.uri, (text) => {
    const now = parsePlan(text);
    const again = advanceable(now);
    if (again.ok && again.current.number !== asked)
      return { ok: false, reason: `The plan moved to phase ${again.current.number} (${again.current.name}) meanwhile: nothing was changed.` };
    return advancePhase(text, new Date(), now);
  });
  // A short word where the eye is: the tree and the checklist change too, but may be out of sight.
  if (done) vscode.window.setStatusBarMessage(`$(check) ${services.store.label(entry)}: ${phaseSummary(parsePlan(await currentText(entry.uri))).title}`, STATUS_MESSAGE_MS);
}
