// The vscode.workspace calls the services make, one thin function each and no
// logic (python-environments' common/*.apis.ts): the services' whole reach into
// the editor's workspace is listed here. Each reads `vscode.workspace` when
// called, never at import, so that a unit test that stubs the fake editor's
// `workspace` (test/unit/editor/fakeVscode.ts) reaches every service.
import * as vscode from 'vscode';

export function workspaceFolders(): readonly vscode.WorkspaceFolder[] | undefined {
  return vscode.workspace.workspaceFolders;
}

export function getWorkspaceFolder(uri: vscode.Uri): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.getWorkspaceFolder(uri);
}

export function isTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

export function textDocuments(): readonly vscode.TextDocument[] {
  return vscode.workspace.textDocuments;
}

export function findFiles(include: vscode.GlobPattern, exclude?: vscode.GlobPattern | null): Thenable<vscode.Uri[]> {
  return vscode.workspace.findFiles(include, exclude);
}

export function createFileSystemWatcher(pattern: vscode.GlobPattern): vscode.FileSystemWatcher {
  return vscode.workspace.createFileSystemWatcher(pattern);
}

export function openTextDocument(uri: vscode.Uri): Thenable<vscode.TextDocument> {
  return vscode.workspace.openTextDocument(uri);
}

export function applyEdit(edit: vscode.WorkspaceEdit): Thenable<boolean> {
  return vscode.workspace.applyEdit(edit);
}

export function onDidChangeTextDocument(listener: (e: vscode.TextDocumentChangeEvent) => unknown): vscode.Disposable {
  return vscode.workspace.onDidChangeTextDocument(listener);
}

export function onDidOpenTextDocument(listener: (document: vscode.TextDocument) => unknown): vscode.Disposable {
  return vscode.workspace.onDidOpenTextDocument(listener);
}

export function onDidCloseTextDocument(listener: (document: vscode.TextDocument) => unknown): vscode.Disposable {
  return vscode.workspace.onDidCloseTextDocument(listener);
}

export function onDidSaveTextDocument(listener: (document: vscode.TextDocument) => unknown): vscode.Disposable {
  return vscode.workspace.onDidSaveTextDocument(listener);
}

export function onDidChangeWorkspaceFolders(listener: (e: vscode.WorkspaceFoldersChangeEvent) => unknown): vscode.Disposable {
  return vscode.workspace.onDidChangeWorkspaceFolders(listener);
}

export function onDidChangeConfiguration(listener: (e: vscode.ConfigurationChangeEvent) => unknown): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration(listener);
}

export function onDidGrantWorkspaceTrust(listener: () => unknown): vscode.Disposable {
  return vscode.workspace.onDidGrantWorkspaceTrust(listener);
}
