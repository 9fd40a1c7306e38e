// Status words ⇄ normalised statuses. Plans write `✅ done`, `PASS`,
// `ready (close)`, `⏳ skipped`…; the words win over the emoji, and anything
// not understood is kept verbatim as `unknown`.
import type { Status } from './model';

const WORDS: ReadonlyMap<string, Status> = new Map<string, Status>([
  ...(['done', 'passed', 'pass', 'complete', 'completed', 'success', 'succeeded', 'ok', 'finished', 'worker done'] as const).map(
    (w) => [w, 'done'] as [string, Status],
  ),
  ...(['pending', 'todo', 'to do', 'ready', 'open', 'waiting', 'not started', 'queued', 'planned'] as const).map(
    (w) => [w, 'pending'] as [string, Status],
  ),
  ...(['in progress', 'running', 'started', 'active', 'working', 'ongoing', 'wip'] as const).map(
    (w) => [w, 'in_progress'] as [string, Status],
  ),
  ...(['failed', 'fail', 'error', 'errored', 'failure', 'cancelled', 'canceled', 'timeout', 'timed out'] as const).map(
    (w) => [w, 'failed'] as [string, Status],
  ),
  ...(['blocked', 'on hold'] as const).map((w) => [w, 'blocked'] as [string, Status]),
  ...(['skipped', 'skip', 'n/a', 'na', 'not applicable'] as const).map((w) => [w, 'skipped'] as [string, Status]),
  ['closed', 'closed'],
]);

// Emoji are compared without variation selectors (U+FE0F), which plans use inconsistently.
const EMOJI: ReadonlyMap<string, Status> = new Map<string, Status>([
  ['✅', 'done'],
  ['✔', 'done'],
  ['✓', 'done'],
  ['☑', 'done'],
  ['⏳', 'pending'],
  ['⌛', 'pending'],
  ['🕐', 'pending'],
  ['🔄', 'in_progress'],
  ['▶', 'in_progress'],
  ['🏃', 'in_progress'],
  ['❌', 'failed'],
  ['✗', 'failed'],
  ['✘', 'failed'],
  ['⏹', 'failed'],
  ['🔴', 'failed'],
  ['⚠', 'blocked'],
  ['🚫', 'blocked'],
  ['⛔', 'blocked'],
  ['⏭', 'skipped'],
]);

/** How each status is written when the plan uses emoji. */
const EMOJI_OF: Readonly<Record<Status, string>> = {
  done: '✅',
  pending: '⏳',
  in_progress: '🔄',
  failed: '❌',
  blocked: '⚠️',
  skipped: '⏭️',
  closed: '✅',
  unknown: '',
};

export interface StatusStyle {
  readonly emoji: boolean;
  /** `in_progress` rather than `in progress`. */
  readonly underscore: boolean;
}

/** Strips Markdown emphasis markers that decorate a cell or line. */
export function stripDecoration(text: string): string {
  const bare = text.replace(/\*\*|__/g, '').trim();
  const wrapped = /^([*_])(.*)\1$/.exec(bare);
  return (wrapped ? wrapped[2]! : bare).trim();
}

function leadingSymbols(text: string): { symbols: string; rest: string } {
  // Everything before the first letter, digit or opening bracket is decoration (emoji, spaces).
  const symbols = /^[^\p{L}\p{N}(/[]*/u.exec(text)![0];
  return { symbols, rest: text.slice(symbols.length) };
}

function statusOfWords(words: string): Status | undefined {
  // Whitespace is collapsed before splitting: `\s+-\s+` retried from every character of a long run was quadratic.
  const phrase = words
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .split(/ - |[(:,;.!]| — /)[0]!
    .replace(/[_-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (phrase === '') return undefined;
  const whole = WORDS.get(phrase);
  if (whole) return whole;
  const tokens = phrase.split(' ');
  for (let n = Math.min(3, tokens.length); n >= 1; n--) {
    const hit = WORDS.get(tokens.slice(0, n).join(' '));
    if (hit) return hit;
  }
  return undefined;
}

function statusOfSymbols(symbols: string): Status | undefined {
  for (const ch of symbols.replace(/\uFE0F/g, '')) {
    const hit = EMOJI.get(ch);
    if (hit) return hit;
  }
  return undefined;
}

/** Reads a status cell or `Status:` value. Empty and `-` read as unknown with empty text. */
export function parseStatus(raw: string): Status {
  const text = stripDecoration(raw);
  if (text === '' || text === '-') return 'unknown';
  const { symbols, rest } = leadingSymbols(text);
  return statusOfWords(rest) ?? statusOfSymbols(symbols) ?? statusOfSymbols(rest) ?? 'unknown';
}

export function hasEmoji(raw: string): boolean {
  return /\p{Extended_Pictographic}/u.test(raw);
}

/** The style a plan writes statuses in, read from the status texts it already has. */
export function detectStyle(samples: readonly string[]): StatusStyle {
  return {
    emoji: samples.some(hasEmoji),
    underscore: samples.some((s) => /\b[a-z]+_[a-z]+\b/.test(s) && !/\s/.test(stripDecoration(s))),
  };
}

/** Writes a status in the given style: `✅ done`, `🔄 in progress`, `in_progress`. */
export function formatStatus(status: Status, style: StatusStyle): string {
  const word = status === 'in_progress' ? (style.underscore ? 'in_progress' : 'in progress') : status;
  return style.emoji && EMOJI_OF[status] !== '' ? `${EMOJI_OF[status]} ${word}` : word;
}

/** Reads a yes/no cell (`✅`, `yes (340 tests)`, `no`, `❌`); undefined when it says neither. */
export function parseYesNo(raw: string): boolean | undefined {
  const text = stripDecoration(raw).toLowerCase();
  if (text === '' || text === '-') return undefined;
  if (/^(?:yes|true|pass(?:ed)?|ok|valid)\b/.test(text)) return true;
  if (/^(?:no|false|fail(?:ed)?|invalid)\b/.test(text)) return false;
  const s = statusOfSymbols(leadingSymbols(text).symbols);
  if (s === 'done') return true;
  if (s === 'failed') return false;
  return undefined;
}

/** Statuses after which nothing more is expected of a phase or task. */
export function isFinished(status: Status): boolean {
  return status === 'done' || status === 'skipped' || status === 'closed';
}
