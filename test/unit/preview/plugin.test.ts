// The Markdown preview plugin, asserted on the HTML that markdown-it renders.
//
// Per-plan expectations were read by hand from the fixtures' Phase Checklist
// tables and `**Current Phase:**` lines; the invariants for every plan compare
// the HTML with the parsed model and with plain markdown-it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import type { Env, MarkdownIt as MarkdownItInstance, StateCore } from 'markdown-it';

import { beadsPlanPlugin, PLAN_ENV } from '../../../src/preview/plugin';
import { parsePlan } from '../../../src/plan/read/parse';
import { phaseSummary } from '../../../src/plan/rules/summary';
import { isFinished } from '../../../src/plan/read/status';
import { PLAN_FILES, fixture, statusCodes } from '../fixtures';

type Options = ConstructorParameters<typeof MarkdownIt>[0];

function render(src: string, options: Options = {}, env: Env = {}): string {
  return new MarkdownIt(options).use(beadsPlanPlugin).render(src, env);
}

function plain(src: string, options: Options = {}): string {
  return new MarkdownIt(options).render(src);
}

// ---------------------------------------------------------------------------
// Reading the rendered HTML back (tests only).

const BAR = /<div class="bwp-progress">\n[\s\S]*?<\/p>\n<\/div>\n/g;

function bars(html: string): string[] {
  return html.match(BAR) ?? [];
}

interface Segment {
  readonly status: string;
  readonly current: boolean;
  readonly title: string;
}

function segments(html: string): Segment[] {
  return [...html.matchAll(/<span class="bwp-seg bwp-(\w+)( bwp-seg-current)?" title="([^"]*)"><\/span>/g)].map((m) => ({
    status: m[1]!,
    current: m[2] !== undefined,
    title: m[3]!,
  }));
}

function attr(html: string, name: string): string | undefined {
  return new RegExp(`${name}="([^"]*)"`).exec(html)?.[1];
}

function label(bar: string): string | undefined {
  return /<p class="bwp-progress-label">([^<]*)<\/p>/.exec(bar)?.[1];
}

/** Badge statuses in document order. */
function badges(html: string): string[] {
  return [...html.matchAll(/<span class="bwp-badge bwp-(\w+)">/g)].map((m) => m[1]!);
}

function count(items: readonly string[], item: string): number {
  return items.filter((i) => i === item).length;
}

/** The HTML of the first table after the progress bar: the Phase Checklist. */
function checklistTable(html: string): string {
  const [bar] = bars(html);
  assert.ok(bar, 'a progress bar');
  const start = html.indexOf(bar) + bar.length;
  return html.slice(start, html.indexOf('</table>', start));
}

/** The first cell (the phase number) of each row marked current. */
function currentRows(html: string): string[] {
  return [...html.matchAll(/<tr([^>]*)>\n<td>([^<]*)<\/td>/g)]
    .filter((m) => m[1]!.includes('aria-current'))
    .map((m) => {
      assert.equal(m[1], ' class="bwp-current" aria-current="step"');
      return m[2]!;
    });
}

/** What the plugin adds, taken out again; with html off, every `</span>` left is a badge's. */
function undecorated(html: string): string {
  return html
    .replace(BAR, '')
    .replace(/<span class="bwp-badge bwp-\w+">/g, '')
    .replace(/<\/span>/g, '')
    .replace(/ class="bwp-current" aria-current="step"/g, '');
}

// ---------------------------------------------------------------------------
// Read by hand from the files.

interface Expected {
  /** One letter per phase, in table order. */
  readonly phases: string;
  readonly label: string;
  /** The `#` of the row marked current; undefined when the plan is complete. */
  readonly current?: string;
}

