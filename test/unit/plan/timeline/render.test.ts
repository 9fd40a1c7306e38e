import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateParallelPlan } from '../../../../bench/generate';
import { appendLog } from '../../../../src/plan/write/edit';
import { parsePlan } from '../../../../src/plan/read/parse';
import { applyEdits } from '../../../../src/plan/write/textEdit';
import { buildTimeline, type Timeline } from '../../../../src/plan/timeline/model';
import { renderTimeline, type RenderOptions } from '../../../../src/plan/timeline/render';
import { PLAN_FILES, fixture } from '../../fixtures';

const OPTIONS: RenderOptions = { title: 'plan', path: '.beads/plans/plan.md' };

interface Bar {
  readonly cls: string;
  readonly x: number;
  readonly width: number;
  readonly y: number;
  readonly label: string;
  readonly line: number;
  readonly tip: string;
  readonly tabindex: string;
  readonly role: string;
}

const unescape = (s: string): string => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function attributes(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, unescape(m[2]!)]));
}

/** The run bars of a rendering, with their attributes. */
function bars(html: string): Bar[] {
  return [...html.matchAll(/<rect class="bwp-run[^>]*>/g)].map((m) => {
    const a = attributes(m[0]);
    return { cls: a.class!, x: Number(a.x), width: Number(a.width), y: Number(a.y), label: a['aria-label']!, line: Number(a['data-line']), tip: a['data-tip']!, tabindex: a.tabindex!, role: a.role! };
  });
}

const render = (t: Timeline, options: Partial<RenderOptions> = {}): string => renderTimeline(t, { ...OPTIONS, ...options });

