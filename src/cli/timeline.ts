// `beads-plan timeline`: the plan's phases and worker runs as tables, with
// when each started, how long it took and what it cost, from the same model
// the editor's timeline panel draws.
import { type Timeline, type TimelineEntry } from '../plan/timeline/model';
import { formatCost } from '../plan/formats/workerLog';
import { formatDuration } from '../plan/formats/duration';

const NONE = '—';

function when(e: TimelineEntry | undefined): string {
  if (!e) return NONE;
  return e.timestamp || `entry ${e.index + 1}`;
}

/** `stated`: by the extension's own log lines; `inferred`: from an orchestrator's wording, a neighbouring phase or the runs. */
function source(inferred: boolean): string {
  return inferred ? 'inferred' : 'stated';
}

/** Rows as columns padded to their widest cell; the last column is not padded. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: readonly string[]) => `  ${cells.map((c, k) => (k === cells.length - 1 ? c : c.padEnd(widths[k]!))).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

export function renderTimelineTable(t: Timeline, label: string): string {
  const { wallMs, runs, turns, costUsd, slowest } = t.totals;
  const respawns = t.tasks.reduce((n, lane) => n + lane.respawns, 0);
  const summary = [
    t.axis === 'time' && wallMs !== undefined ? `wall time ${formatDuration(wallMs)} from ${t.origin}` : 'wall time unknown (the log has no times of day)',
    `${runs} worker run${runs === 1 ? '' : 's'}${respawns > 0 ? ` (${respawns} respawn${respawns === 1 ? '' : 's'})` : ''}`,
    ...(turns !== undefined ? [`${turns} turns`] : []),
    costUsd !== undefined ? `cost ${formatCost(costUsd)}` : 'cost not recorded',
    ...(slowest ? [`slowest ${slowest.taskId} (${formatDuration(slowest.durationMs)})`] : []),
  ];
  const out = [label, `  ${summary.join(' · ')}`];
  if (t.phases.length > 0) {
    out.push('Phases');
    out.push(
      ...table(
        ['#', 'Phase', 'Status', 'Start', 'End', 'Duration', 'Source'],
        t.phases.map((p) => [
          String(p.number),
          p.name,
          p.status,
          when(p.start),
          when(p.end),
          p.durationMs !== undefined ? formatDuration(p.durationMs) : NONE,
          p.start || p.end ? source(p.inferred) : '',
        ]),
      ),
    );
  }
  out.push('Task runs');
  const rows = t.tasks.flatMap((lane) =>
    lane.runs.map((r) => [
      lane.id,
      String(r.attempt),
      r.outcome,
      when(r.start),
      r.durationMs !== undefined ? formatDuration(r.durationMs) : NONE,
      r.turns !== undefined ? String(r.turns) : NONE,
      r.costUsd !== undefined ? formatCost(r.costUsd) : NONE,
      source(r.inferred),
    ]),
  );
  out.push(...(rows.length > 0 ? table(['Task', 'Run', 'Outcome', 'Start', 'Duration', 'Turns', 'Cost', 'Source'], rows) : ['  (the log records no worker run)']));
  return out.join('\n');
}
