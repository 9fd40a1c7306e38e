import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { KeyedDebouncer } from '../../../src/util/debounce';

describe('KeyedDebouncer', () => {
  it('runs once per key after a burst', async () => {
    const runs: string[] = [];
    const d = new KeyedDebouncer<string>((k) => runs.push(k), 20, 1000);
    for (let i = 0; i < 50; i++) d.trigger(i % 2 ? 'a' : 'b');
    await sleep(60);
    assert.deepEqual(runs.sort(), ['a', 'b']);
    d.dispose();
  });
  it('never waits longer than maxWait during a storm', async () => {
    const runs: number[] = [];
    const start = Date.now();
    const d = new KeyedDebouncer<string>(() => runs.push(Date.now() - start), 30, 100);
    const storm = setInterval(() => d.trigger('plan'), 5);
    await sleep(260);
    clearInterval(storm);
    d.dispose();
    assert.ok(runs.length >= 2, `ran ${runs.length} times during a 260 ms storm`);
    assert.ok(runs[0]! < 180, `first run after ${runs[0]} ms`);
  });
  it('runs nothing after dispose', async () => {
    let runs = 0;
    const d = new KeyedDebouncer<string>(() => runs++, 10, 100);
    d.trigger('x');
    d.dispose();
    await sleep(30);
    assert.equal(runs, 0);
  });
});
