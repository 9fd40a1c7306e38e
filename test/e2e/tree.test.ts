// Scenarios 1–3 of test/e2e/README.md: activation, the tree, live updates.
// The packaged extension runs in a real VS Code (code-server) on copies of the
// real plans; see test/e2e/README.md for how to run this file alone.

import { describe, test, before, after, afterEach, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  activeEditorInfo,
  artifactsOnFailure,
  clearHovers,
  clickTreeRow,
  expandTreeRow,
  openView,
  runCommand,
  startEditor,
  statusBarText,
  treeRows,
  waitFor,
  withEditor,
  type Editor,
  type TreeRow,
} from './harness';
import * as sel from './selectors';
import { childRows, collapseTreeRow, fixtureText, lineOf, planWorkspace, replaceOnce, rewritePlan, treeRow, VIEW_CONTAINER, VIEW_NAME, vsixPath, waitForRow, waitForRowState, watchRow } from './plans';
import { goToLine, lensesAndLines, toMedia } from './ui';
import { CANONICAL_PHASES } from '../unit/fixtures';

const VSIX = vsixPath();
// The first activation (extension host start + plan discovery) can take a while on a 2-CPU machine.
const FIRST_UI_MS = 30_000;

const SEED = 'seed-split-brain.md';
const SEED_NAME = 'django-litefs-f8s'; // the plan's name, as the status bar and messages say it
const SEED_ROW = 'f8s'; // its row: named by its task, a plan reads as that task's row does
const SEED_TASK = { label: 'f8s', level: 3 } as const; // the short id the plan uses; the title follows in the description
const SEED_TASK_LINE = 102; // 0-based line of the seed's Tasks row
const SEED_COMMIT_PHASE = '10. User-Approved Commit';
const SESSION_LABEL = '4af13a61'; // real/plan-4af13a61.md: Session header, three tasks, no target task
const V5_LABEL = 'work-003'; // real/PLAN-v5.md
const PHASE_NAMES = CANONICAL_PHASES.map((name, i) => `${i}. ${name}`);

function activityBarEntry(page: Page) {
  return page.locator(sel.activityBarEntry(VIEW_CONTAINER)).first();
}

/** The status bar item holding `text` (`$(bell) django-litefs-f8s: awaiting approval` renders as `django-litefs-f8s: awaiting approval`). */
async function waitForStatus(page: Page, text: string, timeoutMs: number): Promise<string> {
  const items = await waitFor(() => statusBarText(page), timeoutMs, `a status bar item containing "${text}"`, (ts) => ts.some((t) => t.includes(text)));
  return items.find((t) => t.includes(text)) ?? '';
}

async function waitForCursor(page: Page, title: string, line: number, timeoutMs = 10_000): Promise<void> {
  await waitFor(() => activeEditorInfo(page), timeoutMs, `the active editor to be ${title} with the cursor on line ${line} (0-based)`, (i) => i.title === title && i.line === line);
}

/** A compact picture of rows for failure messages and diagnostics. */
function brief(rows: readonly TreeRow[]): string[] {
  return rows.map((r) => `${'  '.repeat(r.level - 1)}[${r.icon}] ${r.label}${r.description ? ` — ${r.description}` : ''}`);
}

/** An element as seen by callbacks running in the page (the tsconfig has no DOM lib). */
interface PageEl {
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
}

/** Widens the side bar by dragging the sash on its right edge, so task titles are not cut off in the screenshot. */
async function widenSideBar(page: Page, by: number): Promise<void> {
  const bar = await page.locator(sel.SIDEBAR).boundingBox();
  if (!bar) throw new Error('no side bar to widen');
  const edge = bar.x + bar.width;
  const sashes = await page.locator(sel.VERTICAL_SASH).evaluateAll((els: PageEl[]) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2, height: r.height };
    }),
  );
  const sash = sashes.filter((s) => s.height > 100).sort((a, b) => Math.abs(a.x - edge) - Math.abs(b.x - edge))[0];
  if (!sash || Math.abs(sash.x - edge) > 10) throw new Error(`no sash at the side bar's edge (x=${edge}); saw ${JSON.stringify(sashes)}`);
  await page.mouse.move(sash.x, sash.y);
  await page.mouse.down();
  await page.mouse.move(sash.x + by, sash.y, { steps: 10 });
  await page.mouse.up();
  await clearHovers(page); // no hover tooltip in the shot
  await waitFor(() => page.locator(sel.HIGHLIGHTED_SASH).count(), 5000, 'the sash to lose its highlight', (n) => n === 0);
  await waitFor(async () => (await page.locator(sel.SIDEBAR).boundingBox())?.width ?? 0, 5000, `the side bar ${by} px wider than ${bar.width}`, (w) => w >= bar.width + by - 5);
}

