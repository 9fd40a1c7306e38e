// The editor hands beads-plan to agents (issue 26), in a real VS Code:
//   1. an integrated terminal runs `beads-plan --version` (the extension puts
//      its CLI on the terminals' PATH);
//   2. Set Up Agent Integration… shows the change to .mcp.json as a diff,
//      asks, writes it with the beads-plan server and keeps the server that
//      was there, then offers the orchestrator prompt;
//   3. the editor's MCP server list shows "Beads Work Plan", contributed by
//      the extension's MCP server definition provider.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clickDialogButton, openView, runCommand, waitFor, withEditor } from './harness';
import * as sel from './selectors';
import { planWorkspace, VIEW_CONTAINER, vsixPath, waitForRow } from './plans';
import { modalDialog, notificationButtons, quickPickLabels, waitForNotification, waitForValue } from './ui';

const SEED = 'seed-split-brain.md';
const OTHER = { github: { command: 'gh-mcp', args: ['serve'], env: { GH_HOST: 'example.com' } } };

test('agent integration: beads-plan in the terminal, .mcp.json set up after a diff, the server in the MCP list', async (t) => {
  const ws = planWorkspace({ [SEED]: SEED });
  const mcpJson = join(ws.dir, '.mcp.json');
  writeFileSync(mcpJson, `${JSON.stringify({ mcpServers: OTHER }, null, 2)}\n`);
  // The MCP list is part of the editor's AI features, which the harness turns off elsewhere.
  await withEditor(t, { vsix: vsixPath(), workspace: ws.dir, settings: { 'chat.disableAIFeatures': false } }, async (editor) => {
    const { page } = editor;
    await openView(page, VIEW_CONTAINER, 30_000);
    await waitForRow(page, 'f8s', () => true, 30_000, 'the plan listed (named by its task, as its row reads): the extension is active');

    // 1. The terminal finds beads-plan on its PATH.
    await runCommand(page, 'Terminal: Create New Terminal');
    const terminal = page.locator(sel.TERMINAL);
    await terminal.waitFor({ state: 'visible', timeout: 30_000 });
    const out = join(ws.dir, 'version.txt');
    // Typed until the shell has taken it: the first keys can reach a shell still starting.
    await waitFor(
      async () => {
        if (existsSync(out)) return readFileSync(out, 'utf8');
        await terminal.click();
        await page.keyboard.type('beads-plan --version > version.txt 2>&1; command -v beads-plan >> version.txt\n');
        return undefined;
      },
      60_000,
      'beads-plan --version written by the terminal',
      (text) => text !== undefined && text.split('\n').length >= 3,
    );
    const [version, where] = readFileSync(out, 'utf8').trim().split('\n');
    t.diagnostic(`terminal: beads-plan ${version} at ${where}`);
    assert.equal(version, '0.1.0');
    assert.match(where ?? '', /dist\/bin\/beads-plan$/, 'the extension’s own copy');

    // 2. Set Up Agent Integration: a diff, a question, then the file.
    await runCommand(page, 'Beads Plan: Set Up Agent Integration…');
    const dialog = await waitForValue(() => modalDialog(page), 30_000, 'the question before writing .mcp.json');
    t.diagnostic(`dialog: ${dialog.message} | ${dialog.detail}`);
    assert.match(dialog.message, /^Update \.mcp\.json in .* as the diff shows\?$/);
    assert.match(dialog.detail, /The other server stays as it is\./);
    assert.ok(dialog.buttons.includes('Write .mcp.json'));
    // The diff is open behind the question, its added lines the new server.
    const diffTab = page.locator(sel.TAB, { hasText: '.mcp.json ↔ with the beads-plan server' });
    await diffTab.first().waitFor({ state: 'attached', timeout: 10_000 });
    const inserted = await waitFor(
      () => page.locator(sel.DIFF_INSERTED_LINE).count(),
      10_000,
      'added lines in the diff',
      (n) => n > 0,
    );
    t.diagnostic(`${inserted} inserted line decorations in the diff`);
    assert.equal(readFileSync(mcpJson, 'utf8'), `${JSON.stringify({ mcpServers: OTHER }, null, 2)}\n`, 'nothing written before the answer');
    await clickDialogButton(page, 'Write .mcp.json');
    const written = await waitFor(
      () => JSON.parse(readFileSync(mcpJson, 'utf8')) as { mcpServers: Record<string, unknown> },
      10_000,
      '.mcp.json with the beads-plan server',
      (c) => 'beads-plan' in c.mcpServers,
    );
    assert.deepEqual(written, { mcpServers: { ...OTHER, 'beads-plan': { command: 'beads-plan', args: ['mcp'] } } });
    await waitForNotification(page, '.mcp.json now runs the beads-plan MCP server', 10_000);
    assert.deepEqual(await notificationButtons(page, '.mcp.json now runs the beads-plan MCP server'), ['Copy Orchestrator Prompt']);
    await waitFor(() => diffTab.count(), 10_000, 'the diff closed', (n) => n === 0);

    // 3. The editor's MCP servers include the extension's.
    await runCommand(page, 'MCP: List Servers');
    const labels = await waitFor(() => quickPickLabels(page), 30_000, '"Beads Work Plan" in the MCP server list', (ls) => ls.some((l) => l.startsWith('Beads Work Plan')));
    t.diagnostic(`MCP servers: ${labels.join(' | ')}`);
    await page.keyboard.press('Escape');
  });
});
