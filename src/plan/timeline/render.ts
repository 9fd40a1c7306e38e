// The timeline as a picture: an SVG drawn here, from the pure model, with no
// editor API, so that it is tested like any function and loads nothing. Phases
// are bands along the top, log entries ticks, and each task a lane with its
// worker runs as bars. Every bar and band is focusable and labelled for a
// screen reader, carries its log line (`data-line`) for a click to reveal, and
// its hover text (`data-tip`); colours are classes that media/timeline.css
// maps to the theme's variables.
import { runSpan, type PhaseSpan, type TaskLane, type TaskRun, type Timeline, type TimelineEntry } from './model';
import { formatCost } from '../formats/workerLog';
import { formatDuration } from '../formats/duration';

export interface RenderOptions {
  /** The plan's name, and where it is. */
  readonly title: string;
  readonly path: string;
  /** Tasks whose worker runs now, and for how long it has (ms): their open run grows with it. */
  readonly live?: ReadonlyMap<string, number>;
  /** The drawing's width in pixels: the panel's, so the whole span fits. */
  readonly width?: number;
}

/** The task-label column: this wide in a roomy panel, narrower (down to LABEL_MIN_W) in a narrow one, so the chart keeps its room. */
const LABEL_MAX_W = 180;
const LABEL_MIN_W = 90;
const RIGHT_PAD = 16;
const DEFAULT_W = 916;
const MIN_CHART_W = 160;
/** A stretch of the log with no entry and no worker run longer than this is drawn BREAK_W wide, with a break mark. */
export const IDLE_GAP_MS = 2 * 3_600_000;
const BREAK_W = 18;
/** Pixels between two tick labels, at the least. */
const TICK_GAP = 10;
const AXIS_H = 28;
const PHASE_H = 26;
const LOG_H = 22;
const LANE_H = 26;
const BAR_H = 16;
const MIN_W = 3;
const DAY_MS = 24 * 3_600_000;
/** Steps a time axis may tick at: the first whose labels have room wins (and gives at most MAX_TICKS ticks). */
const STEPS_MS = [1, 2, 5, 10, 15, 30]
  .map((s) => s * 1000)
  .concat(
    [1, 2, 5, 10, 15, 30].map((m) => m * 60_000),
    [1, 2, 3, 6, 12].map((h) => h * 3_600_000),
    [1, 2, 7, 14, 30, 60, 90, 180, 365].map((d) => d * DAY_MS),
  );
const MAX_TICKS = 8;

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text from the plan (task ids, titles, log lines) is untrusted: it is only ever text, never markup. */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const round = (n: number): string => String(Math.round(n * 10) / 10);

/** About how wide a label is, in pixels (11 px sans-serif). */
const CHAR_W = 6.5;
const textWidth = (text: string): number => text.length * CHAR_W;

/** A character count a label of `width` pixels holds (11 px sans-serif). */
function fit(text: string, width: number): string {
  const max = Math.floor(width / CHAR_W);
  if (text.length <= max) return text;
  return max < 2 ? '' : `${text.slice(0, max - 1)}…`;
}

/** Where entries sit on the x axis, in pixels from the chart's left edge. */
interface Scale {
  readonly kind: 'time' | 'order';
  /** The entry's position; untimed entries sit with the closest timed one before them (else after). */
  x(entry: TimelineEntry): number;
  /** The entry's time on a time axis (ms from the origin), as x() places it. */
  ms(entry: TimelineEntry): number;
  /** The position of a time on a time axis (ms from the origin). */
  pos(ms: number): number;
  /** The right end of the axis. */
  readonly end: number;
  /** The time the axis spans (0 on an order axis). */
  readonly spanMs: number;
  /** One log entry's width on an order axis. */
  readonly slot: number;
  /** Pixels per millisecond of active time on a time axis. */
  readonly perMs: number;
  /** The idle stretches drawn compressed (ms from the origin), in order. */
  readonly breaks: ReadonlyArray<{ readonly from: number; readonly to: number }>;
}

/** Stretches longer than IDLE_GAP_MS between consecutive entry times that no worker run overlaps. */
function idleGaps(times: readonly number[], runs: ReadonlyArray<{ from: number; to: number }>): Array<{ from: number; to: number }> {
  const sorted = [...new Set(times)].sort((a, b) => a - b);
  const gaps: Array<{ from: number; to: number }> = [];
  for (let i = 1; i < sorted.length; i++) {
    const from = sorted[i - 1]!;
    const to = sorted[i]!;
    if (to - from > IDLE_GAP_MS && !runs.some((r) => r.from < to && r.to > from)) gaps.push({ from, to });
  }
  return gaps;
}

