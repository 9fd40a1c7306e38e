// Every argument a command can be invoked with, turned into its target and
// its source in the one place that tells them apart: a tree node, null from a
// view key with no row under the keyboard, a CodeLens's arguments, Enter in
// the view (and the wait it owns), and no argument from the palette with a
// plan editor active (on a node's line or another) or without one.
import { fake, Position, Uri, window } from './vscode';
import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CommandTargets } from '../../../src/editor/commandTarget';
import { Ctx, type OutlineNode } from '../../../src/plan/present/outline';

const PLAN = Uri.file('/ws/.beads/PLAN.md');

const node = (kind: Ctx, id: string, extra: Partial<OutlineNode> = {}): OutlineNode => ({ kind, id, label: id, contextValue: `${kind};`, children: [], ...extra });
const task = node(Ctx.Task, 'plan/task/a-1', { taskId: 'a-1', line: 12 });
const phase = node(Ctx.Phase, 'plan/phase/3', { phaseNumber: 3, line: 7 });
const ready = node(Ctx.BeadsReady, 'ready/b-9', { taskId: 'b-9' });

describe('CommandTargets', () => {
  const selection: OutlineNode[] = [];
  const services = {
    tree: {
      uriOf: () => PLAN,
      nodeAt: (uri: Uri, line: number) => (uri.toString() === PLAN.toString() ? [task, phase].find((n) => n.line !== undefined && n.line <= line && line < n.line + 3) : undefined),
    },
    view: { selection },
    store: { get: (uri: Uri) => (uri.toString() === PLAN.toString() ? { uri } : undefined) },
  };
  let targets: CommandTargets;

  beforeEach(() => {
    fake.reset();
    selection.length = 0;
    targets?.dispose();
    targets = new CommandTargets(services as never);
  });

  const editorAt = (uri: Uri, line: number) => {
    window.activeTextEditor = { document: { uri }, selection: { active: new Position(line, 0) } };
  };

  it('a tree node: its plan, task, phase and line, from the tree', async () => {
    assert.deepEqual(await targets.toTarget(task), { source: 'tree', uri: PLAN, node: task, taskId: 'a-1', line: 12 });
    assert.deepEqual(await targets.toTarget(phase), { source: 'tree', uri: PLAN, node: phase, phaseNumber: 3, line: 7 });
  });

  it('a Ready in beads row: the issue alone, no plan', async () => {
    assert.deepEqual(await targets.toTarget(ready), { source: 'tree', node: ready, taskId: 'b-9' });
  });

  it('null, a view key with no row under the keyboard: the selected row, else nothing', async () => {
    assert.deepEqual(await targets.toTarget(null), { source: 'tree' });
    selection.push(task);
    assert.deepEqual(await targets.toTarget(null), { source: 'tree', uri: PLAN, node: task, taskId: 'a-1', line: 12 });
  });

  it("a CodeLens's arguments (or another command's): what they name, nothing else", async () => {
    const target = await targets.toTarget({ uri: PLAN, taskId: 'a-1', line: 4, phaseNumber: 'three', other: true });
    assert.equal(target.source, 'lens');
    assert.equal(target.uri?.toString(), PLAN.toString());
    assert.deepEqual({ ...target, uri: undefined }, { source: 'lens', uri: undefined, taskId: 'a-1', line: 4 });
  });

  it('Enter in the view: the row list.select runs its command with', async () => {
    const entered = targets.toTarget({ from: 'view', key: 'enter' });
    // VS Code's Enter selects the focused row and runs the row's command with its node: that invocation is a click's.
    assert.deepEqual(await targets.toTarget(task), { source: 'tree', uri: PLAN, node: task, taskId: 'a-1', line: 12 });
    assert.deepEqual(await entered, { source: 'enter', uri: PLAN, node: task, taskId: 'a-1', line: 12 });
    assert.deepEqual(fake.commands.map((c) => c.id), ['list.select']);
  });

  it('Enter on a row with no command: the selection, once the bound has passed', async () => {
    selection.push(phase);
    assert.deepEqual(await targets.toTarget({ from: 'view', key: 'enter' }), { source: 'enter', uri: PLAN, node: phase, phaseNumber: 3, line: 7 });
  });

  it('Enter with no row at all: nothing but the source', async () => {
    assert.deepEqual(await targets.toTarget({ from: 'view', key: 'enter' }), { source: 'enter' });
  });

  it('disposing ends a pending Enter with no row', async () => {
    selection.push(phase);
    const entered = targets.toTarget({ from: 'view', key: 'enter' });
    targets.dispose();
    assert.deepEqual(await entered, { source: 'enter' });
  });

  it('no argument, a plan editor active, the cursor on a node: that node at the cursor line', async () => {
    editorAt(PLAN, 12);
    assert.deepEqual(await targets.toTarget(undefined), { source: 'editor', uri: PLAN, node: task, taskId: 'a-1', line: 12 });
  });

  it("no argument, a plan editor active, the cursor off a node's own line: the plan and the line", async () => {
    // Line 13 lies inside the task's rows, but only its own line names the task.
    editorAt(PLAN, 13);
    assert.deepEqual(await targets.toTarget(undefined), { source: 'editor', uri: PLAN, line: 13 });
  });

  it('no argument and no plan editor: the palette, naming nothing', async () => {
    assert.deepEqual(await targets.toTarget(undefined), { source: 'palette' });
    editorAt(Uri.file('/ws/README.md'), 2);
    assert.deepEqual(await targets.toTarget(undefined), { source: 'palette' });
  });

  it('runs list.select only for Enter', async () => {
    await targets.toTarget(task);
    await targets.toTarget({ uri: PLAN });
    await targets.toTarget(null);
    await targets.toTarget(undefined);
    assert.deepEqual(fake.commands, []);
  });
});
