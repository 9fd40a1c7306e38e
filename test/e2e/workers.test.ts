// Scenario 6 of test/e2e/README.md: Run Worker with the fake worker
// (test/fixtures/fake-worker.js). The task goes in progress, then done, in the
// file and in the tree; a second, long run is cancelled from its progress
// notification and its process is gone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clickDialogButton, expandTreeRow, openView, waitFor, withEditor } from './harness';
import { fixtureText, lineOf, planWorkspace, treeRow, VIEW_CONTAINER, VIEW_NAME, vsixPath, waitForRow } from './plans';
import {
  clickLens,
  clickNotificationButton,
  FAKE_WORKER,
  goToLine,
  modalDialog,
  notificationButtons,
  openFile,
  read,
  rowActions,
  rowIconClass,
  treeCheck,
  waitForNotification,
  waitForValue,
  writeWorkspaceSettings,
} from './ui';

const VSIX = vsixPath();
// VS Code for the Web auto-saves after 1 s by default (desktop: off); off here, so the extension's
// own saves are tested and a slow machine does not race them (autosave.test.ts covers that case).
const NO_AUTOSAVE = { 'files.autoSave': 'off' };
const FIRST_UI_MS = 30_000;

const SEED = 'seed-split-brain.md';
const SEED_ROW = 'f8s'; // the seed plan's row: named by its task, it reads as that task's row does
const TASK_ID = 'django-litefs-f8s';
const TASK_ROW = { label: 'f8s', level: 3 } as const;
const PROGRESS_TITLE = `Worker for ${TASK_ID}`;

interface TaskCells {
  status: string;
  worker: string;
}

/** The task's Status and Worker cells as the plan on disk has them. */
function taskCells(path: string): TaskCells {
  const row = read(path)
    .split('\n')
    .find((l) => l.startsWith(`| ${TASK_ID} | BDD step defs`));
  if (!row) throw new Error(`no Tasks row for ${TASK_ID} in ${path}`);
  const cells = row.split('|').map((c) => c.trim());
  return { status: cells[4]!, worker: cells[5]! };
}

/** The Execution Log lines of the plan on disk. */
function logLines(path: string): string[] {
  const lines = read(path).split('\n');
  const start = lines.indexOf('## 3. Execution Log');
  const end = lines.findIndex((l, i) => i > start && l === '---');
  return lines.slice(start + 1, end).filter((l) => l.startsWith('- '));
}

/** Whether a process is gone: no such pid, or a zombie nobody has reaped yet. */
function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)\s+/, '').startsWith('Z');
  } catch {
    return true;
  }
}

// The tree's half of scenario 6 is checked as the run goes and reported as
// its own subtest, each miss saying whether "Refresh Plans" would have shown
// it (the view not told of a change; fixed in 004c43b). File, process and
// notification checks stop the test at once.

