// Set Up Agent Integration…: adds the beads-plan MCP server to the
// workspace's `.mcp.json` (where Claude Code started there finds it), after
// showing the change as a diff and asking; other servers are kept. Then it
// offers the orchestrator prompt for the tools. A file it cannot read as an
// object of servers is left alone, with the reason.
import * as vscode from 'vscode';
import { ORCHESTRATOR_PROMPT, updateMcpJson } from '../services/mcpConfig';
import { errorMessage } from '../../util/errors';

const PROPOSED_SCHEME = 'beads-plan-proposed';
const WRITE = 'Write .mcp.json';
const COPY = 'Copy Orchestrator Prompt';

async function readIfExists(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (e) {
    if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return undefined;
    throw e;
  }
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('Set Up Agent Integration needs a folder open: .mcp.json goes at its root.');
    return undefined;
  }
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'The folder whose .mcp.json gets the beads-plan server' });
}

async function offerPrompt(message: string): Promise<void> {
  if ((await vscode.window.showInformationMessage(message, COPY)) !== COPY) return;
  await vscode.env.clipboard.writeText(ORCHESTRATOR_PROMPT);
  void vscode.window.showInformationMessage('The orchestrator prompt is on the clipboard.');
}

/** Shows `before` → `after` in a diff editor; the texts live only in memory. */
async function showDiff(uri: vscode.Uri, before: string, after: string): Promise<vscode.Disposable> {
  const texts = new Map([
    ['before', before],
    ['after', after],
  ]);
  const provider = vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, { provideTextDocumentContent: (u) => texts.get(u.query) ?? '' });
  const side = (query: string) => uri.with({ scheme: PROPOSED_SCHEME, query });
  await vscode.commands.executeCommand('vscode.diff', side('before'), side('after'), '.mcp.json ↔ with the beads-plan server', { preview: true });
  return provider;
}

/** Closes the diff tabs this command opened: their texts go with the provider. */
async function closeDiff(): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === PROPOSED_SCHEME);
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}

export async function setUpAgentIntegration(): Promise<void> {
  const folder = await pickFolder();
  if (!folder) return;
  const uri = vscode.Uri.joinPath(folder.uri, '.mcp.json');
  const current = await readIfExists(uri);
  const update = updateMcpJson(current);
  if ('error' in update) {
    void vscode.window.showErrorMessage(`${update.error}. Nothing was changed.`);
    return;
  }
  if ('unchanged' in update) {
    await offerPrompt('.mcp.json already runs the beads-plan MCP server (beads-plan mcp).');
    return;
  }
  const diff = await showDiff(uri, current ?? '', update.text);
  try {
    const others = Object.keys((JSON.parse(update.text) as { mcpServers: object }).mcpServers).length - 1;
    const detail = [
      update.replaced ? 'Its "beads-plan" entry is replaced by `beads-plan mcp`.' : 'It adds the "beads-plan" server: `beads-plan mcp`.',
      others === 1 ? 'The other server stays as it is.' : others > 1 ? `The other ${others} servers stay as they are.` : '',
      'beads-plan comes from PATH: the editor’s terminals have it; elsewhere install it with npm install -g (see the README).',
    ]
      .filter(Boolean)
      .join(' ');
    const verb = current === undefined ? 'Create' : 'Update';
    const answer = await vscode.window.showInformationMessage(`${verb} .mcp.json in ${folder.name} as the diff shows?`, { modal: true, detail }, WRITE);
    if (answer !== WRITE) return;
    // Changed since the diff was made: what the user approved is not what would be written.
    if ((await readIfExists(uri)) !== current) {
      void vscode.window.showErrorMessage('.mcp.json changed while the diff was shown; nothing was written. Run Set Up Agent Integration again.');
      return;
    }
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(update.text));
    } catch (e) {
      void vscode.window.showErrorMessage(`.mcp.json could not be written: ${errorMessage(e)}`);
      return;
    }
  } finally {
    await closeDiff();
    diff.dispose();
  }
  await offerPrompt(`.mcp.json now runs the beads-plan MCP server: Claude Code started in ${folder.name} gets the plan_* tools.`);
}