const EXPECTED: Readonly<Record<string, Expected>> = {
  // Written "3" disagrees with the checklist (0–9 done): the checklist wins.
  'seed-split-brain.md': {
    phases: 'ddddddddddp',
    label: 'Phase 10 of 11 · User-Approved Commit · 10 of 11 done',
    current: '10',
  },
  'real/PLAN-v1.md': { phases: 'ddddddddddd', label: 'Complete · 11 of 11 done' },
  // Written 9, 9 done, 10 not started: waiting at the hard stop, so the checklist is at the commit.
  'real/PLAN-v2.md': { phases: 'ddddddddddp', label: 'Phase 10 of 11 · User-Approved Commit · 10 of 11 done', current: '10' },
  // Phase 5 is `⏳ skipped`: the word wins, and a skipped phase counts as finished.
  'real/PLAN-v6.md': { phases: 'dddddsddddp', label: 'Phase 10 of 11 · User-Approved Commit · 10 of 11 done', current: '10' },
  // Written "4 (complete) → 5", but phase 3 is still pending.
  'real/plan-1ddafa05.md': { phases: 'dddpppppppp', label: 'Phase 3 of 11 · Execute Tasks · 3 of 11 done', current: '3' },
  // Written "awaiting_approval", no number: phase 6 is the first not done.
  'real/plan-4c9e0d21.md': { phases: 'ddddddpdddp', label: 'Phase 6 of 11 · Close Tasks · 9 of 11 done', current: '6' },
  // Written 9, but phases 6, 7 and 9 are pending.
  'real/plan-1757b8ab.md': { phases: 'ddddddppdpp', label: 'Phase 6 of 11 · Close Tasks · 7 of 11 done', current: '6' },
};

describe('preview plugin: progress bar and current row, read by hand', () => {
  for (const [file, want] of Object.entries(EXPECTED)) {
    it(file, () => {
      const html = render(fixture(file));
      const [bar, ...more] = bars(html);
      assert.ok(bar);
      assert.equal(more.length, 0);
      const segs = segments(bar);
      assert.equal(statusCodes(segs.map((s) => s.status)), want.phases);
      assert.equal(label(bar), want.label.replace('&', '&amp;'));
      assert.equal(attr(bar, 'aria-valuetext'), want.label.replace('&', '&amp;'));
      assert.equal(attr(bar, 'aria-valuemax'), String(want.phases.length));
      // Skipped phases count as finished, as in the label.
      assert.equal(attr(bar, 'aria-valuenow'), String(count([...want.phases], 'd') + count([...want.phases], 's')));
      assert.equal(attr(bar, 'role'), 'progressbar');
      assert.deepEqual(currentRows(html), want.current === undefined ? [] : [want.current]);
      const currentSegs = segs.flatMap((s, k) => (s.current ? [String(k)] : []));
      assert.deepEqual(currentSegs, want.current === undefined ? [] : [want.current]);
      assert.equal(statusCodes(badges(checklistTable(html))), want.phases);
    });
  }

  it('sits between the Phase Checklist heading and its table', () => {
    const html = render(fixture('seed-split-brain.md'));
    const [bar] = bars(html);
    assert.ok(bar);
    const heading = '<h2>Phase Checklist</h2>\n';
    const at = html.indexOf(bar);
    assert.equal(html.indexOf(heading) + heading.length, at);
    assert.ok(html.startsWith('<table>', at + bar.length));
  });

  it('titles each segment with its phase and status', () => {
    const segs = segments(render(fixture('seed-split-brain.md')));
    assert.equal(segs[0]!.title, '0 Initialize Plan: ✅ done');
    assert.equal(segs[9]!.title, '9 Summary &amp; Wait: ✅ done');
    assert.equal(segs[10]!.title, '10 User-Approved Commit: ⏳ pending');
  });
});

