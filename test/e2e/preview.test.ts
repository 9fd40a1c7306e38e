// Scenario 9 of test/e2e/README.md: the Markdown preview of a plan shows the
// phase progress bar, status badges and the current phase row, styled by
// media/preview.css. The preview is a webview: its document lives in a nested
// iframe, found among page.frames().

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { openView, runCommand, withEditor, clearHovers } from './harness';
import * as sel from './selectors';
import { planWorkspace, VIEW_CONTAINER, vsixPath, waitForRow } from './plans';
import { focusEditor, openFile, waitForValue, type PageEl } from './ui';

const VSIX = vsixPath();
const FIRST_UI_MS = 30_000;
const SEED = 'seed-split-brain.md';

/** The frame whose document holds the plan's progress bar, if any yet. */
async function previewFrame(frames: readonly Frame[]): Promise<Frame | undefined> {
  for (const frame of frames) {
    try {
      if ((await frame.locator(sel.PREVIEW_PROGRESS_BAR).count()) > 0) return frame;
    } catch {
      // a frame detached while we looked
    }
  }
  return undefined;
}

interface Seen {
  segments: string[];
  label: string;
  barDisplay: string;
  badges: Array<[string, string]>;
  currentRow: string[];
}

test('9. Markdown preview: progress bar, status badges and the current phase row', async (t) => {
  const ws = planWorkspace({ [SEED]: SEED });
  await withEditor(t, { vsix: VSIX, workspace: ws.dir }, async (editor) => {
    const { page } = editor;
    await openView(page, VIEW_CONTAINER, FIRST_UI_MS);
    await waitForRow(page, 'f8s', () => true, FIRST_UI_MS, 'listed');
    await openFile(page, SEED);
    // The preview command is offered only while a Markdown editor has the focus.
    await focusEditor(page);
    const started = Date.now();
    await runCommand(page, 'Markdown: Open Preview to the Side');
    await clearHovers(page); // no hover left over in the screenshot
    const frame = await waitForValue(() => previewFrame(page.frames()), 30_000, `a preview frame with .bwp-progress-bar (frames: ${page.frames().length})`);
    t.diagnostic(`progress bar in the preview after ${Date.now() - started} ms`);

    const seen: Seen = await frame.locator('body').evaluate(
      (body: PageEl & { ownerDocument: { defaultView: { getComputedStyle(el: PageEl): { display: string } } } }, s) => {
        const all = (selector: string): PageEl[] => Array.from(body.querySelectorAll(selector));
        const bar = body.querySelector(s.bar);
        return {
          segments: all(s.segment).map((el) => el.className),
          label: (body.querySelector(s.label)?.textContent ?? '').trim(),
          barDisplay: bar ? body.ownerDocument.defaultView.getComputedStyle(bar).display : '',
          badges: all(s.badge).map((el): [string, string] => [el.className.replace('bwp-badge ', ''), (el.textContent ?? '').trim()]),
          currentRow: all(s.currentRow).map((el) => (el.textContent ?? '').trim()),
        };
      },
      { bar: sel.PREVIEW_PROGRESS_BAR, segment: sel.PREVIEW_SEGMENT, label: sel.PREVIEW_PROGRESS_LABEL, badge: sel.PREVIEW_BADGE, currentRow: sel.PREVIEW_CURRENT_ROW_CELL },
    );
    t.diagnostic(`preview: ${JSON.stringify(seen)}`);

    // One segment per phase: 0–9 done, 10 pending and current.
    assert.deepEqual(seen.segments, [...Array<string>(10).fill('bwp-seg bwp-done'), 'bwp-seg bwp-pending bwp-seg-current']);
    assert.equal(seen.label, 'Phase 10 of 11 · User-Approved Commit · 10 of 11 done');
    assert.equal(seen.barDisplay, 'flex', 'media/preview.css styles the bar');
    const done: [string, string] = ['bwp-done', '✅ done'];
    assert.deepEqual(seen.badges, [
      ...Array<[string, string]>(10).fill(done), // phase checklist 0–9
      ['bwp-pending', '⏳ pending'], // phase 10
      done, // 1. Discovery Results: Status
      done, // 2. Tasks: Status
      ['bwp-pending', 'ready'], // the task
      done, // 4. Worker Validation: Status
      ['bwp-done', '✅'], // its Valid cell
      done, // 5. Review Results: Status
      ['bwp-done', 'PASS'], // the review
      done, // 8. Final Verification: Status
      ['bwp-pending', '⏳ pending'], // 9. Summary: Status
    ]);
    assert.deepEqual(seen.currentRow, ['10', 'User-Approved Commit', 'orchestrator', '⏳ pending', 'after user says "commit"']);

    const shot = await editor.screenshot('preview');
    t.diagnostic(`screenshot: ${shot}`);
  });
});
