// The approval moment, in a real git repository: an external process writes a
// plan into the HARD STOP; the editor calls the user once (a notification
// with Review Changes, Commit… and Open Plan, and the view's badge), Review
// Changes opens the multi-file diff of exactly what the commit takes, Commit…
// commits it and the badge goes back to 0. Rewrites of a waiting plan call
// nobody again; with beadsPlan.notifications off only the badge counts.

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { clickDialogButton, expandTreeRow, gitInit, openView, runCommand, waitFor, withEditor, type Editor } from './harness';
import * as sel from './selectors';
import { fixtureText, planWorkspace, PLANS_DIR, replaceOnce, rewritePlan, VIEW_CONTAINER, VIEW_NAME, vsixPath, waitForRow, waitForRowState } from './plans';
import { answerInputBox, escapeRegExp, git, modalDialog, notificationButtons, toMedia, waitForValue, type PageEl } from './ui';

const VSIX = vsixPath();
const NO_AUTOSAVE = { 'files.autoSave': 'off' };
const FIRST_UI_MS = 30_000;
/** The issue's bound on announcing a plan that reached the HARD STOP: the test's wait, not a timed assertion. */
const ANNOUNCE_MS = 2000;

const SEED = 'seed-split-brain.md';
const SEED_LABEL = 'django-litefs-f8s';
const SEED_ROW = 'f8s'; // named by its task, the plan's row reads as that task's row does
const V5_LABEL = 'work-003'; // real/PLAN-v5.md, at the HARD STOP
const PLANNED = 'tests/bdd/django_adapter/test_database_backend.py';
const UNRELATED = 'README.md';
const SUMMARY_ROW = '| 9 | Summary & Wait | orchestrator | ✅ done | **HARD STOP** |';
// Announced with its doubts, never as clean: Current Phase 3 behind the checklist, its task still ready, the review's warning.
const WAITING = `${SEED_LABEL} is waiting for your approval: 0 of 1 task done, validation 1/1 valid, 3 doubts: Current Phase says 3, while the checklist is at 10 (and 2 more).`;
const SEED_STATE = 'awaiting approval, 3 doubts';
const V5_STATE = 'awaiting approval, 1 doubt';

/** The seed one step before the HARD STOP: its summary phase still pending. */
function beforeHardStop(seed: string): string {
  return replaceOnce(seed, SUMMARY_ROW, '| 9 | Summary & Wait | orchestrator | ⏳ pending | **HARD STOP** |');
}

/** A git workspace with the seed before its HARD STOP committed (and `others` plans), its planned file created and an unrelated change. */
function workspace(others: Record<string, string> = {}): { dir: string; plan: string } {
  const ws = planWorkspace({ ...others, [SEED]: beforeHardStop(fixtureText(SEED)) }, { [UNRELATED]: '# A project\n' });
  gitInit(ws.dir);
  mkdirSync(dirname(join(ws.dir, PLANNED)), { recursive: true });
  writeFileSync(join(ws.dir, PLANNED), '"""Split-brain protection steps."""\n');
  writeFileSync(join(ws.dir, UNRELATED), '# A project\n\nAn unrelated edit.\n');
  return { dir: ws.dir, plan: ws.plans[SEED]! };
}

/** The count on the view's activity-bar entry (0 when it shows none) and the entry's label (the badge's tooltip is in it). */
async function badge(page: Page, timeoutMs = 30_000): Promise<{ count: number; label: string }> {
  const item = page.locator(sel.activityBarEntry(VIEW_CONTAINER)).first();
  // Inside a wait, a short bound per read: the wait reads again until its own bound.
  return item.evaluate(
    (el: PageEl, s) => {
      const content = el.querySelector(s.count);
      const shown = !/display:\s*none/.test(el.querySelector(s.badge)?.getAttribute('style') ?? '');
      const count = Number((content?.textContent ?? '').trim());
      return { count: shown && Number.isFinite(count) ? count : 0, label: el.querySelector(s.label)?.getAttribute('aria-label') ?? '' };
    },
    { count: sel.ENTRY_BADGE_COUNT, badge: sel.ENTRY_BADGE, label: sel.ENTRY_LABEL },
    { timeout: timeoutMs },
  );
}

