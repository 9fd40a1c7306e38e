// The vscode.window calls the services make, one thin function each and no
// logic (python-environments' common/*.apis.ts). Each reads `vscode.window`
// when called, never at import, so that a unit test that stubs the fake
// editor's `window` (test/unit/editor/fakeVscode.ts) reaches every service.
import * as vscode from 'vscode';

export function createOutputChannel(name: string): vscode.OutputChannel {
  return vscode.window.createOutputChannel(name);
}

export function createTerminal(options: vscode.ExtensionTerminalOptions): vscode.Terminal {
  return vscode.window.createTerminal(options);
}
