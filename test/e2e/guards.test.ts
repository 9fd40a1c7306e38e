// Guarded actions (issue "every action is safe"): Advance asks before it marks
// a phase done over unfinished tasks, Run All asks on a committed plan, a done
// task's worker lens asks before it runs again, Set Phase Status does not offer
// "done" for the commit phase, and Advance and Commit are offered only where
// they can work. Every refusal leaves the file as it was.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clickDialogButton, expandTreeRow, openView, runCommand, waitFor, withEditor } from './harness';
import { fixtureText, lineOf, planWorkspace, VIEW_CONTAINER, VIEW_NAME, vsixPath, waitForRow } from './plans';
import { clickLens, clickLensAbove, contextMenuEntries, FAKE_WORKER, goToLine, lensesAndLines, lensTitlesAbove, modalDialog, openFile, pickItem, quickInputTitle, quickPickLabels, read, waitForValue, writeWorkspaceSettings } from './ui';

const VSIX = vsixPath();
const FIRST_UI_MS = 30_000;

const AT_EXECUTE = 'plan-1ddafa05.md';
const AT_EXECUTE_LABEL = '1ddafa05';
const WAITING = 'PLAN-v5.md';
const COMMITTED = 'plan-c0ffee01.md';
const COMMITTED_LABEL = 'c0ffee01';

/** plan-1ddafa05 with every phase done: a committed plan whose three tasks are still ready. */
function committedPlan(): string {
  return fixtureText(`real/${AT_EXECUTE}`)
    .replace('Session: 1ddafa05', 'Session: c0ffee01')
    .replace(/^(\| \d+ \| [^|]+\| [^|]+\| )⏳ pending \|/gm, '$1✅ done |');
}