function timeScale(t: Timeline, live: ReadonlyMap<string, number>, chartW: number): Scale {
  const filled: number[] = [];
  let last: number | undefined;
  for (const e of t.entries) {
    last = e.at ?? last;
    filled.push(last ?? NaN);
  }
  const first = filled.find((v) => !Number.isNaN(v)) ?? 0;
  const at = filled.map((v) => (Number.isNaN(v) ? first : v));
  // The axis ends at the latest thing drawn: the last entry, a run's recorded end, a live run's elapsed time.
  let endMs = t.totals.wallMs ?? 0;
  const runs: Array<{ from: number; to: number }> = [];
  for (const lane of t.tasks)
    for (const run of lane.runs) {
      const { startAt, endAt } = runSpan(run);
      const elapsed = live.get(lane.id);
      const from = startAt ?? (run.start ? at[run.start.index]! : undefined);
      const to = endAt ?? (run.start && elapsed !== undefined ? at[run.start.index]! + elapsed : run.end ? at[run.end.index]! : undefined);
      if (to !== undefined) endMs = Math.max(endMs, to);
      if (from !== undefined) runs.push({ from, to: to ?? Infinity });
    }
  const span = Math.max(endMs, 1);
  // Idle stretches take BREAK_W pixels each; the active time shares the rest.
  const breaks = chartW > MIN_CHART_W ? idleGaps([...at, span], runs) : [];
  const idle = breaks.reduce((sum, g) => sum + (g.to - g.from), 0);
  const activeW = chartW - breaks.length * BREAK_W;
  const perMs = activeW / Math.max(1, span - idle);
  const pos = (ms: number): number => {
    let x = 0;
    let from = 0;
    for (const g of breaks) {
      if (ms <= g.from) break;
      x += (g.from - from) * perMs;
      if (ms < g.to) return x + ((ms - g.from) / (g.to - g.from)) * BREAK_W;
      x += BREAK_W;
      from = g.to;
    }
    return x + (ms - from) * perMs;
  };
  return { kind: 'time', x: (e) => pos(at[e.index]!), ms: (e) => at[e.index]!, pos, end: chartW, spanMs: span, slot: 0, perMs, breaks };
}

function orderScale(t: Timeline, chartW: number): Scale {
  const slot = chartW / Math.max(1, t.entries.length);
  return { kind: 'order', x: (e) => (e.index + 0.5) * slot, ms: () => 0, pos: () => 0, end: chartW, spanMs: 0, slot, perMs: 0, breaks: [] };
}

/** A bar's extent: the time the run covers (see runSpan), or the entries that start and end it; a live run grows with the clock. */
function runExtent(run: TaskRun, scale: Scale, elapsed: number | undefined): { x0: number; x1: number } {
  if (scale.kind === 'order') {
    if (run.start) return { x0: scale.x(run.start), x1: run.end ? scale.x(run.end) : scale.end };
    const x = scale.x(run.end!);
    return { x0: x - scale.slot * 0.3, x1: x + scale.slot * 0.3 };
  }
  const { startAt, endAt } = runSpan(run);
  const from = startAt ?? scale.ms((run.start ?? run.end)!);
  const x0 = scale.pos(from);
  if (endAt !== undefined) return { x0, x1: scale.pos(endAt) };
  if (run.end) return { x0, x1: scale.x(run.end) };
  return { x0, x1: elapsed !== undefined ? scale.pos(from + elapsed) : scale.end };
}

function phaseExtent(p: PhaseSpan, scale: Scale): { x0: number; x1: number } {
  if (p.start && p.end) return { x0: scale.x(p.start), x1: scale.x(p.end) };
  if (p.start) return { x0: scale.x(p.start), x1: p.status === 'in_progress' ? scale.end : scale.x(p.start) };
  const x = scale.x(p.end!);
  return { x0: x, x1: x };
}

function widen({ x0, x1 }: { x0: number; x1: number }, scale: Scale, labelW: number): { x: number; w: number } {
  const w = Math.max(MIN_W, x1 - x0);
  return { x: labelW + Math.min(Math.max(0, x0), scale.end - w), w };
}

/** Drops every tick whose label would touch the one kept before it: labels never overlap, whatever the axis. */
function spaced(candidates: ReadonlyArray<{ x: number; label: string }>): Array<{ x: number; label: string }> {
  const kept: Array<{ x: number; label: string }> = [];
  for (const c of candidates) {
    const prev = kept.at(-1);
    if (!prev || c.x - textWidth(c.label) / 2 >= prev.x + textWidth(prev.label) / 2 + TICK_GAP) kept.push(c);
  }
  return kept;
}

