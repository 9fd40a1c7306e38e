// The keyboard and the mouse in the tree and a plan editor: a click shows the
// row's line and keeps the keyboard in the tree, Enter and a double click
// move it to the editor (Enter on the row the arrow keys moved to); the Alt+B
// keys act on the selected row in the view and on the cursor's line in a plan
// editor; Commit's chord reaches the gate (which refuses this plan) and
// nothing else.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { activeEditorInfo, clickTreeRow, expandTreeRow, openView, waitFor, withEditor } from './harness';
import * as sel from './selectors';
import { fixtureText, lineOf, planWorkspace, VIEW_CONTAINER, VIEW_NAME, vsixPath, waitForRow } from './plans';
import { quickInputTitle, read, waitForNotification } from './ui';

const VSIX = vsixPath();
const FIRST_UI_MS = 30_000;

const PLAN = 'plan-1ddafa05.md';
const LABEL = '1ddafa05';
// A task's row is labelled with the short id the plan uses; its title is the row's description.
const TASK_4 = '8oi.4';
const TASK_5 = '8oi.5';

/** Where the keyboard is: the plan view, an editor's text, or elsewhere. */
async function keyboardIn(page: Page): Promise<'tree' | 'editor' | 'other'> {
  if ((await page.locator(sel.SIDEBAR_FOCUS).count()) > 0) return 'tree';
  if ((await page.locator(sel.EDITOR_FOCUS).count()) > 0) return 'editor';
  return 'other';
}

test('keys: a click keeps the keyboard in the tree, Enter and a double click move it to the editor; Alt+B acts on the selected row or the cursor line', async (t) => {
  const ws = planWorkspace({ [PLAN]: `real/${PLAN}` });
  const text = fixtureText(`real/${PLAN}`);
  const line4 = lineOf(text, '| django-litefs-8oi.4 |');
  const line5 = lineOf(text, '| django-litefs-8oi.5 |');
  const original = read(ws.plans[PLAN]!);

  await withEditor(t, { vsix: VSIX, workspace: ws.dir, settings: { 'files.autoSave': 'off' } }, async (editor) => {
    const { page } = editor;
    await openView(page, VIEW_CONTAINER, FIRST_UI_MS);
    await waitForRow(page, LABEL, () => true, FIRST_UI_MS, 'listed');
    await expandTreeRow(page, LABEL, VIEW_NAME);
    await waitForRow(page, TASK_5, () => true, 10_000, 'the tasks listed');

    // A single click: the plan opens at the row's line, the cursor at its start, nothing selected, the keyboard still in the tree.
    await clickTreeRow(page, TASK_4, VIEW_NAME);
    await waitFor(() => activeEditorInfo(page), 15_000, 'the plan at task .4', (i) => i.title === PLAN && i.line === line4 && i.column === 0);
    assert.equal(await page.locator(sel.ACTIVE_EDITOR_SELECTION).count(), 0, 'nothing is selected in the editor');
    assert.equal(await keyboardIn(page), 'tree', 'a click keeps the keyboard in the tree');

    // Alt+B V records validation for the selected row, as its menu would.
    await page.keyboard.press('Alt+B');
    await page.keyboard.press('V');
    const title = await waitFor(() => quickInputTitle(page), 10_000, 'Record Validation for the selected task', (s) => (s ?? '').startsWith('Record Validation for'));
    t.diagnostic(`Alt+B V on the selected row: "${title}"`);
    assert.match(title ?? '', /^Record Validation for django-litefs-8oi\.4 /);
    await page.keyboard.press('Escape');
    await waitFor(() => quickInputTitle(page), 5000, 'the picker closed', (s) => s === undefined);

    // Down, then Enter: the row the keyboard moved to opens at its line, the keyboard in the editor.
    await clickTreeRow(page, TASK_4, VIEW_NAME);
    await waitFor(() => keyboardIn(page), 5000, 'the keyboard in the tree after the click', (k) => k === 'tree');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await waitFor(() => keyboardIn(page), 10_000, 'Enter moves the keyboard to the editor', (k) => k === 'editor');
    await waitFor(() => activeEditorInfo(page), 10_000, 'the plan at task .5', (i) => i.title === PLAN && i.line === line5 && i.column === 0);

    // In the plan editor, the cursor on task .5's row: Alt+B T selects its tree node (and moves the keyboard there).
    await page.keyboard.press('Alt+B');
    await page.keyboard.press('T');
    await waitForRow(page, TASK_5, (r) => r.selected, 10_000, 'selected by Alt+B T');
    await waitFor(() => keyboardIn(page), 10_000, 'the keyboard in the tree after Alt+B T', (k) => k === 'tree');

    // Commit's chord in the view, on that row, reaches the gate, which refuses this plan (phase 3 is pending); nothing changes.
    await page.keyboard.press('Alt+B');
    await page.keyboard.press('Shift+C');
    t.diagnostic(`Alt+B Shift+C: "${await waitForNotification(page, 'Not ready to commit', 15_000)}"`);

    // A double click moves the keyboard to the editor too.
    await clickTreeRow(page, TASK_4, VIEW_NAME);
    await waitFor(() => keyboardIn(page), 5000, 'back in the tree', (k) => k === 'tree');
    await page
      .locator(sel.TREE_ROW)
      .filter({ has: page.locator(sel.ROW_LABEL_NAME, { hasText: TASK_4 }) })
      .first()
      .dblclick();
    await waitFor(() => keyboardIn(page), 10_000, 'a double click moves the keyboard to the editor', (k) => k === 'editor');
    await waitFor(() => activeEditorInfo(page), 5000, 'the plan at task .4', (i) => i.line === line4);
    assert.equal(read(ws.plans[PLAN]!), original);
  });
});
