// Reads the test counts a worker's output ends with, from the summary lines of
// pytest, jest, vitest, mocha, node's test runner, or a plain `N passed, N
// failed`. Pure. The last summary in the output wins.

export interface TestSummary {
  readonly run?: number;
  readonly passed?: number;
  readonly failed?: number;
  readonly skipped?: number;
}

type Kind = 'passed' | 'failed' | 'skipped' | 'total';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  total?: number;
  /** Whether a passed or failed count was read: what makes lines a test summary. */
  counted: boolean;
}

const KINDS: Readonly<Record<string, Kind>> = {
  passed: 'passed',
  passing: 'passed',
  pass: 'passed',
  failed: 'failed',
  failing: 'failed',
  fail: 'failed',
  error: 'failed',
  errors: 'failed',
  cancelled: 'failed',
  skipped: 'skipped',
  pending: 'skipped',
  todo: 'skipped',
  ignored: 'skipped',
  total: 'total',
  tests: 'total',
};

// Node's runner (`# pass 12`, or `ℹ pass 12` from its spec reporter) and mocha
// (`12 passing (30ms)`) put one count on each line of a block.
const NODE_LINE = /^(?:#|ℹ)\s*(tests|suites|pass|fail|cancelled|skipped|todo|duration_ms)\s+\d+(?:\.\d+)?$/;
const MOCHA_LINE = /^(\d+)\s+(passing|failing|pending)(?:\s*\([^)]*\))?$/;
// eslint-disable-next-line no-control-regex -- an ANSI escape starts with ESC.
const ANSI = /\u001b\[[\d;?]*[a-z]/gi;
const LABEL = /^(?:tests?|results?|summary|totals?)\s*:?\s*/i;
// Runs of spaces and symbols are matched from their first character only (the
// lookbehinds): retried from each character of a long run, they were quadratic.
const TIMING = /(?<!\s)\s+in\s+\d[\d.]*\s*m?s(?:\s*\([\d:.]+\))?$/;

function emptyCounts(): Counts {
  return { passed: 0, failed: 0, skipped: 0, counted: false };
}

function add(counts: Counts, word: string, n: number): void {
  const kind = KINDS[word.toLowerCase()];
  if (kind === 'total') counts.total = n;
  else if (kind !== undefined) {
    counts[kind] += n;
    counts.counted ||= kind !== 'skipped';
  }
}

/**
 * A one-line summary: optional decoration and label, then `N word` parts
 * separated by `,`, `;` or `|`, then optional `(total)` and timing. Every part
 * must have that shape, so prose such as `migration 3 failed` is not read.
 */
function lineCounts(line: string): Counts | undefined {
  let text = line
    .replace(/[*`]/g, '')
    .replace(/^[^\p{L}\p{N}]+|(?<![^\p{L}\p{N})])[^\p{L}\p{N})]+$/gu, '')
    .replace(LABEL, '')
    .replace(TIMING, '');
  const counts = emptyCounts();
  const total = /(?<!\s)\s*\((\d+)\)$/.exec(text);
  if (total) text = text.slice(0, total.index);
  for (const part of text.split(/(?<!\s)\s*[,;|]\s*/)) {
    const m = /^(\d+)\s+([a-z]+)$/i.exec(part);
    if (!m) return undefined;
    add(counts, m[2]!, Number(m[1]));
  }
  if (total) counts.total = Number(total[1]);
  return counts.counted ? counts : undefined;
}

type Family = 'node' | 'mocha';

function blockLine(line: string): { family: Family; word: string; n: number } | undefined {
  const node = NODE_LINE.exec(line);
  if (node) return { family: 'node', word: node[1]!, n: Number(line.split(/\s+/).at(-1)) };
  const mocha = MOCHA_LINE.exec(line);
  return mocha ? { family: 'mocha', word: mocha[2]!, n: Number(mocha[1]) } : undefined;
}

function summaryOf(counts: Counts): TestSummary {
  const { passed, failed, skipped } = counts;
  return { run: counts.total ?? passed + failed + skipped, passed, failed, skipped };
}

/**
 * The counts of the last test summary in `output`; `{}` when there is none.
 * Tools leave out zero counts, so a count a summary does not name is 0, and
 * `run` is the total the tool printed, else passed + failed + skipped.
 */
export function parseTestSummary(output: string): TestSummary {
  let last: Counts | undefined;
  let block: { family: Family; counts: Counts } | undefined;
  const closeBlock = (): void => {
    if (block?.counts.counted) last = block.counts;
    block = undefined;
  };
  for (const raw of output.split(/\r\n|\r|\n/)) {
    const line = raw.replace(ANSI, '').trim();
    if (line === '') continue;
    const part = blockLine(line);
    if (part) {
      if (block?.family !== part.family) {
        closeBlock();
        block = { family: part.family, counts: emptyCounts() };
      }
      add(block.counts, part.word, part.n);
      continue;
    }
    closeBlock();
    last = lineCounts(line) ?? last;
  }
  closeBlock();
  return last ? summaryOf(last) : {};
}