/**
 * The axis ticks: on a time axis, at the smallest step whose labels have room,
 * within each stretch between idle breaks (labelled with the time since the
 * plan's start); on an order axis, every so many entries.
 */
function ticks(scale: Scale, t: Timeline): Array<{ x: number; label: string }> {
  const { spanMs } = scale;
  if (scale.kind === 'order') {
    const n = t.entries.length;
    const room = Math.max(1, Math.floor(scale.end / (textWidth(`#${n}`) + TICK_GAP)));
    const every = Math.max(1, Math.ceil(n / Math.min(MAX_TICKS, room)));
    return spaced(t.entries.filter((e) => e.index % every === 0).map((e) => ({ x: scale.x(e), label: `#${e.index + 1}` })));
  }
  const stretches: Array<{ from: number; to: number }> = [];
  let from = 0;
  for (const g of scale.breaks) {
    stretches.push({ from, to: g.from });
    from = g.to;
  }
  stretches.push({ from, to: spanMs });
  const label = (ms: number) => (ms === 0 ? '0' : formatDuration(ms));
  const widest = (step: number) => Math.max(...stretches.map((s) => textWidth(label(Math.ceil(s.to / step) * step))));
  const count = (step: number) => stretches.reduce((n, st) => n + Math.floor(st.to / step) - Math.ceil(st.from / step) + 1, 0);
  const fits = (step: number) => count(step) <= MAX_TICKS + stretches.length - 1 && step * scale.perMs >= widest(step) + TICK_GAP;
  const step = STEPS_MS.find(fits) ?? DAY_MS * Math.ceil(spanMs / (MAX_TICKS * DAY_MS));
  const out: Array<{ x: number; label: string }> = [];
  for (const s of stretches) for (let ms = Math.ceil(s.from / step) * step; ms <= s.to; ms += step) out.push({ x: scale.pos(ms), label: label(ms) });
  // Each stretch after a break starts with its own time, so that a resumed plan's axis says when it resumed.
  for (const s of stretches.slice(1)) if (!out.some((o) => o.x === scale.pos(s.from))) out.push({ x: scale.pos(s.from), label: label(s.from) });
  return spaced(out.sort((a, b) => a.x - b.x));
}

function runWords(run: TaskRun, elapsed: number | undefined): string[] {
  const duration = run.durationMs ?? elapsed;
  return [
    run.outcome === 'running' || (elapsed !== undefined && !run.end) ? 'running' : run.outcome,
    ...(duration !== undefined ? [formatDuration(duration)] : []),
    ...(run.turns !== undefined ? [`${run.turns} turns`] : []),
    ...(run.costUsd !== undefined ? [formatCost(run.costUsd)] : []),
  ];
}

function runLabel(lane: TaskLane, run: TaskRun, elapsed: number | undefined): string {
  const which = run.attempt > 1 ? `run ${run.attempt} (respawn ${run.attempt - 1})` : 'run 1';
  const anchor = run.start ?? run.end!;
  const when = anchor.timestamp ? `, ${run.start ? 'started' : 'ended'} ${anchor.timestamp}` : '';
  return `${lane.id} ${which}: ${runWords(run, elapsed).join(', ')}${when}${run.inferred ? ', read from the orchestrator\'s words' : ''}`;
}

function runTip(lane: TaskLane, run: TaskRun, elapsed: number | undefined): string {
  const lines = [`${lane.id}${lane.title ? ` · ${lane.title}` : ''}`, runWords(run, elapsed).join(' · ')];
  for (const e of [run.start, run.end]) if (e) lines.push(`${e.timestamp ? `${e.timestamp}: ` : ''}${e.text}`);
  return lines.join('\n');
}

