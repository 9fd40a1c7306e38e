// beads in the real editor, against the stand-in `bd` (test/fixtures/bd/bd,
// beads 1.0.5's shapes; the real bd cannot be installed here), named by
// beadsPlan.bd.path. (a) A task the plan marks done and beads has
// open: `beads: open` on its row, its beads issue in the tooltip, a `beads`
// Problem; one `bd show` for the plan however often the tree rebuilds; the
// Ready in beads group lists ready issues no plan names, opens one as `bd
// show` and starts the orchestrator for it; after the
// user-approved commit, Close in beads… closes only the ticked task, with the
// commit's hash in the reason. (b) No bd on the PATH the editor has: one
// line in the view, the plan still shown, no notification.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { activeEditorInfo, expandTreeRow, gitInit, notifications, openView, repoRoot, runCommand, treeRows, waitFor, withEditor, clearHovers } from './harness';
import * as sel from './selectors';
import { fixtureText, planWorkspace, replaceOnce, VIEW_CONTAINER, VIEW_NAME, vsixPath, waitForRow } from './plans';
import { answerInputBox, chooseFromContextMenu, commitOverDoubts, clickNotificationButton, contextMenuEntries, git, modalDialog, waitForNotification, waitForValue, writeWorkspaceSettings } from './ui';

const VSIX = vsixPath();
const FIRST_UI_MS = 30_000;
// Through beadsPlan.bd.path: the extension host takes PATH from the user's login shell, not from this process.
const STANDIN = join(repoRoot, 'test', 'fixtures', 'bd', 'bd');
const PLAN = 'two-tasks.md';
const PLANNED = 'tests/bdd/django_adapter/test_database_backend.py';
const F8S = 'django-litefs-f8s';
const ZZZ = 'django-litefs-9zz';

/** The seed with both of its tasks done, no single target task (the plan is named by its session), ready to commit. */
function planText(): string {
  let text = fixtureText('seed-split-brain.md');
  text = replaceOnce(text, '## Target Task\n- django-litefs-f8s: Write BDD step definitions for database backend - split-brain protection\n', '## Target Tasks\n- django-litefs-f8s\n- django-litefs-9zz\n');
  text = replaceOnce(
    text,
    `| ${F8S} | BDD step defs - split-brain protection | django-litefs-8oi | ready | - | ${PLANNED} | 0 |`,
    `| ${F8S} | BDD step defs - split-brain protection | django-litefs-8oi | ✅ done | w1 | ${PLANNED} | 0 |\n| ${ZZZ} | Docs for split-brain | django-litefs-8oi | ✅ done | w2 | ${PLANNED} | 0 |`,
  );
  return text;
}

/** The stand-in's database (test/fixtures/bd/bd reads `.beads/standin.json` in its working folder). */
const DB = {
  custom_statuses: [{ name: 'in_review', category: 'active' }],
  issues: [
    {
      id: F8S,
      title: 'Write BDD step definitions for database backend - split-brain protection',
      status: 'open',
      priority: 1,
      issue_type: 'task',
      description: 'Add step definitions for split-brain protection scenarios.',
      acceptance_criteria: '- 4 split-brain protection scenarios implemented\n- SplitBrainError raised on write during split-brain',
      deps: [
        { id: 'django-litefs-8oi', type: 'parent-child' },
        { id: 'django-litefs-5l8', type: 'blocks' },
      ],
    },
    { id: ZZZ, title: 'Docs for split-brain', status: 'open', priority: 3, issue_type: 'task', deps: [{ id: 'django-litefs-8oi', type: 'parent-child' }] },
    { id: 'django-litefs-8oi', title: 'Feature - LiteFS Django Database Backend BDD', status: 'open', priority: 1, issue_type: 'epic' },
    { id: 'django-litefs-5l8', title: 'Database backend', status: 'closed', priority: 2, issue_type: 'task' },
    { id: 'django-litefs-r01', title: 'Unplanned ready work', status: 'open', priority: 0, issue_type: 'bug' },
    { id: 'django-litefs-r02', title: 'Put on ice', status: 'deferred', priority: 1, issue_type: 'task' },
    { id: 'django-litefs-r03', title: 'Waiting for review', status: 'in_review', priority: 2, issue_type: 'task' },
  ],
};

/** The extension's "Beads Work Plan" log, as the editor wrote it so far. */
function extensionLog(userDataDir: string): string {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('Beads Work Plan.log')) found.push(readFileSync(join(dir, e.name), 'utf8'));
    }
  };
  walk(join(userDataDir, 'logs'));
  return found.join('\n');
}

function calls(dir: string): string[][] {
  const log = join(dir, '.beads', 'standin-calls.jsonl');
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as string[]) : [];
}

/** The text of the hover shown for a tree row once the mouse rests on it. */
async function rowHover(page: Page, label: string): Promise<string> {
  const row = page.locator(sel.TREE_ROW).filter({ has: page.locator(sel.ROW_LABEL_NAME, { hasText: label }) }).first();
  await row.hover();
  return waitFor(async () => (await page.locator(sel.HOVER).allTextContents()).join('\n').replace(/\u00a0/g, ' '), 10_000, `the hover of "${label}"`, (t) => t.includes('Acceptance criteria'));
}

