// What the command flows share: applying an edit with a message when it
// cannot be made, and a modal question. (The plan and task a command is for
// are resolved before it runs: ../preconditions.ts.)
import * as vscode from 'vscode';
import type { EditStep } from '../../plan/write/edit';
import type { Services } from '../services/index';

/** How long a short status bar message (Advance, Cancel Worker) stays. */
export const STATUS_MESSAGE_MS = 5000;

/** Applies an edit and tells the user why when it could not be made; whether it was. */
export async function applyOrExplain(services: Services, uri: vscode.Uri, edit: EditStep): Promise<boolean> {
  const outcome = await services.writer.apply(uri, edit);
  if (!outcome.ok) void vscode.window.showErrorMessage(outcome.reason);
  return outcome.ok;
}

/** A modal question with one way forward (`button`) besides Cancel; whether the user took it. */
export async function confirmModal(message: string, detail: string, button: string): Promise<boolean> {
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, button)) === button;
}