/** The extension's log ("Beads Work Plan" output channel), as written so far. */
function extensionLog(editor: Editor): string {
  const logs = join(editor.userDataDir, 'logs');
  if (!existsSync(logs)) return '';
  return readdirSync(logs, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('Beads Work Plan.log'))
    .map((f) => readFileSync(join(logs, f), 'utf8'))
    .join('');
}

function logLines(editor: Editor, text: string): string[] {
  return extensionLog(editor)
    .split('\n')
    .filter((l) => l.includes(text));
}

/**
 * Counts, from inside the page, every notification (toast or notification
 * centre entry) whose message contains `text` that appears from now on; the
 * returned function reads the count. The workbench shows an identical message
 * only once while it is open, so the extension's log is checked as well.
 */
async function countNotifications(page: Page, text: string): Promise<() => Promise<number>> {
  const key = `__bwpNotes_${Math.random().toString(36).slice(2)}`;
  await page.evaluate(`(() => {
    const seen = new WeakSet();
    const state = { count: 0 };
    const scan = () => {
      for (const el of document.querySelectorAll(${JSON.stringify(sel.NOTIFICATION_MESSAGE)})) {
        if (seen.has(el)) continue;
        seen.add(el);
        if ((el.textContent ?? '').includes(${JSON.stringify(text)})) state.count++;
      }
    };
    scan();
    state.count = 0;
    new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, characterData: true });
    window[${JSON.stringify(key)}] = state;
  })()`);
  return async () => (await page.evaluate(`window[${JSON.stringify(key)}].count`)) as number;
}

/** Clicks the button `label` of the notification whose message contains `text`: on its toast, or in the notification centre once the toast has hidden. */
async function answerNotification(page: Page, text: string, label: string): Promise<void> {
  const item = (scope: string) =>
    page
      .locator(`${scope} ${sel.NOTIFICATION}`)
      .filter({ has: page.locator(sel.NOTIFICATION_MESSAGE, { hasText: text }) })
      .first();
  const button = (scope: string) =>
    item(scope)
      .locator(sel.NOTIFICATION_BUTTON, { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) })
      .first();
  if (await item(sel.TOASTS).isVisible()) {
    // A toast with buttons still hides after a while (into the centre): one that hides as it is clicked is answered there.
    const clicked = await button(sel.TOASTS)
      .click({ timeout: 5000 })
      .then(() => true, () => false);
    if (clicked) return;
  }
  await runCommand(page, 'Notifications: Show Notifications');
  await item(sel.NOTIFICATION_CENTER).click();
  await button(sel.NOTIFICATION_CENTER).click({ timeout: 10_000 });
}

interface DiffEntry {
  /** Workspace-relative path of the entry's file. */
  path: string;
  /** `added`, `deleted`, or '' for a changed file. */
  status: string;
  /** The text of the entry's original (HEAD) side as rendered. */
  original: string;
}

/** The active multi-diff editor's tab title and entries (rendered ones: the list is virtual). */
async function multiDiff(page: Page, root: string): Promise<{ title: string; entries: DiffEntry[] }> {
  const title = ((await page.locator(sel.ACTIVE_GROUP_TAB_LABEL).first().textContent()) ?? '').trim();
  const entries = await page.locator(sel.MULTI_DIFF_ENTRY).evaluateAll(
    (els: PageEl[], s) =>
      els.map((el) => ({
        path: el.querySelector(s.path)?.getAttribute('aria-label') ?? '',
        status: (el.querySelector(s.status)?.className ?? '').replace('status', '').trim(),
        original: Array.from(el.querySelectorAll(s.original))
          .map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' '))
          .join('\n'),
      })),
    { path: sel.MULTI_DIFF_ENTRY_PATH, status: sel.MULTI_DIFF_ENTRY_STATUS, original: sel.MULTI_DIFF_ORIGINAL_LINE },
  );
  return { title, entries: entries.map((e) => ({ ...e, path: e.path.startsWith(`${root}/`) ? e.path.slice(root.length + 1) : e.path })) };
}

