// `beads-plan show`: the plan as a readable tree for a terminal.
import type { Plan, Status } from '../plan/model';
import { headerValue, phaseSummary, planLabel } from '../plan/rules/summary';

const MARK: Readonly<Record<Status, string>> = {
  done: '✓',
  closed: '✓',
  pending: '○',
  in_progress: '▶',
  failed: '✗',
  blocked: '!',
  skipped: '–',
  unknown: '?',
};

export function renderPlan(plan: Plan, path: string): string {
  const out: string[] = [];
  const summary = phaseSummary(plan);
  out.push(`${planLabel(plan) ?? path}  (${summary.text})`);
  out.push(`  ${path}`);
  for (const key of ['Generated', 'Session']) {
    const value = headerValue(plan, key);
    if (value) out.push(`  ${key}: ${value}`);
  }
  if (plan.phases.length > 0) {
    out.push('Phases');
    for (const p of plan.phases) {
      const current = p === summary.phase && !summary.complete ? '  ← current' : '';
      const notes = p.notes ? `  — ${p.notes}` : '';
      out.push(`  ${MARK[p.status]} ${p.number}. ${p.name}  [${p.statusText}]${notes}${current}`);
    }
  }
  if (plan.tasks.length > 0) {
    out.push('Tasks');
    for (const t of plan.tasks) {
      const worker = t.worker ? `  worker ${t.worker}` : '';
      const respawns = t.respawns ? `  respawns ${t.respawns}` : '';
      out.push(`  ${MARK[t.status]} ${t.id}  ${t.title}  [${t.statusText}]${worker}${respawns}`);
      for (const f of t.files) out.push(`      ${f}`);
    }
  }
  if (plan.validation.length > 0) {
    out.push('Validation');
    for (const v of plan.validation) {
      const mark = v.valid === true ? '✓' : v.valid === false ? '✗' : '?';
      out.push(`  ${mark} ${v.task}  tests ${v.testsRun || '-'} / passed ${v.testsPassed || '-'} / types ${v.typesPassed || '-'}`);
    }
  }
  if (plan.checklist.length > 0) {
    out.push('Final Verification');
    for (const c of plan.checklist) out.push(`  [${c.checked ? 'x' : ' '}] ${c.text}`);
  }
  if (plan.findings.length > 0) {
    out.push('Findings');
    for (const f of plan.findings) out.push(`  ${f.severity} line ${f.line + 1}: ${f.message}`);
  }
  return out.join('\n');
}
