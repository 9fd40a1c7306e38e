// Which plans need their user now, and when a plan enters such a state while
// the editor runs: the badge, the plan nodes, the status bar and the
// notification all ask here. The rules (needsUser, AttentionTracker) are in
// src/plan/rules/attention.ts; this holds them to the store. Plans the first
// discovery finds were there before the editor: counted, not announced.
import * as vscode from 'vscode';
import { AttentionTracker, needsUser, type Attention, type AttentionKind } from '../../plan/rules/attention';
import type { Plan } from '../../plan/model';
import type { PlanEntry, PlanStore } from './planStore';
import { Disposable } from '../util/dispose';

/** Which running workers have stalled, per plan: the worker service's stall detection provides it. */
interface StallSource {
  stalled(uri: vscode.Uri): ReadonlySet<string>;
  readonly onDidChangeStalls: vscode.Event<vscode.Uri>;
}

export interface NeedsUser {
  readonly entry: PlanEntry;
  readonly attention: Attention;
}

export class AttentionService extends Disposable {
  /** Per parsed plan: a plan object is immutable, so its state is worked out once. */
  private readonly cache = new WeakMap<Plan, Attention | null>();
  private readonly tracker = new AttentionTracker();
  private discovering = true;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** The set of plans that need the user, or the state of one, changed. */
  readonly onDidChange = this.changed.event;
  private readonly entered = this._register(new vscode.EventEmitter<NeedsUser>());
  /** A plan entered a state that needs the user, after the editor started. */
  readonly onDidEnter = this.entered.event;

  /** `started` settles when the first discovery is over: a plan it finds was there before the editor, in the state it is found in. */
  constructor(
    private readonly store: PlanStore,
    started: Promise<unknown>,
    private readonly stalls?: StallSource,
  ) {
    super();
    this._register(store.onDidChange(() => this.update()));
    if (stalls)
      this._register(
        stalls.onDidChangeStalls((uri) => {
          const entry = store.get(uri);
          if (entry) this.cache.delete(entry.plan);
          this.update();
        }),
      );
    void started.finally(() => {
      this.update();
      this.discovering = false;
    });
  }

  /** What the plan needs from its user now, if anything. */
  of(entry: PlanEntry): Attention | undefined {
    let attention = this.cache.get(entry.plan);
    if (attention === undefined) {
      attention = needsUser(entry.plan, { stalled: this.stalls?.stalled(entry.uri) ?? new Set() }) ?? null;
      this.cache.set(entry.plan, attention);
    }
    return attention ?? undefined;
  }

  /** Every plan that needs the user, in the tree's order. */
  list(): NeedsUser[] {
    return this.store.list().flatMap((entry) => {
      const attention = this.of(entry);
      return attention ? [{ entry, attention }] : [];
    });
  }

  private update(): void {
    if (this.isDisposed) return;
    const entries = new Map(this.store.list().map((e) => [e.uri.toString(), e]));
    const states = new Map<string, AttentionKind | undefined>([...entries].map(([key, e]) => [key, this.of(e)?.kind]));
    const { entered, changed } = this.tracker.update(states, Date.now(), this.discovering);
    if (changed) this.changed.fire();
    for (const key of entered) {
      const entry = entries.get(key)!;
      this.entered.fire({ entry, attention: this.of(entry)! });
    }
  }
}