// ---------------------------------------------------------------------------
// Scenarios 1 and 2 share one editor: three real plans, nothing open.

describe('tree (three real plans)', () => {
  let editor: Editor | undefined;
  const ws = planWorkspace(
    {
      [SEED]: SEED,
      'PLAN-v5.md': 'real/PLAN-v5.md',
      'plan-4af13a61.md': 'real/plan-4af13a61.md',
    },
    {},
    { folderName: 'django-litefs' }, // the title bar in the README's screenshot
  );

  before(async () => {
    editor = await startEditor({ vsix: VSIX, workspace: ws.dir });
  });
  after(() => editor?.close());
  const saveOnFailure = artifactsOnFailure(() => editor);
  // afterEach's type allows a SuiteContext too (@types/node 20); after a test it is the TestContext.
  afterEach(async (c) => {
    if ('diagnostic' in c) await saveOnFailure(c);
  });

  test('1. activation: the container, the plans with their labels, the current phase in the status bar', async (t) => {
    const { page } = editor!;
    const started = Date.now();
    await activityBarEntry(page).waitFor({ state: 'visible', timeout: FIRST_UI_MS });
    t.diagnostic(`activity-bar entry after ${Date.now() - started} ms`);

    await openView(page, VIEW_CONTAINER);
    const rows = await waitFor(() => treeRows(page, VIEW_NAME), FIRST_UI_MS, 'the three plans in the tree', (rs) => rs.length === 3);
    t.diagnostic(`tree: ${brief(rows).join(' | ')}`);
    // By path (plan-4af13a61, PLAN-v5, seed-…), not by age; every plan collapsed; all three wait at the HARD STOP for the user's approval.
    assert.deepEqual(
      rows.map((r) => ({ label: r.label, description: r.description, level: r.level, expanded: r.expanded, icon: r.icon })),
      [
        { label: SESSION_LABEL, description: 'awaiting approval, 7 doubts', level: 1, expanded: false, icon: 'bell-dot' },
        { label: V5_LABEL, description: 'awaiting approval, 1 doubt', level: 1, expanded: false, icon: 'bell-dot' },
        { label: SEED_ROW, description: 'awaiting approval, 3 doubts', level: 1, expanded: false, icon: 'bell-dot' },
      ],
    );

    // No plan editor is active: the status bar names the first plan that needs the user, its state, and counts the two others.
    const status = await waitForStatus(page, ': awaiting approval', 10_000);
    t.diagnostic(`status bar: "${status}"`);
    assert.equal(status, `${SESSION_LABEL}: awaiting approval, 7 doubts +2`);
  });

  test('2. tree: phases with status icons and the current phase; tasks; a click reveals the row', async (t) => {
    const { page } = editor!;
    await openView(page, VIEW_CONTAINER);

    // A plan waiting at the HARD STOP: 9 done, 10 pending and current (the checklist's first unfinished phase); three closed tasks.
    await expandTreeRow(page, SESSION_LABEL, VIEW_NAME);
    let rows = await waitFor(() => treeRows(page, VIEW_NAME), 10_000, `the phases and tasks of ${SESSION_LABEL}`, (rs) => childRows(rs, 'Tasks').length === 3);
    t.diagnostic(`${SESSION_LABEL}: ${brief(rows).join(' | ')}`);
    assert.deepEqual(
      childRows(rows, SESSION_LABEL).map((r) => [r.label, r.description, r.expanded]),
      [
        ['Phases', '10 of 11 done', true],
        ['Tasks', '3/3 done', true],
      ],
    );
    const sessionPhases = childRows(rows, 'Phases');
    assert.deepEqual(
      sessionPhases.map((r) => r.label),
      PHASE_NAMES,
    );
    assert.deepEqual(
      sessionPhases.map((r) => r.icon),
      [...Array<string>(10).fill('pass'), 'arrow-right'],
    );
    assert.deepEqual(
      sessionPhases.filter((r) => r.description.startsWith('← current')).map((r) => [r.label, r.description]),
      [[SEED_COMMIT_PHASE, '← current · after user says "commit"']],
    );
    assert.deepEqual(
      childRows(rows, 'Tasks').map((r) => [r.label, r.icon]),
      [
        ['yhj.9', 'pass-filled'],
        ['u00', 'pass-filled'],
        ['yhj', 'pass-filled'],
      ],
    );
    await collapseTreeRow(page, SESSION_LABEL);

    // The seed: phases 0–9 done, 10 pending and current (arrow), its one task ready.
    await expandTreeRow(page, SEED_ROW, VIEW_NAME);
    rows = await waitFor(() => treeRows(page, VIEW_NAME), 10_000, `the groups of ${SEED_ROW}`, (rs) => childRows(rs, 'Tasks').length === 1);
    t.diagnostic(`${SEED_ROW}: ${brief(rows).join(' | ')}`);
    assert.deepEqual(
      childRows(rows, SEED_ROW).map((r) => [r.label, r.description, r.icon, r.expanded]),
      [
        ['Phases', '10 of 11 done', 'list-ordered', true],
        ['Tasks', '0/1 done', 'tasklist', true],
        ['Validation', '1/1 valid', 'beaker', false],
        ['Review', '1', 'eye', false],
        ['Findings', '1', 'lightbulb', false],
      ],
    );
    const seedPhases = childRows(rows, 'Phases');
    assert.deepEqual(
      seedPhases.map((r) => [r.label, r.icon]),
      PHASE_NAMES.map((label, i) => [label, i < 10 ? 'pass' : 'arrow-right']),
    );
    assert.deepEqual(
      seedPhases.filter((r) => r.description.startsWith('← current')).map((r) => [r.label, r.description]),
      [[SEED_COMMIT_PHASE, '← current · after user says "commit"']],
    );
    assert.equal(seedPhases[1]!.description, '6 haiku agents spawned');
    // The task is ready (pending: clock) and lists its file as a child.
    assert.deepEqual(
      childRows(rows, 'Tasks').map((r) => [r.label, r.icon, r.expanded]),
      [[SEED_TASK.label, 'clock', false]],
    );
    await expandTreeRow(page, SEED_TASK, VIEW_NAME);
    // Expanded is set before the children arrive from the extension host: wait for them.
    rows = await waitFor(() => treeRows(page, VIEW_NAME), 10_000, `the files of ${SEED_TASK.label}`, (rs) => childRows(rs, SEED_TASK).length > 0);
    // (A file row's icon comes from the file icon theme, not a codicon.)
    assert.deepEqual(
      childRows(rows, SEED_TASK).map((r) => r.label),
      ['tests/bdd/django_adapter/test_database_backend.py'],
    );
    await collapseTreeRow(page, SEED_TASK);

    // Clicking the task opens the plan with the cursor on the task's row.
    assert.equal(lineOf(fixtureText(SEED), '| django-litefs-f8s | BDD step defs'), SEED_TASK_LINE);
    await clickTreeRow(page, SEED_TASK, VIEW_NAME);
    await waitForCursor(page, SEED, SEED_TASK_LINE);
    const task = await treeRow(page, SEED_TASK);
    assert.equal(task?.selected, true, `the clicked task row is selected; saw ${JSON.stringify(task)}`);
    // The seed is now the active plan: the status bar follows it.
    t.diagnostic(`status bar with the seed active: "${await waitForStatus(page, `${SEED_NAME}: awaiting approval`, 10_000)}"`);

    // A phase row reveals the phase's checklist line.
    const phaseLine = lineOf(fixtureText(SEED), '| 10 | User-Approved Commit');
    await clickTreeRow(page, SEED_COMMIT_PHASE, VIEW_NAME);
    await waitForCursor(page, SEED, phaseLine);

    // The README's screenshot: the seed expanded beside its open checklist.
    await widenSideBar(page, 170);
    await waitForRow(page, SEED_COMMIT_PHASE, (r) => r.selected, 5000, 'selected');
    // Scroll the plan to its top (the wheel leaves the cursor alone) and let the editor settle (CodeLens, scrolling).
    const box = await page.locator(sel.ACTIVE_TEXT_EDITOR).first().boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, -2000);
      await clearHovers(page);
    }
    await waitForStableEditor(page);
    const shot = await editor!.screenshot('tree');
    t.diagnostic(`screenshot: ${shot} (copied to ${toMedia(shot, 'screenshot-tree.png')})`);

    // Reveal in Tree from the palette, the cursor on the task's row: the task's node is selected, not the plan.
    await goToLine(page, SEED_TASK_LINE);
    await runCommand(page, 'Beads Plan: Reveal in Tree');
    await waitForRow(page, SEED_TASK, (r) => r.selected, 10_000, 'selected by Reveal in Tree');
  });
});