function attrs(fields: Record<string, string | number>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}="${typeof v === 'number' ? round(v) : esc(v)}"`)
    .join(' ');
}

/** The drawing: axis, phase bands, the log's ticks and one lane per task. */
function svg(t: Timeline, live: ReadonlyMap<string, number>, panelW: number): string {
  const labelW = Math.round(Math.min(LABEL_MAX_W, Math.max(LABEL_MIN_W, panelW / 4)));
  const chartW = Math.max(MIN_CHART_W, panelW - labelW - RIGHT_PAD);
  const scale = t.axis === 'time' ? timeScale(t, live, chartW) : orderScale(t, chartW);
  const height = AXIS_H + PHASE_H + LOG_H + t.tasks.length * LANE_H + 8;
  const width = labelW + chartW + RIGHT_PAD;
  const out: string[] = [];
  out.push(
    `<svg class="bwp-timeline" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="group" aria-label="Timeline of the plan">`,
  );

  const top = AXIS_H;
  out.push(`<g class="bwp-axis" aria-hidden="true">`);
  for (const tick of ticks(scale, t)) {
    const x = labelW + tick.x;
    out.push(`<line class="bwp-grid" x1="${round(x)}" y1="${top - 6}" x2="${round(x)}" y2="${height - 4}"/>`);
    out.push(`<text class="bwp-tick-label" x="${round(x)}" y="${top - 10}" text-anchor="middle">${esc(tick.label)}</text>`);
  }
  out.push(`</g>`);
  // Each compressed idle stretch: a zigzag across the chart, saying how long nothing happened.
  for (const g of scale.breaks) {
    const x = labelW + scale.pos(g.from) + BREAK_W / 2;
    const zig = Array.from({ length: Math.ceil((height - top) / 8) }, (_, i) => `l${i % 2 === 0 ? 3 : -3} 8`).join('');
    const text = `Idle for ${formatDuration(g.to - g.from)}: drawn compressed`;
    out.push(
      `<g class="bwp-break" ${attrs({ role: 'img', 'aria-label': text })}><title>${esc(text)}</title>` +
        `<rect class="bwp-break-gap" x="${round(x - BREAK_W / 2 + 2)}" y="${top - 6}" width="${BREAK_W - 4}" height="${height - top + 2}"/>` +
        `<path class="bwp-break-mark" d="M${round(x - 1.5)} ${top - 6}${zig}"/></g>`,
    );
  }

  // Phases.
  const phaseY = top + 3;
  out.push(`<text class="bwp-lane-label" x="8" y="${phaseY + 14}">Phases</text>`);
  for (const p of t.phases.filter((s) => s.start || s.end)) {
    const { x, w } = widen(phaseExtent(p, scale), scale, labelW);
    const name = `${p.number}. ${p.name}`;
    const bounds = [p.start && `from ${p.start.timestamp || `entry ${p.start.index + 1}`}`, p.end && `to ${p.end.timestamp || `entry ${p.end.index + 1}`}`].filter(Boolean).join(' ');
    const duration = p.durationMs !== undefined ? `, ${formatDuration(p.durationMs)}` : '';
    const label = `Phase ${name}: ${p.status.replace('_', ' ')}${duration}${bounds ? `, ${bounds}` : ''}${p.inferred ? ', partly inferred' : ''}`;
    const line = (p.start ?? p.end)!.line;
    out.push(
      `<g class="bwp-phase bwp-phase-${p.status}" ${attrs({ tabindex: '0', role: 'button', 'aria-label': label, 'data-line': line, 'data-tip': label, 'data-key': `phase ${p.number}` })}>` +
        `<rect x="${round(x)}" y="${phaseY}" width="${round(w)}" height="${PHASE_H - 6}" rx="2"/>` +
        (fit(name, w - 6) ? `<text class="bwp-band-label" x="${round(x + 4)}" y="${phaseY + 14}">${esc(fit(name, w - 6))}</text>` : '') +
        `</g>`,
    );
  }

  // The log's own events: everything that is not a worker run.
  const logY = top + PHASE_H;
  out.push(`<text class="bwp-lane-label" x="8" y="${logY + 15}">Log</text>`);
  for (const e of t.entries) {
    if (e.kind.startsWith('worker') || e.kind === 'validation') continue;
    const x = labelW + scale.x(e);
    const text = `${e.timestamp ? `${e.timestamp}: ` : ''}${e.text}`;
    out.push(
      `<line class="bwp-tick bwp-tick-${e.kind}" ${attrs({ x1: x, y1: logY + 4, x2: x, y2: logY + LOG_H - 4, role: 'img', 'aria-label': text, 'data-line': e.line, 'data-tip': text })}/>`,
    );
  }

  // One lane per task.
  t.tasks.forEach((lane, k) => {
    const y = top + PHASE_H + LOG_H + k * LANE_H;
    out.push(`<g class="bwp-lane">`);
    out.push(`<line class="bwp-lane-rule" x1="0" y1="${y}" x2="${width}" y2="${y}"/>`);
    out.push(`<text class="bwp-lane-label bwp-task-${lane.status}" x="8" y="${y + 17}"><title>${esc(`${lane.id}${lane.title ? `: ${lane.title}` : ''}`)}</title>${esc(fit(lane.id, labelW - 14))}</text>`);
    const elapsed = live.get(lane.id);
    for (const run of lane.runs) {
      const open = !run.end;
      const running = open && (elapsed !== undefined || run.outcome === 'running');
      const { x, w } = widen(runExtent(run, scale, open ? elapsed : undefined), scale, labelW);
      const outcome = running ? 'running' : run.outcome;
      const anchor = run.start ?? run.end!;
      out.push(
        `<rect class="bwp-run bwp-${outcome}${run.inferred ? ' bwp-inferred' : ''}" ${attrs({
          x,
          y: y + (LANE_H - BAR_H) / 2,
          width: w,
          height: BAR_H,
          rx: '3',
          tabindex: '0',
          role: 'button',
          'aria-label': runLabel(lane, run, open ? elapsed : undefined),
          'data-line': (run.end ?? anchor).line,
          'data-tip': runTip(lane, run, open ? elapsed : undefined),
          'data-key': `run ${lane.id} ${run.attempt}`,
        })}/>`,
      );
    }
    for (const e of lane.events) {
      const x = labelW + scale.x(e);
      const text = `${e.timestamp ? `${e.timestamp}: ` : ''}${e.text}`;
      out.push(`<path class="bwp-tick-validation" d="M${round(x)} ${y + 6}l4 7-4 7-4-7z" ${attrs({ role: 'img', 'aria-label': text, 'data-line': e.line, 'data-tip': text })}/>`);
    }
    out.push(`</g>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

