// A plan's text as it reads now: the open document's when it is open (with
// edits not yet saved), else the file's. Commands that must not trust a
// cached model read through this.
import * as vscode from 'vscode';

export async function currentText(uri: vscode.Uri): Promise<string> {
  return (await vscode.workspace.openTextDocument(uri)).getText();
}
