// The log's timestamps: the writer beside its reader, as `src/plan/formats/timestamp.ts` keeps them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatTimestamp, leadingTimestamp, readTimeOfDay, readTimestamp } from '../../../../src/plan/formats/timestamp';

describe('formatTimestamp', () => {
  const local = new Date(2025, 11, 27, 9, 5, 7, 250);
  const utc = new Date(Date.UTC(2025, 11, 27, 9, 5, 7, 250));
  const cases: ReadonlyArray<readonly [string | undefined, Date, string]> = [
    [undefined, local, '2025-12-27T09:05'],
    ['2025-12-26', local, '2025-12-27'],
    ['2025-12-26T23:30', local, '2025-12-27T09:05'],
    ['2025-12-26T23:30:00', local, '2025-12-27T09:05:07'],
    ['2025-12-26T08:00:00Z', utc, '2025-12-27T09:05:07Z'],
    ['2025-12-26T08:00Z', utc, '2025-12-27T09:05Z'],
    ['2025-12-26T08:00:00.123Z', utc, '2025-12-27T09:05:07.250Z'],
    ['2025-12-26 11:05', local, '2025-12-27 09:05'],
  ];
  for (const [sample, now, want] of cases)
    it(`writes ${sample ?? 'the default'} as ${want}`, () => assert.equal(formatTimestamp(now, sample), want));
  it('writes an offset in the sample’s form', () => {
    assert.match(formatTimestamp(local, '2025-12-26T08:00:00+02:00'), /^2025-12-27T09:05:07[+-]\d{2}:\d{2}$/);
    assert.match(formatTimestamp(local, '2025-12-26T08:00+0200'), /^2025-12-27T09:05[+-]\d{4}$/);
  });
});

describe('readTimestamp', () => {
  it('reads back what formatTimestamp writes, to the precision of the shape', () => {
    const now = new Date(2025, 11, 27, 9, 5, 7, 250);
    for (const sample of ['2025-12-26T23:30', '2025-12-26T23:30:00', '2025-12-26T08:00:00Z', '2025-12-26T08:00:00.123Z', '2025-12-26 11:05', '2025-12-26T08:00:00+02:00']) {
      const written = formatTimestamp(now, sample);
      const precision = sample.includes('.') ? 1 : sample.split(':').length > 2 ? 1000 : 60_000;
      assert.equal(readTimestamp(written)!.getTime(), Math.floor(now.getTime() / precision) * precision, `${sample} → ${written}`);
    }
  });
  it('reads a time without a zone as local time, with Z or an offset as that zone', () => {
    assert.equal(readTimestamp('2025-12-26T23:30')!.getTime(), new Date(2025, 11, 26, 23, 30).getTime());
    assert.equal(readTimestamp('2025-12-26T23:30Z')!.getTime(), Date.UTC(2025, 11, 26, 23, 30));
    assert.equal(readTimestamp('2025-12-26T23:30+02:00')!.getTime(), Date.UTC(2025, 11, 26, 21, 30));
    assert.equal(readTimestamp('2025-12-26T23:30-0130')!.getTime(), Date.UTC(2025, 11, 27, 1, 0));
    assert.equal(readTimestamp('2025-12-26')!.getTime(), new Date(2025, 11, 26).getTime());
  });
  it('refuses what is no timestamp: a day that does not exist, an hour past 23, other words', () => {
    for (const text of ['2025-02-30', '2025-12-26T24:00', '2025-12-26T23:60', 'yesterday', '2025-12-26T23:30 and more', ''])
      assert.equal(readTimestamp(text), undefined, text);
  });
});

describe('leadingTimestamp and readTimeOfDay', () => {
  it('finds the timestamp a log line starts with', () => {
    assert.equal(leadingTimestamp('2025-12-26 11:05: Worker started for f8s'), '2025-12-26 11:05');
    assert.equal(leadingTimestamp('2025-12-26T23:30:00Z Plan initialized'), '2025-12-26T23:30:00Z');
    assert.equal(leadingTimestamp('Plan initialized at 2025-12-26'), undefined);
  });
  it('gives a time only for a timestamp with a time of day', () => {
    assert.equal(readTimeOfDay('2025-12-26T23:30Z'), Date.UTC(2025, 11, 26, 23, 30));
    assert.equal(readTimeOfDay('2025-12-26'), undefined);
  });
});
