// The keybindings and the Getting Started walkthrough package.json
// contributes: each names a real command, view or context key, keybindings
// stay in the plan view or a plan editor, and Commit is never one chord typed
// by accident.
import { Disposable, fake, Position, Uri, window } from './vscode';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands, FOCUS_VIEW, PLAN_EDITOR_CONTEXT, VIEW_ID } from '../../../src/editor/commandIds';
import { ContextKeys } from '../../../src/editor/views/contextKeys';
import { PlanEditorContext } from '../../../src/editor/views/planEditorContext';

const root = join(__dirname, '..', '..', '..');

interface Keybinding {
  readonly command: string;
  readonly key: string;
  readonly mac?: string;
  readonly when?: string;
  readonly args?: unknown;
}

interface Step {
  readonly id: string;
  readonly description: string;
  readonly media: { readonly markdown?: string; readonly image?: string };
  readonly completionEvents?: string[];
}

interface Manifest {
  contributes: {
    keybindings?: Keybinding[];
    walkthroughs?: Array<{ id: string; steps: Step[] }>;
    views: Record<string, Array<{ id: string }>>;
  };
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const keybindings = manifest.contributes.keybindings ?? [];

const IN_VIEW = `focusedView == ${VIEW_ID}`;

const noEvent = () => new Disposable(() => undefined);

/**
 * The context keys (and their values) that `create` sets, run with the fake
 * editor: one plan in the store, and it the active editor.
 */
function contextKeysSet(create: (store: object) => { dispose(): void }): Map<unknown, unknown> {
  fake.reset();
  const plan = Uri.file('/ws/.beads/PLAN.md');
  window.activeTextEditor = { document: { uri: plan }, selection: { active: new Position(0, 0) } };
  const store = { onDidChange: noEvent, list: () => [{ uri: plan }], get: (uri: Uri) => (uri.toString() === plan.toString() ? { uri: plan } : undefined) };
  create(store).dispose();
  const set = fake.commands.filter((c) => c.id === 'setContext').map((c) => [c.args[0], c.args[1]] as const);
  fake.reset();
  return new Map(set);
}

/** A workspace state in memory. */
function memento(values: Record<string, unknown> = {}): { keys(): readonly string[]; get<T>(key: string): T | undefined; update(key: string, value: unknown): Promise<void>; values: Record<string, unknown> } {
  return { values, keys: () => Object.keys(values), get: <T>(key: string) => values[key] as T | undefined, update: async (key, value) => void (values[key] = value) };
}

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
    // Enter opens the focused row in the editor (Reveal in Plan, with the keyboard moving there).
    const both = [Commands.AdvancePhase, Commands.CancelWorker, Commands.Commit, Commands.RecordValidation, Commands.ReviewChanges, Commands.RunWorker];
    assert.deepEqual(bound('view'), [...both, Commands.RevealInPlan].sort());
    assert.deepEqual(bound('editor'), [...both, Commands.RevealInTree].sort());
  });

  it('each names a contributed command and is limited to the plan view or a plan editor, but Focus Plans View', () => {
    const known = new Set<string>(Object.values(Commands));
    for (const k of keybindings) {
      assert.ok(known.has(k.command), `${k.command} is no command`);
      if (k.command === Commands.FocusView) assert.equal(k.when, undefined, 'Focus Plans View works from anywhere');
      else assert.ok(where(k), `${k.command} (${k.key}) has no when clause that limits it to the view or a plan editor: ${k.when}`);
    }
  });

  it('act on the row the keyboard is on in the view, and on the cursor line in the editor', () => {
    for (const k of keybindings) {
      // VS Code turns `{$treeViewId, $focusedTreeItem}` into the view's focused element before the command gets it.
      if (where(k) === 'view')
        assert.deepEqual(k.args, k.key === 'enter' ? { from: 'view', key: 'enter' } : { $treeViewId: VIEW_ID, $focusedTreeItem: true }, `${k.command} in the view`);
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

  it('the plan editor context is one the extension sets: true while a plan is the active editor', () => {
    const keys = contextKeysSet((store) => new PlanEditorContext(store as never));
    assert.deepEqual(keys, new Map([[PLAN_EDITOR_CONTEXT, true]]));
  });
});

describe('the Getting Started walkthrough', () => {
  const steps = (manifest.contributes.walkthroughs ?? []).flatMap((w) => w.steps);
  const commands = new Set<string>(Object.values(Commands));
  const views = new Set(Object.values(manifest.contributes.views).flatMap((vs) => vs.map((v) => v.id)));
  // What ContextKeys sets once a plan is in the workspace, the view is open and the plan is the active editor.
  const contextKeys = contextKeysSet((store) => new ContextKeys(store as never, { visible: true, onDidChangeVisibility: noEvent } as never, { getChildren: () => [] } as never, memento(), Promise.resolve()));

  it('goes from the view to the commit', () => {
    assert.deepEqual(steps.map((s) => s.id), ['openView', 'openPlan', 'runWorker', 'recordValidation', 'commit']);
  });

  it('completes each step by its real event: a contributed view or command, or a context key the extension sets', () => {
    for (const step of steps) {
      const events = step.completionEvents ?? [];
      // Without completion events a step completes when merely selected.
      assert.ok(events.length > 0, `${step.id} has completion events`);
      for (const event of events) {
        const [kind, name] = [event.slice(0, event.indexOf(':')), event.slice(event.indexOf(':') + 1)];
        if (kind === 'onView') assert.ok(views.has(name), `${step.id}: ${name} is no contributed view`);
        // VS Code gives every view a `<view id>.focus` command, the one the step's own button runs.
        else if (kind === 'onCommand') assert.ok(commands.has(name) || (name.endsWith('.focus') && views.has(name.slice(0, -'.focus'.length))), `${step.id}: ${name} is no contributed command`);
        else if (kind === 'onContext') assert.equal(contextKeys.get(name), true, `${step.id}: ${name} is not a context key the extension sets`);
        else assert.fail(`${step.id}: ${event} is not an event of the extension`);
      }
    }
  });

  it("links only to the extension's commands and its view", () => {
    for (const step of steps) {
      const links = [...step.description.matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]!);
      assert.ok(links.length > 0, `${step.id} has a button`);
      for (const id of links) assert.ok(commands.has(id) || id === FOCUS_VIEW, `${step.id} links to ${id}`);
    }
  });

  it('has a media file for each step, shipped in the package', () => {
    const shipped = readFileSync(join(root, '.vscodeignore'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('!'))
      .map((l) => new RegExp(`^${l.slice(1).replace(/[.]/g, '\\.').replace(/\*\*/g, '.+').replace(/\*/g, '[^/]+')}$`));
    for (const step of steps) {
      const media = step.media.markdown ?? step.media.image;
      assert.ok(media !== undefined, `${step.id} has media`);
      assert.ok(existsSync(join(root, media)), `${media} exists`);
      assert.ok(shipped.some((r) => r.test(media)), `${media} is shipped (.vscodeignore)`);
    }
  });
});

describe('the view left open at the last close', () => {
  const plan = Uri.file('/ws/.beads/PLAN.md');
  const root = { id: 'plan', uri: plan };
  /** ContextKeys on a store holding one plan and a view hidden at start (as the workbench leaves it after a reload); what it revealed, and the state. */
  async function start(wasVisible: boolean | undefined) {
    fake.reset();
    const store = { onDidChange: noEvent, list: () => [{ uri: plan }], get: (uri: Uri) => (uri.toString() === plan.toString() ? { uri: plan } : undefined) };
    const revealed: Array<{ node: unknown; options: unknown }> = [];
    let onVisibility: (() => void) | undefined;
    const view = {
      visible: false,
      onDidChangeVisibility: (listener: () => void) => ((onVisibility = listener), new Disposable(() => undefined)),
      reveal: async (node: unknown, options: unknown) => void revealed.push({ node, options }),
    };
    const tree = { getChildren: () => [root], uriOf: (n: typeof root) => n.uri };
    const state = memento(wasVisible === undefined ? {} : { 'beadsPlan.viewWasVisible': wasVisible });
    const keys = new ContextKeys(store as never, view as never, tree as never, state, Promise.resolve());
    // The reveal follows the setContext that lets the view show.
    await new Promise<void>((resolve) => setImmediate(resolve));
    return { keys, revealed, state, view, changeVisibility: (v: boolean) => ((view.visible = v), onVisibility?.()) };
  }

  it('is shown again, its first plan revealed without selecting or focusing it', async () => {
    const { keys, revealed } = await start(true);
    assert.deepEqual(revealed, [{ node: root, options: { select: false, focus: false, expand: false } }]);
    keys.dispose();
  });

  it('reveals the first plan below the Ready in beads group, which belongs to no plan', async () => {
    fake.reset();
    const store = { onDidChange: noEvent, list: () => [{ uri: plan }], get: (uri: Uri) => (uri.toString() === plan.toString() ? { uri: plan } : undefined) };
    const revealed: unknown[] = [];
    const view = { visible: false, onDidChangeVisibility: noEvent, reveal: async (node: unknown) => void revealed.push(node) };
    const ready = { id: 'beads-ready', kind: 'beadsReady' };
    // As PlanTreeProvider.uriOf: a node of no plan throws.
    const uriOf = (n: { uri?: Uri }) => n.uri ?? assert.fail('the Ready in beads group has no plan');
    const tree = { getChildren: () => [ready, root], uriOf };
    const keys = new ContextKeys(store as never, view as never, tree as never, memento({ 'beadsPlan.viewWasVisible': true }), Promise.resolve());
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(revealed, [root]);
    keys.dispose();
  });

  it('is not opened when it was closed, nor in a workspace never seen', async () => {
    for (const was of [false, undefined]) {
      const { keys, revealed } = await start(was);
      assert.deepEqual(revealed, [], `with ${String(was)}`);
      keys.dispose();
    }
  });

  it('is not opened by a plan that turns up after the first discovery, nor when revealing fails', async () => {
    fake.reset();
    let plans: Array<{ uri: Uri }> = [];
    let changed: (() => void) | undefined;
    const store = {
      onDidChange: (listener: () => void) => ((changed = listener), new Disposable(() => undefined)),
      list: () => plans,
      get: (uri: Uri) => plans.find((p) => p.uri.toString() === uri.toString()),
    };
    const revealed: unknown[] = [];
    const view = { visible: false, onDidChangeVisibility: noEvent, reveal: async (node: unknown) => void revealed.push(node) };
    const tree = { getChildren: () => plans.map(() => root), uriOf: (n: typeof root) => n.uri };
    const keys = new ContextKeys(store as never, view as never, tree as never, memento({ 'beadsPlan.viewWasVisible': true }), Promise.resolve());
    await new Promise<void>((resolve) => setImmediate(resolve));
    plans = [{ uri: plan }];
    changed?.();
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepEqual(revealed, [], 'a plan found later leaves the side bar where it is');
    keys.dispose();

    const failing = { ...view, reveal: () => Promise.reject(new Error('the view is not registered yet')) };
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => void rejections.push(e);
    process.on('unhandledRejection', onRejection);
    const again = new ContextKeys(store as never, failing as never, tree as never, memento({ 'beadsPlan.viewWasVisible': true }), Promise.resolve());
    await new Promise<void>((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', onRejection);
    assert.deepEqual(rejections, []);
    again.dispose();
  });

  it('is remembered as the user leaves it, but not as hidden by the start itself', async () => {
    const { keys, state, changeVisibility } = await start(true);
    assert.equal(state.values['beadsPlan.viewWasVisible'], true, 'the start, which hides it, is not the user closing it');
    changeVisibility(true);
    changeVisibility(false);
    assert.equal(state.values['beadsPlan.viewWasVisible'], false, 'closed by the user');
    changeVisibility(true);
    assert.equal(state.values['beadsPlan.viewWasVisible'], true);
    keys.dispose();
  });
});
