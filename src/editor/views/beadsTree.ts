// beads in the Beads Work Plans view: a task row's tooltip shows its beads
// issue and its description says `beads: open` where beads and the plan
// disagree; the Ready in beads group lists ready issues no plan names; the
// view's message area carries the one line that says bd cannot be used.
import * as vscode from 'vscode';
import { describeIssue, priorityText } from '../../beads/describe';
import { contextValue, Ctx, type OutlineNode } from '../../plan/present/outline';
import type { BeadsService } from '../services/beads';
import type { PlanStore } from '../services/planStore';
import { Disposable } from '../util/dispose';
import { affects, setting } from '../settings';

const READY_ID = 'beads-ready';
/** Set while bd's last answer was a problem: the view's title offers Open beads Settings. */
const PROBLEM_CONTEXT = 'beadsPlan.bdProblem';
/** Set while beadsPlan.orchestrator.command names a program: Start Plan… is offered. */
const ORCHESTRATOR_CONTEXT = 'beadsPlan.orchestratorSet';

/** The tooltip of a task with a beads issue: the plan's own lines, then beads'. Every text from beads is escaped. */
function tooltip(planTooltip: string | undefined, issue: Parameters<typeof describeIssue>[0]): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  const lines = (texts: readonly string[]) => texts.forEach((t) => md.appendText(t).appendMarkdown('  \n'));
  if (planTooltip) {
    lines(planTooltip.split('\n'));
    md.appendMarkdown('\n---\n\n');
  }
  const described = describeIssue(issue);
  md.appendMarkdown('**').appendText(described.title).appendMarkdown('**  \n');
  for (const block of described.blocks) {
    if (block.heading) md.appendMarkdown('\n_').appendText(block.heading).appendMarkdown('_  \n');
    lines(block.lines);
  }
  return md;
}

export class BeadsRows {
  private readonly group: OutlineNode & { children: OutlineNode[] } = {
    kind: Ctx.BeadsReady,
    id: READY_ID,
    label: 'Ready in beads',
    icon: { id: 'inbox' },
    contextValue: contextValue(Ctx.BeadsReady),
    children: [],
    expanded: true,
  };

  constructor(
    private readonly beads: BeadsService,
    private readonly store: PlanStore,
  ) {}

  /** The Ready in beads group, rebuilt from the latest `bd ready`; undefined while nothing is ready. */
  readyGroup(): OutlineNode | undefined {
    const ready = this.beads.readyWork();
    if (ready.length === 0) return undefined;
    const group = this.group;
    group.children.length = 0;
    for (const { issue } of ready)
      group.children.push({
        kind: Ctx.BeadsIssue,
        id: `${READY_ID}/${encodeURIComponent(issue.id)}`,
        parent: group,
        label: issue.title || issue.id,
        description: `${priorityText(issue.priority)} · ${issue.id}`,
        tooltip: [`${issue.id}: ${issue.title}`, `${issue.status} · ${priorityText(issue.priority)}${issue.type ? ` · ${issue.type}` : ''}`, issue.description.split('\n')[0] ?? '']
          .filter(Boolean)
          .join('\n'),
        icon: { id: 'circle-large-outline' },
        contextValue: contextValue(Ctx.BeadsIssue),
        children: [],
        taskId: issue.id,
      });
    Object.assign(group, { description: String(ready.length) });
    return group;
  }

  /** A task row with what beads says about it: tooltip, `beads: <status>` on a disagreement, and the inBeads flag. */
  decorate(item: vscode.TreeItem, n: OutlineNode, uri: vscode.Uri): void {
    if (n.kind !== Ctx.Task || n.taskId === undefined) return;
    const task = this.store.get(uri)?.plan.tasks.find((t) => t.id === n.taskId);
    const issue = task && this.beads.issueOf(uri, task);
    if (!task || !issue) return;
    item.tooltip = tooltip(n.tooltip, issue);
    item.contextValue = `${item.contextValue ?? ''}${contextValue(Ctx.InBeads)}`;
    const disagrees = this.beads.disagreementsOf(uri).some((d) => d.task.id === task.id);
    if (disagrees) item.description = [n.description, `beads: ${issue.status}`].filter(Boolean).join(' · ');
  }
}

/** The view's message line, and the context keys of Open beads Settings and Start Plan…. */
export class BeadsViewState extends Disposable {
  constructor(view: vscode.TreeView<OutlineNode>, beads: BeadsService) {
    super();
    const show = () => {
      const problem = beads.problem;
      view.message = problem ? `beads: ${problem.message}` : undefined;
      void vscode.commands.executeCommand('setContext', PROBLEM_CONTEXT, problem !== undefined);
    };
    // A `when` clause reads an empty array setting as true: the key says whether a program is set.
    const orchestrator = () => void vscode.commands.executeCommand('setContext', ORCHESTRATOR_CONTEXT, (setting('orchestrator.command')[0] ?? '').trim() !== '');
    this._register(beads.onDidChange((uri) => uri === undefined && show()));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => affects(e, 'orchestrator.command') && orchestrator()));
    orchestrator();
  }
}