test('guarded actions: Advance, Run All and Run again ask first; Set Phase Status and the menus offer only what can work', async (t) => {
  const ws = planWorkspace({ [AT_EXECUTE]: `real/${AT_EXECUTE}`, [WAITING]: `real/${WAITING}` }, { [`.beads/plans/${COMMITTED}`]: committedPlan() });
  // A worker that would take long: none may start in this scenario.
  writeWorkspaceSettings(ws.dir, { 'beadsPlan.worker.command': [process.execPath, FAKE_WORKER, '--fake-sleep=60000', '${taskId}'] });
  const atExecute = read(ws.plans[AT_EXECUTE]!);
  const waiting = read(ws.plans[WAITING]!);
  const committedPath = `${ws.dir}/.beads/plans/${COMMITTED}`;
  const committed = read(committedPath);

  await withEditor(t, { vsix: VSIX, workspace: ws.dir, settings: { 'files.autoSave': 'off' } }, async (editor) => {
    const { page } = editor;
    await openView(page, VIEW_CONTAINER, FIRST_UI_MS);
    await waitForRow(page, AT_EXECUTE_LABEL, () => true, FIRST_UI_MS, 'listed');

    // (1) Advance over three ready tasks: a modal lists them; Cancel changes nothing, Advance Anyway marks phase 3 done.
    await openFile(page, AT_EXECUTE);
    await clickLens(page, 'Advance phase', FIRST_UI_MS);
    const ask = await waitForValue(() => modalDialog(page), 15_000, 'the Advance question');
    t.diagnostic(`advance: ${JSON.stringify(ask)}`);
    assert.equal(ask.message, '3 tasks are not done. Advance anyway?');
    assert.match(ask.detail, /django-litefs-8oi\.4: ready\n.*django-litefs-8oi\.5: ready\n.*django-litefs-8oi\.6: ready/);
    assert.deepEqual([...ask.buttons].sort(), ['Advance Anyway', 'Cancel']);
    await clickDialogButton(page, 'Cancel');
    assert.equal(read(ws.plans[AT_EXECUTE]!), atExecute, 'Cancel leaves the plan as it was');
    await clickLens(page, 'Advance phase');
    await waitForValue(() => modalDialog(page), 15_000, 'the Advance question again');
    await clickDialogButton(page, 'Advance Anyway');
    const advanced = await waitFor(() => read(ws.plans[AT_EXECUTE]!), 15_000, 'phase 3 done on disk', (s) => /^\| 3 \| Execute Tasks \| [^|]+\| ✅ done \|/m.test(s));
    assert.match(advanced, /^\| 4 \| Validate Workers \| [^|]+\| 🔄 in progress \|/m);

    // (2) At the HARD STOP: no Advance lens (it could only refuse); the checklist's own lens stays.
    await openFile(page, WAITING);
    const seen = await waitFor(() => lensesAndLines(page), FIRST_UI_MS, 'the lenses of the waiting plan', (s) => (lensTitlesAbove(s, '## Phase Checklist') ?? []).length > 0);
    assert.deepEqual(lensTitlesAbove(seen, '## Phase Checklist'), ['$(checklist) Phase 10 of 11 · User-Approved Commit']);

    // (3) A done task's lens says "Run again…", and asks before it runs.
    const row = waiting.split('\n')[lineOf(waiting, '| 3b6.1 |')]!;
    await goToLine(page, lineOf(waiting, '| 3b6.1 |'));
    await clickLensAbove(page, row, 'Run again…', FIRST_UI_MS);
    const again = await waitForValue(() => modalDialog(page), 15_000, 'the Run Again question');
    t.diagnostic(`run again: ${JSON.stringify(again)}`);
    assert.match(again.message, /^3b6\.1 is .*done\. Run a worker for it again\?$/);
    await clickDialogButton(page, 'Cancel');

    // (4) Set Phase Status on the commit phase: "done" is not offered, and the title says why.
    await runCommand(page, 'Beads Plan: Set Phase Status…');
    await pickItem(page, 'Set Phase Status (work-003): which phase?', '10. User-Approved Commit');
    const statusTitle = await waitFor(() => quickInputTitle(page), 10_000, 'the status picker', (s) => (s ?? '').includes('10. User-Approved Commit'));
    assert.match(statusTitle ?? '', /done only by Commit \(User-Approved\)…$/);
    const statuses = await waitFor(() => quickPickLabels(page), 5000, 'the statuses', (ls) => ls.length > 0);
    assert.deepEqual(statuses, ['in progress', 'pending', 'failed', 'blocked', 'skipped']);
    await page.keyboard.press('Escape');

    // (5) Run All on a committed plan asks first; Cancel starts nothing and changes nothing.
    await openFile(page, COMMITTED);
    await runCommand(page, 'Beads Plan: Run All Ready Workers');
    const runAll = await waitForValue(() => modalDialog(page), 15_000, 'the Run All question');
    t.diagnostic(`run all: ${JSON.stringify(runAll)}`);
    assert.equal(runAll.message, `${COMMITTED_LABEL}: the plan is committed (phase 10, User-Approved Commit, is done). Run 3 ready workers anyway?`);
    await clickDialogButton(page, 'Cancel');
    assert.equal(read(committedPath), committed);

    // (6) Menus: no Commit where the gate blocks it (this plan is at Execute Tasks), the reasons on the commit phase instead; Advance where it can work.
    await expandTreeRow(page, AT_EXECUTE_LABEL, VIEW_NAME);
    await waitForRow(page, '9. Summary & Wait', () => true, 10_000, 'the phases listed');
    const menus = {
      plan: await contextMenuEntries(page, AT_EXECUTE_LABEL),
      discovery: await contextMenuEntries(page, '1. Discovery'),
      validate: await contextMenuEntries(page, '4. Validate Workers'),
      summary: await contextMenuEntries(page, '9. Summary & Wait'),
      commit: await contextMenuEntries(page, '10. User-Approved Commit'),
    };
    t.diagnostic(`menus: ${JSON.stringify(menus)}`);
    const commit = 'Commit (User-Approved)…';
    assert.ok(Object.values(menus).every((m) => !m.includes(commit)), 'no Commit anywhere while the gate blocks it');
    assert.ok(menus.commit.includes('Show Why the Commit Is Blocked'), 'the commit phase says why');
    assert.ok(menus.plan.includes('Advance to Next Phase') && menus.validate.includes('Advance to Next Phase'), 'Advance on the plan and its current phase');
    assert.ok(!menus.discovery.includes('Advance to Next Phase'), 'no Advance on a finished phase');

    // Nothing else was written: the refused plans are byte for byte as they were.
    assert.equal(read(ws.plans[WAITING]!), waiting);
    assert.equal(read(committedPath), committed);
  });
});