describe('preview plugin: status badges', () => {
  it('badges the seed: 10 done + 1 pending phases, and every other status cell and line', () => {
    const html = render(fixture('seed-split-brain.md'));
    const checklist = badges(checklistTable(html));
    assert.equal(count(checklist, 'done'), 10);
    assert.equal(count(checklist, 'pending'), 1);
    assert.equal(checklist.length, 11);
    // Whole document: 11 phases; Tasks `ready`; Valid `✅`; Review `PASS`;
    // six `Status:` lines (five `✅ done`, Summary `⏳ pending`).
    const all = badges(html);
    assert.equal(all.length, 20);
    assert.equal(count(all, 'done'), 17);
    assert.equal(count(all, 'pending'), 3);
    assert.ok(html.includes('<td><span class="bwp-badge bwp-done">✅ done</span></td>'));
    assert.ok(html.includes('<td><span class="bwp-badge bwp-pending">ready</span></td>'));
    assert.ok(html.includes('<td><span class="bwp-badge bwp-done">✅</span></td>'));
    assert.ok(html.includes('<td><span class="bwp-badge bwp-done">PASS</span></td>'));
    assert.ok(html.includes('<p>Status: <span class="bwp-badge bwp-done">✅ done</span></p>'));
    assert.ok(html.includes('<p>Status: <span class="bwp-badge bwp-pending">⏳ pending</span></p>'));
  });

  it('keeps the Markdown inside a badge', () => {
    const html = render(fixture('real/PLAN-v5.md'));
    assert.ok(
      html.includes(
        '<p>Status: <span class="bwp-badge bwp-done">✅ done - <strong>WAITING FOR USER APPROVAL</strong></span></p>',
      ),
    );
  });

  it('classes every status, reads Valid as yes/no, and leaves empty cells alone', () => {
    const src = [
      '# Beads Work Plan',
      '',
      '## Phase Checklist',
      '',
      '| # | Phase | Agent | **Status** | Notes |',
      '|---|---|---|---|---|',
      '| 0 | A | o | ✅ done | |',
      '| 1 | B | o | 🔄 in progress | |',
      '| 2 | C | o | ❌ failed | |',
      '| 3 | D | o | ⚠️ blocked | |',
      '| 4 | E | o | ⏭️ skipped | |',
      '| 5 | F | o | closed | |',
      '| 6 | G | o | mulling it over | |',
      '| 7 | H | o | - | |',
      '',
      '## Worker Validation',
      'Owner: orchestrator',
      'Status: 🔄 running',
      '',
      '| Task | Valid |',
      '|---|---|',
      '| a-1 | yes (340 tests) |',
      '| a-2 | no |',
      '| a-3 | n/a |',
      '| a-4 | |',
      '| a-5 | ❌ |',
      '',
    ].join('\n');
    const html = render(src);
    assert.equal(statusCodes(badges(checklistTable(html))), 'difbscu');
    assert.ok(html.includes('<td><span class="bwp-badge bwp-unknown">mulling it over</span></td>'));
    assert.ok(html.includes('<td>-</td>'));
    assert.ok(html.includes('<p>Owner: orchestrator\nStatus: <span class="bwp-badge bwp-in_progress">🔄 running</span></p>'));
    const validation = html.slice(html.indexOf('<h2>Worker Validation</h2>'));
    assert.equal(statusCodes(badges(validation)), 'idfsf');
    assert.equal(statusCodes(segments(html).map((s) => s.status)), 'difbscuu');
    // Phase 1 is the first neither done nor skipped.
    assert.deepEqual(currentRows(html), ['1']);
  });
});

describe('preview plugin: every plan', () => {
  for (const file of PLAN_FILES) {
    it(file, () => {
      const src = fixture(file);
      const plan = parsePlan(src);
      const summary = phaseSummary(plan);
      const env: Env = {};
      const html = render(src, {}, env);
      // The render's own parse, left in env, agrees with parsing the file.
      const stored = env[PLAN_ENV] as typeof plan | undefined;
      assert.equal(stored?.isPlan, true);
      assert.deepEqual(stored.phases, plan.phases);
      // The plugin only adds: without its additions the HTML is plain markdown-it's.
      assert.equal(undecorated(html), plain(src));
      const all = badges(html);
      assert.ok(all.length > 0);
      if (plan.phases.length === 0) {
        assert.deepEqual(bars(html), []);
        assert.deepEqual(currentRows(html), []);
        return;
      }
      const [bar, ...more] = bars(html);
      assert.ok(bar);
      assert.equal(more.length, 0);
      assert.deepEqual(
        segments(bar).map((s) => s.status),
        plan.phases.map((p) => p.status),
      );
      const done = plan.phases.filter((p) => isFinished(p.status)).length;
      assert.equal(attr(bar, 'aria-valuenow'), String(done));
      assert.equal(attr(bar, 'aria-valuemax'), String(plan.phases.length));
      assert.ok(label(bar)!.endsWith(` · ${done} of ${plan.phases.length} done`));
      assert.deepEqual(
        badges(checklistTable(html)),
        plan.phases.map((p) => p.status),
      );
      const current = summary.complete ? [] : [String(summary.phase!.number)];
      assert.deepEqual(currentRows(html), current);
    });
  }

  it('renders real/PLAN-v7.md, which has no checklist, with badges but no bar', () => {
    const html = render(fixture('real/PLAN-v7.md'));
    assert.ok(!html.includes('bwp-progress'));
    assert.ok(!html.includes('aria-current'));
    // Four tasks, all `worker_done`.
    assert.deepEqual(badges(html), ['done', 'done', 'done', 'done']);
  });
});