test('6. Run Worker: in progress then done in the file and the tree; Cancel ends the process', async (t) => {
  const ws = planWorkspace({ [SEED]: SEED });
  const path = ws.plans[SEED]!;
  const pidsFile = join(ws.dir, 'worker-pids.json');
  // Run 1: a worker that takes 6 s (long enough to look at the tree while it runs) and succeeds.
  writeWorkspaceSettings(ws.dir, { 'beadsPlan.worker.command': [process.execPath, FAKE_WORKER, '--fake-sleep=6000', '--fake-print=working on ${taskId}', '${taskId}'] });
  const treeProblems: string[] = [];
  const tree = async (check: Promise<string | undefined>): Promise<void> => {
    const problem = await check;
    if (problem) {
      treeProblems.push(problem);
      t.diagnostic(`tree: ${problem}`);
    }
  };
  let workerPid: number | undefined;
  try {
    await withEditor(t, { vsix: VSIX, workspace: ws.dir, settings: NO_AUTOSAVE }, async (editor) => {
      const { page } = editor;
      await openView(page, VIEW_CONTAINER, FIRST_UI_MS);
      await waitForRow(page, SEED_ROW, () => true, FIRST_UI_MS, 'listed');
      await expandTreeRow(page, SEED_ROW, VIEW_NAME);
      await waitForRow(page, TASK_ROW, (r) => r.icon === 'clock', 10_000, 'ready (clock)');
      // A ready task offers Run Worker inline (scenario 8 checks it is gone when untrusted).
      // The row's inline actions come from its menu, resolved after the row itself renders.
      assert.deepEqual(await waitFor(() => rowActions(page, TASK_ROW), 10_000, 'the inline Run Worker', (as) => as.length > 0), ['Run Worker']);
      assert.deepEqual(taskCells(path), { status: 'ready', worker: '-' });

      // Run 1 from the CodeLens above the task row.
      await openFile(page, SEED);
      await goToLine(page, lineOf(fixtureText(SEED), `| ${TASK_ID} | BDD step defs`));
      const started = Date.now();
      await clickLens(page, 'Run worker', FIRST_UI_MS);

      const running = await waitFor(() => taskCells(path), 5000, 'the task in progress in the file on disk', (c) => /in[ _]progress/.test(c.status));
      t.diagnostic(`file: ${JSON.stringify(running)} after ${Date.now() - started} ms`);
      assert.equal(running.worker, 'worker-f8s');
      assert.ok(logLines(path).some((l) => l.endsWith(`Worker started for ${TASK_ID}`)), `log: ${JSON.stringify(logLines(path))}`);
      await waitForNotification(page, PROGRESS_TITLE, 5000);
      assert.ok((await notificationButtons(page, PROGRESS_TITLE)).includes('Cancel'), 'the progress notification has Cancel');
      await tree(treeCheck(page, TASK_ROW, (r) => r.icon === 'sync' && r.description.startsWith('running'), 2000, 'running (sync icon, "running Ns") during run 1'));
      const iconClass = await rowIconClass(page, TASK_ROW);
      if (!iconClass.includes('codicon-modifier-spin')) treeProblems.push(`the running task's icon does not spin: "${iconClass}"`);
      const actions = await waitFor(() => rowActions(page, TASK_ROW), 3000, 'Cancel Worker inline', (as) => JSON.stringify(as) === '["Cancel Worker"]').catch(() => rowActions(page, TASK_ROW));
      if (JSON.stringify(actions) !== '["Cancel Worker"]') treeProblems.push(`the running task's inline actions are ${JSON.stringify(actions)}, not ["Cancel Worker"]`);

      const done = await waitFor(() => taskCells(path), 15_000, 'the task done in the file on disk', (c) => /done/.test(c.status));
      t.diagnostic(`file: ${JSON.stringify(done)} after ${Date.now() - started} ms`);
      assert.ok(logLines(path).some((l) => new RegExp(`Worker for ${TASK_ID} done in `).test(l)), `log: ${JSON.stringify(logLines(path))}`);
      t.diagnostic(`notification: "${await waitForNotification(page, `Worker for ${TASK_ID} done in`, 5000)}"`);
      await tree(treeCheck(page, TASK_ROW, (r) => r.icon === 'pass', 2000, 'done (pass icon) after run 1'));
      await tree(treeCheck(page, 'Tasks', (r) => r.description === '1/1 done', 2000, 'described "1/1 done" after run 1'));

      // Run 2: a worker that would sleep a minute and writes its pid. VS Code
      // reloads the workspace settings when the file changes; the window title
      // (set in the same file) shows when it has, and the extension host hears
      // of the change before it hears of the next command.
      writeWorkspaceSettings(ws.dir, {
        'beadsPlan.worker.command': [process.execPath, FAKE_WORKER, '--fake-sleep=60000', `--fake-pids-file=${pidsFile}`, '${taskId}'],
        'window.title': 'long-worker ${rootName}',
      });
      await waitFor(() => page.title(), 10_000, 'the new workspace settings to be loaded (window title)', (title) => title.startsWith('long-worker'));
      // The task is done: its lens runs it again, after a question.
      await clickLens(page, 'Run again…');
      await waitForValue(() => modalDialog(page), 10_000, 'the Run Again question');
      await clickDialogButton(page, 'Run Again');
      const pids = await waitForValue(() => existsSync(pidsFile) && (JSON.parse(readFileSync(pidsFile, 'utf8')) as { worker: number }), 10_000, 'the long worker to write its pid');
      workerPid = pids.worker;
      assert.equal(processGone(workerPid), false, `worker ${workerPid} is running`);
      await waitFor(() => taskCells(path), 5000, 'the task in progress again', (c) => /in[ _]progress/.test(c.status));
      await waitFor(() => notificationButtons(page, PROGRESS_TITLE), 5000, 'the progress notification with Cancel', (bs) => bs.includes('Cancel'));
      const cancelAt = Date.now();
      await clickNotificationButton(page, PROGRESS_TITLE, 'Cancel');

      const pid = workerPid;
      await waitFor(() => processGone(pid), 10_000, `worker process ${pid} to be gone after Cancel`);
      t.diagnostic(`worker ${pid} gone ${Date.now() - cancelAt} ms after Cancel`);
      const cancelled = await waitFor(() => taskCells(path), 10_000, 'the task cancelled in the file on disk', (c) => c.status === '⏹ cancelled');
      t.diagnostic(`file: ${JSON.stringify(cancelled)} ${Date.now() - cancelAt} ms after Cancel; log: ${JSON.stringify(logLines(path).at(-1))}`);
      assert.ok(logLines(path).some((l) => l.includes(`Worker for ${TASK_ID} cancelled`)), `log: ${JSON.stringify(logLines(path))}`);
      await tree(treeCheck(page, TASK_ROW, (r) => r.icon === 'debug-stop', 2000, 'cancelled (its own debug-stop icon, not the error of a failure) after the cancel'));
      const row = await treeRow(page, TASK_ROW);
      t.diagnostic(`tree after cancel: [${row?.icon}] ${row?.description ?? ''}; inline actions ${JSON.stringify(await rowActions(page, TASK_ROW))}`);
    });
  } finally {
    // The worker runs in its own process group, outside code-server's: never leave it behind.
    if (workerPid !== undefined && !processGone(workerPid)) process.kill(-workerPid, 'SIGKILL');
  }
  await t.test('the tree follows the worker: running (spinning sync, Cancel Worker), then done, then cancelled', () => {
    assert.deepEqual(treeProblems, []);
  });
});
