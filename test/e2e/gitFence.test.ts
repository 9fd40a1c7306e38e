// The git check around a worker run, in the real editor (issue 24): a plain
// worker command (no Claude Code, so no permission rules and no sandbox) that
// commits ends failed, saying git changed; its notification offers Show
// Changes, which shows what moved; the commit gate then refuses the plan
// until Resolve Git Changes, after which that block is gone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clickDialogButton, gitInit, openView, runCommand, waitFor, withEditor } from './harness';
import { planWorkspace, VIEW_CONTAINER, vsixPath, waitForRow } from './plans';
import { clickNotificationButton, git, lensesAndLines, notificationButtons, pickItem, quickInputTitle, quickPickLabels, read, waitForNotification, writeWorkspaceSettings } from './ui';

const SEED = 'seed-split-brain.md';
const TASK = 'django-litefs-f8s';
const COMMIT = 'Beads Plan: Commit (User-Approved)…';
const GIT_BLOCK = `The worker for ${TASK} changed git`;

/** Every reason the gate gives now: the refusal's first, and the rest from Show All Reasons; none when it lets the commit go on. */
async function gateReasons(page: Parameters<typeof quickPickLabels>[0], passes = false): Promise<string[]> {
  await runCommand(page, COMMIT);
  // Past the gate, the seed's clean working tree has nothing to commit: that is how a passing gate shows here.
  if (passes) {
    await waitForNotification(page, 'Cannot commit: Nothing the plan names has changed', 15_000);
    return [];
  }
  const refusal = await waitForNotification(page, 'Not ready to commit', 15_000);
  const buttons = await notificationButtons(page, 'Not ready to commit');
  if (!buttons.includes('Show All Reasons')) return [refusal];
  await clickNotificationButton(page, 'Not ready to commit', 'Show All Reasons');
  await waitFor(() => quickInputTitle(page), 10_000, 'the reasons picker', (t) => t === 'Why the plan cannot be committed yet');
  const labels = await waitFor(() => quickPickLabels(page), 10_000, 'its rows', (ls) => ls.length > 1);
  await page.keyboard.press('Escape');
  await waitFor(() => quickInputTitle(page), 10_000, 'the picker to close', (t) => t !== 'Why the plan cannot be committed yet');
  return labels;
}

test('the git check: a plain worker that commits ends failed saying git changed; Show Changes; the gate refuses until resolved', async (t) => {
  const ws = planWorkspace({ [SEED]: SEED });
  const path = ws.plans[SEED]!;
  gitInit(ws.dir);
  const scripts = mkdtempSync(join(tmpdir(), 'git-fence-worker-'));
  t.after(() => rmSync(scripts, { recursive: true, force: true }));
  // A worker as a plain command: it commits, which no permission rule or sandbox sees.
  const worker = join(scripts, 'commit.js');
  writeFileSync(
    worker,
    "require('child_process').execFileSync('git', ['-c', 'user.name=Worker', '-c', 'user.email=w@example.invalid', 'commit', '-q', '--allow-empty', '-m', 'a worker commit'], { stdio: 'inherit' });\nconsole.log('committed');\n",
  );
  writeWorkspaceSettings(ws.dir, { 'beadsPlan.worker.command': [process.execPath, worker, '${taskId}'] });
  const head = git(ws.dir, 'rev-parse', '--short=7', 'HEAD');

  await withEditor(t, { vsix: vsixPath(), workspace: ws.dir, settings: { 'files.autoSave': 'off' } }, async (editor) => {
    const { page } = editor;
    await openView(page, VIEW_CONTAINER, 30_000);
    await waitForRow(page, 'f8s', () => true, 30_000, 'the plan listed (named by its task, as its row reads)');
    assert.deepEqual(await gateReasons(page, true), [], 'the seed passes the gate before the run');

    await runCommand(page, 'Beads Plan: Run Worker');
    await pickItem(page, 'Run Worker: which task?', TASK); // a worker never starts unasked, even for the only task
    const notice = await waitForNotification(page, `Worker for ${TASK} failed`, 60_000);
    const moved = git(ws.dir, 'rev-parse', '--short=7', 'HEAD');
    t.diagnostic(`notification: "${notice}"`);
    assert.notEqual(moved, head, 'the worker did commit');
    assert.match(notice, new RegExp(`failed: the worker changed git: HEAD moved from ${head} to ${moved} \\(1 commit\\)`));
    assert.match(notice, /cannot be committed until you resolve it/);
    const buttons = await notificationButtons(page, `Worker for ${TASK} failed`);
    assert.deepEqual(buttons, ['Show Output', 'Show Changes', 'Open Plan']);
    await waitFor(() => read(path), 10_000, 'the task failed on disk, with the reason', (s) =>
      s.includes(`| ${TASK} | BDD step defs - split-brain protection | django-litefs-8oi | ❌ failed |`) && s.includes(`HEAD moved from ${head} to ${moved}`),
    );

    await clickNotificationButton(page, `Worker for ${TASK} failed`, 'Show Changes');
    const shown = await waitFor(
      async () => (await lensesAndLines(page)).lines.map((l) => l.text).join('\n'),
      15_000,
      'the changes document',
      (text) => text.includes('Git changed during the worker run'),
    );
    assert.match(shown, new RegExp(`HEAD moved from ${head} to ${moved} \\(1 commit\\)`));

    const blocked = await gateReasons(page);
    t.diagnostic(`gate after the run: ${blocked.filter((r) => r.includes(GIT_BLOCK)).join(' | ')}`);
    assert.ok(blocked.some((r) => r.includes(`${GIT_BLOCK} (HEAD moved from ${head} to ${moved} (1 commit)): resolve it with Beads Plan: Resolve Git Changes`)));

    await runCommand(page, 'Beads Plan: Resolve Git Changes');
    await clickDialogButton(page, 'I Have Checked It', 15_000);
    await waitForNotification(page, `The git changes of ${TASK} are resolved`, 15_000);
    const after = await gateReasons(page);
    assert.ok(!after.some((r) => r.includes(GIT_BLOCK)), 'the git block is gone once resolved');
  });
});