/** The rows of the Problems panel. */
async function problems(page: Page): Promise<string[]> {
  return page.locator(sel.PROBLEM_ROW).evaluateAll((els) => els.map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim()));
}

/** The view's message line (TreeView.message). */
async function viewMessage(page: Page): Promise<string> {
  const message = page.locator(sel.VIEW_MESSAGE);
  return (await message.count()) > 0 ? ((await message.first().textContent()) ?? '').trim() : '';
}

test('beads: a mismatched task row, its tooltip and Problem, Ready in beads, Close in beads after the commit', async (t) => {
  const ws = planWorkspace({ [PLAN]: planText() }, { '.beads/standin.json': JSON.stringify(DB, null, 2) });
  writeFileSync(join(ws.dir, '.gitignore'), '.beads/standin*\n.vscode/\nstarted.json\n');
  gitInit(ws.dir);
  await withEditor(t, { vsix: VSIX, workspace: ws.dir, settings: { 'files.autoSave': 'off', 'beadsPlan.bd.path': STANDIN } }, async (editor) => {
    const { page } = editor;
    await openView(page, VIEW_CONTAINER, FIRST_UI_MS);
    const planLabel = '65c422f0';
    await waitForRow(page, planLabel, () => true, FIRST_UI_MS, 'the plan listed');
    await expandTreeRow(page, planLabel, VIEW_NAME);
    await expandTreeRow(page, 'Tasks', VIEW_NAME);
    const f8s = await waitForRow(page, 'f8s', (r) => r.description.includes('beads: open'), 15_000, 'the task row saying beads: open');
    t.diagnostic(`f8s row: ${f8s.text}`);
    assert.match(f8s.description, /· beads: open$/);

    // The Ready group: open and in_review (a custom active status) issues no plan names, by priority; deferred and named ones left out.
    await expandTreeRow(page, 'Ready in beads', VIEW_NAME);
    const rows = await waitFor(() => treeRows(page, VIEW_NAME), 10_000, 'the ready issues', (rs) => rs.some((r) => r.label === 'Waiting for review'));
    const ready = rows.slice(rows.findIndex((r) => r.label === 'Ready in beads'));
    assert.equal(rows[0]!.label, 'Ready in beads', 'the group is at the top of the view');
    assert.deepEqual(
      ready.slice(1, 3).map((r) => [r.label, r.description]),
      [
        ['Unplanned ready work', 'P0 · django-litefs-r01'],
        ['Waiting for review', 'P2 · django-litefs-r03'],
      ],
    );
    assert.equal(ready[0]!.description, '2');
    assert.deepEqual(await contextMenuEntries(page, 'Unplanned ready work'), ['Open in beads', 'Copy Id'], 'no Start Plan… without beadsPlan.orchestrator.command');

    // Open in beads: `bd show <id>` as a read-only document.
    await chooseFromContextMenu(page, 'Unplanned ready work', 'Open in beads');
    await waitFor(() => activeEditorInfo(page), 10_000, 'the bd show document', (i) => i.title === 'django-litefs-r01');
    await waitFor(
      async () => ((await page.locator(sel.ACTIVE_VIEW_LINES).first().textContent()) ?? '').replace(/\u00a0/g, ' '),
      10_000,
      'the text bd printed',
      (text) => text.includes('django-litefs-r01 · Unplanned ready work'),
    );

    // Start Plan…, once an orchestrator is set: its program and arguments are the terminal's own process.
    writeWorkspaceSettings(ws.dir, {
      'beadsPlan.orchestrator.command': ['node', '-e', "require('fs').writeFileSync('started.json', JSON.stringify(process.argv.slice(1)))", '/beads-work ${issueId}'],
    });
    await waitFor(() => contextMenuEntries(page, 'Unplanned ready work'), 15_000, 'Start Plan… offered', (entries) => entries.includes('Start Plan…'));
    await chooseFromContextMenu(page, 'Unplanned ready work', 'Start Plan…');
    const started = join(ws.dir, 'started.json');
    await waitFor(() => existsSync(started), 30_000, 'the orchestrator to run');
    assert.deepEqual(JSON.parse(readFileSync(started, 'utf8')), ['/beads-work django-litefs-r01']);

    // The tooltip: beads' status, priority, type, parent, description, acceptance criteria, dependencies with statuses.
    const hover = await rowHover(page, 'f8s');
    t.diagnostic(`hover: ${hover}`);
    for (const part of [
      `beads ${F8S}: Write BDD step definitions`,
      'open · P1 · task · parent django-litefs-8oi',
      'Add step definitions for split-brain protection scenarios.',
      '- 4 split-brain protection scenarios implemented',
      'django-litefs-5l8 (closed) Database backend',
    ])
      assert.ok(hover.includes(part), `the hover holds "${part}"`);
    await clearHovers(page);

    // The Problem, from the plan-vs-beads rule.
    await page.keyboard.press('Control+Shift+M');
    const seen = await waitFor(() => problems(page), 10_000, 'the beads Problems', (ps) => ps.filter((p) => p.includes('in beads')).length === 2);
    t.diagnostic(`problems: ${JSON.stringify(seen)}`);
    assert.ok(seen.some((p) => p.includes(`Task ${F8S} is done in the plan but open in beads (${F8S})`)));

    // One batched bd show for the plan, however often the tree was rebuilt.
    const shows = calls(ws.dir).filter((c) => c[0] === 'show' && c[1] === '--json');
    assert.deepEqual(shows, [['show', '--json', '--', F8S, ZZZ]]);

    // The commit, then Close in beads… with only f8s kept ticked.
    mkdirSync(dirname(join(ws.dir, PLANNED)), { recursive: true });
    writeFileSync(join(ws.dir, PLANNED), '"""Split-brain protection steps."""\n');
    await runCommand(page, 'Beads Plan: Commit (User-Approved)…');
    await answerInputBox(page, 'Commit (User-Approved): message', 'feat: split-brain steps', 15_000);
    await waitForValue(() => modalDialog(page), 15_000, 'the commit modal');
    await commitOverDoubts(page);
    const short = await waitFor(() => git(ws.dir, 'log', '-1', '--format=%h %s'), 20_000, 'the commit', (l) => l.endsWith('feat: split-brain steps'));
    const hash = short.split(' ')[0]!;
    const offer = await waitForNotification(page, 'still open in beads', 15_000).catch((e: unknown) => {
      t.diagnostic(`log: ${extensionLog(editor.userDataDir)}\ncalls: ${JSON.stringify(calls(ws.dir))}`);
      throw e;
    });
    assert.equal(offer, '2 tasks are done in the plan and still open in beads.');
    await clickNotificationButton(page, 'still open in beads', 'Close in beads…');
    const pickTitle = `Close in beads: "Committed ${hash}: ${planLabel}"`;
    await waitFor(() => page.locator(sel.QUICK_INPUT_TITLE).textContent(), 10_000, 'the Close in beads list', (tt) => tt?.trim() === pickTitle);
    const zzzRow = page.locator(sel.QUICK_INPUT_ROW).filter({ hasText: ZZZ });
    await zzzRow.locator(sel.QUICK_INPUT_ROW_CHECKBOX).first().click();
    await waitFor(() => zzzRow.getAttribute('aria-checked'), 5000, `${ZZZ} unticked`, (v) => v === 'false');
    await page.locator(sel.QUICK_INPUT_OK, { hasText: 'OK' }).click();
    await waitForNotification(page, `Closed ${F8S} in beads.`, 15_000);
    const closes = calls(ws.dir).filter((c) => c[0] === 'close');
    assert.deepEqual(closes, [['close', '--json', `--reason=Committed ${hash}: ${planLabel}`, '--', F8S]], 'bd close ran for the ticked task only, with the hash');
    // Asked afresh, beads agrees on f8s now; 9zz still disagrees.
    await waitForRow(page, 'f8s', (r) => !r.description.includes('beads:'), 15_000, 'f8s without beads: open');
    await waitForRow(page, '9zz', (r) => r.description.includes('beads: open'), 5_000, '9zz still beads: open');
  });
});