// ---------------------------------------------------------------------------
// Scenario 3: its own editor; the test process plays the agent rewriting the plan.

/** How many writes each latency path is measured over. */
const LATENCY_WRITES = 20;
/**
 * The pause between those writes, as an agent paces its updates. VS Code
 * passes a tree's changes to the view at most every 200 ms (the first at
 * once): back-to-back writes would measure that throttle, not this extension.
 */
const AGENT_PACE_MS = 300;

interface SeedChange {
  /** The task's Status cell. */
  task?: string;
  /** Phase number → [Status cell, Notes cell]. */
  phases?: Record<number, [string, string]>;
}

/** The seed with its task's status and some phase rows rewritten, as an orchestrator would. */
function seedVariant(base: string, change: SeedChange): string {
  let text = base;
  if (change.task !== undefined) text = replaceOnce(text, '| django-litefs-8oi | ready |', `| django-litefs-8oi | ${change.task} |`);
  const lines = text.split('\n');
  for (const [n, [status, notes]] of Object.entries(change.phases ?? {})) {
    const at = lines.findIndex((l) => l.startsWith(`| ${n} | `));
    const cells = lines[at]?.split('|');
    if (!cells || cells.length < 7) throw new Error(`no phase ${n} row in the seed`);
    cells[4] = ` ${status} `;
    cells[5] = ` ${notes} `;
    lines[at] = cells.join('|');
  }
  return lines.join('\n');
}

