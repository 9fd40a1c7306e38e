// How the gate reads one cell: pass, doubt or block, closed by construction.
// A cell passes only when it is a finished word with decoration alone
// (`✅ **done**`); it blocks when it plainly says something went wrong (a
// failure word, a cross or stop emoji, `0 passed`, `2/4`); whatever else it
// holds beside a finished word is a doubt, never a pass. The text is read
// after NFKC, with zero-width characters removed and look-alike letters
// folded, so `fаiled` (Cyrillic а), `fa\u200Biled` and full-width `ｆａｉｌｅｄ`
// read as `failed`. Task, validation, review and summary cells all read here.
import { readStatus, readYesNo, isFinished } from './status';
import type { Status } from '../model';

export type Verdict = 'pass' | 'doubt' | 'block';

export interface CellVerdict {
  readonly verdict: Verdict;
  /** The status the cell reads as (`unknown` when it reads as none). */
  readonly status: Status;
  /** Why it is not a pass, in a few words for a message. */
  readonly why?: string;
}

/** Format characters that render as nothing: zero-width space/joiners, word joiner, BOM, soft hyphen, Mongolian vowel separator. */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u2060-\u2064\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/**
 * Cyrillic and Greek letters that look like Latin ones, folded to them. A
 * small subset of Unicode's confusables table (UTS #39, `confusables.txt`,
 * the single-letter Cyrillic/Greek → Latin mappings): enough that no status
 * or failure word can be spelled with look-alikes. NFKC already folds the
 * full-width and mathematical forms.
 */
const CONFUSABLE: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ɡ: 'g', ӏ: 'l',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', Ѕ: 'S', І: 'I', Ј: 'J', Ү: 'Y',
  α: 'a', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ς: 's',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
};
const CONFUSABLE_RE = new RegExp(`[${Object.keys(CONFUSABLE).join('')}]`, 'gu');

/** The text a reader sees: NFKC, invisible characters removed, look-alike letters folded to Latin. */
export function normalizeCell(text: string): string {
  // ASCII is its own normal form: most cells skip the work.
  if (!/[^\x20-\x7e]/.test(text)) return text;
  return text.normalize('NFKC').replace(INVISIBLE, '').replace(CONFUSABLE_RE, (ch) => CONFUSABLE[ch]!);
}

/** Emoji and marks that say the work is not done, whatever word stands beside them. */
const STOP_MARKS = /[❌✖❎🛑☐✗✘⛔🚫🔴⏹]/u;
/** Marks that may decorate a finished word. */
const DONE_MARKS = new Set(['✅', '✔', '✓', '☑', '⏭', '🟢']);

