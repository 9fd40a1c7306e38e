// Claude Code workers in the real editor, with a fake `claude`
// (test/fixtures/claude/claude: a stand-in for the paid model that replays
// the documented stream-json transcripts of test/fixtures/transcripts with
// real pacing). On one plan of three tasks:
//   A. Run Worker with Prompt…: the prompt (with the task's details) opens in
//      a document, is edited, and that edit is what the worker gets; the task
//      row shows each step while it runs; the log line carries turns, cost and
//      session; the transcript is readable; Open Raw Log opens the raw events,
//      kept in the extension's storage and not in the workspace.
//   B. Run Worker on a run with permission denials: the task fails with the
//      reason; Resume Worker runs `--resume <session>` with the same fences.
//   C. A worker that goes silent is marked stalled with a warning (Show
//      Output, Cancel); new output clears it; Cancel from the next warning
//      stops it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { activeEditorInfo, expandTreeRow, openView, repoRoot, runCommand, waitFor, withEditor } from './harness';
import * as sel from './selectors';
import { planWorkspace, recordRowDescriptions, VIEW_CONTAINER, VIEW_NAME, vsixPath, waitForRow } from './plans';
import {
  clickNotificationButton,
  focusEditor,
  notificationButtons,
  pickItem,
  read,
  rowActions,
  waitForNotification,
  writeWorkspaceSettings,
} from './ui';
import { DEFAULT_WORKER_COMMAND } from '../manifest';

const VSIX = vsixPath();
const NO_AUTOSAVE = { 'files.autoSave': 'off' };
const FIRST_UI_MS = 30_000;
const FAKE_CLAUDE = join(repoRoot, 'test', 'fixtures', 'claude', 'claude');
const TRANSCRIPTS = join(repoRoot, 'test', 'fixtures', 'transcripts');

const PLAN = 'plan-1ddafa05.md';
const PLAN_LABEL = '1ddafa05';
const A = 'django-litefs-8oi.4';
const B = 'django-litefs-8oi.5';
const C = 'django-litefs-8oi.6';
const ROW = {
  [A]: '8oi.4', // the short ids the rows lead with
  [B]: '8oi.5',
  [C]: '8oi.6',
};
/** The session ids of the transcripts the fake replays. */
const SESSION_SUCCESS = '3f2a9c1e-5b7d-4e21-9a0c-000000000001';
const SESSION_DENIED = '3f2a9c1e-5b7d-4e21-9a0c-000000000004';
const EDIT = ' EDITED-7f3: keep the step definitions short.';

/** The Status, Worker and Respawns cells of a task's row on disk. */
function cells(path: string, id: string): { status: string; worker: string; respawns: string } {
  const row = read(path)
    .split('\n')
    .find((l) => l.startsWith(`| ${id} |`));
  if (!row) throw new Error(`no row for ${id} in ${path}`);
  const c = row.split('|').map((s) => s.trim());
  return { status: c[4]!, worker: c[5]!, respawns: c[7]! };
}

/** The Execution Log lines of the plan on disk that are about `id`'s workers. */
function workerLog(path: string, id: string): string[] {
  return read(path)
    .split('\n')
    .filter((l) => l.startsWith('- ') && (l.includes(`Worker for ${id} `) || l.includes(`for ${id}`)))
    .map((l) => l.replace(/^- [^:]+:\d\d: /, ''));
}

/** Every file under `dir`, relative. */
function filesUnder(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String) : [];
}

/** The steps a row showed, in order, once each (its description without the elapsed time). */
function steps(descriptions: readonly string[]): string[] {
  const out: string[] = [];
  for (const d of descriptions) {
    const step = d.split(' · ')[0]!;
    if (out.at(-1) !== step) out.push(step);
  }
  return out;
}

