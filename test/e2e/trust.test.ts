// Scenario 8 of test/e2e/README.md: an untrusted workspace (Restricted Mode).
// The plans are still listed and shown; Run Worker is not offered (palette,
// tree) and explains itself when reached through a CodeLens; Commit explains
// why it is disabled. Nothing is started and the plan is not touched.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandTreeRow, openView, statusBarText, treeRows, waitFor, withEditor } from './harness';
import * as sel from './selectors';
import { childRows, fixtureText, lineOf, planWorkspace, VIEW_CONTAINER, VIEW_NAME, vsixPath, waitForRow } from './plans';
import { clickLens, FAKE_WORKER, goToLine, openFile, quickPickLabels, read, rowActions, waitForNotification, writeWorkspaceSettings } from './ui';

const VSIX = vsixPath();
const FIRST_UI_MS = 30_000;

const SEED = 'seed-split-brain.md';
const SEED_ROW = 'f8s'; // the seed plan's row: named by its task, it reads as that task's row does
const TASK_ROW = { label: 'f8s', level: 3 } as const;

test('8. untrusted workspace: the tree works; Run Worker is not offered or explains why; Commit explains why', async (t) => {
  const ws = planWorkspace({ [SEED]: SEED });
  const path = ws.plans[SEED]!;
  const seed = fixtureText(SEED);
  // A worker is configured (a restricted setting: ignored in Restricted Mode anyway).
  writeWorkspaceSettings(ws.dir, { 'beadsPlan.worker.command': [process.execPath, FAKE_WORKER, '--fake-sleep=60000', '${taskId}'] });

  await withEditor(t, { vsix: VSIX, workspace: ws.dir, trust: false }, async (editor) => {
    const { page } = editor;
    const status = await waitFor(() => statusBarText(page), FIRST_UI_MS, 'the Restricted Mode status bar item', (ts) => ts.includes('Restricted Mode'));
    t.diagnostic(`status bar: ${JSON.stringify(status)}`);

    // The tree lists the plan, its phases and its task.
    await openView(page, VIEW_CONTAINER, FIRST_UI_MS);
    await waitForRow(page, SEED_ROW, (r) => r.description === 'awaiting approval, 3 doubts', FIRST_UI_MS, 'listed, awaiting approval');
    await expandTreeRow(page, SEED_ROW, VIEW_NAME);
    const rows = await waitFor(() => treeRows(page, VIEW_NAME), 10_000, 'the phases and the task', (rs) => childRows(rs, 'Tasks').length === 1 && childRows(rs, 'Phases').length === 11);
    assert.deepEqual(
      childRows(rows, 'Tasks').map((r) => [r.label, r.icon]),
      [[TASK_ROW.label, 'clock']],
    );
    // The ready task has no Run Worker action (a trusted workspace shows one: scenario 6).
    assert.deepEqual(await rowActions(page, TASK_ROW), []);

    // The command palette offers neither Run Worker nor Run All Ready Workers; Commit is listed.
    await page.keyboard.press('F1');
    const input = page.locator(sel.QUICK_INPUT_BOX);
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('>Beads Plan: ');
    const listed = await waitFor(() => quickPickLabels(page), 10_000, 'the Beads Plan commands in the palette', (ls) => ls.includes('Beads Plan: Refresh Plans') && ls.every((l) => l.includes('Beads')));
    t.diagnostic(`palette: ${JSON.stringify(listed)}`);
    assert.ok(!listed.includes('Beads Plan: Run Worker'), 'Run Worker is not in the palette');
    assert.ok(!listed.includes('Beads Plan: Run All Ready Workers'), 'Run All Ready Workers is not in the palette');
    assert.ok(listed.includes('Beads Plan: Commit (User-Approved)…'), 'Commit is in the palette');
    assert.ok(listed.includes('Beads Plan: Record Validation…'), 'Record Validation is in the palette');

    // Commit: explains that it is disabled.
    await input.fill('>Beads Plan: Commit (User-Approved)…');
    await waitFor(() => quickPickLabels(page), 10_000, 'only the Commit command listed', (ls) => ls.length === 1 && ls[0] === 'Beads Plan: Commit (User-Approved)…');
    await page.keyboard.press('Enter');
    const commitWarning = await waitForNotification(page, 'Restricted Mode', 10_000);
    t.diagnostic(`commit: "${commitWarning}"`);
    assert.equal(commitWarning, 'Beads Plan: Commit (User-Approved)… is disabled in Restricted Mode: it runs git in the workspace. Trust this workspace to use it.');

    // The CodeLens above the task row still shows "Run worker"; clicking it explains instead of running.
    await openFile(page, SEED);
    await goToLine(page, lineOf(seed, '| django-litefs-f8s | BDD step defs'));
    await clickLens(page, 'Run worker', FIRST_UI_MS);
    const workerWarning = await waitForNotification(page, 'Run Worker is disabled', 10_000);
    t.diagnostic(`run worker lens: "${workerWarning}"`);
    assert.equal(workerWarning, 'Beads Plan: Run Worker is disabled in Restricted Mode: it starts a worker process. Trust this workspace to use it.');

    // Nothing ran: the plan is as it was, with no progress notification.
    assert.equal(read(path), seed);
    const toasts = await page.locator(sel.TOAST_MESSAGE).allTextContents();
    assert.ok(!toasts.some((m) => m.startsWith('Worker for')), `no worker progress: ${JSON.stringify(toasts)}`);
  });
});
