// Durations: the forms the extension writes read back to the same length, and
// the forms orchestrators write by hand read as they mean; anything else is
// undefined, never 0.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatElapsed, formatSilence, readDuration } from '../../../../src/plan/formats/duration';

describe('formatDuration', () => {
  it('writes a duration for people, in the log and everywhere it is shown', () => {
    assert.deepEqual(
      [150, 850, 2500, 6100, 59_940, 60_000, 90_000, 245_000, 1_800_000, 3_600_000, 4_380_000, 86_400_000, 97_200_000].map(formatDuration),
      ['150 ms', '850 ms', '2.5 s', '6.1 s', '59.9 s', '1 min', '1 min 30 s', '4 min 05 s', '30 min', '1 h', '1 h 13 min', '1 d', '1 d 3 h'],
    );
  });
  it('is read back by readDuration to the length it was written for (to its precision)', () => {
    for (const ms of [0, 150, 999, 2500, 6100, 59_900, 60_000, 245_000, 3_540_000, 4_380_000, 97_200_000]) assert.equal(readDuration(formatDuration(ms)), ms, formatDuration(ms));
  });
});

describe('the compact forms on tree rows', () => {
  it('formats elapsed time and silence', () => {
    assert.equal(formatElapsed(4_200), '4s');
    assert.equal(formatElapsed(72_000), '1m12s');
    assert.equal(formatElapsed(3_725_000), '62m05s');
    assert.equal(formatSilence(3_400), '3s');
    assert.equal(formatSilence(600_000), '10m');
    assert.equal(formatSilence(659_000), '10m');
  });
  it('are read back', () => {
    assert.equal(readDuration(formatElapsed(72_000)), 72_000);
    assert.equal(readDuration(formatSilence(600_000)), 600_000);
  });
});

describe('readDuration', () => {
  const cases: ReadonlyArray<readonly [string, number]> = [
    ['7m 02s', 422_000],
    ['1h 5m', 3_900_000],
    ['42s', 42_000],
    ['6.1 s', 6100],
    ['4 min 05 s', 245_000],
    ['1.5 min', 90_000],
    ['850 ms', 850],
    ['2 hours, 3 minutes', 7_380_000],
    ['1 d 3 h', 97_200_000],
    ['1:05', 65_000],
    ['1:02:05', 3_725_000],
    ['  12 Sec ', 12_000],
  ];
  for (const [text, ms] of cases) it(`reads "${text}" as ${ms} ms`, () => assert.equal(readDuration(text), ms));

  it('reads nothing else, so the caller falls back to timestamps', () => {
    for (const text of ['', 'soon', '7 parsecs', '5', 'm5', '1:75', '3 s and a bit', '—']) assert.equal(readDuration(text), undefined, text);
  });
});
