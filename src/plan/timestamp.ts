// Execution Log timestamps written the way the log already writes them:
// `2025-12-26`, `2025-12-26 11:05`, `2025-12-26T23:30`, `2025-12-26T23:30:00`,
// `…Z` (UTC) or with an offset; `YYYY-MM-DDTHH:MM` (local time) by default.

const SHAPE = /^\d{4}-\d{2}-\d{2}(?:([T ])\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

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
