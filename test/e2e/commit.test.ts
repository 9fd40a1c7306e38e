// Scenario 7 of test/e2e/README.md: the user-approved commit, in a real git
// repository. A plan whose summary phase is pending is refused with the
// reason; on a ready plan the message box and the modal list what will be
// committed, the gate's doubts (each quoting its cell and line) and the plan
// edits the commit makes; Cancel changes nothing; Commit asks a second
// question naming how many doubts it commits over, where Cancel commits
// nothing; past it, Commit asks separately about a planned file that looks
// like a secret, and without a yes commits exactly the planned file and the
// plan, and writes the hash into phase 10.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { activeEditorInfo, clickDialogButton, expandTreeRow, gitInit, openView, runCommand, waitFor, withEditor, clearHovers } from './harness';
import * as sel from './selectors';
import { fixtureText, lineOf, planWorkspace, PLANS_DIR, replaceOnce, VIEW_CONTAINER, VIEW_NAME, vsixPath, waitForRow } from './plans';
import { answerInputBox, clickNotificationButton, git, modalDialog, notificationButtons, openFile, read, toMedia, waitForNotification, waitForValue } from './ui';

const VSIX = vsixPath();
// VS Code for the Web auto-saves after 1 s by default (desktop: off); off here, so the extension's
// own saves are tested and a slow machine does not race them (autosave.test.ts covers that case).
const NO_AUTOSAVE = { 'files.autoSave': 'off' };
const FIRST_UI_MS = 30_000;

const SEED = 'seed-split-brain.md';
const BLOCKED = 'summary-pending.md';
const PLANNED = 'tests/bdd/django_adapter/test_database_backend.py';
const UNRELATED = 'README.md';
/** Named by the plan next to PLANNED, and untracked: it must wait for a confirmation of its own. */
const SECRET = '.env';
const COMMAND = 'Beads Plan: Commit (User-Approved)…';
const MESSAGE_BOX = 'Commit (User-Approved): message';

/** Everything git reports as changed, untracked files one by one. */
function status(dir: string): string {
  return git(dir, 'status', '--porcelain=v1', '-uall');
}