/** Words that say the work went wrong, as whole words of the normalised, lower-case text. */
const FAILURE = new Set([
  'fail', 'fails', 'failed', 'failing', 'failure', 'failures', 'error', 'errors', 'errored', 'crash', 'crashed', 'crashes', 'crashing',
  'broken', 'breaks', 'cannot', "can't", 'cant', 'unable', 'untested', 'partial', 'partially', 'reverted', 'regression', 'regressions',
  'timeout', 'incomplete', 'invalid', 'rejected', 'abandoned', 'aborted', 'missing', 'flaky',
]);
/** Failure phrases of more than one word. */
const FAILURE_PHRASES = [/\bnot (?:run|tested|done|valid|passing|working|complete|completed|finished|verified|built)\b/, /\btimed out\b/, /\bdoes ?n[o']t (?:build|compile|pass|work)\b/];
/** A count before a failure word that says there is none: `0 failures`, `no errors`. */
const NONE_BEFORE = new Set(['0', 'no', 'zero', 'without']);

/** Failures already read, by text (`✅ 12 passed` repeats down a validation table); bounded like the verdicts. */
const FAILURES = new Map<string, string | null>();

/** The first failure the text states, or undefined. Numbers too: `0 passed`, `2/4` (fewer passed than run). */
export function statedFailure(normal: string): string | undefined {
  const known = FAILURES.get(normal);
  if (known !== undefined) return known ?? undefined;
  if (FAILURES.size >= MEMO_LIMIT) FAILURES.clear();
  const found = findFailure(normal);
  FAILURES.set(normal, found ?? null);
  return found;
}

function findFailure(normal: string): string | undefined {
  const mark = STOP_MARKS.exec(normal)?.[0];
  if (mark) return mark;
  const lower = normal.toLowerCase();
  for (const phrase of FAILURE_PHRASES) {
    const hit = phrase.exec(lower)?.[0];
    if (hit) return hit;
  }
  const words = lower.split(/[^\p{L}\p{N}']+/u).filter((w) => w !== '');
  for (let i = 0; i < words.length; i++)
    if (FAILURE.has(words[i]!) && !NONE_BEFORE.has(words[i - 1] ?? '')) return words[i];
  if (/(?<![\d.])0 ?(?:tests? )?pass(?:ed|ing)?\b/.test(lower)) return '0 passed';
  for (const m of lower.matchAll(/(?<!\d)(\d+) ?\/ ?(\d+)/g)) if (Number(m[1]) < Number(m[2])) return m[0];
  return undefined;
}

/** `text` without blanks and punctuation at its edges (a loop: the pattern for it backtracks over long runs). */
function trimEdges(text: string): string {
  const edge = (ch: string | undefined): boolean => ch !== undefined && ' .!:;,-'.includes(ch);
  let [from, to] = [0, text.length];
  while (from < to && edge(text[from])) from++;
  while (to > from && edge(text[to - 1])) to--;
  return text.slice(from, to);
}

/** What is left of a cell once decoration is gone: emphasis, done marks, variation selectors, punctuation at its edges. */
function core(normal: string): { words: string; marks: string[] } {
  const marks: string[] = [];
  const words = normal
    .replace(/\uFE0F/g, '')
    .replace(/[\p{Extended_Pictographic}✓]/gu, (m) => {
      marks.push(m);
      return ' ';
    })
    .replace(/\*\*|__|[*_`]/g, ' ')
    .replace(/\s+/g, ' ')
    .toLowerCase();
  return { words: trimEdges(words), marks };
}

export type CellKind = 'status' | 'valid';

/**
 * The verdict on one status or Valid cell. A finished word (done, closed,
 * skipped, a yes) alone, decorated at most by emphasis and done marks,
 * passes; a stated failure blocks; a word that is no finished one blocks
 * (the work is not done); anything beside a finished word is a doubt. An
 * empty cell blocks: nothing says the work is done.
 */
export function judgeCell(raw: string, kind: CellKind): CellVerdict {
  // Plans repeat a handful of cells thousands of times (`✅ done`, `✅`): each is read once.
  const key = `${kind}\u0000${raw}`;
  const known = MEMO.get(key);
  if (known !== undefined) return known;
  if (MEMO.size >= MEMO_LIMIT) MEMO.clear();
  const verdict = judge(raw, kind);
  MEMO.set(key, verdict);
  return verdict;
}

/** Verdicts already given, by kind and cell text; bounded, since cell texts come from any plan. */
const MEMO = new Map<string, CellVerdict>();
const MEMO_LIMIT = 4096;

function judge(raw: string, kind: CellKind): CellVerdict {
  const normal = normalizeCell(raw);
  const reading = kind === 'valid' ? yesNoStatus(normal) : readStatus(normal);
  const failure = statedFailure(normal);
  if (failure !== undefined) return { verdict: 'block', status: reading.status === 'unknown' ? 'failed' : reading.status, why: `it says "${failure}"` };
  if (!isFinished(reading.status)) {
    // A done mark beside words that are no status (`✅ Pre-existing stub issues only`) is a remark to read, not a failure.
    if (reading.status === 'unknown' && reading.doubt === undefined && core(normal).marks.some((m) => DONE_MARKS.has(m)))
      return { verdict: 'doubt', status: 'unknown', why: 'its mark says done, its words say something else' };
    const why = reading.status === 'unknown' ? (normal.trim() === '' ? 'it is empty' : 'it is not understood') : `it says ${reading.status.replace('_', ' ')}`;
    return { verdict: 'block', status: reading.status, why };
  }
  const { words, marks } = core(normal);
  const strange = marks.find((m) => !DONE_MARKS.has(m));
  if (strange !== undefined) return { verdict: 'doubt', status: reading.status, why: `it holds ${strange}, which is no done mark` };
  const alone = kind === 'valid' ? yesNoStatus(words) : readStatus(words);
  if (words === '') return { verdict: 'pass', status: reading.status };
  if (isFinished(alone.status) && alone.reason === undefined && !/[^\p{L} /']/u.test(words)) return { verdict: 'pass', status: reading.status };
  return { verdict: 'doubt', status: reading.status, why: 'it says more than a finished word' };
}

function yesNoStatus(text: string): { status: Status; reason?: string; doubt?: string } {
  const { answer, doubt } = readYesNo(text);
  // The reason is what follows the word: read it as a status cell would.
  const reason = readStatus(text).reason;
  const status: Status = answer === true ? 'done' : answer === false ? 'failed' : 'unknown';
  return { status, ...(reason !== undefined ? { reason } : {}), ...(doubt !== undefined ? { doubt } : {}) };
}