describe('timeline rendering', () => {
  it('draws one focusable, labelled bar per run of the generated parallel plan, overlapping where the runs did', () => {
    const generated = generateParallelPlan({ agent: true });
    const plan = parsePlan(generated.text);
    const t = buildTimeline(plan);
    const html = render(t);
    const drawn = bars(html);
    assert.equal(drawn.length, generated.runs.length);
    for (const b of drawn) {
      assert.equal(b.tabindex, '0');
      assert.equal(b.role, 'button');
      assert.match(b.label, /^bwp-par\.\d run \d.*: (done|failed), \d.* \d+ turns, \$\d+\.\d\d, started 2026-01-05T09:\d\d:\d\dZ$/);
      assert.ok(b.width >= 3);
    }
    // Each bar's line is its end line in the plan.
    const lines = generated.text.split('\n');
    for (const b of drawn) assert.match(lines[b.line]!, /Worker for bwp-par\.\d (done|failed)/);
    // Two lanes' bars overlap in x where their runs overlapped in time; a lane's own bars never do.
    const overlaps = (a: Bar, b: Bar) => a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5;
    const first = drawn.find((b) => b.label.startsWith('bwp-par.1 '))!;
    const second = drawn.find((b) => b.label.startsWith('bwp-par.2 '))!;
    assert.notEqual(first.y, second.y, 'one lane per task');
    assert.ok(overlaps(first, second), 'bwp-par.1 and bwp-par.2 ran together');
    const respawned = drawn.filter((b) => b.label.startsWith('bwp-par.4 '));
    assert.deepEqual(respawned.map((b) => b.cls), ['bwp-run bwp-failed', 'bwp-run bwp-done']);
    assert.match(respawned[1]!.label, /run 2 \(respawn 1\)/);
    assert.ok(!overlaps(respawned[0]!, respawned[1]!));
    // Hover text: the log lines, duration, turns and cost.
    assert.match(respawned[0]!.tip, /^bwp-par\.4 · .+\nfailed · 3 min 19 s · \d+ turns · \$\d\.\d\d\n2026-01-05T09:\d\d:\d\dZ: Worker started for bwp-par\.4\n.*Worker for bwp-par\.4 failed: exited with code 1 \(3 min 19 s\)/);
    // Phases as bands, with the execute phase's time.
    assert.match(html, /aria-label="Phase 3\. Execute Tasks: done, 12 min 41 s, from 2026-01-05T09:01:00Z to 2026-01-05T09:13:41Z, partly inferred"/);
    // Totals.
    assert.match(html, /<dt>Wall time<\/dt><dd>14 min 47 s from 2026-01-05T09:00:00Z<\/dd>/);
    assert.match(html, /<dt>Worker runs<\/dt><dd>7 \(1 respawn\)<\/dd>/);
    assert.match(html, /<dt>Cost<\/dt><dd>\$2\.72<\/dd>/);
    assert.match(html, /<dt>Slowest task<\/dt><dd>bwp-par\.4: 6 min 33 s<\/dd>/);
    assert.match(html, /<li>3\. Execute Tasks: 12 min 41 s <span class="bwp-muted">\(inferred\)<\/span><\/li>/);
    // A time axis in minutes.
    assert.deepEqual([...html.matchAll(/<text class="bwp-tick-label"[^>]*>([^<]*)</g)].map((m) => m[1]), ['0', '2 min', '4 min', '6 min', '8 min', '10 min', '12 min', '14 min']);
  });

  it('spaces the tick labels so that none touches the next, at every panel width, on every real plan', () => {
    const ticks = (html: string) =>
      [...html.matchAll(/<text class="bwp-tick-label" x="([\d.]+)"[^>]*>([^<]*)</g)].map((m) => ({ x: Number(m[1]), label: unescape(m[2]!) }));
    const timelines = [buildTimeline(parsePlan(generateParallelPlan({ agent: true }).text)), ...PLAN_FILES.map((name) => buildTimeline(parsePlan(fixture(name))))];
    for (const t of timelines)
      for (const width of [300, 420, 600, 916, 1400]) {
        const shown = ticks(render(t, { width }));
        for (let i = 1; i < shown.length; i++) {
          const [a, b] = [shown[i - 1]!, shown[i]!];
          // Labels are centred on their tick; 6.5 px a character is what the drawing reckons with at 11 px.
          assert.ok(b.x - (b.label.length * 6.5) / 2 >= a.x + (a.label.length * 6.5) / 2, `${width} px: "${a.label}" at ${a.x} touches "${b.label}" at ${b.x}`);
        }
      }
  });

  it('draws an idle gap of a resumed plan compressed, with a break mark, so that its runs keep their width', () => {
    const generated = generateParallelPlan({ agent: true });
    const later = new Date(Date.parse('2026-01-05T09:00:00Z') + 344 * 24 * 3_600_000);
    const resumed = appendLog(generated.text, 'Session resumed', later);
    assert.ok(resumed.ok);
    const text = applyEdits(generated.text, resumed.edits);
    const html = render(buildTimeline(parsePlan(text)));
    assert.deepEqual([...html.matchAll(/<g class="bwp-break" role="img" aria-label="([^"]*)"/g)].map((m) => m[1]), ['Idle for 344 d: drawn compressed']);
    // Before, the 344-day axis made every run a sliver; compressed, each keeps nearly the width it has without the gap.
    const unpaused = bars(render(buildTimeline(parsePlan(generated.text))));
    bars(html).forEach((b, i) => assert.ok(b.width > unpaused[i]!.width * 0.95, `${b.label}: ${b.width} px, ${unpaused[i]!.width} px without the gap`));
    const labels = [...html.matchAll(/<text class="bwp-tick-label"[^>]*>([^<]*)</g)].map((m) => m[1]);
    assert.deepEqual(labels, ['0', '2 min', '4 min', '6 min', '8 min', '10 min', '12 min', '14 min', '344 d'], 'minutes before the break, and when the plan resumed');
  });

  it('grows a running worker\'s bar with the clock', () => {
    const generated = generateParallelPlan({ pending: 1 });
    const last = generated.taskIds.at(-1)!;
    const started = appendLog(generated.text, `Worker started for ${last}`, new Date(Date.UTC(2026, 0, 5, 9, 30)));
    assert.ok(started.ok);
    const text = applyEdits(generated.text, started.edits);
    const t = buildTimeline(parsePlan(text));
    const short = bars(render(t, { live: new Map([[last, 5_000]]) })).find((b) => b.label.startsWith(last))!;
    const long = bars(render(t, { live: new Map([[last, 600_000]]) })).find((b) => b.label.startsWith(last))!;
    assert.match(short.cls, /bwp-running/);
    assert.match(short.label, /running, 5 s/);
    assert.ok(long.width > short.width * 10, `${long.width} > 10 × ${short.width}`);
    assert.match(bars(render(t)).find((b) => b.label.startsWith(last))!.cls, /bwp-unfinished/, 'not live and not in progress: no end in the log');
  });

  it('draws a log with only dates in log order, and says so', () => {
    const html = render(buildTimeline(parsePlan(fixture('real/PLAN-v7.md'))));
    assert.match(html, /The log has no times of day \(only dates\): entries are shown in log order/);
    assert.match(html, /<dt>Wall time<\/dt><dd>unknown: the log has no times of day to measure<\/dd>/);
    const drawn = bars(html);
    assert.equal(drawn.length, 4);
    assert.ok(drawn.every((b) => b.cls === 'bwp-run bwp-done bwp-inferred'));
    const [q29, d61, gth, j35] = drawn;
    assert.ok(q29!.x === d61!.x && d61!.x === gth!.x, 'spawned together');
    assert.ok(q29!.width < d61!.width && d61!.width < gth!.width, 'and finished one after another');
    assert.ok(j35!.x >= gth!.x + gth!.width, '3j5 after gth');
  });

  it('renders every real plan, with no unescaped markup and balanced groups', () => {
    for (const name of PLAN_FILES) {
      const t = buildTimeline(parsePlan(fixture(name)));
      const html = render(t);
      assert.equal((html.match(/<g[ >]/g) ?? []).length, (html.match(/<\/g>/g) ?? []).length, name);
      assert.equal(bars(html).length, t.totals.runs, name);
      assert.ok(!/NaN|undefined/.test(html), `${name}: ${/.{40}(NaN|undefined).{40}/.exec(html)?.[0]}`);
    }
  });

  it('keeps the plan\'s text as text: ids, titles and log lines cannot add markup', () => {
    const evil = `x"><script>alert(1)</script><img src=x onerror=alert(2)>'`;
    const text = [
      '# Beads Work Plan',
      '## 2. Tasks',
      '| ID | Title | Status |',
      '|----|-------|--------|',
      `| ev-1.a | ${evil} | in_progress |`,
      '## 3. Execution Log',
      '- 2026-01-05T09:00: Worker started for ev-1.a',
      `- 2026-01-05T09:01: ${evil}`,
      '- 2026-01-05T09:02: Worker for ev-1.a done in 3 s',
    ].join('\n');
    const html = renderTimeline(buildTimeline(parsePlan(text)), { title: evil, path: evil });
    assert.ok(!html.includes('<script'), 'no script element');
    assert.ok(!html.includes('<img'), 'no img element');
    assert.ok(!/onerror=/.test(html.replace(/onerror=alert\(2\)&gt;/g, '')), 'no event handler attribute');
    assert.match(bars(html)[0]!.tip, /x"><script>alert\(1\)<\/script>/, 'the text survives, as text');
  });

  it('says why there is nothing to draw', () => {
    assert.match(render(buildTimeline(parsePlan(fixture('real/plan-4af13a61.md')))), /has no entries yet/);
    assert.match(renderTimeline(undefined, OPTIONS), /no longer a Beads Work Plan/);
  });
});
