// Per-key debouncing with a ceiling: a storm of events for one key (an agent
// rewriting a plan 50 times a second) runs the action once per quiet `delayMs`,
// and never waits longer than `maxWaitMs` after the first event.
export class KeyedDebouncer<K> {
  private readonly pending = new Map<K, { timer: ReturnType<typeof setTimeout>; first: number }>();

  constructor(
    private readonly action: (key: K) => void,
    private readonly delayMs: number,
    private readonly maxWaitMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  trigger(key: K): void {
    const entry = this.pending.get(key);
    const first = entry?.first ?? this.now();
    if (entry) clearTimeout(entry.timer);
    const wait = Math.max(0, Math.min(this.delayMs, first + this.maxWaitMs - this.now()));
    const timer = setTimeout(() => {
      this.pending.delete(key);
      this.action(key);
    }, wait);
    this.pending.set(key, { timer, first });
  }

  dispose(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}
