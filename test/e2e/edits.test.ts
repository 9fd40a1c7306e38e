// Scenarios 4 and 5 of test/e2e/README.md: the CodeLens of an open plan, and
// Record Validation… through the UI (manual answers), its edit on disk and its
// undo. One editor on copies of two real plans.

import { describe, test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { artifactsOnFailure, openView, runCommand, startEditor, treeRows, waitFor, type Editor, clearHovers } from './harness';
import * as sel from './selectors';
import { fixtureText, lineOf, planWorkspace, VIEW_CONTAINER, VIEW_NAME, vsixPath } from './plans';
import {
  answerInputBox,
  clickNotificationButton,
  notificationButtons,
  focusEditor,
  goToLine,
  keyboardFocus,
  lensesAndLines,
  lensTitlesAbove,
  openFile,
  pickItem,
  quickPickLabels,
  read,
  toMedia,
} from './ui';

const VSIX = vsixPath();
const FIRST_UI_MS = 30_000;

const SEED = 'seed-split-brain.md';
const V4 = 'PLAN-v4.md'; // three tasks; django-litefs-8xq has no Worker Validation row yet

describe('edits (seed + PLAN-v4)', () => {
  let editor: Editor | undefined;
  const ws = planWorkspace({ [V4]: 'real/PLAN-v4.md', [SEED]: SEED });

  before(async () => {
    editor = await startEditor({
      vsix: VSIX,
      workspace: ws.dir,
      settings: {
        // No sticky scroll: its header rows would cover the top of the CodeLens screenshot.
        'editor.stickyScroll.enabled': false,
        // VS Code for the Web auto-saves after 1 s by default; desktop does not. Off, so that
        // the extension's own save is what is tested (autosave.test.ts covers the other case).
        'files.autoSave': 'off',
      },
    });
    // The extension is up once the tree lists both plans.
    await openView(editor.page, VIEW_CONTAINER, FIRST_UI_MS);
    await waitFor(() => treeRows(editor!.page, VIEW_NAME), FIRST_UI_MS, 'both plans in the tree', (rs) => rs.length === 2);
  });
  after(() => editor?.close());
  const saveOnFailure = artifactsOnFailure(() => editor);
  afterEach(async (c) => {
    if ('diagnostic' in c) await saveOnFailure(c);
  });

  test('4. CodeLens above the phase checklist, the task rows, the validation and the summary', async (t) => {
    const { page } = editor!;
    const text = fixtureText(SEED);
    const lines = text.split('\n');
    await openFile(page, SEED);

    // Where each lens belongs (0-based line → titles, left to right).
    const expected: Array<{ line: number; titles: string[] }> = [
      // No Advance: at the commit phase only the commit moves the plan.
      { line: lineOf(text, '## Phase Checklist'), titles: ['$(checklist) Phase 10 of 11 · User-Approved Commit'] },
      { line: lineOf(text, '| 10 | User-Approved Commit'), titles: ['$(git-commit) Commit (user-approved)…', '$(diff) Review changes'] },
      { line: lineOf(text, '| django-litefs-f8s | BDD step defs'), titles: ['$(play) Run worker', 'Record validation', 'Reveal in tree'] },
      { line: lineOf(text, '## 4. Worker Validation'), titles: ['Record validation…'] },
      { line: lineOf(text, '## 9. Summary'), titles: ['$(git-commit) Commit (user-approved)…', '$(diff) Review changes'] },
    ];
    const started = Date.now();
    for (const { line, titles } of expected) {
      await goToLine(page, line);
      const seen = await waitFor(
        () => lensesAndLines(page),
        line === expected[0]!.line ? FIRST_UI_MS : 10_000,
        `CodeLens ${JSON.stringify(titles)} right above line ${line} "${lines[line]}"`,
        (s) => JSON.stringify(lensTitlesAbove(s, lines[line]!)) === JSON.stringify(titles),
      );
      t.diagnostic(`line ${line + 1} "${lines[line]!.slice(0, 40)}": ${JSON.stringify(lensTitlesAbove(seen, lines[line]!))}`);
      // The neighbours carry no lens of their own (the lens is above this line, not the next).
      const next = lines[line + 1];
      if (next !== undefined && !expected.some((e) => e.line === line + 1)) assert.deepEqual(lensTitlesAbove(seen, next) ?? [], [], `no lens above line ${line + 1}`);
    }
    t.diagnostic(`all lenses checked in ${Date.now() - started} ms`);

    // The README's picture: the task row and the validation section with their actions.
    await goToLine(page, lineOf(text, '## 3. Execution Log'));
    const taskLine = lines[expected[2]!.line]!;
    await waitFor(() => lensesAndLines(page), 5000, 'the task row lenses in view', (s) => (lensTitlesAbove(s, taskLine) ?? []).length === 3);
    await clearHovers(page);
    const shot = await editor!.screenshot('codelens');
    t.diagnostic(`screenshot: ${shot} (copied to ${toMedia(shot, 'screenshot-codelens.png')})`);
  });

  test('5. Record Validation… by hand: only the row, the status and a log line change on disk; undo restores the file', async (t) => {
    const { page } = editor!;
    const path = ws.plans[V4]!;
    const original = read(path);
    await openFile(page, V4);

    // With no check configured, running them is not pre-selected, and picking it says how to configure one.
    await runCommand(page, 'Beads Plan: Record Validation…');
    await pickItem(page, 'Record Validation: which task? (step 1 of 6)', 'django-litefs-8xq');
    const offered = await pickItem(page, 'Record Validation for django-litefs-8xq (step 2 of 6)', 'Run the configured checks');
    assert.deepEqual(offered, ['Enter the results by hand', 'Run the configured checks'], 'what can work comes first, pre-selected');
    const noChecks = 'No check is configured';
    assert.deepEqual(await notificationButtons(page, noChecks), ['Open Settings']);
    await clickNotificationButton(page, noChecks, 'Open Settings');
    // The Settings editor's search box is a small Monaco editor: its rendered text is the query.
    await waitFor(() => page.locator(sel.SETTINGS_HEADER).first().textContent(), 15_000, 'the Settings editor searching beadsPlan.validation', (v) => (v ?? '').replace(/\u00a0/g, ' ').includes('beadsPlan.validation'));
    // This VS Code shows Settings over the editor: Escape closes it.
    await page.keyboard.press('Escape');
    await page.locator(sel.SETTINGS_EDITOR).first().waitFor({ state: 'hidden', timeout: 10_000 });
    await openFile(page, V4);

    await runCommand(page, 'Beads Plan: Record Validation…');
    const tasks = await pickItem(page, 'Record Validation: which task? (step 1 of 6)', 'django-litefs-8xq');
    assert.deepEqual(tasks, ['django-litefs-8xq', 'django-litefs-21o', 'django-litefs-zre']);
    await pickItem(page, 'Record Validation for django-litefs-8xq (step 2 of 6)', 'Enter the results by hand');
    await pickItem(page, 'django-litefs-8xq: were the tests run? (step 3 of 6)', 'yes');
    const proposed = await answerInputBox(page, 'django-litefs-8xq: tests passed (step 4 of 6)', '12/12');
    assert.equal(proposed, 'yes', 'the tests-passed box proposes "yes" after "tests run: yes"');
    await pickItem(page, 'django-litefs-8xq: did the type check pass? (step 5 of 6)', 'n/a');
    const validity = await waitFor(() => quickPickLabels(page), 5000, 'the yes/no choice', (ls) => ls.length === 2);
    assert.deepEqual(validity, ['yes', 'no']);
    await pickItem(page, "django-litefs-8xq: is the worker's result valid? (step 6 of 6)", 'no');

    // The command saves the (clean) plan: the file on disk changes. The edit only adds text, so a
    // shorter read is the save caught between truncating the file and writing it.
    const after = await waitFor(() => read(path), 10_000, 'the plan on disk to change', (s) => s !== original && s.length > original.length);
    const before = original.split('\n');
    const now = after.split('\n');
    t.diagnostic(`lines: ${before.length} → ${now.length}`);
    assert.equal(now.length, before.length + 2, 'two lines added: the validation row and the log line');

    // The log line follows the last entry of the Execution Log.
    const lastLog = lineOf(original, '- 2025-12-26T08:03:30Z: Validation complete');
    assert.match(now[lastLog + 1]!, /^- \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: Validation recorded for django-litefs-8xq: invalid$/);
    // The row follows the table's last row; the section's status follows the new row (not valid → failed).
    const lastRow = lineOf(original, '| django-litefs-21o | na (docs) |');
    assert.equal(now[lastRow + 2], '| django-litefs-8xq | yes | 12/12 | n/a | ❌ |');
    const statusLine = lineOf(original, '## 4. Worker Validation') + 1;
    assert.equal(before[statusLine], 'Status: ✅ done');
    assert.equal(now[statusLine + 1], 'Status: ❌ failed');
    // Every other line is byte-identical: drop the two new lines and compare.
    const rest = now.filter((_, i) => i !== lastLog + 1 && i !== lastRow + 2);
    const differing = rest.flatMap((l, i) => (l === before[i] ? [] : [`${i + 1}: ${JSON.stringify(before[i])} → ${JSON.stringify(l)}`]));
    assert.deepEqual(differing, [`${statusLine + 1}: "Status: ✅ done" → "Status: ❌ failed"`]);

    // Undo in the editor reverts the whole command in one step; saving restores the file byte for byte.
    // The record's own announcement (a failed validation needs the user) may show as the key is pressed: a toast
    // never takes the keyboard, so the key still reaches the editor; a failure says where the keyboard was.
    await focusEditor(page);
    await page.keyboard.press('Control+Z');
    await waitFor(() => isDirty(page, V4), 10_000, `the tab ${V4} dirty after Ctrl+Z`).catch(async (e: Error) => {
      const focused = await keyboardFocus(page);
      const toasts = await page.locator(sel.NOTIFICATION_MESSAGE).allTextContents();
      throw new Error(`${e.message}; the keyboard was on "${focused}"; notifications: ${JSON.stringify(toasts)}`);
    });
    assert.equal(read(path), after, 'the undo is not saved by itself');
    await page.keyboard.press('Control+S');
    await waitFor(() => isDirty(page, V4), 10_000, `the tab ${V4} saved`, (d) => !d);
    const restored = await waitFor(() => read(path), 10_000, 'the plan on disk to be the original again', (s) => s === original);
    assert.equal(Buffer.compare(Buffer.from(restored), Buffer.from(original)), 0);
    // Still so a moment later: nothing re-applies or re-saves the edit.
    await assertStaysEqual(path, original, 1000);
  });
});

/** Whether the tab of `name` shows unsaved changes. */
async function isDirty(page: Page, name: string): Promise<boolean> {
  const tab = page.locator(sel.EDITOR_TAB).filter({ has: page.locator(sel.ROW_LABEL_NAME, { hasText: name.replace(/\.md$/, '') }) }).first();
  return ((await tab.getAttribute('class')) ?? '').split(/\s+/).includes('dirty');
}

/** The file keeps `text` for `ms` (polled). */
async function assertStaysEqual(path: string, text: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    assert.equal(read(path), text, `${path} changed again`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
