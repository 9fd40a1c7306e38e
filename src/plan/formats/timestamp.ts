// Execution Log timestamps, the one home of their format: written the way the
// log already writes them (`2025-12-26`, `2025-12-26 11:05`,
// `2025-12-26T23:30`, `2025-12-26T23:30:00`, `…Z` (UTC) or with an offset;
// `YYYY-MM-DDTHH:MM` in local time by default), and read back by the one
// reader below. A time without a zone is local time, as the writer writes it.

const STAMP = String.raw`\d{4}-\d{2}-\d{2}(?:([T ])\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?`;
const SHAPE = new RegExp(`^${STAMP}$`);
/** A timestamp at the start of a log line, followed by anything. */
const LEADING = new RegExp(`^${STAMP.replace(/\((?!\?)/g, '(?:')}`);

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function offsetText(minutesEast: number, colon: boolean): string {
  const abs = Math.abs(minutesEast);
  return `${minutesEast < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}${colon ? ':' : ''}${pad(abs % 60)}`;
}

/** `now` in the shape of `sample` (an existing log timestamp), or `YYYY-MM-DDTHH:MM` without one. */
export function formatTimestamp(now: Date, sample = '2000-01-01T00:00'): string {
  const m = SHAPE.exec(sample) ?? SHAPE.exec('2000-01-01T00:00')!;
  const [, separator, seconds, fraction, zone] = m;
  const utc = zone === 'Z';
  const parts = utc
    ? [now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate(), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds()]
    : [now.getFullYear(), now.getMonth() + 1, now.getDate(), now.getHours(), now.getMinutes(), now.getSeconds()];
  const [year, month, day, hours, minutes, secs] = parts as [number, number, number, number, number, number];
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  if (separator === undefined) return date;
  const millis = utc ? now.getUTCMilliseconds() : now.getMilliseconds();
  const time =
    `${pad(hours)}:${pad(minutes)}` +
    (seconds ? `:${pad(secs)}` : '') +
    (fraction ? `.${pad(millis, 3).padEnd(fraction.length - 1, '0').slice(0, fraction.length - 1)}` : '');
  const suffix = zone === undefined ? '' : utc ? 'Z' : offsetText(-now.getTimezoneOffset(), zone.includes(':'));
  return `${date}${separator}${time}${suffix}`;
}

/**
 * A timestamp in one of those shapes as a date: local time unless it says `Z`
 * or an offset, a date alone at its local midnight. Undefined for anything else.
 */
export function readTimestamp(text: string): Date | undefined {
  const trimmed = text.trim();
  const m = SHAPE.exec(trimmed);
  if (!m) return undefined;
  const [date, time = '00:00:00'] = trimmed.split(/[T ]/);
  const [year, month, day] = date!.split('-').map(Number) as [number, number, number];
  const [hours, minutes, seconds] = time.replace(/(?:Z|[+-]\d{2}:?\d{2})$/, '').split(':').map(Number) as [number, number, number?];
  if (hours > 23 || minutes > 59 || (seconds ?? 0) >= 60) return undefined;
  const fields = [year, month - 1, day, hours, minutes, Math.floor(seconds ?? 0), Math.round(((seconds ?? 0) % 1) * 1000)] as const;
  const zone = m[4];
  let result: Date;
  if (zone === undefined) result = new Date(...fields);
  else {
    const offset = zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
    result = new Date(Date.UTC(...fields) - offset * 60_000);
  }
  // `2025-02-30` would roll over into March: not a date the plan wrote.
  const real = new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
  return real && !Number.isNaN(result.getTime()) ? result : undefined;
}

/** The timestamp a log line starts with (`2025-12-26 11:05: text` → `2025-12-26 11:05`), if any. */
export function leadingTimestamp(text: string): string | undefined {
  return LEADING.exec(text)?.[0];
}

/** A timestamp's time in ms, only when it has a time of day (a date alone says nothing of how long things took). */
export function readTimeOfDay(text: string): number | undefined {
  if (SHAPE.exec(text.trim())?.[1] === undefined) return undefined;
  return readTimestamp(text)?.getTime();
}
