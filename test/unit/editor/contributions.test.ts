// The keybindings and the Getting Started walkthrough package.json
// contributes: each names a real command or view, keybindings stay in the
// plan view or a plan editor, and Commit is never one chord typed by accident.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands, PLAN_EDITOR_CONTEXT, VIEW_ID } from '../../../src/editor/commandIds';

const root = join(__dirname, '..', '..', '..');

interface Keybinding {
  readonly command: string;
  readonly key: string;
  readonly mac?: string;
  readonly when?: string;
  readonly args?: unknown;
}

interface Manifest {
  contributes: { keybindings?: Keybinding[] };
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const keybindings = manifest.contributes.keybindings ?? [];

const IN_VIEW = `focusedView == ${VIEW_ID}`;

/** The `&&` terms of a when clause, when it has no `||` (a term under `||` limits nothing). */
function conjuncts(when: string | undefined): string[] {
  if (when === undefined || when.includes('||')) return [];
  return when.split('&&').map((t) => t.trim());
}

const where = (k: Keybinding): 'view' | 'editor' | undefined => {
  const terms = conjuncts(k.when);
  return terms.includes(IN_VIEW) ? 'view' : terms.includes(PLAN_EDITOR_CONTEXT) ? 'editor' : undefined;
};

describe('keybindings', () => {
  it('bind the frequent commands in the plan view and in a plan editor', () => {
    const bound = (place: 'view' | 'editor') => keybindings.filter((k) => where(k) === place).map((k) => k.command).sort();
    assert.deepEqual(bound('view'), [Commands.AdvancePhase, Commands.Commit, Commands.RecordValidation, Commands.RunWorker].sort());
    assert.deepEqual(bound('editor'), [Commands.AdvancePhase, Commands.Commit, Commands.RecordValidation, Commands.RevealInTree, Commands.RunWorker].sort());
  });

  it('each names a contributed command and is limited to the plan view or a plan editor', () => {
    const known = new Set<string>(Object.values(Commands));
    for (const k of keybindings) {
      assert.ok(known.has(k.command), `${k.command} is no command`);
      assert.ok(where(k), `${k.command} (${k.key}) has no when clause that limits it to the view or a plan editor: ${k.when}`);
    }
  });

  it('act on the selected node in the view, and on the cursor line in the editor', () => {
    for (const k of keybindings) {
      if (where(k) === 'view') assert.deepEqual(k.args, { from: 'view' }, `${k.command} in the view`);
      else assert.equal(k.args, undefined, `${k.command} in the editor: no argument is the cursor's line`);
    }
  });

  it("gives Commit a two-chord sequence whose second chord is not the first's modifier held on", () => {
    const commit = keybindings.filter((k) => k.command === Commands.Commit);
    assert.ok(commit.length > 0);
    for (const k of commit)
      for (const key of [k.key, k.mac].filter((x): x is string => x !== undefined)) {
        const chords = key.split(' ');
        assert.equal(chords.length, 2, `Commit's ${key} is a chord sequence`);
        const mods = (chord: string) => chord.split('+').slice(0, -1).sort().join('+');
        assert.notEqual(mods(chords[1]!), mods(chords[0]!), `holding the first chord's modifiers and typing on does not commit (${key})`);
      }
  });

  it('no key is a prefix of another, and one key runs one command in each place', () => {
    const keys = keybindings.map((k) => k.key);
    for (const a of keys) for (const b of keys) assert.ok(!(b !== a && b.startsWith(`${a} `)), `${a} would shadow ${b}`);
    const seen = new Map<string, string>();
    for (const k of keybindings) {
      const slot = `${where(k)} ${k.key}`;
      assert.ok(!seen.has(slot) || seen.get(slot) === k.command, `${slot} runs both ${seen.get(slot)} and ${k.command}`);
      seen.set(slot, k.command);
    }
  });

  it('the plan editor context is one the extension sets', () => {
    const code = readFileSync(join(root, 'src', 'editor', 'views', 'planEditorContext.ts'), 'utf8');
    assert.match(code, /executeCommand\('setContext', PLAN_EDITOR_CONTEXT,/);
  });
});
