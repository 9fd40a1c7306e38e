// The daily flow at the default window (1500×950) and side bar width, as a
// user sees it (issue 28): rows whose state is readable at that width, keys
// on the row the arrow keys moved to, Commit offered only where the gate lets
// it through, the status bar naming its plan, Review Changes with its Commit…
// action and a commit message that keeps its lines in git, a review with
// nothing to review, and timelines sharing one panel group with tick labels
// that never overlap. One editor, scenarios in order; each reads the page.

import { describe, test, before, after, afterEach, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { activeEditorInfo, artifactsOnFailure, clickTreeRow, expandTreeRow, gitInit, openView, runCommand, startEditor, statusBarText, waitFor, type Editor, clearHovers } from './harness';
import { fixtureText, planWorkspace, PLANS_DIR, replaceOnce, rowSight, VIEW_CONTAINER, VIEW_NAME, vsixPath, waitForRow } from './plans';
import * as sel from './selectors';
import { answerInputBox, commitOverDoubts, contextMenuEntries, FAKE_WORKER, focusEditor, git, keyboardFocus, lensesAndLines, modalDialog, openFile, quickInputTitle, quickPickLabels, read, toMedia, waitForNotification, waitForValue, writeWorkspaceSettings } from './ui';

const VSIX = vsixPath();
const FIRST_UI_MS = 60_000; // the view shows once the extension has activated and found a plan
const VIEWPORT = { width: 1500, height: 950 };

// A copy of the seed at the HARD STOP with two closed tasks (so the proposed message has a body), both files changed.
const SEED = 'flow-seed.md';
const SEED_ROW = 'f8s'; // a one-target-task plan is named by its task, and its row reads as that task's row does
const FILES = ['tests/bdd/django_adapter/test_database_backend.py', 'tests/bdd/django_adapter/test_fencing.py'];
// A real plan at Execute Tasks: three ready tasks, and a gate that blocks the commit for 8 reasons.
const AT_EXECUTE = 'plan-1ddafa05.md';
const AT_EXECUTE_LABEL = '1ddafa05';
// A real plan at the HARD STOP whose files are all missing: nothing to review.
const V5 = 'PLAN-v5.md';
const V5_LABEL = 'work-003';

function twoTaskSeed(): string {
  let text = fixtureText('seed-split-brain.md');
  text = replaceOnce(
    text,
    '| django-litefs-f8s | BDD step defs - split-brain protection | django-litefs-8oi | ready | - | tests/bdd/django_adapter/test_database_backend.py | 0 |',
    `| django-litefs-f8s | BDD step defs - split-brain protection | django-litefs-8oi | ✅ closed | worker-f8s | ${FILES[0]} | 0 |\n` +
      `| django-litefs-g9t | BDD step defs - fencing tokens | django-litefs-8oi | ✅ closed | worker-g9t | ${FILES[1]} | 0 |`,
  );
  text = replaceOnce(text, '| django-litefs-f8s | yes | 4/4 | yes | ✅ |', '| django-litefs-f8s | yes | 4/4 | yes | ✅ |\n| django-litefs-g9t | yes | 2/2 | yes | ✅ |');
  return text;
}

/** The frame whose document holds a timeline's SVG for `title`, if any yet. */
async function timelineFrames(page: Page): Promise<Frame[]> {
  const frames: Frame[] = [];
  for (const frame of page.frames()) {
    try {
      if ((await frame.locator(sel.TIMELINE_SVG).count()) > 0) frames.push(frame);
    } catch {
      // a frame detached while we looked
    }
  }
  return frames;
}

async function tickBoxes(frame: Frame): Promise<Array<{ text: string; left: number; right: number }>> {
  return frame.locator(sel.TIMELINE_TICK_LABEL).evaluateAll((els: Array<{ textContent: string | null; getBoundingClientRect(): { left: number; width: number } }>) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { text: el.textContent ?? '', left: r.left, right: r.left + r.width };
    }),
  );
}

const status = (page: Page, want: string, timeoutMs = 10_000): Promise<string> =>
  waitFor(() => statusBarText(page), timeoutMs, `a status bar item "${want}"`, (ts) => ts.some((t) => t.includes(want))).then((ts) => ts.find((t) => t.includes(want))!);

