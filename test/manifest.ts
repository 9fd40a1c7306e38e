// The defaults package.json declares (the only place a default lives), for
// tests that run what a user gets without configuring anything.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClaudeOptions } from '../src/process/claude';

interface Manifest {
  contributes: { configuration: { properties: Record<string, { default?: unknown; enum?: string[] }> } };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as Manifest;

/** The declared default of `beadsPlan.<key>`; throws when the setting is not declared. */
export function settingDefault<T>(key: string): T {
  const property = manifest.contributes.configuration.properties[`beadsPlan.${key}`];
  if (!property || !('default' in property)) throw new Error(`beadsPlan.${key} has no default in package.json`);
  return property.default as T;
}

/** The values a `beadsPlan.<key>` setting may take, when it lists them. */
export function settingEnum(key: string): string[] {
  return manifest.contributes.configuration.properties[`beadsPlan.${key}`]?.enum ?? [];
}

/** The default worker command: Claude Code with the prompt. */
export const DEFAULT_WORKER_COMMAND: readonly string[] = settingDefault<string[]>('worker.command');

/** The Claude Code worker settings as package.json declares them. */
export const DEFAULT_CLAUDE_OPTIONS: ClaudeOptions = {
  model: settingDefault('worker.model'),
  permissionMode: settingDefault('worker.permissionMode'),
  allowedTools: settingDefault('worker.allowedTools'),
  disallowedTools: settingDefault('worker.disallowedTools'),
  extraArgs: settingDefault('worker.extraArgs'),
};
