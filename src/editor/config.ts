// Typed access to the `beadsPlan.*` settings (declared in package.json).
import * as vscode from 'vscode';

export const SECTION = 'beadsPlan';

export const DEFAULT_PLAN_GLOBS = ['.beads/**/*.md', '**/*{plan,Plan,PLAN}*.md'];

export function setting<T>(key: string, fallback: T, scope?: vscode.ConfigurationScope): T {
  return vscode.workspace.getConfiguration(SECTION, scope).get<T>(key, fallback);
}

export function planGlobs(folder: vscode.WorkspaceFolder): string[] {
  const globs = setting<string[]>('planGlobs', DEFAULT_PLAN_GLOBS, folder);
  return Array.isArray(globs) && globs.length > 0 ? globs.filter((g) => typeof g === 'string' && g !== '') : DEFAULT_PLAN_GLOBS;
}

/** `node_modules` plus the user's `files.exclude`, as one glob for `findFiles`. */
export function excludeGlob(folder: vscode.WorkspaceFolder): string {
  const excluded = vscode.workspace.getConfiguration('files', folder).get<Record<string, boolean>>('exclude', {});
  const patterns = ['**/node_modules/**', ...Object.entries(excluded).filter(([, on]) => on === true).map(([glob]) => glob)];
  return `{${patterns.join(',')}}`;
}
