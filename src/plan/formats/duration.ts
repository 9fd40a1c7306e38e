// Durations, written and read in one place. The extension writes one form
// (`850 ms`, `6.1 s`, `4 min 05 s`, `1 h 12 min`, `2 d 3 h`) into the log and
// shows it everywhere, and two compact forms on tree rows (`1m05s` elapsed,
// `10m` silent). The reader takes those and what orchestrators write by hand:
// `7m 02s`, `1h 5m`, `42s`, `6.1 s`, `4 min 05 s`, `1.5 min`, `1:05`.
// A duration it cannot read is undefined, never 0: the caller then falls back
// to what else it knows (a run's two timestamps).

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `850 ms`, `6.1 s`, `4 min 05 s`, `1 h 12 min`, `2 d 3 h`: a duration for a person, and the log's form. */
export function formatDuration(ms: number): string {
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < MINUTE) return `${Math.round(ms / 100) / 10} s`;
  const s = Math.round(ms / SECOND);
  if (s < 3600) return s % 60 === 0 ? `${s / 60} min` : `${Math.floor(s / 60)} min ${pad2(s % 60)} s`;
  const m = Math.round(s / 60);
  if (m < 24 * 60) return m % 60 === 0 ? `${m / 60} h` : `${Math.floor(m / 60)} h ${pad2(m % 60)} min`;
  const h = Math.round(m / 60);
  return h % 24 === 0 ? `${h / 24} d` : `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** `4s`, `1m05s`: the elapsed time beside a running task, short enough for a narrow row. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / SECOND));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${pad2(s % 60)}s` : `${s}s`;
}

/** `45s`, `10m`: how long a stalled worker has been silent (minutes are enough past one). */
export function formatSilence(ms: number): string {
  const s = Math.max(0, Math.floor(ms / SECOND));
  return s >= 60 ? `${Math.floor(s / 60)}m` : `${s}s`;
}

/** Each unit word a writer may use, by its length in ms. */
const UNITS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(?:ms|msecs?|millis(?:econds?)?)$/, 1],
  [/^(?:s|secs?|seconds?)$/, SECOND],
  [/^(?:m|mins?|minutes?)$/, MINUTE],
  [/^(?:h|hrs?|hours?)$/, HOUR],
  [/^(?:d|days?)$/, DAY],
];

/** One `<amount><unit>` part: `7m`, `02s`, `6.1 s`, `4 min`. */
const PART = /(\d+(?:\.\d+)?)\s*([a-z]+)/y;
/** `1:05` (m:ss) or `1:02:05` (h:mm:ss). */
const CLOCK = /^(\d+):([0-5]\d)(?::([0-5]\d))?$/;

/** A duration as any of the forms above, in ms; undefined for anything else (the whole text must be a duration). */
export function readDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  const clock = CLOCK.exec(t);
  if (clock) {
    const [a, b, c] = [Number(clock[1]), Number(clock[2]), clock[3] === undefined ? undefined : Number(clock[3])];
    return c === undefined ? a * MINUTE + b * SECOND : a * HOUR + b * MINUTE + c * SECOND;
  }
  let total = 0;
  let parts = 0;
  let at = 0;
  while (at < t.length) {
    PART.lastIndex = at;
    const m = PART.exec(t);
    if (!m) return undefined;
    const unit = UNITS.find(([word]) => word.test(m[2]!));
    if (!unit) return undefined;
    total += Number(m[1]) * unit[1];
    parts++;
    at = PART.lastIndex;
    // Parts are separated by spaces, a comma, or nothing (`1m05s`).
    while (at < t.length && (t[at] === ' ' || t[at] === ',')) at++;
  }
  return parts > 0 ? Math.round(total) : undefined;
}
