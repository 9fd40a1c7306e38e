// Typed access to the `beadsPlan.*` settings. Defaults come from package.json
// alone: VS Code returns the declared default when the user set nothing, and a
// user value of the wrong shape falls back to that same default.
import * as vscode from 'vscode';
import { SECTION, SETTINGS, type SettingKey, type SettingValue } from './settingKeys';

export function setting<K extends SettingKey>(key: K, scope?: vscode.ConfigurationScope): SettingValue<K> {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const value: unknown = config.get(key);
  const valid = SETTINGS[key] as (v: unknown) => v is SettingValue<K>;
  if (valid(value)) return value;
  const declared: unknown = config.inspect(key)?.defaultValue;
  if (valid(declared)) return declared;
  throw new Error(`The setting ${SECTION}.${key} is not declared in package.json`);
}

/** Whether a configuration change touches any of `keys`. */
export function affects(e: vscode.ConfigurationChangeEvent, ...keys: SettingKey[]): boolean {
  return keys.some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}

/** Plan globs of a folder, blanks dropped; the declared default when none is left. */
export function planGlobs(folder: vscode.WorkspaceFolder): string[] {
  const globs = setting('planGlobs', folder).filter((g) => g.trim() !== '');
  if (globs.length > 0) return globs;
  const declared = vscode.workspace.getConfiguration(SECTION, folder).inspect<string[]>('planGlobs')?.defaultValue;
  return declared ?? [];
}

/** `node_modules` plus the user's `files.exclude`, as one glob for `findFiles`. */
export function excludeGlob(folder: vscode.WorkspaceFolder): string {
  const excluded = vscode.workspace.getConfiguration('files', folder).get<Record<string, boolean>>('exclude') ?? {};
  const patterns = ['**/node_modules/**', ...Object.entries(excluded).filter(([, on]) => on === true).map(([glob]) => glob)];
  return `{${patterns.join(',')}}`;
}
