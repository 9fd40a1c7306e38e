// The stable JSON shape of `beads-plan json` (documented in the README): only
// plain values, no cell ranges, so scripts can rely on it.
import type { Plan } from '../model';

export function planToJson(plan: Plan) {
  const written = plan.currentPhase.written;
  return {
    title: plan.title,
    isPlan: plan.isPlan,
    header: Object.fromEntries(plan.header.map((h) => [h.key, h.value])),
    phases: plan.phases.map(({ number, name, agent, status, statusText, notes, line }) => ({
      number,
      name,
      agent,
      status,
      statusText,
      notes,
      line,
    })),
    currentPhase: {
      written: written ? (written.number ?? written.text) : null,
      writtenText: written?.text ?? null,
      derived: plan.currentPhase.derived ?? null,
    },
    tasks: plan.tasks.map(({ id, fullId, title, epic, status, statusText, worker, files, respawns, line }) => ({
      id,
      fullId,
      title,
      epic,
      status,
      statusText,
      worker,
      files,
      respawns: respawns ?? null,
      line,
    })),
    validation: plan.validation.map(({ task, taskId, testsRun, testsPassed, typesPassed, valid, line }) => ({
      task,
      taskId: taskId ?? null,
      testsRun,
      testsPassed,
      typesPassed,
      valid: valid ?? null,
      line,
    })),
    checklist: plan.checklist.map(({ checked, text, line }) => ({ checked, text, line })),
    log: plan.log.map(({ timestamp, text, line }) => ({ timestamp, text, line })),
    conflicts: plan.conflicts.map(({ kind, tasks, batch, parallel, note, line }) => ({
      kind,
      tasks,
      batch: batch ?? null,
      parallel: parallel ?? null,
      note,
      line,
    })),
    sections: plan.sections.map(({ title, kind, level, line, endLine, status }) => ({
      title,
      kind,
      level,
      line,
      endLine,
      status: status?.status ?? null,
    })),
    findings: plan.findings.map(({ severity, code, message, line }) => ({ severity, code, message, line })),
  };
}