/** When the extension logged `text` (its log stamps local time, to the millisecond), in ms since the epoch. */
async function loggedAt(editor: Editor, text: string): Promise<number> {
  const [line] = await waitFor(() => logLines(editor, text), 5000, `"${text}" in the extension's log`, (ls) => ls.length > 0);
  return new Date(line!.slice(0, 23).replace(' ', 'T')).getTime();
}

/** Writes the plan into the HARD STOP and waits for its toast; reports when the extension called and when the toast showed. */
async function reachHardStop(t: TestContext, editor: Editor, plan: string, text: string, message: string): Promise<void> {
  const writtenAt = Date.now();
  rewritePlan(plan, text);
  await editor.page.waitForFunction(
    `[...document.querySelectorAll(${JSON.stringify(`${sel.TOASTS} ${sel.NOTIFICATION_MESSAGE}`)})].some((el) => (el.textContent ?? '').includes(${JSON.stringify(message)}))`,
    undefined,
    { polling: 'raf', timeout: ANNOUNCE_MS },
  );
  const shown = Date.now() - writtenAt;
  const called = (await loggedAt(editor, `Calling the user: ${message}`)) - writtenAt;
  t.diagnostic(`announce time: the extension called the user ${called} ms after the plan reached the HARD STOP on disk, the toast showed after ${shown} ms (the wait allows ${ANNOUNCE_MS} ms)`);
}

