// package.json and the code must say the same: the commands contributed and
// registered, the context values `when` clauses match, and the settings
// declared and read. A drift here is a menu item that does nothing, an action
// that never shows, or a default nobody gets.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Commands } from '../../../src/editor/commandIds';
import { SECTION, SETTINGS } from '../../../src/editor/settingKeys';
import { CONTEXT_FLAGS } from '../../../src/plan/present/outline';

const root = join(__dirname, '..', '..', '..');

interface Manifest {
  contributes: {
    commands: Array<{ command: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
    keybindings?: Array<{ command: string; when?: string }>;
    configuration: { properties: Record<string, { enum?: string[] }> };
  };
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(join(root, dir, f), 'utf8'));
}

describe('package.json and the code', () => {
  it('contributes exactly the commands the code registers', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(Commands).sort());
  });

  it('menus and keybindings name only contributed commands', () => {
    const known = new Set<string>(Object.values(Commands));
    const used = [...Object.values(manifest.contributes.menus).flat(), ...(manifest.contributes.keybindings ?? [])].map((m) => m.command);
    assert.deepEqual(used.filter((c) => !known.has(c)), []);
  });

  it('every viewItem token a when clause matches is a context value the outline writes', () => {
    const clauses = [...Object.values(manifest.contributes.menus).flat(), ...(manifest.contributes.keybindings ?? [])].flatMap((m) => m.when ?? []);
    const tokens = clauses.flatMap((when) =>
      [...when.matchAll(/viewItem\s*=~\s*\/([^/]*)\//g)].flatMap((m) => m[1]!.match(/[A-Za-z_]+/g) ?? []),
    );
    assert.ok(tokens.length > 10, `the menus match context values (${tokens.length} tokens)`);
    assert.deepEqual([...new Set(tokens.filter((t) => !CONTEXT_FLAGS.has(t)))], []);
  });

  it('reads each enum setting with exactly the values package.json offers', () => {
    const properties = manifest.contributes.configuration.properties;
    const enums = Object.entries(SETTINGS).flatMap(([key, guard]) => ('values' in guard ? [[key, [...guard.values].sort()] as const] : []));
    assert.ok(enums.length >= 3);
    for (const [key, values] of enums) assert.deepEqual(values, [...(properties[`${SECTION}.${key}`]?.enum ?? [])].sort(), key);
  });

  it('declares exactly the settings the code reads, and the code reads every one', () => {
    const declared = Object.keys(manifest.contributes.configuration.properties).sort();
    assert.deepEqual(declared, Object.keys(SETTINGS).map((k) => `${SECTION}.${k}`).sort());
    const code = sources('src').join('\n');
    const unread = Object.keys(SETTINGS).filter((k) => !new RegExp(`(?:setting|affects)\\([^)]*'${k.replace('.', '\\.')}'`).test(code));
    assert.deepEqual(unread, []);
  });
});