/** `text` as a regular expression that matches it exactly, `<TIME>` standing for a log timestamp. */
function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/<TIME>/g, '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}')}$`);
}

test('7. commit gate: refused while phase 9 is pending; on a ready plan Cancel changes nothing and Commit commits the planned files', async (t) => {
  // Two doubts: the task still ready, and Current Phase 3 behind the checklist (the review's warning taken out).
  const seed = replaceOnce(replaceOnce(fixtureText(SEED), `| ${PLANNED} |`, `| ${PLANNED}, ${SECRET} |`), '| 1 (duplicate fixtures) |', '| 0 |');
  // The seed with its summary phase not done yet.
  const summaryRow = '| 9 | Summary & Wait | orchestrator | ✅ done | **HARD STOP** |';
  const blocked = replaceOnce(seed, summaryRow, '| 9 | Summary & Wait | orchestrator | ⏳ pending | **HARD STOP** |');
  const ws = planWorkspace({ [BLOCKED]: blocked, [SEED]: seed }, { [UNRELATED]: '# A project\n' });
  gitInit(ws.dir);
  const planPath = ws.plans[SEED]!;
  const planRel = `${PLANS_DIR}/${SEED}`;
  const initial = git(ws.dir, 'rev-parse', 'HEAD');

  await withEditor(t, { vsix: VSIX, workspace: ws.dir, settings: NO_AUTOSAVE }, async (editor) => {
    const { page } = editor;
    await openView(page, VIEW_CONTAINER, FIRST_UI_MS);
    await waitForRow(page, 'f8s', () => true, FIRST_UI_MS, 'listed');

    // (a) The gate: phase 9 pending → a warning naming it, with Reveal Line.
    await openFile(page, BLOCKED);
    await runCommand(page, COMMAND);
    const refusal = await waitForNotification(page, 'Not ready to commit', 10_000);
    t.diagnostic(`refusal: "${refusal}"`);
    assert.equal(refusal, 'Not ready to commit: Phase 9 Summary & Wait is ⏳ pending: the summary must be done before committing');
    assert.deepEqual(await notificationButtons(page, 'Not ready to commit'), ['Reveal Line']);
    await clickNotificationButton(page, 'Not ready to commit', 'Reveal Line');
    const phase9 = lineOf(blocked, '| 9 | Summary & Wait');
    await waitFor(() => activeEditorInfo(page), 10_000, `the cursor on phase 9's row (line ${phase9})`, (i) => i.title === BLOCKED && i.line === phase9);
    assert.equal(status(ws.dir), '', 'the refusal touched nothing');
    assert.equal(read(ws.plans[BLOCKED]!), blocked);

    // (b) A ready plan: the planned file is new, an unrelated file changed.
    mkdirSync(dirname(join(ws.dir, PLANNED)), { recursive: true });
    writeFileSync(join(ws.dir, PLANNED), '"""Split-brain protection steps."""\n');
    writeFileSync(join(ws.dir, UNRELATED), '# A project\n\nAn unrelated edit.\n');
    writeFileSync(join(ws.dir, SECRET), 'API_TOKEN=not-for-git\n');
    const before = status(ws.dir);
    t.diagnostic(`git status before: ${JSON.stringify(before)}`);
    await openFile(page, SEED);

    const proposeAndShowModal = async (): Promise<string> => {
      await runCommand(page, COMMAND);
      const message = await answerInputBox(page, MESSAGE_BOX, undefined, 15_000); // Enter accepts the proposed message
      assert.ok(message.trim().length > 0, 'a message is proposed');
      return message;
    };
    const message = await proposeAndShowModal();
    t.diagnostic(`proposed message: ${JSON.stringify(message)}`);
    const modal = await waitForValue(() => modalDialog(page), 15_000, 'the commit modal');
    t.diagnostic(`modal: ${JSON.stringify(modal)}`);
    await clearHovers(page);
    const shot = await editor.screenshot('commit-modal');
    t.diagnostic(`screenshot: ${shot} (copied to ${toMedia(shot, 'screenshot-commit.png')})`);
    assert.equal(modal.message, 'Commit 2 files to main despite 2 doubts?');
    // The seed's only task is still ready and its Current Phase line says 3: doubts, quoted, before the files.
    assert.match(
      modal.detail,
      exactly(
        [
          `Repository: ${ws.dir}`,
          'Branch: main',
          '',
          'Doubts (2), each to be confirmed:',
          '  line 23: Current Phase says 3, while the checklist is at 10',
          '  line 103: django-litefs-f8s is still "ready": its work may not be done',
          '',
          'Files to commit (2):',
          `  ${PLANNED}`,
          `  ${planRel}`,
          '',
          'Left out (changed, not named by the plan):',
          `  ${UNRELATED}`,
          '',
          'Look like secrets (committed only if you confirm them next):',
          `  ${SECRET}: its name`,
          '',
          'The commit writes into the plan, and holds (nothing is written after it):',
          '  Phase 10 (User-Approved Commit): Status → ✅ done, Notes → committed on main',
          '  Current Phase → 10',
          '  Execution Log: <TIME>: User approved the commit on main',
          '',
          'Message, as git will store it:',
          message,
          '',
          `Beads-Plan: ${planRel}`,
          'Beads-Plan-Session: 65c422f0',
        ].join('\n'),
      ),
    );
    assert.deepEqual([...modal.buttons].sort(), ['Cancel', 'Commit', 'Commit and Push', 'Review Changes']);

    // Cancel: nothing staged, nothing committed, the plan untouched.
    await clickDialogButton(page, 'Cancel');
    assert.equal(status(ws.dir), before, 'git status is unchanged after Cancel');
    assert.equal(git(ws.dir, 'rev-parse', 'HEAD'), initial, 'no commit after Cancel');
    assert.equal(read(planPath), seed, 'the plan is unchanged after Cancel');

    // Commit over doubts takes a second question naming how many: Cancel there commits nothing either.
    const overDoubts = async () => {
      // Not clickDialogButton: it waits for the dialog box to go, and the next modal takes its place at once.
      await page.locator(sel.DIALOG).locator(sel.DIALOG_BUTTON, { hasText: /^Commit$/ }).click();
      return waitForValue(async () => {
        const dialog = await modalDialog(page);
        return dialog?.message.startsWith('Commit over') ? dialog : undefined;
      }, 15_000, 'the second question, about the doubts');
    };
    await proposeAndShowModal();
    await waitFor(() => modalDialog(page), 15_000, 'the commit modal (second time)');
    const second = await overDoubts();
    t.diagnostic(`doubts modal: ${JSON.stringify(second)}`);
    assert.equal(second.message, 'Commit over 2 doubts? The gate could not read these as done.');
    assert.equal(second.detail, ['line 23: Current Phase says 3, while the checklist is at 10', 'line 103: django-litefs-f8s is still "ready": its work may not be done'].join('\n'));
    assert.deepEqual([...second.buttons].sort(), ['Cancel', 'Commit Over 2 Doubts']);
    await clickDialogButton(page, 'Cancel');
    assert.equal(status(ws.dir), before, 'git status is unchanged after Cancel at the second question');
    assert.equal(git(ws.dir, 'rev-parse', 'HEAD'), initial, 'no commit after Cancel at the second question');
    assert.equal(read(planPath), seed, 'the plan is unchanged after Cancel at the second question');

    // Again, and Commit over the two doubts.
    await proposeAndShowModal();
    await waitFor(() => modalDialog(page), 15_000, 'the commit modal (third time)');
    // Cancel had no late effect either.
    assert.equal(status(ws.dir), before, 'git status still unchanged');
    assert.equal(git(ws.dir, 'rev-parse', 'HEAD'), initial, 'still no commit');
    await overDoubts();
    const commitAt = Date.now();
    await page.locator(sel.DIALOG).locator(sel.DIALOG_BUTTON, { hasText: /^Commit Over 2 Doubts$/ }).click();
    // The secret-looking file gets a modal of its own, naming it; Cancel commits without it.
    const secrets = await waitForValue(async () => {
      const dialog = await modalDialog(page);
      return dialog?.message.startsWith('Also commit') ? dialog : undefined;
    }, 15_000, 'the modal about files that look like secrets');
    t.diagnostic(`secrets modal: ${JSON.stringify(secrets)}`);
    assert.equal(secrets.message, 'Also commit 1 file that looks like a secret?');
    assert.equal(secrets.detail, `${SECRET}: its name\n\nKeys, tokens, credential and .env files rarely belong in git. Cancel commits without it.`);
    assert.deepEqual([...secrets.buttons].sort(), ['Cancel', `Commit ${SECRET} Too`]);
    await clickDialogButton(page, 'Cancel');
    const head = await waitFor(() => git(ws.dir, 'rev-parse', 'HEAD'), 20_000, 'a new commit', (h) => h !== initial);
    const short = git(ws.dir, 'rev-parse', '--short', 'HEAD');
    t.diagnostic(`commit ${head} ${Date.now() - commitAt} ms after "Commit"`);
    assert.equal(git(ws.dir, 'rev-parse', 'HEAD~1'), initial, 'one commit on top of the initial one');
    const files = git(ws.dir, 'show', '--name-only', '--format=', 'HEAD').split('\n').sort();
    assert.deepEqual(files, [planRel, PLANNED].sort(), 'the commit holds exactly the planned file and the plan');
    // The trailers name the plan: that is how the extension finds this commit again.
    assert.equal(git(ws.dir, 'log', '-1', '--format=%B', 'HEAD').trim(), `${message.trim()}\n\nBeads-Plan: ${planRel}\nBeads-Plan-Session: 65c422f0`);
    // The committed plan has phase 10 done, and nothing is written after the commit.
    assert.ok(git(ws.dir, 'show', `HEAD:${planRel}`).includes('| 10 | User-Approved Commit | orchestrator | ✅ done | committed on main |'));
    const notice = await waitForNotification(page, `Committed ${short}`, 10_000);
    assert.equal(notice, `Committed ${short} on main.`);
    // The unrelated change and the secret are still there, uncommitted; the plan is exactly as committed.
    assert.deepEqual(status(ws.dir).split('\n').sort(), [` M ${UNRELATED}`, `?? ${SECRET}`].sort());
    assert.equal(read(planPath).trimEnd(), git(ws.dir, 'show', `HEAD:${planRel}`), 'the plan on disk is the committed one');
    // The tree reads the commit from git and shows it on the commit phase.
    await expandTreeRow(page, 'f8s', VIEW_NAME);
    const phase = await waitForRow(page, '10. User-Approved Commit', (r) => r.description.includes(`committed ${short}`), 10_000, `described "committed ${short}"`);
    t.diagnostic(`commit phase row: ${phase.description}`);
  });
});