test('the HARD STOP calls the user once; Review Changes shows what Commit… then commits; the badge counts', async (t) => {
  const seed = fixtureText(SEED);
  const ws = workspace();
  const planRel = `${PLANS_DIR}/${SEED}`;
  const initial = git(ws.dir, 'rev-parse', 'HEAD');

  await withEditor(t, { vsix: VSIX, workspace: ws.dir, settings: NO_AUTOSAVE }, async (editor) => {
    const { page } = editor;
    await openView(page, VIEW_CONTAINER, FIRST_UI_MS);
    await waitForRow(page, SEED_ROW, (r) => r.description === 'phase 9 of 11 · Summary & Wait', FIRST_UI_MS, 'listed at phase 9, not waiting yet');
    assert.equal((await badge(page)).count, 0, 'no plan needs the user yet');
    const announced = await countNotifications(page, 'is waiting for your approval');

    // (a) An agent writes phase 9 done: the plan waits at the HARD STOP.
    await reachHardStop(t, editor, ws.plan, seed, WAITING);
    assert.deepEqual(await notificationButtons(page, WAITING), ['Review Changes', 'Commit…', 'Open Plan']);
    const counted = await waitFor(() => badge(page), 5000, 'the badge to count 1', (b) => b.count === 1);
    t.diagnostic(`badge: ${JSON.stringify(counted)}`);
    assert.match(counted.label, new RegExp(`1 plan needs you:\\s+${SEED_LABEL}: ${SEED_STATE}`));
    await waitForRowState(page, SEED_ROW, { icon: 'bell-dot', description: SEED_STATE }, 5000);
    const calls = await waitFor(() => logLines(editor, 'Calling the user'), 5000, 'the call in the log', (ls) => ls.length > 0);
    assert.deepEqual(calls.map((l) => l.replace(/^.*?\[info\] /, '')), [`Calling the user: ${WAITING}`]);

    // (b) Review Changes: the multi-file diff of exactly the planned file (added) and the plan (changed), HEAD against the working tree.
    await answerNotification(page, WAITING, 'Review Changes');
    const diff = await waitFor(() => multiDiff(page, ws.dir), 15_000, 'the multi-diff editor with the two files', (d) => d.entries.length === 2);
    t.diagnostic(`review: ${JSON.stringify({ title: diff.title, entries: diff.entries.map((e) => [e.path, e.status]) })}`);
    assert.equal(diff.title, `Review Changes: ${SEED_LABEL} (2 files)`);
    assert.deepEqual(
      diff.entries.map((e) => [e.path, e.status]),
      [
        [PLANNED, 'added'],
        [planRel, ''],
      ],
    );
    // HEAD's side comes from git: the plan as committed, phase 9 still pending.
    const head = await waitFor(() => multiDiff(page, ws.dir), 10_000, "the plan's HEAD side rendered", (d) => d.entries[1]!.original.includes('| 9 | Summary & Wait | orchestrator | ⏳ pending |'));
    assert.ok(!head.entries[1]!.original.includes(SUMMARY_ROW), "HEAD's side is not the working tree");
    const reviewing = `Reviewing 2 files of ${SEED_LABEL}, HEAD against the working tree. Left out (changed, not named by the plan): ${UNRELATED}.`;
    assert.deepEqual(await notificationButtons(page, reviewing), ['Commit…']);
    await page.mouse.move(170, 600); // over the tree's empty part: no hover covers the diff's tab
    const shot = await editor.screenshot('approval-review');
    t.diagnostic(`screenshot: ${shot} (copied to ${toMedia(shot, 'screenshot-approval.png')})`);

    // (c) Ten more rewrites that leave the plan waiting (phase 9's note changes): nobody is called again.
    await expandTreeRow(page, SEED_ROW, VIEW_NAME);
    for (let i = 1; i <= 10; i++) {
      rewritePlan(ws.plan, replaceOnce(seed, SUMMARY_ROW, `| 9 | Summary & Wait | orchestrator | ✅ done | **HARD STOP** r${i} |`));
      await waitForRowState(page, '9. Summary & Wait', { description: `HARD STOP r${i}` }, 10_000);
    }
    assert.equal(await announced(), 1, 'one notification for the one entry into the HARD STOP');
    assert.equal(logLines(editor, 'Calling the user').length, 1, `the extension called the user once: ${JSON.stringify(logLines(editor, 'Calling the user'))}`);
    assert.equal((await badge(page)).count, 1);

    // (d) Commit… from the review: the message, then the modal. Its Review Changes shows the diff and
    // comes back to the same modal (the message kept), never to a commit; Commit there commits.
    await answerNotification(page, reviewing, 'Commit…');
    const message = await answerInputBox(page, 'Commit (User-Approved): message', undefined, 15_000);
    const modal = await waitForValue(() => modalDialog(page), 15_000, 'the commit modal');
    // The seed's Current Phase line says 3, its task is still ready, its review has a warning: three doubts.
    assert.equal(modal.message, 'Commit 2 files to main despite 3 doubts?');
    assert.deepEqual([...modal.buttons].sort(), ['Cancel', 'Commit', 'Commit and Push', 'Review Changes']);
    await clickDialogButton(page, 'Review Changes');
    await waitFor(() => notificationButtons(page, reviewing), 15_000, 'the review, with its way back to the commit', (bs) => bs.includes('Commit…'));
    assert.equal((await multiDiff(page, ws.dir)).title, `Review Changes: ${SEED_LABEL} (2 files)`);
    assert.equal(git(ws.dir, 'rev-parse', 'HEAD'), initial, 'the review committed nothing');
    await answerNotification(page, reviewing, 'Commit…');
    const again = await waitForValue(() => modalDialog(page), 15_000, 'the same commit modal again');
    // The log line the commit will write carries the time of its proposal: a minute may have turned between the two.
    const untimed = (detail: string) => detail.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/g, '<time>');
    assert.deepEqual([again.message, untimed(again.detail)], [modal.message, untimed(modal.detail)], 'the same decision, with the message given before');
    assert.ok(again.detail.includes(`Message, as git will store it:\n${message}\n\nBeads-Plan: ${planRel}`), again.detail);
    // Not clickDialogButton: the second question, naming how many doubts, takes the modal's place at once.
    await page.locator(sel.DIALOG).locator(sel.DIALOG_BUTTON, { hasText: /^Commit$/ }).click();
    const over = await waitForValue(async () => {
      const dialog = await modalDialog(page);
      return dialog?.message.startsWith('Commit over') ? dialog : undefined;
    }, 15_000, 'the second question, about the doubts');
    assert.equal(over.message, 'Commit over 3 doubts? The gate could not read these as done.');
    await clickDialogButton(page, 'Commit Over 3 Doubts');
    await waitFor(() => git(ws.dir, 'rev-parse', 'HEAD'), 20_000, 'a new commit', (h) => h !== initial);
    assert.deepEqual(git(ws.dir, 'show', '--name-only', '--format=', 'HEAD').split('\n').sort(), [planRel, PLANNED].sort());
    const cleared = await waitFor(() => badge(page), 10_000, 'the badge to go back to 0', (b) => b.count === 0);
    t.diagnostic(`badge after the commit: ${JSON.stringify(cleared)}`);
    await waitForRow(page, SEED_ROW, (r) => r.description === 'complete', 10_000, 'complete once committed');
  });
});

