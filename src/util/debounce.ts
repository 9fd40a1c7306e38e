// Per-key debouncing with a ceiling: a storm of events for one key (an agent
// rewriting a plan 50 times a second) runs the action once per quiet `delayMs`,
// and never waits longer than `maxWaitMs` after the first event. Keys are
// compared by `keyOf` (a Uri by its string form), and the action gets the
// latest value triggered, so nothing is rebuilt from the key.
export class KeyedDebouncer<K> {
  private readonly pending = new Map<string, { timer: ReturnType<typeof setTimeout>; first: number }>();

  constructor(
    private readonly action: (key: K) => void,
    private readonly delayMs: number,
    private readonly maxWaitMs: number,
    private readonly keyOf: (key: K) => string = String,
    private readonly now: () => number = Date.now,
  ) {}

  /** Schedules the action for `key`; a slower key (a plan whose parse is costly) may pass longer delays. */
  trigger(key: K, delayMs = this.delayMs, maxWaitMs = this.maxWaitMs): void {
    const id = this.keyOf(key);
    const entry = this.pending.get(id);
    const first = entry?.first ?? this.now();
    if (entry) clearTimeout(entry.timer);
    const wait = Math.max(0, Math.min(delayMs, first + maxWaitMs - this.now()));
    const timer = setTimeout(() => {
      this.pending.delete(id);
      this.action(key);
    }, wait);
    this.pending.set(id, { timer, first });
  }

  dispose(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}
