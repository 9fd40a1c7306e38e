// KeyedDebouncer on a mocked clock: the timers and the time it reads move
// together, tick by tick, so a storm is replayed exactly however busy the
// machine is.
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedDebouncer } from '../../../src/util/debounce';

describe('KeyedDebouncer', () => {
  let clock = 0;
  const now = (): number => clock;
  /** Moves the clock and the mocked timers by `ms`, `step` at a time. */
  const advance = (ms: number, step = 1, each?: (t: number) => void): void => {
    for (let t = 0; t < ms; t += step) {
      clock += step;
      mock.timers.tick(step);
      each?.(clock);
    }
  };
  beforeEach(() => {
    clock = 0;
    mock.timers.enable({ apis: ['setTimeout'] });
  });
  afterEach(() => mock.timers.reset());

  it('runs once per key after a burst', () => {
    const runs: string[] = [];
    const d = new KeyedDebouncer<string>((k) => runs.push(k), 20, 1000, String, now);
    for (let i = 0; i < 50; i++) d.trigger(i % 2 ? 'a' : 'b');
    advance(19);
    assert.deepEqual(runs, [], 'nothing before the quiet delay');
    advance(1);
    assert.deepEqual(runs.sort(), ['a', 'b']);
    d.dispose();
  });

  it('never waits longer than maxWait during a storm', () => {
    const runs: number[] = [];
    const d = new KeyedDebouncer<string>(() => runs.push(clock), 30, 100, String, now);
    d.trigger('plan');
    // An event every 5 ms for 260 ms: never quiet for 30 ms, so only the ceiling lets it run.
    advance(260, 5, () => d.trigger('plan'));
    d.dispose();
    assert.deepEqual(runs, [100, 200]);
  });

  it('runs nothing after dispose', () => {
    let runs = 0;
    const d = new KeyedDebouncer<string>(() => runs++, 10, 100, String, now);
    d.trigger('x');
    d.dispose();
    advance(30);
    assert.equal(runs, 0);
  });
});