test('with beadsPlan.notifications off, no toast: the badge alone counts the waiting plans; one waiting at start-up is not announced', async (t) => {
  const seed = fixtureText(SEED);
  // PLAN-v5 waits at the HARD STOP before the editor starts: counted, never announced (not even as "not calling").
  const ws = workspace({ 'PLAN-v5.md': 'real/PLAN-v5.md' });
  await withEditor(t, { vsix: VSIX, workspace: ws.dir, settings: { ...NO_AUTOSAVE, 'beadsPlan.notifications': 'off' } }, async (editor) => {
    const { page } = editor;
    await openView(page, VIEW_CONTAINER, FIRST_UI_MS);
    await waitForRow(page, SEED_ROW, (r) => r.description === 'phase 9 of 11 · Summary & Wait', FIRST_UI_MS, 'listed at phase 9, not waiting yet');
    await waitForRow(page, V5_LABEL, (r) => r.description === V5_STATE, FIRST_UI_MS, 'listed, awaiting approval since before the editor started');
    // The view's icon appears once the extension has activated: on a busy machine that is a first-UI wait.
    await waitFor(() => badge(page, 2000), FIRST_UI_MS, 'the badge to count the plan waiting at start-up', (b) => b.count === 1);
    const announced = await countNotifications(page, 'is waiting for your approval');
    const writtenAt = Date.now();
    rewritePlan(ws.plan, seed);
    // The extension says in its log that it did not call: the moment a toast would have been shown.
    const silent = await waitFor(() => logLines(editor, 'Not calling the user'), 10_000, 'the log to say the user was not called', (ls) => ls.length > 0);
    t.diagnostic(`${(await loggedAt(editor, 'Not calling the user')) - writtenAt} ms after the write: ${silent[0]}`);
    assert.match(silent[0]!, new RegExp(`Not calling the user \\(beadsPlan.notifications is off\\): ${escapeRegExp(WAITING)}$`));
    const counted = await waitFor(() => badge(page), 5000, 'the badge to count 2', (b) => b.count === 2);
    assert.match(counted.label, new RegExp(`2 plans need you:\\s+${V5_LABEL}: ${V5_STATE}\\s+${SEED_LABEL}: ${SEED_STATE}`));
    await waitForRowState(page, SEED_ROW, { icon: 'bell-dot', description: SEED_STATE }, 5000);
    assert.equal(await announced(), 0, 'no notification');
    assert.deepEqual(logLines(editor, 'Calling the user'), []);
    assert.deepEqual(logLines(editor, V5_LABEL), [], 'the plan waiting at start-up was not announced');
  });
});