describe('preview plugin: other documents and hostile text', () => {
  const notPlan = [
    '# Release notes',
    '',
    'Status: ✅ done',
    '',
    '| # | Phase | Status | Valid |',
    '|---|---|---|---|',
    '| 0 | Ship | ✅ done | yes |',
    '',
    '## Phase Checklist',
    '',
    '| # | Phase | Agent | Status | Notes |',
    '|---|---|---|---|---|',
    '| 0 | Initialize Plan | o | ⏳ pending | |',
    '',
    '# Beads Work Plan (a later level-1 heading does not count)',
    '',
  ].join('\n');

  it('renders a Markdown file that is not a plan byte-identically, and leaves env alone', () => {
    const env: Env = {};
    assert.equal(render(notPlan, {}, env), plain(notPlan));
    assert.deepEqual(Object.getOwnPropertySymbols(env), []);
    assert.deepEqual(Object.keys(env), []);
  });

  it('renders a real plan retitled as something else byte-identically', () => {
    const src = fixture('seed-split-brain.md').replace('# Beads Work Plan', '# Meeting notes');
    assert.equal(render(src), plain(src));
    const options = { html: true, linkify: true, typographer: true };
    assert.equal(render(src, options), plain(src, options));
  });

  it('does not let an earlier plan stay in a reused env', () => {
    const env: Env = {};
    render(fixture('seed-split-brain.md'), {}, env);
    assert.ok(env[PLAN_ENV]);
    assert.equal(render(notPlan, {}, env), plain(notPlan));
    assert.equal(env[PLAN_ENV], undefined);
  });

  it('leaves inline rendering alone', () => {
    const md = new MarkdownIt().use(beadsPlanPlugin);
    assert.equal(md.renderInline('# Beads Work Plan'), new MarkdownIt().renderInline('# Beads Work Plan'));
  });

  it('escapes phase names in the bar and its label', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const src = fixture('seed-split-brain.md')
      .replace('User-Approved Commit', hostile)
      .replace('| Summary & Wait |', '| Summary " onmouseover="alert(2) |');
    const escaped = '&lt;img src=x onerror=alert(1)&gt;';
    const html = render(src);
    assert.ok(!html.includes('<img'));
    const [bar] = bars(html);
    assert.ok(bar);
    assert.equal(label(bar), `Phase 10 of 11 · ${escaped} · 10 of 11 done`);
    assert.equal(segments(bar)[10]!.title, `10 ${escaped}: ⏳ pending`);
    assert.equal(segments(bar)[9]!.title, '9 Summary &quot; onmouseover=&quot;alert(2): ✅ done');
    // With raw HTML on, markdown-it passes the cell's HTML through (as it would
    // without the plugin); what the plugin itself writes stays escaped.
    const [rawBar] = bars(render(src, { html: true }));
    assert.ok(rawBar);
    assert.ok(!rawBar.includes('<img'));
    assert.ok(rawBar.includes(escaped));
    assert.ok(!rawBar.includes('" onmouseover="'));
  });

  it('decorates CRLF and BOM plans by the same lines', () => {
    for (const src of [fixture('seed-split-brain.md').replace(/\n/g, '\r\n'), `\uFEFF${fixture('seed-split-brain.md')}`]) {
      const html = render(src);
      assert.equal(bars(html).length, 1);
      assert.deepEqual(currentRows(html), ['10']);
      assert.equal(badges(html).length, 20);
    }
  });
});

describe('preview plugin: never throws', () => {
  /** Makes the last table's first header cell throw when read, as a stand-in for any internal error. */
  function sabotage(md: MarkdownItInstance): void {
    md.core.ruler.push('sabotage', (state: StateCore) => {
      const open = state.tokens.map((t) => t.type).lastIndexOf('table_open');
      const th = state.tokens.slice(open).find((t) => t.type === 'inline');
      if (th)
        Object.defineProperty(th, 'content', {
          get(): never {
            throw new Error('boom');
          },
        });
    });
  }

  it('renders as plain markdown-it when decorating fails part-way', () => {
    const src = fixture('seed-split-brain.md');
    const html = new MarkdownIt().use(sabotage).use(beadsPlanPlugin).render(src);
    assert.equal(html, new MarkdownIt().use(sabotage).render(src));
    assert.ok(!html.includes('bwp-'));
  });

  it('renders every prefix of every plan, only adding to plain markdown-it', () => {
    for (const file of PLAN_FILES) {
      const lines = fixture(file).split('\n');
      for (let n = 0; n <= lines.length; n += 11) {
        const src = lines.slice(0, n).join('\n');
        assert.equal(undecorated(render(src)), plain(src), `${file}, first ${n} lines`);
      }
    }
  });
});
