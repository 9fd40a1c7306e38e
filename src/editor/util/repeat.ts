// Telling a double click on a tree node from a single one. VS Code runs a
// tree item's command on a single click (and on Enter) and tells the
// extension nothing about how it was invoked; a double click is two runs of
// the same node's command in quick succession. Pure: the clock is passed in.

/** How close two runs of one node's command must be to count as a double click (the OS default is about 500 ms). */
export const DOUBLE_CLICK_MS = 500;

export class RepeatDetector {
  private last: { readonly key: string; readonly at: number } | undefined;

  constructor(private readonly windowMs = DOUBLE_CLICK_MS) {}

  /** Records a run of `key` at `now` (ms); whether it repeats the previous run within the window. A third run starts over. */
  hit(key: string, now: number): boolean {
    const repeat = this.last !== undefined && this.last.key === key && now - this.last.at <= this.windowMs;
    this.last = repeat ? undefined : { key, at: now };
    return repeat;
  }
}
