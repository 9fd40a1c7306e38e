// Status words ⇄ normalised statuses. Plans write `✅ done`, `PASS`,
// `ready (close)`, `⏳ skipped`…: an optional emoji, a status word and an
// optional reason. The reading is strict where a status lets work through
// (see `readCell`), and anything not understood is kept verbatim as `unknown`.
import type { Status } from '../model';

const WORDS: ReadonlyMap<string, Status> = new Map<string, Status>([
  ...(['done', 'passed', 'pass', 'complete', 'completed', 'success', 'succeeded', 'ok', 'finished', 'worker done', 'committed', 'pushed', 'merged'] as const).map(
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

/** A Valid cell's words, as statuses: a yes reads `done`, a no `failed`; the done and failed status words count too. */
const YES_NO: ReadonlyMap<string, Status> = new Map<string, Status>([
  ...(['yes', 'y', 'true', 'valid'] as const).map((w) => [w, 'done'] as [string, Status]),
  ...(['no', 'n', 'false', 'invalid', 'not valid'] as const).map((w) => [w, 'failed'] as [string, Status]),
  ...[...WORDS].filter(([, s]) => s === 'done' || s === 'failed'),
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

/** Statuses after which nothing more is expected of a phase or task: the ones that let work through. */
const FINISHED: ReadonlySet<Status> = new Set<Status>(['done', 'skipped', 'closed']);
/** Meanings that say the work went wrong or still runs: beside a finished word, they contradict it. */
const TROUBLE: ReadonlySet<Status> = new Set<Status>(['failed', 'blocked', 'in_progress']);
/** The words that say so, status words and Valid words alike, for reading reasons. */
const AGAINST: ReadonlySet<string> = new Set([...WORDS, ...YES_NO].filter(([, s]) => TROUBLE.has(s)).map(([w]) => w));

const STRUCK = /~~|<\/?(?:del|s|strike)>/i;
const ARROW = /[→⟶⇒➔➜⇨←⟵⇐]|->|=>|<-/;
const NEGATION = /^(?:not|no|never|nor)$|n['’]t$/;
/** Where a status word ends and its reason starts: `ready (close)`, `done - waiting`, `done: 4 passed`. Spaces are collapsed first. */
const SEPARATOR = / [-–—] |[([:,;.!]/;

export interface StatusStyle {
  readonly emoji: boolean;
  /** `in_progress` rather than `in progress`. */
  readonly underscore: boolean;
}

/** How a cell reads: its status, the reason after its word when it reads as one, and, when it seems to name a status yet reads unknown, why. */
export interface Reading {
  readonly status: Status;
  readonly reason?: string;
  readonly doubt?: string;
}

const UNKNOWN: Reading = { status: 'unknown' };
const doubt = (why: string): Reading => ({ status: 'unknown', doubt: why });

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

/** Lower case, `_`/`-` joiners as spaces: `Worker_Done` → `worker done`. */
function phrase(words: string): string {
  return words.toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function marksOf(symbols: string): Status[] {
  const marks = new Set<Status>();
  for (const ch of symbols.replace(/\uFE0F/g, '')) {
    const hit = EMOJI.get(ch);
    if (hit) marks.add(hit);
  }
  return [...marks];
}

/** A reason without its separators and brackets: `(pending)` → `pending`, ` - waiting` → `waiting`. */
function bare(reason: string): string {
  const edge = (ch: string | undefined): boolean => ch !== undefined && ' ()[]:,;.!-–—'.includes(ch);
  let [from, to] = [0, reason.length];
  while (from < to && edge(reason[from])) from++;
  while (to > from && edge(reason[to - 1])) to--;
  return reason.slice(from, to);
}

/** The status a reason says when it says nothing but a status (`(pending)`, `, ❌`). */
function statusAlone(reason: string, words: ReadonlyMap<string, Status>): Status | undefined {
  const text = bare(reason);
  const { symbols, rest } = leadingSymbols(text);
  const marks = marksOf(symbols);
  if (rest === '') return marks.length === 1 ? marks[0] : undefined;
  return words.get(phrase(rest));
}

/** The first negation, or word, phrase or emoji of trouble, in a reason: what takes a finished word back. */
function takesBack(reason: string): string | undefined {
  const emoji = [...reason.replace(/\uFE0F/g, '')].find((ch) => TROUBLE.has(EMOJI.get(ch) ?? 'unknown'));
  if (emoji) return emoji;
  const tokens = reason.toLowerCase().split(/[^\p{L}\p{N}'’]+/u).filter((t) => t !== '');
  for (let i = 0; i < tokens.length; i++) {
    if (NEGATION.test(tokens[i]!)) return tokens[i];
    for (let n = 3; n >= 1; n--) {
      const words = tokens.slice(i, i + n).join(' ');
      // Single letters (`n = 12`) are not read as the Valid words `y` and `n` here.
      if (words.length > 1 && AGAINST.has(words)) return words;
    }
  }
  return undefined;
}

/**
 * The one rule for status and Valid cells. A cell is an optional emoji, a
 * word and an optional reason after a separator. It reads as its word when
 * the word is the whole phrase before the reason (`done-ish`, `done pending`
 * are no status word); as its emoji when there is no word or only a count
 * (`✅`, `✅ 12 passed`). It reads unknown, with the doubt, when it holds
 * struck-through text or an arrow (`done → pending`), when its emoji disagree
 * with each other or say trouble beside a finished word (`❌ done`), and when
 * the reason of a finished word takes it back: a negation (`Done (not
 * really)`) or a word of trouble (`done (2 failed)`). A reason that is
 * nothing but another status contradicts any word (`done - pending`,
 * `ready (done)`). Otherwise a reason may say what comes next (`done -
 * waiting for approval`); beyond that, the reason of an unfinished word is
 * not read, since that word lets nothing through either way.
 */
function readCell(raw: string, words: ReadonlyMap<string, Status>): Reading {
  const text = stripDecoration(raw);
  if (text === '' || text === '-') return UNKNOWN;
  if (STRUCK.test(text)) return doubt('it holds struck-through text');
  if (ARROW.test(text)) return doubt('it holds an arrow, which says the status changed rather than what it is');
  const { symbols, rest } = leadingSymbols(text);
  const marks = marksOf(symbols);
  if (marks.length > 1) return doubt(`its emoji disagree (${marks.join(', ')})`);
  const mark = marks[0];
  // Whitespace is collapsed before searching: `\s+-\s+` retried from every character of a long run was quadratic.
  const flat = rest.replace(/\s+/g, ' ').trim();
  const cut = SEPARATOR.exec(flat)?.index ?? flat.length;
  const head = phrase(flat.slice(0, cut));
  const word = words.get(head);
  let status: Status;
  let reason: string;
  if (word !== undefined) {
    if (mark !== undefined && FINISHED.has(word) && TROUBLE.has(mark))
      return doubt(`its emoji says ${mark.replace('_', ' ')} but its word says ${head}`);
    [status, reason] = [word, flat.slice(cut)];
  } else if (mark !== undefined && (head === '' || /^\d/.test(head))) [status, reason] = [mark, flat];
  else {
    const tokens = head.split(' ');
    const leads = tokens.slice(0, -1).some((_, k) => words.has(tokens.slice(0, k + 1).join(' ')));
    return leads ? doubt(`"${flat.slice(0, cut).trim()}" is no status word: the word must stand alone before its reason`) : UNKNOWN;
  }
  const said = head || symbols.trim();
  const other = statusAlone(reason, words);
  if (other !== undefined && other !== status) return doubt(`its reason "${bare(reason)}" is another status than "${said}"`);
  const against = FINISHED.has(status) ? takesBack(reason) : undefined;
  if (against !== undefined) return doubt(`its reason says "${against}", which takes "${said}" back`);
  return reason.trim() === '' ? { status } : { status, reason: reason.trim() };
}

/** Reads a status cell or `Status:` value by the rule of `readCell`. Empty and `-` read as unknown, without a doubt. */
export function readStatus(raw: string): Reading {
  return readCell(raw, WORDS);
}

export function parseStatus(raw: string): Status {
  return readStatus(raw).status;
}

/** Reads a Valid cell (`✅`, `yes (340 tests)`, `no`, `❌`, `not valid`) by the same rule; undefined when it says neither. */
export function readYesNo(raw: string): { readonly answer: boolean | undefined; readonly doubt?: string } {
  const { status, doubt: why } = readCell(raw, YES_NO);
  const answer = status === 'done' ? true : status === 'failed' ? false : undefined;
  return why === undefined ? { answer } : { answer, doubt: why };
}

export function parseYesNo(raw: string): boolean | undefined {
  return readYesNo(raw).answer;
}

function hasEmoji(raw: string): boolean {
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

const CANCELLED_WORDS: ReadonlySet<string> = new Set(['cancelled', 'canceled']);

/**
 * Whether a cell that reads failed says the work was stopped on purpose
 * (`⏹ cancelled`, `canceled: by user`, a lone `⏹`): still failed for what may
 * run next, but shown apart from a failure.
 */
export function isCancelled(raw: string): boolean {
  if (readStatus(raw).status !== 'failed') return false;
  const { symbols, rest } = leadingSymbols(stripDecoration(raw));
  const flat = rest.replace(/\s+/g, ' ').trim();
  const head = phrase(flat.slice(0, SEPARATOR.exec(flat)?.index ?? flat.length));
  return CANCELLED_WORDS.has(head) || (head === '' && symbols.includes('⏹'));
}

/** Statuses after which nothing more is expected of a phase or task. */
export function isFinished(status: Status): boolean {
  return FINISHED.has(status);
}