test('beads: no bd is one line in the view, and the plan works as before', async (t) => {
  const ws = planWorkspace({ [PLAN]: planText() });
  await withEditor(t, { vsix: VSIX, workspace: ws.dir }, async (editor) => {
    const { page } = editor;
    await openView(page, VIEW_CONTAINER, FIRST_UI_MS);
    await waitForRow(page, '65c422f0', () => true, FIRST_UI_MS, 'the plan listed');
    const message = await waitFor(() => viewMessage(page), 15_000, 'the view message', (m) => m !== '');
    t.diagnostic(`message: ${message}`);
    assert.match(message, /^beads: bd was not found: looked for bd on PATH$/);
    await expandTreeRow(page, '65c422f0', VIEW_NAME);
    await expandTreeRow(page, 'Tasks', VIEW_NAME);
    const row = await waitForRow(page, 'f8s', () => true, 10_000, 'the task row');
    assert.ok(!row.description.includes('beads'), 'no beads state without bd');
    assert.equal((await treeRows(page, VIEW_NAME)).some((r) => r.label === 'Ready in beads'), false);
    const settings = page.locator(`${sel.SIDEBAR_TITLE_ACTION}[aria-label="Open beads Settings"]`);
    await settings.waitFor({ state: 'visible', timeout: 10_000 });
    // Everything else works: Refresh asks bd once more, and the line stays one line, with no notification.
    await runCommand(page, 'Beads Plan: Refresh Plans');
    await waitFor(() => viewMessage(page), 10_000, 'the same line after Refresh', (m) => m === message);
    assert.deepEqual((await notifications(page)).filter((n) => /beads|bd /.test(n)), []);
    await settings.click();
    await waitFor(
      async () => ((await page.locator(sel.SETTINGS_SEARCH_TEXT).first().textContent()) ?? '').replace(/\u00a0/g, ' '),
      10_000,
      'the settings editor on beadsPlan.bd.path',
      (v) => v.includes('@id:beadsPlan.bd.path'),
    );
  });
});
