// Hands `beads-plan` to the agents that run in and around the editor:
// - the editor's MCP clients (agent mode) get `beads-plan mcp` for each
//   workspace folder, through VS Code's MCP server definition provider;
// - integrated terminals get `beads-plan` on PATH (dist/bin/, shims that run
//   the bundled CLI), through the extension's environment variable collection;
// - workers started by the extension get the server through `--mcp-config`.
// All three run the CLI this very extension ships, on the editor's own Node
// runtime (process.execPath), so they need nothing installed; a versioned
// path like that stays in the editor's state, never in the repository
// (.mcp.json names `beads-plan` only: mcpConfig.ts).
import { delimiter } from 'node:path';
import * as vscode from 'vscode';
import * as workspaceApis from '../common/workspace.apis';
import { Disposable } from '../util/dispose';

/** contributes.mcpServerDefinitionProviders' id. */
export const MCP_PROVIDER_ID = 'beadsPlan.mcpServers';
/** Read by dist/bin/beads-plan: the runtime that runs the CLI. */
const NODE_VARIABLE = 'BEADS_PLAN_NODE';
/** The editor's runtime is Electron in the desktop app: this makes it plain Node (ignored by Node itself). */
const AS_NODE = { ELECTRON_RUN_AS_NODE: '1' };

export class AgentIntegration extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());

  constructor(private readonly context: vscode.ExtensionContext) {
    super();
    this.putOnPath();
    this._register(
      vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
        onDidChangeMcpServerDefinitions: this.changed.event,
        provideMcpServerDefinitions: () => this.serverDefinitions(),
      }),
    );
    this._register(workspaceApis.onDidChangeWorkspaceFolders(() => this.changed.fire()));
  }

  /** The bundled CLI. */
  private get cli(): string {
    return this.context.asAbsolutePath('dist/cli.js');
  }

  private get version(): string {
    return String((this.context.extension.packageJSON as { version?: unknown }).version ?? '');
  }

  private putOnPath(): void {
    const env = this.context.environmentVariableCollection;
    env.description = new vscode.MarkdownString(
      `Puts \`beads-plan\`, the plan command line of the Beads Work Plan extension ${this.version}, on \`PATH\`: \`${this.context.asAbsolutePath('dist/bin')}\`, run by the editor's Node runtime.`,
    );
    env.prepend('PATH', `${this.context.asAbsolutePath('dist/bin')}${delimiter}`);
    env.replace(NODE_VARIABLE, process.execPath);
  }

  /** One server per folder of the workspace, started in that folder: it serves the folder's plans. */
  serverDefinitions(): vscode.McpStdioServerDefinition[] {
    const folders = (workspaceApis.workspaceFolders() ?? []).filter((f) => f.uri.scheme === 'file');
    return folders.map((folder) => {
      const label = folders.length > 1 ? `Beads Work Plan (${folder.name})` : 'Beads Work Plan';
      const server = new vscode.McpStdioServerDefinition(label, process.execPath, [this.cli, 'mcp'], AS_NODE, this.version);
      server.cwd = folder.uri;
      return server;
    });
  }

  /** Claude Code's `--mcp-config` for a worker: the same server, started in the worker's folder. */
  workerMcpConfig(): string {
    return JSON.stringify({ mcpServers: { 'beads-plan': { command: process.execPath, args: [this.cli, 'mcp'], env: AS_NODE } } });
  }
}
