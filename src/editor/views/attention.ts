// Calling the user: the view's badge counts the plans that need them, and a
// notification announces a plan entering such a state while the editor runs,
// with the actions that answer it (run by command id: views never import the
// user flows).
import * as vscode from 'vscode';
import { attentionText, type Attention } from '../../plan/rules/attention';
import type { OutlineNode } from '../../plan/present/outline';
import type { AttentionService, NeedsUser } from '../services/attention';
import type { PlanStore } from '../services/planStore';
import type { WorkerService } from '../services/workerService';
import { Disposable } from '../util/dispose';
import { setting } from '../settings';
import { Commands } from '../commandIds';

/** `1ddafa05 is waiting for your approval: 3 tasks done, validation 3/3 valid.` */
function announcement(label: string, attention: Attention): string {
  const what = attention.summary ? `: ${attention.summary}` : '';
  switch (attention.kind) {
    case 'awaitingApproval':
      return `${label} is waiting for your approval${what}.`;
    case 'blockedAtGate':
      return `${label} stopped at the commit gate${what}.`;
    case 'workerStalled':
    case 'taskFailed':
      return `${label} needs you${what}.`;
  }
}

const REVIEW = 'Review Changes';
const COMMIT = 'Commit…';
const OPEN = 'Open Plan';
const SHOW_OUTPUT = 'Show Output';

export class AttentionBadge extends Disposable {
  constructor(
    private readonly view: vscode.TreeView<OutlineNode>,
    private readonly attention: AttentionService,
    private readonly store: PlanStore,
  ) {
    super();
    this._register(attention.onDidChange(() => this.update()));
    this.update();
  }

  private update(): void {
    const waiting = this.attention.list();
    const lines = waiting.map(({ entry, attention }) => `${this.store.label(entry)}: ${attentionText(attention)}`);
    this.view.badge = waiting.length === 0 ? undefined : { value: waiting.length, tooltip: [`${needYou(waiting.length)}:`, ...lines].join('\n') };
  }
}

/** `1 plan needs you`, `3 other plans need you`. */
export function needYou(n: number, other = false): string {
  return `${n} ${other ? 'other ' : ''}plan${n === 1 ? ' needs' : 's need'} you`;
}

export class AttentionNotifier extends Disposable {
  constructor(
    attention: AttentionService,
    private readonly store: PlanStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly workers: WorkerService,
  ) {
    super();
    this._register(attention.onDidEnter((waiting) => this.announce(waiting)));
  }

  private announce({ entry, attention }: NeedsUser): void {
    const message = announcement(this.store.label(entry), attention);
    const mode = setting('notifications', entry.uri);
    if (mode === 'off' || (mode === 'approvalOnly' && attention.kind !== 'awaitingApproval')) {
      this.log.info(`Not calling the user (beadsPlan.notifications is ${mode}): ${message}`);
      return;
    }
    this.log.info(`Calling the user: ${message}`);
    const uri = entry.uri;
    // A stalled or failed worker's output says why, when this window ran it.
    const worker = attention.taskIds?.find((id) => this.workers.hasOutput(id));
    const shown =
      attention.kind === 'awaitingApproval'
        ? vscode.window.showInformationMessage(message, REVIEW, COMMIT, OPEN)
        : vscode.window.showWarningMessage(message, ...(worker !== undefined ? [SHOW_OUTPUT] : []), OPEN);
    void shown.then((choice) => {
      if (choice === SHOW_OUTPUT && worker !== undefined) this.workers.showOutput(worker);
      else if (choice === REVIEW) void vscode.commands.executeCommand(Commands.ReviewChanges, { uri });
      else if (choice === COMMIT) void vscode.commands.executeCommand(Commands.Commit, { uri });
      else if (choice === OPEN) void vscode.commands.executeCommand(Commands.OpenPlan, { uri, line: attention.line });
    });
  }
}
