// Run Worker with VS Code's auto-save on (files.autoSave "afterDelay", the
// default of VS Code for the Web, and a common desktop setting). The
// extension edits the clean plan and then saves it; auto-save may have saved
// it first (document.save() then resolves false), which must not count as a
// failure. A delay of 0 makes that race certain.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openView, runCommand, waitFor, withEditor } from './harness';
import * as sel from './selectors';
import { planWorkspace, VIEW_CONTAINER, vsixPath, waitForRow } from './plans';
import { FAKE_WORKER, openFile, pickItem, read, writeWorkspaceSettings } from './ui';

const VSIX = vsixPath();
const FIRST_UI_MS = 30_000;
const SEED = 'seed-split-brain.md';
const TASK_ID = 'django-litefs-f8s';

test(
  'Run Worker with files.autoSave afterDelay: the worker runs and the task ends done',
  async (t) => {
    const ws = planWorkspace({ [SEED]: SEED });
    const path = ws.plans[SEED]!;
    writeWorkspaceSettings(ws.dir, { 'beadsPlan.worker.command': [process.execPath, FAKE_WORKER, '--fake-sleep=500', '${taskId}'] });
    const settings = { 'files.autoSave': 'afterDelay', 'files.autoSaveDelay': 0 };
    await withEditor(t, { vsix: VSIX, workspace: ws.dir, settings }, async (editor) => {
      const { page } = editor;
      await openView(page, VIEW_CONTAINER, FIRST_UI_MS);
      await waitForRow(page, 'f8s', () => true, FIRST_UI_MS, 'the plan listed (named by its task, as its row reads)');
      await openFile(page, SEED);
      await runCommand(page, 'Beads Plan: Run Worker');
      await pickItem(page, 'Run Worker: which task?', TASK_ID); // a worker never starts unasked, even for the only task
      const toasts = await waitFor(
        () => page.locator(sel.TOAST_MESSAGE).allTextContents(),
        20_000,
        'the worker outcome',
        (ms) => ms.some((m) => m.startsWith(`Worker for ${TASK_ID} done`) || m.includes('was not started')),
      );
      const taskRow = (): string =>
        read(path)
          .split('\n')
          .find((l) => l.startsWith(`| ${TASK_ID} | BDD step defs`)) ?? '';
      // For the report: what the plan on disk settles on (the auto-save may still be writing).
      const row = await waitFor(taskRow, 3000, 'the task row on disk to leave "ready"', (r) => !r.includes('| ready |')).catch(taskRow);
      t.diagnostic(`notifications: ${JSON.stringify(toasts)}; task row on disk: ${row}`);
      assert.ok(!toasts.some((m) => m.includes('was not started')), `the worker was not started: ${JSON.stringify(toasts)}`);
      await waitFor(() => read(path), 10_000, 'the task done on disk', (s) => s.includes(`| ${TASK_ID} | BDD step defs - split-brain protection | django-litefs-8oi | ✅ done |`));
    });
  },
);
