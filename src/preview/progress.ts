// The phase progress bar shown above a plan's Phase Checklist: pure HTML
// from the parsed phases. Every text comes from an agent's file, so all of it
// is escaped.
import type { Phase } from '../plan/model';
import { stripDecoration } from '../plan/read/status';
import type { PhaseSummary } from '../plan/rules/summary';

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The phase being worked on; a finished plan has none, even though its summary points at the last phase. */
export function currentPhase(summary: PhaseSummary): Phase | undefined {
  return summary.complete ? undefined : summary.phase;
}

function phaseName(phase: Phase): string {
  return `${phase.number} ${phase.name}`.trim();
}

/** `Phase 10 of 11 · User-Approved Commit · 10 of 11 done`: the tree's plan description and Phases group, in one. */
export function progressLabel(summary: PhaseSummary): string {
  return `${summary.title} · ${summary.doneText}`;
}

function segment(phase: Phase, current: boolean): string {
  const title = `${phaseName(phase)}: ${stripDecoration(phase.statusText) || phase.status}`;
  const classes = `bwp-seg bwp-${phase.status}${current ? ' bwp-seg-current' : ''}`;
  return `<span class="${classes}" title="${escapeHtml(title)}"></span>`;
}

/** One segment per phase, in table order; the label doubles as the bar's accessible value. */
export function progressHtml(phases: readonly Phase[], summary: PhaseSummary): string {
  const label = escapeHtml(progressLabel(summary));
  const current = currentPhase(summary);
  const segments = phases.map((p) => segment(p, p === current)).join('');
  return (
    `<div class="bwp-progress">\n` +
    `<div class="bwp-progress-bar" role="progressbar" aria-label="Phases" aria-valuemin="0" ` +
    `aria-valuemax="${summary.count}" aria-valuenow="${summary.done}" aria-valuetext="${label}">${segments}</div>\n` +
    `<p class="bwp-progress-label">${label}</p>\n` +
    `</div>\n`
  );
}