test('Claude Code workers: live steps, turns, cost and session in the log, Run with Prompt, Resume, stall', async (t) => {
  const ws = planWorkspace({ [PLAN]: `real/${PLAN}` });
  const path = ws.plans[PLAN]!;
  const argvFile = join(ws.dir, '..', `claude-argv-${process.pid}.jsonl`);
  writeWorkspaceSettings(ws.dir, {
    'beadsPlan.worker.command': [FAKE_CLAUDE, ...DEFAULT_WORKER_COMMAND.slice(1)],
    'beadsPlan.worker.stallMinutes': 0.1,
    'beadsPlan.worker.env': {
      FAKE_CLAUDE_ARGV_FILE: argvFile,
      FAKE_CLAUDE_STEP_MS: '1200',
      FAKE_CLAUDE_PLAN: JSON.stringify({
        [`Your task is ${A} `]: { transcript: 'success.jsonl' },
        [`Your task is ${B} `]: { transcript: 'permission-denied.jsonl' },
        [`Your task is ${C} `]: { transcript: 'success.jsonl', pauses: { 1: 9000, 5: 120_000 } },
      }),
    },
  });
  const invocations = (): string[][] => (existsSync(argvFile) ? read(argvFile).split('\n').filter(Boolean).map((l) => JSON.parse(l) as string[]) : []);

  await withEditor(t, { vsix: VSIX, workspace: ws.dir, settings: NO_AUTOSAVE }, async (editor) => {
    const { page } = editor;
    await openView(page, VIEW_CONTAINER, FIRST_UI_MS);
    await waitForRow(page, PLAN_LABEL, () => true, FIRST_UI_MS, 'listed');
    await expandTreeRow(page, PLAN_LABEL, VIEW_NAME);
    await waitForRow(page, ROW[A], (r) => r.icon === 'clock', 10_000, 'ready');

    // A. Run Worker with Prompt…: edit the prompt, run it; the row follows the steps.
    const stopA = await recordRowDescriptions(page, ROW[A]);
    await runCommand(page, 'Beads Plan: Run Worker with Prompt…');
    await pickItem(page, 'Run Worker with Prompt: which task?', A);
    // An untitled document is titled by its first line.
    await waitFor(() => activeEditorInfo(page), 10_000, 'the prompt document', (i) => i.title?.startsWith('You are a beads task worker') === true);
    await focusEditor(page);
    await page.keyboard.press('Control+End');
    await page.keyboard.type(EDIT);
    await pickItem(page, `Run Worker with Prompt: ${A}`, 'Run Worker');
    await waitFor(() => cells(path, A), 10_000, `${A} in progress on disk`, (c) => /in[ _]progress/.test(c.status));
    await waitFor(() => cells(path, A), 60_000, `${A} done on disk`, (c) => /done/.test(c.status));
    const seenA = await stopA();
    t.diagnostic(`A: the row showed ${JSON.stringify(seenA)}`);
    const stepsA = steps(seenA);
    const expected = ['Read database_backend.feature', 'Edit test_database_backend.py', 'Bash: pytest -q tests/bdd'];
    assert.deepEqual(
      stepsA.filter((s) => expected.includes(s)),
      expected,
      `each step in the row while it ran, in order: ${JSON.stringify(stepsA)}`,
    );
    const endA = workerLog(path, A).at(-1)!;
    t.diagnostic(`A: log "${endA}"`);
    assert.match(endA, new RegExp(`^Worker for ${A.replace('.', '\\.')} done in [\\d.]+ m?s · 6 turns · \\$0\\.12 · session ${SESSION_SUCCESS}$`));
    t.diagnostic(`A: notification "${await waitForNotification(page, `Worker for ${A} done in`, 10_000)}"`);
    assert.match(await waitForNotification(page, `Worker for ${A} done in`), / · 6 turns · \$0\.12\.$/);
    const [callA] = invocations();
    assert.ok(callA, 'the fake claude was called');
    const prompt = callA[callA.indexOf('-p') + 1]!;
    assert.ok(prompt.endsWith(EDIT), `the edited prompt reached the worker: …${prompt.slice(-80)}`);
    assert.ok(prompt.includes(`#### ${A}: Transaction Mode`) && prompt.includes('Do not commit'), 'with the task details and the fence');
    assert.equal(callA[callA.indexOf('--permission-mode') + 1], 'acceptEdits');
    assert.ok(callA.slice(callA.indexOf('--disallowedTools')).includes('Bash(git commit:*)'), JSON.stringify(callA.slice(-20)));
    assert.equal(await page.locator(sel.TAB_LABEL, { hasText: 'You are a beads task worker' }).count(), 0, 'the prompt document is closed, unsaved');
    // The readable transcript in the worker's output channel (not raw JSON).
    await clickNotificationButton(page, `Worker for ${A} done in`, 'Show Output');
    const transcript = await waitFor(
      async () => (await page.locator(sel.PANEL_TEXT).allInnerTexts()).join('\n').replace(/\u00a0/g, ' '),
      10_000,
      'the transcript in the output panel',
      (text) => text.includes('→ Bash: pytest -q tests/bdd'),
    );
    t.diagnostic(`A: output panel:\n${transcript}`);
    assert.ok(transcript.includes('→ Read /ws/tests/features/django/database_backend.feature'));
    assert.ok(!transcript.includes('{"type":'), 'no raw JSON in the transcript');
    // Open Raw Log: the raw events, from the extension's storage.
    await runCommand(page, 'Beads Plan: Open Raw Log');
    await waitFor(() => activeEditorInfo(page), 10_000, 'the raw log open', (i) => i.title?.endsWith('.jsonl') === true);
    const rawLogs = filesUnder(editor.userDataDir).filter((f) => f.includes('worker-logs') && f.endsWith('.jsonl'));
    assert.equal(rawLogs.length, 1, JSON.stringify(rawLogs));
    assert.equal(readFileSync(join(editor.userDataDir, rawLogs[0]!), 'utf8'), readFileSync(join(TRANSCRIPTS, 'success.jsonl'), 'utf8'));
    assert.deepEqual(filesUnder(ws.dir).filter((f) => f.includes('worker-logs') || f.endsWith('.jsonl')), [], 'nothing of it in the workspace');

    // B. Permission denials fail the task, with the reason; Resume continues the session.
    await runCommand(page, 'Beads Plan: Run Worker');
    await pickItem(page, 'Run Worker: which task?', B);
    await waitFor(() => cells(path, B), 60_000, `${B} failed on disk`, (c) => /failed/.test(c.status));
    const endB = workerLog(path, B).at(-1)!;
    t.diagnostic(`B: log "${endB}"`);
    assert.match(endB, new RegExp(`failed: permission denied: Bash\\(git commit -am "BDD steps"\\), Bash\\(pytest -q tests/bdd\\) \\([^)]+\\) · 4 turns · \\$0\\.05 · session ${SESSION_DENIED}$`));
    t.diagnostic(`B: notification "${await waitForNotification(page, `Worker for ${B} failed: permission denied`, 10_000)}"`);
    await waitFor(() => rowActions(page, ROW[B]), 10_000, 'Resume Worker offered on the failed task', (as) => as.includes('Resume Worker'));
    await runCommand(page, 'Beads Plan: Resume Worker');
    await waitFor(() => workerLog(path, B), 10_000, 'the resume in the log', (ls) => ls.includes(`Worker resumed for ${B} (session ${SESSION_DENIED})`));
    await waitFor(() => cells(path, B), 60_000, `${B} done on disk after the resume`, (c) => /done/.test(c.status));
    assert.equal(cells(path, B).respawns, '1', 'a resume counts a respawn');
    assert.match(workerLog(path, B).at(-1)!, new RegExp(`done in .* · 3 turns · \\$0\\.04 · session ${SESSION_DENIED}$`));
    const resumed = invocations().at(-1)!;
    t.diagnostic(`B: resumed with ${JSON.stringify(resumed.slice(2, 6))}`);
    // The sandbox's settings come first, right after the program (beadsPlan.worker.sandbox: required).
    assert.equal(resumed[0], '--settings');
    assert.equal((JSON.parse(resumed[1]!) as { sandbox: { enabled: boolean } }).sandbox.enabled, true);
    assert.deepEqual(resumed.slice(2, 5), ['--resume', SESSION_DENIED, '-p']);
    assert.match(resumed[5]!, new RegExp(`^Continue task ${B.replace('.', '\\.')} `));
    assert.ok(resumed.includes('--output-format') && resumed.slice(resumed.indexOf('--disallowedTools')).includes('Bash(git push:*)'), 'the same fences');

    // C. Silence: stalled, with a warning; output clears it; Cancel from the next warning stops it.
    const stopC = await recordRowDescriptions(page, ROW[C]);
    await runCommand(page, 'Beads Plan: Run Worker');
    await pickItem(page, 'Run Worker: which task?', C);
    const warning = `Worker for ${C} has printed nothing for`;
    t.diagnostic(`C: "${await waitForNotification(page, warning, 30_000)}"`);
    assert.deepEqual(await notificationButtons(page, warning), ['Show Output', 'Cancel']);
    await waitForRow(page, ROW[C], (r) => /^stalled \d+s · /.test(r.description) && r.icon === 'warning', 10_000, 'stalled, with a warning icon');
    // Output resumes after 9 s: the row shows the next step, not stalled.
    await waitForRow(page, ROW[C], (r) => /^(Read|Edit) \S+ · /.test(r.description), 30_000, 'the stall cleared by new output');
    // Then silent again for two minutes after its Edit: the second warning's Cancel ends it.
    await waitForRow(page, ROW[C], (r) => /^stalled \d+s · Edit test_d/.test(r.description), 30_000, 'stalled again (the step cut to the sidebar width)');
    await clickNotificationButton(page, warning, 'Cancel');
    await waitFor(() => cells(path, C), 20_000, `${C} cancelled on disk`, (c) => c.status === '⏹ cancelled');
    const seenC = await stopC();
    t.diagnostic(`C: the row showed ${JSON.stringify(seenC)}; log "${workerLog(path, C).at(-1)}"`);
    assert.match(workerLog(path, C).at(-1)!, new RegExp(`^Worker for ${C.replace('.', '\\.')} cancelled after .* · session ${SESSION_SUCCESS}$`));
    // What the row went through: running, stalled, a step again (the stall cleared), stalled again.
    const kinds = seenC.map((d) => (d.startsWith('stalled ') ? 'stalled' : /^(Read|Edit|Bash)/.test(d) ? 'step' : d.startsWith('running') ? 'running' : '')).filter(Boolean);
    assert.deepEqual(
      kinds.filter((k, i) => k !== kinds[i - 1]),
      ['running', 'stalled', 'running', 'step', 'stalled'],
      JSON.stringify(seenC),
    );
  });
});
