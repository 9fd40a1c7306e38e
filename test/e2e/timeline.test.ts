// The Plan Timeline panel (issue 17): opened from the palette (with the plan
// picker) and from the plan's context menu in the tree; one bar per worker run
// of a plan whose runs overlap (generated as Run All Ready Workers with
// maxParallel 2 writes it), each focusable and labelled; hover shows its log
// text; a click and Enter reveal its log line; a worker run with the fake
// worker adds a bar that runs, then ends, and the tree describes the task by
// its last run. The panel is a webview: its document lives in a nested iframe.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import { generateParallelPlan } from '../../bench/generate';
import { activeEditorInfo, expandTreeRow, openView, runCommand, waitFor, withEditor, clearHovers } from './harness';
import * as sel from './selectors';
import { planWorkspace, VIEW_CONTAINER, VIEW_NAME, vsixPath, waitForRow } from './plans';
import { shortTaskIds } from '../../src/plan/present/outline';
import { chooseFromContextMenu, FAKE_WORKER, pickItem, toMedia, waitForValue, writeWorkspaceSettings, type PageEl } from './ui';

const VSIX = vsixPath();
const FIRST_UI_MS = 30_000;
const PLAN = 'plan-parallel.md';
const PLAN_LABEL = '0a11e1e1';
const SEED = 'seed-split-brain.md';

/** The frame whose document holds the timeline's SVG, if any yet. */
async function timelineFrame(page: Page): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    try {
      if ((await frame.locator(sel.TIMELINE_SVG).count()) > 0) return frame;
    } catch {
      // a frame detached while we looked
    }
  }
  return undefined;
}

interface SeenBar {
  label: string;
  cls: string;
  line: number;
  tabindex: string | null;
  left: number;
  right: number;
  top: number;
}

/** The run bars the panel shows, with their accessible labels and where they are drawn. */
function barsIn(frame: Frame): Promise<SeenBar[]> {
  return frame.locator(sel.TIMELINE_RUN).evaluateAll((els: PageEl[]) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return {
        label: el.getAttribute('aria-label') ?? '',
        cls: el.getAttribute('class') ?? '',
        line: Number(el.getAttribute('data-line')),
        tabindex: el.getAttribute('tabindex'),
        left: r.left,
        right: r.left + r.width,
        top: r.top,
      };
    }),
  );
}