/** Alternating storm content: phase 9 running (the plan at phase 9 of 11), then done again (at phase 10 of 11). */
function stormVariant(base: string, i: number): string {
  return i % 2 === 1
    ? seedVariant(base, { task: '🔄 in_progress', phases: { 9: ['🔄 in_progress', `storm ${i}`] } })
    : seedVariant(base, { task: '⏳ pending', phases: { 9: ['✅ done', `storm ${i}`] } });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/**
 * Write → tree latency over LATENCY_WRITES rewrites, alternating the task
 * between two statuses; each sample ends when the page shows the new icon.
 * Reported, not asserted (a busy machine only moves the numbers).
 */
async function measureLatency(t: TestContext, page: Page, path: string, base: string, what: string): Promise<{ median: number; p95: number }> {
  const states = [
    { cell: '✅ done', icon: 'pass' },
    { cell: '⚠️ blocked', icon: 'warning' },
  ];
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_WRITES; i++) {
    const state = states[i % 2]!;
    const writtenAt = Date.now();
    rewritePlan(path, seedVariant(base, { task: state.cell }));
    try {
      await waitForRowState(page, SEED_TASK, { icon: state.icon });
    } catch (err) {
      throw new Error(`write ${i + 1} (${what}): the task never showed ${state.icon}: ${err instanceof Error ? err.message : String(err)}\ntree:\n${brief(await treeRows(page, VIEW_NAME)).join('\n')}`);
    }
    samples.push(Date.now() - writtenAt);
    await new Promise((r) => setTimeout(r, AGENT_PACE_MS));
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const result = { median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
  t.diagnostic(`write → tree latency (${what}), ${LATENCY_WRITES} writes: median ${result.median} ms, p95 ${result.p95} ms (all: ${samples.join(', ')})`);
  return result;
}

/**
 * 50 rewrites, one every 20 ms, alternating content, then `last`, while the
 * page watches the plan's row on every DOM change: it must never vanish nor
 * collapse. Then the row shows the last content, still expanded.
 */
async function storm(t: TestContext, page: Page, path: string, base: string, last: string, description: string, what: string): Promise<void> {
  const stop = await watchRow(page, SEED_ROW);
  const started = Date.now();
  for (let i = 1; i <= 50; i++) {
    rewritePlan(path, i === 50 ? last : stormVariant(base, i));
    if (i < 50) await new Promise((r) => setTimeout(r, 20));
  }
  const lastWriteAt = Date.now();
  await waitForRowState(page, SEED_ROW, { description });
  const shownMs = Date.now() - lastWriteAt;
  const seen = await stop();
  t.diagnostic(
    `storm (${what}): 50 writes in ${lastWriteAt - started} ms; last content shown ${shownMs} ms after the last write; ` +
      `the plan's row was missing in ${seen.vanished} and collapsed in ${seen.collapsed} of ${seen.checks} DOM states`,
  );
  assert.deepEqual({ vanished: seen.vanished, collapsed: seen.collapsed }, { vanished: 0, collapsed: 0 }, `during the storm (${what}) the plan must stay listed and expanded`);
  assert.equal((await treeRow(page, SEED_ROW))?.expanded, true, `after the storm (${what}) the plan is expanded as the user left it`);
}

/** The rows keep showing `expected` for `ms` (no late reload of an older version replaces it). Polls; fails with what it saw. */
async function assertStays(page: Page, ms: number, label: string, expected: (row: TreeRow) => boolean): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const row = await treeRow(page, label);
    assert.ok(row && expected(row), `row "${label}" changed after the last rewrite: now ${JSON.stringify(row)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The text of the active editor's rendered lines (only lines in view are rendered), spaces normalised. */
async function editorText(page: Page): Promise<string> {
  const text = await page.locator(sel.ACTIVE_VIEW_LINES).first().textContent();
  return (text ?? '').replace(/\s+/g, ' ');
}

/** Waits until the active editor's rendered text is the same in three polls in a row (nothing scrolling or being inserted). */
async function waitForStableEditor(page: Page): Promise<void> {
  const seen: string[] = [];
  await waitFor(
    async () => {
      seen.push(await editorText(page));
      return seen.slice(-3);
    },
    5000,
    'the editor to stop changing',
    (last) => last.length === 3 && last.every((text) => text === last[0]),
  );
}

/** The editor still answers: the command palette opens and closes. */
async function assertResponsive(page: Page, t: TestContext): Promise<void> {
  const started = Date.now();
  const input = page.locator(sel.QUICK_INPUT_BOX);
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: 5000 });
  await page.keyboard.press('Escape');
  await input.waitFor({ state: 'hidden', timeout: 5000 });
  t.diagnostic(`command palette opened and closed in ${Date.now() - started} ms`);
}

test('3. live update: rewrites on disk show at once, a write storm never drops or collapses the plan, a lost title keeps it listed', async (t) => {
  const ws = planWorkspace({ [SEED]: SEED });
  const path = ws.plans[SEED]!;
  const base = fixtureText(SEED);
  await withEditor(t, { vsix: VSIX, workspace: ws.dir }, async (editor) => {
    const { page } = editor;
    await openView(page, VIEW_CONTAINER, FIRST_UI_MS);
    await waitForRow(page, SEED_ROW, () => true, FIRST_UI_MS, 'listed');
    await expandTreeRow(page, SEED_ROW, VIEW_NAME);
    await waitForRow(page, SEED_TASK, (r) => r.icon === 'clock', 10_000, 'pending (clock)');
    const latency: Record<string, { median: number; p95: number }> = {};

    // (a) The plan not open in an editor: the file watchers' path.
    latency.closedPlan = await measureLatency(t, page, path, base, 'plan closed');
    await waitForRow(page, 'Tasks', (r) => r.description === '0/1 done', 2000, 'described "0/1 done" (blocked)');

    // (b) 50 rapid rewrites; the last one finishes every phase (plan "complete") and fails the task.
    await storm(t, page, path, base, seedVariant(base, { task: '❌ failed', phases: { 10: ['✅ done', 'storm 50 (last)'] } }), 'complete', 'plan closed');
    await waitForRow(page, SEED_COMMIT_PHASE, (r) => r.description === 'storm 50 (last)' && r.icon === 'pass', 1000, 'done with the last note');
    await waitForRow(page, SEED_TASK, (r) => r.icon === 'error', 1000, 'failed (error) as in the last rewrite');
    // Not stale later either: a late reload of an older version must not replace it.
    await assertStays(page, 1000, SEED_ROW, (r) => r.description === 'complete');

    // The editor is not frozen: the palette works and a tree click still reveals the task line.
    await assertResponsive(page, t);
    await clickTreeRow(page, SEED_TASK, VIEW_NAME);
    await waitForCursor(page, SEED, SEED_TASK_LINE, 5000);

    // (c) The same with the plan open in an editor: a clean document follows the disk, without waiting for VS Code's reload.
    await waitFor(
      () => page.locator(sel.BREADCRUMB).allTextContents(),
      10_000,
      'the breadcrumbs to show the Tasks section (markdown support ready)',
      (crumbs) => crumbs.some((c) => c.includes('Tasks')),
    );
    // And the plan's CodeLens drawn: the editor has settled after opening.
    await waitFor(() => lensesAndLines(page), 10_000, 'the CodeLens of the open plan', (seen) => seen.lenses.length > 0);
    latency.openPlan = await measureLatency(t, page, path, base, 'plan open');
    await waitFor(() => editorText(page), 10_000, 'the editor to show the last rewrite', (text) => text.includes('django-litefs-8oi | ⚠️ blocked |'));

    // (d) 50 rapid rewrites of the open plan; the last one fails phase 8 (the plan back at 8/10, so its done summary is blocked at the gate) and skips the task.
    await storm(t, page, path, base, seedVariant(base, { task: '⏭️ skipped', phases: { 8: ['❌ failed', 'storm 50 (open)'] } }), 'blocked at the gate', 'plan open');
    await waitForRow(page, '8. Final Verification', (r) => r.description === '← current · storm 50 (open)' && r.icon === 'error', 1000, 'failed and current');
    await waitForRow(page, SEED_TASK, (r) => r.icon === 'circle-slash', 1000, 'skipped (circle-slash) as in the last rewrite');
    await assertStays(page, 1000, SEED_ROW, (r) => r.description === 'blocked at the gate');
    await assertResponsive(page, t);
    console.log(`[tree.test] write → tree latency (ms): ${JSON.stringify(latency)}`);

    // (e) An agent deletes the title line: the plan stays where it was, expanded, marked, with a finding and a quick fix.
    const [, ...rest] = base.split('\n');
    rewritePlan(path, rest.join('\n'));
    const damaged = await waitForRow(page, SEED_ROW, (r) => r.description === 'not readable as a plan', 10_000, 'marked "not readable as a plan"');
    assert.deepEqual([damaged.icon, damaged.expanded], ['warning', true], 'the damaged plan keeps its place and its expansion');
    assert.deepEqual((await treeRows(page, VIEW_NAME)).filter((r) => r.level === 1).map((r) => r.label), [SEED_ROW]);
    await waitForStatus(page, ': not readable as a plan', 5000);
    const problems = await waitFor(
      () => page.locator(sel.PROBLEMS_STATUS).textContent(),
      5000,
      'the problems counter to show an error',
      (text) => /\b[1-9]\d*\b/.test((text ?? '').split(/\s+/).join(' ').trim().split(' ')[0] ?? ''),
    );
    t.diagnostic(`problems counter with the title gone: "${problems}"`);
    // The quick fix puts the title back (into the open, clean document: now dirty, it is the truth).
    await goToLine(page, 0);
    await runCommand(page, 'Quick Fix...');
    const fix = page.locator(sel.QUICK_FIX_ROW, { hasText: 'Restore the "# Beads Work Plan" heading' }).first();
    await fix.waitFor({ state: 'visible', timeout: 10_000 });
    await fix.click();
    const restored = await waitForRow(page, SEED_ROW, (r) => r.description === 'awaiting approval, 3 doubts', 10_000, 'a plan again, at the HARD STOP');
    assert.equal(restored.expanded, true, 'the restored plan is still expanded');
    await waitForStatus(page, `${SEED_NAME}: awaiting approval`, 5000);

    // (f) The seed's Current Phase 3 (phases 0–9 done) is its one finding; the quick fix writes the checklist's 10 into that line.
    // Its diagnostic follows the restored (dirty) document a moment later: ask for the fixes until it is offered.
    await goToLine(page, lineOf(base, '**Current Phase: 3**'));
    const phaseFix = page.locator(sel.QUICK_FIX_ROW, { hasText: 'Set Current Phase to 10, as the checklist says' }).first();
    await waitFor(
      async () => {
        await runCommand(page, 'Quick Fix...');
        const offered = await phaseFix.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false);
        if (!offered) await page.keyboard.press('Escape');
        return offered;
      },
      20_000,
      'the Current Phase quick fix offered',
    );
    await phaseFix.click();
    await waitFor(async () => (await lensesAndLines(page)).lines.map((l) => l.text.trim()), 10_000, 'the line to read **Current Phase: 10**', (ls) => ls.includes('**Current Phase: 10**'));
    await waitFor(() => treeRows(page, VIEW_NAME), 10_000, 'the seed with no Findings group', (rs) => !childRows(rs, SEED_ROW).some((r) => r.label === 'Findings'));
  });
});