describe('the daily flow at the default width', () => {
  let editor: Editor | undefined;
  let ws: { dir: string; plans: Record<string, string> };

  before(async () => {
    ws = planWorkspace({ [V5]: `real/${V5}`, [AT_EXECUTE]: `real/${AT_EXECUTE}`, [SEED]: twoTaskSeed() });
    writeWorkspaceSettings(ws.dir, { 'beadsPlan.worker.command': ['node', FAKE_WORKER], 'files.autoSave': 'off' });
    gitInit(ws.dir);
    for (const file of FILES) {
      mkdirSync(dirname(join(ws.dir, file)), { recursive: true });
      writeFileSync(join(ws.dir, file), `"""${file}"""\n`);
    }
    editor = await startEditor({ vsix: VSIX, workspace: ws.dir });
    await editor.page.setViewportSize(VIEWPORT);
  });
  after(() => editor?.close());
  // afterEach's type allows a SuiteContext too (@types/node 20); after a test it is the TestContext.
  afterEach((c) => artifactsOnFailure(() => editor)(c as TestContext));

  test('3. rows: a plan\'s state and a task\'s short id and title are in view at the default side bar width', async (t: TestContext) => {
    const { page } = editor!;
    await openView(page, VIEW_CONTAINER, FIRST_UI_MS);
    await waitForRow(page, AT_EXECUTE_LABEL, () => true, FIRST_UI_MS, 'listed');
    const seed = await waitForValue(() => rowSight(page, SEED_ROW), 10_000, 'the seed row');
    t.diagnostic(`side bar ${seed.sidebar} px; seed row shows "${seed.visible}"`);
    // A plan named by its task reads by the short id (`f8s`): with the full id (17 characters) the state's
    // last letters were under the ellipsis at 300 px (`django-litefs-f8s awaiting appro…`).
    assert.ok(seed.visible.startsWith(`${SEED_ROW} awaiting approval`), `the state is in view: "${seed.visible}"`);
    // A plan named by its session: the id alone, so that its state is in view too (`Session work-003 awaiting appro…` was not).
    const v5 = await waitForValue(() => rowSight(page, V5_LABEL), 10_000, 'the session-named row');
    t.diagnostic(`session row shows "${v5.visible}"`);
    assert.ok(v5.visible.startsWith(`${V5_LABEL} awaiting approval`), `the state is in view: "${v5.visible}"`);
    const atExecute = await waitForValue(() => rowSight(page, AT_EXECUTE_LABEL), 10_000, 'the plan at Execute Tasks');
    t.diagnostic(`plan at Execute Tasks shows "${atExecute.visible}"`);
    assert.ok(atExecute.visible.startsWith(`${AT_EXECUTE_LABEL} phase 3 of 11 · Execute`), `the phase is in view: "${atExecute.visible}"`);
    await expandTreeRow(page, AT_EXECUTE_LABEL, VIEW_NAME);
    const task = await waitForValue(() => rowSight(page, '8oi.4'), 10_000, 'task 8oi.4 labelled by its short id');
    t.diagnostic(`task row shows "${task.visible}" of "${task.label} ${task.description}"`);
    assert.match(task.visible, /^8oi\.4 BDD steps - transaction/, 'the short id, then the title');
    const tree = await editor!.screenshot('flow-tree');
    t.diagnostic(`screenshot: ${tree} (copied to ${toMedia(tree, 'screenshot-rows.png')})`);
  });

  test('4. keys: Alt+B acts on the row the arrow keys moved to; Run Worker on a plan asks which task, ready ones first', async (t: TestContext) => {
    const { page } = editor!;
    await clickTreeRow(page, '8oi.4', VIEW_NAME);
    await waitForRow(page, '8oi.4', (r) => r.selected, 10_000, 'selected by the click');
    await page.keyboard.press('ArrowDown'); // the keyboard on 8oi.5; the selection stays on 8oi.4
    await waitFor(
      () => page.locator(sel.FOCUSED_TREE_ROW_LABEL).first().textContent(),
      5000,
      'the focus on 8oi.5',
      (text) => (text ?? '').trim() === '8oi.5',
    );
    await page.keyboard.press('Alt+B');
    await page.keyboard.press('V');
    const title = await waitFor(() => quickInputTitle(page), 30_000, 'Record Validation', (s) => (s ?? '').startsWith('Record Validation for'));
    t.diagnostic(`Alt+B V after ArrowDown: "${title}"`);
    assert.match(title ?? '', /^Record Validation for django-litefs-8oi\.5 /, 'the row the keyboard is on, not the selected one');
    await page.keyboard.press('Escape');
    await waitFor(() => quickInputTitle(page), 5000, 'the picker closed', (s) => s === undefined);

    // On the plan row, Run Worker names no task: it asks, the ready tasks first, and starts nothing by itself.
    const before = read(ws.plans[AT_EXECUTE]!);
    await clickTreeRow(page, '8oi.5', VIEW_NAME);
    // Home: the first plan; ArrowDown: the second, the plan at Execute Tasks.
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await waitFor(
      () => page.locator(sel.FOCUSED_TREE_ROW_LABEL).first().textContent(),
      5000,
      `the focus on ${AT_EXECUTE_LABEL}`,
      (text) => (text ?? '').trim() === AT_EXECUTE_LABEL,
    );
    await page.keyboard.press('Alt+B');
    await page.keyboard.press('R');
    await waitFor(() => quickInputTitle(page), 30_000, 'the task picker', (s) => s === 'Run Worker: which task?').catch(async (e: Error) => {
      const status = (await page.locator(sel.STATUS_ITEM).allTextContents()).map((s) => s.trim()).filter(Boolean).join(' | ');
      throw new Error(`${e.message}; the keyboard on ${await keyboardFocus(page)}; plan ${read(ws.plans[AT_EXECUTE]!) === before ? 'unchanged' : 'changed'}; status bar: ${status}`);
    });
    const offered = await quickPickLabels(page);
    t.diagnostic(`Run Worker offers: ${offered.join(', ')}`);
    assert.deepEqual(offered.slice(0, 3), ['django-litefs-8oi.4', 'django-litefs-8oi.5', 'django-litefs-8oi.6']);
    await page.keyboard.press('Escape');
    assert.equal(read(ws.plans[AT_EXECUTE]!), before, 'no worker started');
    await waitFor(() => quickInputTitle(page), 5000, 'the picker closed', (s) => s === undefined);

    // Alt+B D on that plan row opens its review; Alt+B B from the plan editor puts the keyboard on the cursor's row.
    await page.keyboard.press('Alt+B');
    await page.keyboard.press('D');
    const review = await waitFor(() => activeEditorInfo(page), 30_000, `the review of ${AT_EXECUTE_LABEL}`, (i) => (i.title ?? '').startsWith(`Review Changes: ${AT_EXECUTE_LABEL}`));
    t.diagnostic(`Alt+B D on the plan row: "${review.title}"`);
    await runCommand(page, 'View: Close Editor');
    await waitFor(() => activeEditorInfo(page), 10_000, 'the plan editor active again', (i) => i.title === AT_EXECUTE);
    await focusEditor(page);
    await page.keyboard.press('Alt+B');
    await page.keyboard.press('B');
    await waitFor(
      async () => ((await page.locator(sel.SIDEBAR_FOCUS).count()) > 0 ? ((await page.locator(sel.FOCUSED_TREE_ROW_LABEL).first().textContent()) ?? '').trim() : ''),
      10_000,
      'Alt+B B: the keyboard in the tree, on the row of the cursor (8oi.5)',
      (label) => label === '8oi.5',
    );
  });

  test('9. offered only where it can work: one "Commit blocked" lens, Run All Ready only with a ready task', async (t: TestContext) => {
    const { page } = editor!;
    assert.ok((await contextMenuEntries(page, AT_EXECUTE_LABEL)).includes('Run All Ready Workers'));
    const seedMenu = await contextMenuEntries(page, SEED_ROW);
    t.diagnostic(`the seed's menu: ${seedMenu.join(', ')}`);
    assert.ok(!seedMenu.includes('Run All Ready Workers'), 'no ready task in the seed');
    assert.ok(seedMenu.includes('Commit (User-Approved)…'), 'the gate lets the seed through');
    assert.ok(!(await contextMenuEntries(page, AT_EXECUTE_LABEL)).includes('Commit (User-Approved)…'));

    await openFile(page, AT_EXECUTE);
    const lenses = await waitFor(() => lensesAndLines(page), 15_000, 'the CodeLens', (s) => s.lenses.some((l) => l.titles.some((x) => x.includes('Commit blocked'))));
    const commitish = lenses.lenses.flatMap((l) => l.titles).filter((x) => /Commit|Review changes/.test(x));
    t.diagnostic(`commit lenses: ${commitish.join(' | ')}`);
    assert.deepEqual(commitish, ['$(circle-slash) Commit blocked: 8 reasons']);
    // What the lens runs (a click on it lands elsewhere while the editor still scrolls under load): the reasons, each opening its line.
    await runCommand(page, 'Beads Plan: Show Why the Commit Is Blocked');
    const why = await waitFor(() => quickInputTitle(page), 30_000, 'the reasons', (s) => (s ?? '').startsWith('Why '));
    assert.equal(why, `Why ${AT_EXECUTE_LABEL} cannot be committed yet (8)`);
    assert.equal((await quickPickLabels(page)).length, 8);
    await page.keyboard.press('Escape');
  });

  test('7. the status bar follows the active plan editor and names its plan; with none, the plan that needs the user', async (t: TestContext) => {
    const { page } = editor!;
    const active = await status(page, `${AT_EXECUTE_LABEL}: Phase`);
    t.diagnostic(`with ${AT_EXECUTE} active: "${active}"`);
    await runCommand(page, 'View: Close All Editors');
    const waiting = await status(page, ': awaiting approval');
    t.diagnostic(`with no editor: "${waiting}"`);
    assert.match(waiting, /^(django-litefs-f8s|work-003): awaiting approval(, \d+ doubts?)? \+1$/);
  });

  test('5 and 1. Review Changes has a Commit… action; the commit keeps the message line for line', async (t: TestContext) => {
    const { page } = editor!;
    await openFile(page, SEED);
    await runCommand(page, 'Beads Plan: Review Changes');
    const action = page.locator(`${sel.EDITOR_TITLE_ACTION}[aria-label^="Commit…"]`);
    await waitFor(() => action.count(), 30_000, 'the Commit… title action of the review', (n) => n > 0).catch(async (e: Error) => {
      const seen = await page.locator(sel.EDITOR_TITLE_ACTION).evaluateAll((els: Array<{ getAttribute(n: string): string | null }>) => els.map((el) => el.getAttribute('aria-label')));
      throw new Error(`${e.message}; the title actions: ${JSON.stringify(seen)}; tabs: ${JSON.stringify(await page.locator(sel.TAB_LABEL).allTextContents())}`);
    });
    await clearHovers(page);
    const shot = await editor!.screenshot('review-commit');
    t.diagnostic(`screenshot: ${shot} (copied to ${toMedia(shot, 'screenshot-review.png')})`);
    await action.first().click();

    const subject = await answerInputBox(page, 'Commit (User-Approved): message', undefined, 15_000);
    assert.equal(subject, 'feat(django-litefs-8oi): complete 2 tasks', 'the subject in the box');
    const modal = await waitForValue(() => modalDialog(page), 15_000, 'the commit modal');
    const shown = modal.detail.slice(modal.detail.indexOf('Message, as git will store it:\n') + 'Message, as git will store it:\n'.length);
    t.diagnostic(`the modal's message:\n${shown}`);
    const message = [
      'feat(django-litefs-8oi): complete 2 tasks',
      '',
      '- django-litefs-f8s: BDD step defs - split-brain protection',
      '- django-litefs-g9t: BDD step defs - fencing tokens',
      '',
      `Beads-Plan: ${PLANS_DIR}/${SEED}`,
      'Beads-Plan-Session: 65c422f0',
    ];
    assert.deepEqual(shown.split('\n'), message, 'the body kept, as git will store it');
    await commitOverDoubts(page);
    await waitForNotification(page, 'Committed ', 20_000);
    assert.deepEqual(git(ws.dir, 'log', '-1', '--format=%B').replace(/\n+$/, '').split('\n'), message, 'git log has the message line for line');
  });

  test('6. Review Changes with nothing to review says so, and lists the missing files in the review', async (t: TestContext) => {
    const { page } = editor!;
    await openFile(page, V5);
    await runCommand(page, 'Beads Plan: Review Changes');
    const said = await waitForNotification(page, 'Nothing to review', 30_000);
    t.diagnostic(`notification: "${said}"`);
    assert.match(said, /^Nothing to review: no file the plan names has changed\..* Named by the plan but not found: packages\/litefs-django\/src\/litefs_django\/adapters\.py, /);
    const tab = await waitFor(() => page.locator(sel.ACTIVE_TAB_LABEL).first().textContent(), 10_000, 'the review tab', (s) => (s ?? '').startsWith('Review Changes: '));
    assert.equal(tab, `Review Changes: ${V5_LABEL} (7 files)`, 'the seven files the plan names and the working tree lacks');
    const listed = await waitFor(() => page.locator(sel.MULTI_DIFF_FILE).allTextContents(), 10_000, 'the missing files in the review', (ls) => ls.length > 0);
    t.diagnostic(`the review lists: ${listed.join(', ')}`);
    assert.ok(listed.some((l) => l.includes('views.py')));
  });

  test('8. timelines share one editor group, are revealed rather than reopened, never overlap their tick labels and are drawn again for a wider panel', async (t: TestContext) => {
    const { page } = editor!;
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, SEED);
    // Each from its plan's editor: the first timeline opens beside it, the next ones join it, the third is the first brought forward.
    for (const file of [SEED, AT_EXECUTE, SEED]) {
      // A focused webview keeps F1 and Ctrl+P to itself: the keyboard goes back to the workbench first.
      await page.locator(sel.SIDEBAR_TITLE_BAR).click();
      await openFile(page, file);
      await runCommand(page, 'Beads Plan: Show Plan Timeline');
      await waitFor(() => page.locator(sel.ACTIVE_GROUP_TAB_LABEL).first().textContent(), 30_000, `the timeline of ${file} active`, (s) => (s ?? '').startsWith('Timeline: '));
    }
    const tabs = await waitFor(() => page.locator(sel.TAB_LABEL, { hasText: 'Timeline: ' }).allTextContents(), 10_000, 'two timeline tabs', (ls) => ls.length === 2);
    const groups = await page.locator(sel.EDITOR_GROUP).count();
    t.diagnostic(`timeline tabs: ${tabs.join(', ')}; editor groups: ${groups}`);
    assert.equal(groups, 2, 'the plan, and one group for the timelines');
    const frames = await waitFor(() => timelineFrames(page), 10_000, 'a timeline drawn', (fs) => fs.length > 0);
    for (const frame of frames) {
      const boxes = await tickBoxes(frame);
      for (let i = 1; i < boxes.length; i++) assert.ok(boxes[i]!.left >= boxes[i - 1]!.right, `"${boxes[i - 1]!.text}" and "${boxes[i]!.text}" overlap`);
      t.diagnostic(`ticks: ${boxes.map((b) => b.text).join(' | ')}`);
    }
    // The chart is drawn for its panel's width (the SVG's width attribute is the drawing's, not a CSS stretch):
    // with the side bar hidden the group widens, and the timeline in view is drawn again to fit it.
    const drawn = async (f: Frame): Promise<number> => Number((await f.locator(sel.TIMELINE_SVG).first().getAttribute('width')) ?? 0);
    const shown = async (): Promise<Frame | undefined> => {
      for (const f of await timelineFrames(page)) if (await f.locator(sel.TIMELINE_SVG).first().isVisible()) return f;
      return undefined;
    };
    const inView = await waitForValue(shown, 10_000, 'the timeline in view');
    const narrow = await drawn(inView);
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    const wide = await waitFor(() => drawn(inView), 10_000, 'the timeline drawn again, wider', (w) => w > narrow + 100);
    t.diagnostic(`the chart drawn ${narrow} px wide, ${wide} px with the side bar hidden`);
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    await waitFor(() => drawn(inView), 10_000, 'the timeline drawn narrow again', (w) => w < wide);
    await runCommand(page, 'Notifications: Clear All Notifications'); // test 6's toast would cover the timeline
    await page.locator(sel.QUICK_INPUT).waitFor({ state: 'hidden', timeout: 10_000 }); // the palette fades out
    await clearHovers(page); // the title bar's click above leaves its button's tooltip showing
    const shot = await editor!.screenshot('flow-timeline');
    t.diagnostic(`screenshot: ${shot} (copied to ${toMedia(shot, 'screenshot-timelines.png')})`);
  });
});