test('17. Plan Timeline: one bar per run, hover, reveal, live update when a worker finishes', async (t) => {
  // Initialized 20 minutes ago: the worker this test runs lands just after the generated runs.
  const generated = generateParallelPlan({ agent: true, pending: 1, origin: Date.now() - 20 * 60_000 });
  const pendingTask = generated.taskIds.at(-1)!;
  const ws = planWorkspace({ [SEED]: SEED, [PLAN]: generated.text }, {}, { folderName: 'django-litefs' });
  // A worker that takes long enough to be seen running in the panel.
  writeWorkspaceSettings(ws.dir, { 'beadsPlan.worker.command': [process.execPath, FAKE_WORKER, '--fake-sleep=5000', '${taskId}'] });
  await withEditor(t, { vsix: VSIX, workspace: ws.dir, settings: { 'files.autoSave': 'off' } }, async (editor) => {
    const { page } = editor;
    await openView(page, VIEW_CONTAINER, FIRST_UI_MS);
    await waitForRow(page, PLAN_LABEL, () => true, FIRST_UI_MS, 'listed');

    // The palette, with two plans: the plan picker, then the panel.
    const started = Date.now();
    await runCommand(page, 'Beads Plan: Show Plan Timeline');
    const listed = await pickItem(page, 'Show Plan Timeline', PLAN_LABEL);
    assert.deepEqual([...listed].sort(), [PLAN_LABEL, 'django-litefs-f8s'].sort());
    const frame = await waitForValue(() => timelineFrame(page), 30_000, `a webview frame with svg.bwp-timeline (frames: ${page.frames().length})`);
    t.diagnostic(`timeline drawn ${Date.now() - started} ms after the command`);
    assert.equal(await page.locator(sel.ACTIVE_TAB_LABEL).first().textContent(), `Timeline: ${PLAN_LABEL}`);

    // One bar per run: five tasks ran, one of them twice (a failure, then its respawn).
    // Drawn, not only in the DOM: a frame just shown can still have its bars unlaid (boxes of 0 × 0).
    const bars = await waitFor(() => barsIn(frame), 10_000, 'six run bars, laid out', (bs) => bs.length === 6 && bs.every((b) => b.right > b.left));
    assert.equal(bars.length, generated.runs.length);
    t.diagnostic(`bars: ${JSON.stringify(bars.map((b) => b.label))}`);
    for (const b of bars) {
      assert.equal(b.tabindex, '0', `${b.label} is focusable`);
      assert.match(b.label, /^bwp-par\.\d run \d/);
    }
    assert.equal(bars.filter((b) => b.label.includes('(respawn 1)')).length, 1);
    // Parallel runs side by side in time: bwp-par.1 and .2 overlap on the x axis, in different lanes.
    const [one, two] = [bars.find((b) => b.label.startsWith('bwp-par.1 '))!, bars.find((b) => b.label.startsWith('bwp-par.2 '))!];
    assert.ok(one.left < two.right && two.left < one.right, `overlap: ${JSON.stringify([one, two])}`);
    assert.notEqual(one.top, two.top);
    // Totals, phases and the axis.
    const totals = ((await frame.locator(sel.TIMELINE_TOTALS).textContent()) ?? '').replace(/\s+/g, ' ');
    assert.match(totals, /Wall time\d+ min \d+ s from \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    assert.match(totals, /Worker runs6 \(1 respawn\)/);
    assert.match(totals, /Cost\$\d+\.\d\d/);
    assert.match(totals, /Slowest taskbwp-par\.\d: /);
    assert.ok((await frame.locator(sel.TIMELINE_PHASE).count()) >= 3, 'phase bands');
    assert.ok((await frame.locator(sel.TIMELINE_TICK_LABEL).count()) >= 4, 'axis ticks');

    // Hover: the run's log text, duration, turns and cost.
    const respawn = frame.locator(sel.TIMELINE_RESPAWN_RUN);
    await respawn.hover();
    const tip = await waitFor(async () => ((await frame.locator(sel.TIMELINE_HOVER).textContent()) ?? ''), 5000, 'the hover text', (text) => text.includes('Worker started for'));
    assert.match(tip, /· \d+ turns · \$\d+\.\d\d/);

    // Click: the plan opens beside, the cursor on the run's end line.
    const respawnLine = Number(await respawn.getAttribute('data-line'));
    await respawn.click();
    await waitFor(() => activeEditorInfo(page), 10_000, `${PLAN} at line ${respawnLine}`, (i) => i.title === PLAN && i.line === respawnLine);
    // Keyboard: focus a bar and press Enter.
    const first = frame.locator(sel.TIMELINE_RUN).first();
    const firstLine = Number(await first.getAttribute('data-line'));
    await first.focus();
    await first.press('Enter');
    await waitFor(() => activeEditorInfo(page), 10_000, `${PLAN} at line ${firstLine} (Enter on a bar)`, (i) => i.title === PLAN && i.line === firstLine);

    // A worker run: a seventh bar that runs, then ends, without reopening the panel.
    await runCommand(page, 'Beads Plan: Run Worker');
    await pickItem(page, 'Run Worker: which task?', pendingTask);
    const running = await waitFor(() => barsIn(frame), 15_000, `a running bar for ${pendingTask}`, (bs) => bs.some((b) => b.label.startsWith(`${pendingTask} `) && b.cls.includes('bwp-running')));
    assert.equal(running.length, 7);
    const finishedAt = Date.now();
    const done = await waitFor(() => barsIn(frame), 20_000, `the bar for ${pendingTask} done`, (bs) => bs.some((b) => b.label.startsWith(`${pendingTask} run 1: done, `)));
    t.diagnostic(`worker bar done ${Date.now() - finishedAt} ms after it was seen running: ${done.find((b) => b.label.startsWith(pendingTask))!.label}`);
    assert.equal(done.length, 7);
    await waitFor(async () => ((await frame.locator(sel.TIMELINE_TOTALS).textContent()) ?? '').replace(/\s+/g, ' '), 5000, 'the totals to count the run', (text) => /Worker runs7 \(1 respawn\)/.test(text));

    // The tree describes the finished task by its last run.
    await expandTreeRow(page, PLAN_LABEL, VIEW_NAME);
    await expandTreeRow(page, 'Tasks', VIEW_NAME);
    // The row is labelled with the short id (`par.6`), its title leading the description.
    const row = await waitForRow(page, shortTaskIds([pendingTask]).get(pendingTask)!, (r) => /last run \d/.test(r.description), 10_000, 'described by its last run');
    t.diagnostic(`tree: ${row.label} — ${row.description}`);

    // The README's picture: the timeline alone beside the tree, redrawn to the wider panel.
    const narrow = Number(await frame.locator(sel.TIMELINE_SVG).getAttribute('width'));
    await runCommand(page, 'Notifications: Clear All Notifications');
    await page.locator(sel.QUICK_INPUT).waitFor({ state: 'hidden', timeout: 5000 });
    await runCommand(page, 'View: Close All Editors in Group'); // the plan's, which the last reveal made active

    // The plan's context menu brings the same panel forward (no second one).
    await chooseFromContextMenu(page, PLAN_LABEL, 'Show Plan Timeline');
    await waitFor(() => page.locator(sel.TAB_LABEL, { hasText: 'Timeline: ' }).count(), 10_000, 'one timeline tab', (n) => n === 1);
    const wide = await waitFor(async () => Number(await frame.locator(sel.TIMELINE_SVG).getAttribute('width')), 10_000, `the drawing wider than ${narrow} px`, (w) => w > narrow + 100);
    t.diagnostic(`the drawing follows the panel: ${narrow} px, then ${wide} px`);
    await clearHovers(page);
    await frame.locator(sel.TIMELINE_RUN).last().hover(); // the run this test made: its hover text covers no other bar
    await waitFor(() => frame.locator(sel.TIMELINE_HOVER).count(), 5000, 'a hover text for the screenshot', (n) => n === 1);
    const shot = await editor.screenshot('timeline');
    t.diagnostic(`screenshot: ${shot} (copied to ${toMedia(shot, 'screenshot-timeline.png')})`);
  });
});