/** Wall time, runs, turns, cost, the slowest task and the time of each phase. */
function totals(t: Timeline): string {
  const { wallMs, runs, turns, costUsd, slowest } = t.totals;
  const respawns = t.tasks.reduce((n, lane) => n + lane.respawns, 0);
  const rows: Array<[string, string]> = [
    ['Wall time', t.axis === 'time' && wallMs !== undefined ? `${formatDuration(wallMs)} from ${t.origin}` : 'unknown: the log has no times of day to measure'],
    ['Worker runs', `${runs}${respawns > 0 ? ` (${respawns} respawn${respawns === 1 ? '' : 's'})` : ''}`],
    ...(turns !== undefined ? [['Turns', String(turns)] as [string, string]] : []),
    ['Cost', costUsd !== undefined ? formatCost(costUsd) : 'not recorded'],
    ...(slowest ? [['Slowest task', `${slowest.taskId}: ${formatDuration(slowest.durationMs)}`] as [string, string]] : []),
  ];
  const phases = t.phases.filter((p) => p.durationMs !== undefined);
  const dl = rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
  const perPhase =
    phases.length > 0
      ? `<dt>Time per phase</dt><dd><ul>${phases.map((p) => `<li>${esc(`${p.number}. ${p.name}: ${formatDuration(p.durationMs!)}`)}${p.inferred ? ' <span class="bwp-muted">(inferred)</span>' : ''}</li>`).join('')}</ul></dd>`
      : '';
  return `<dl class="bwp-totals">${dl}${perPhase}</dl>`;
}

const LEGEND: ReadonlyArray<readonly [string, string]> = [
  ['done', 'done'],
  ['failed', 'failed'],
  ['cancelled', 'cancelled'],
  ['running', 'running'],
  ['unfinished', 'no end in the log'],
];

/** The panel's content: the plan's name, totals, a legend and the drawing (or why there is none); no timeline: the plan is gone. */
export function renderTimeline(t: Timeline | undefined, options: RenderOptions): string {
  const live = options.live ?? new Map<string, number>();
  const head = `<h1>${esc(options.title)}</h1><p class="bwp-path">${esc(options.path)}</p>`;
  if (!t) return `${head}<p class="bwp-empty">This file is no longer a Beads Work Plan the extension knows.</p>`;
  if (t.entries.length === 0) return `${head}<p class="bwp-empty">The plan's Execution Log has no entries yet: there is no timeline to draw.</p>`;
  const axisNote =
    t.axis === 'order'
      ? `<p class="bwp-note">The log has no times of day${t.entries.some((e) => e.timestamp) ? ' (only dates)' : ''}: entries are shown in log order, one step each, and bars span the entries that started and ended them.</p>`
      : t.entries.some((e) => e.at === undefined)
        ? `<p class="bwp-note">Entries without a time of day are shown beside the entry before them.</p>`
        : '';
  const legend = `<ul class="bwp-legend" aria-hidden="true">${LEGEND.map(([cls, text]) => `<li><span class="bwp-swatch bwp-${cls}"></span>${text}</li>`).join('')}</ul>`;
  return `${head}${totals(t)}${axisNote}${legend}<div class="bwp-chart">${svg(t, live, Math.round(options.width ?? DEFAULT_W))}</div>`;
}
