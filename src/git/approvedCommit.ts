// The user-approved commit of a plan, from the gate to the recorded hash. The
// plan is written through a caller-given applier (the editor's WorkspaceEdit,
// or a file write in tests and scripts), so the same steps serve both.
import { dirname } from 'node:path';
import type { Plan } from '../plan/model';
import type { EditResult, EditStep } from '../plan/write/edit';
import { appendLog, combine, setCurrentPhase, setPhase } from '../plan/write/edit';
import { checkGate, type GateEntry, type GateOutside } from '../plan/rules/gate';
import { commitMessage, plannedFiles } from '../plan/rules/commitContents';
import { parsePlan } from '../plan/read/parse';
import { phaseByRole } from '../plan/read/roles';
import { headerValue } from '../plan/rules/summary';
import { applyEdits, diffEdits } from '../plan/write/textEdit';
import { commitFiles, prepareCommit, type CommitScope, type PreparedCommit } from './commit';
import { findRoot, gitAt, inspectRepo, maybe, repoPath, type RepoState } from './repo';
import { approvedLine } from '../plan/formats/planLog';

/** Applies an edit to the plan file and leaves it saved on disk. */
export type PlanApplier = (edit: EditStep) => Promise<{ ok: true } | { ok: false; reason: string }>;

export interface CommitProposal {
  readonly repo: RepoState;
  readonly prepared: PreparedCommit;
  /** What will be committed: the planned changes plus the plan file itself; files that look like secrets only once confirmed. */
  readonly files: readonly string[];
  /** The plan, repo-relative, when it is inside the repository. */
  readonly planFile?: string;
  readonly message: string;
  /** Added to the message: what names the plan in the commit, so the extension finds the commit again from git. */
  readonly trailers: readonly string[];
  /** The gate's doubts: what the user must confirm, each on its own, before approving. */
  readonly doubts: readonly GateEntry[];
  /** What the gate learned from outside the plan at the proposal: the commit's last check asks it again. */
  readonly outside: GateOutside;
  /** The plan edits the commit makes: written before it, so that the commit holds them and nothing is left after it. */
  readonly planEdits: readonly string[];
  /** The plan text the gate passed and the number of its commit phase: unchanged at the commit, it is not read again. */
  readonly text: string;
  readonly commitPhase: number;
}

type ProposalResult =
  | { readonly ok: true; readonly proposal: CommitProposal }
  | { readonly ok: false; readonly blocks: readonly GateEntry[] }
  | { readonly ok: false; readonly error: string };

export interface CommitScopeResult {
  readonly repo: RepoState;
  readonly prepared: PreparedCommit;
  /** The changed files the commit takes, the plan file included when `withPlan` and inside the repository. */
  readonly files: readonly string[];
  /** The plan file, repo-relative; undefined when it lies outside the repository. */
  readonly planFile?: string;
}

/**
 * What a commit of the `planned` paths would take, the gate aside: the one
 * list both the commit and Review Changes show. Nothing is staged.
 */
export async function commitScope(
  planPath: string,
  planned: readonly string[],
  scope: CommitScope,
  withPlan = true,
): Promise<CommitScopeResult | { readonly error: string }> {
  const repo = await inspectRepo(dirname(planPath));
  if ('error' in repo) return repo;
  const prepared = await prepareCommit({ repoRoot: repo.root, planFile: planPath, planned, scope });
  if ('error' in prepared) return prepared;
  const planFile = repoPath(repo.root, repo.root, planPath);
  const others = prepared.files.filter((f) => f !== planFile);
  const files = withPlan && planFile !== undefined ? [...others, planFile] : others;
  return { repo, prepared, files, ...(planFile !== undefined ? { planFile } : {}) };
}

/** Checks the gate on the plan text as it is now, then works out what a commit would take. Nothing is staged. */
export async function proposeCommit(
  planPath: string,
  text: string,
  scope: CommitScope,
  template: string | undefined,
  now: Date = new Date(),
  /** What the gate learns from outside the plan (a worker's change to git), asked with the plan as read. */
  outside: (plan: Plan) => Promise<GateOutside> = async () => ({}),
): Promise<ProposalResult> {
  const plan = parsePlan(text);
  const learned = await outside(plan);
  const gate = checkGate(plan, learned);
  if (!gate.ok) return { ok: false, blocks: gate.blocks };
  const taken = await commitScope(planPath, plannedFiles(text, plan), scope);
  if ('error' in taken) return { ok: false, error: taken.error };
  const { repo, prepared, files, planFile } = taken;
  if (repo.detached) return { ok: false, error: 'HEAD is detached: check out a branch before committing.' };
  if (repo.merging || repo.rebasing) return { ok: false, error: `A ${repo.merging ? 'merge' : 'rebase'} is in progress: finish or abort it before committing.` };
  if (!repo.userConfigured) return { ok: false, error: 'git does not know who you are: set user.name and user.email first.' };
  if (files.every((f) => f === planFile) && prepared.secrets.length === 0)
    return { ok: false, error: 'Nothing the plan names has changed in the working tree: there is nothing to commit.' };
  const branch = repo.branch ?? 'HEAD';
  const commitPhase = phaseByRole(plan.phases, 'commit')!.number;
  const planEdits = summaries(text, markSteps(commitPhase, branch, now));
  const message = commitMessage(template, plan);
  const trailers = planFile === undefined ? [] : planTrailers(planFile, headerValue(plan, 'session'));
  return {
    ok: true,
    proposal: { repo, prepared, files, ...(planFile !== undefined ? { planFile } : {}), message, trailers, doubts: gate.doubts, outside: learned, planEdits, text, commitPhase },
  };
}

/** What each step would do to `text`, as the edit engine words it; steps that change nothing are left out. */
function summaries(text: string, steps: readonly EditStep[]): string[] {
  return steps.flatMap((step) => {
    const result = step(text);
    return result.ok && result.edits.length > 0 ? [result.summary] : [];
  });
}

function markSteps(n: number, branch: string, now: Date): EditStep[] {
  return [
    (t) => setPhase(t, n, { status: 'done', notes: `committed on ${branch}` }),
    (t) => setCurrentPhase(t, n),
    (t) => appendLog(t, approvedLine(branch), now),
  ];
}

const PLAN_TRAILER = 'Beads-Plan';
const SESSION_TRAILER = 'Beads-Plan-Session';

/** The commit's trailers: the plan's path (what the commit is found by) and its session. */
function planTrailers(planFile: string, session: string | undefined): string[] {
  return [`${PLAN_TRAILER}: ${planFile}`, ...(session ? [`${SESSION_TRAILER}: ${session}`] : [])];
}

/** The message as committed: the user's, then a blank line and the trailers. */
export function withTrailers(message: string, trailers: readonly string[]): string {
  return trailers.length === 0 ? message : `${message.trimEnd()}\n\n${trailers.join('\n')}`;
}

export interface PlanCommit {
  readonly shortHash: string;
  readonly subject: string;
}

/**
 * The latest commit of HEAD's history that says it is this plan's
 * user-approved commit (its trailer names the plan): how the tree knows
 * which commit it was, with nothing written into the plan after it.
 */
export async function findPlanCommit(planPath: string): Promise<PlanCommit | undefined> {
  const root = await findRoot(dirname(planPath));
  if (typeof root !== 'string') return undefined;
  const planFile = repoPath(root, root, planPath);
  if (planFile === undefined) return undefined;
  // One argument each, fixed-string match: the path is data, never a pattern or an option.
  const out = await maybe(await gitAt(root), ['log', '-1', '--fixed-strings', `--grep=${PLAN_TRAILER}: ${planFile}`, '--format=%h%x00%s', 'HEAD', '--']);
  const [shortHash, subject] = (out ?? '').split('\0');
  return shortHash ? { shortHash, subject: subject ?? '' } : undefined;
}

/**
 * The latest commit of HEAD's history carrying this plan session's trailer
 * (`Beads-Plan-Session: <session>`): a fact the gate reads as "already
 * committed". The path alone is no such fact: `.beads/PLAN.md` is reused by
 * every session.
 */
export async function findSessionCommit(planPath: string, session: string): Promise<PlanCommit | undefined> {
  if (session.trim() === '') return undefined;
  const root = await findRoot(dirname(planPath));
  if (typeof root !== 'string') return undefined;
  const out = await maybe(await gitAt(root), ['log', '-1', '--fixed-strings', `--grep=${SESSION_TRAILER}: ${session.trim()}`, '--format=%h%x00%s', 'HEAD', '--']);
  const [shortHash, subject] = (out ?? '').split('\0');
  return shortHash ? { shortHash, subject: subject ?? '' } : undefined;
}

/**
 * Phase 10 done, Current Phase moved to it, and a log line: written before
 * the commit so it is part of it. Only through the gate, on the text as it is
 * now: a plan that changed since the user approved is read and checked again;
 * the text the gate passed at the proposal is not read a second time.
 */
function markCommitted(text: string, proposal: CommitProposal, branch: string, now: Date): EditResult {
  if (text === proposal.text) return combine(text, ...markSteps(proposal.commitPhase, branch, now));
  const plan = parsePlan(text);
  const gate = checkGate(plan, proposal.outside);
  if (!gate.ok) return { ok: false, reason: `the gate blocks the commit: ${gate.blocks[0]!.message}`, line: gate.blocks[0]!.line };
  return combine(text, ...markSteps(phaseByRole(plan.phases, 'commit')!.number, branch, now));
}

type PerformResult =
  | { readonly ok: true; readonly hash: string; readonly shortHash: string; readonly branch: string; readonly pushed: boolean; readonly pushError?: string }
  | { readonly ok: false; readonly reason: string; readonly output?: string };

/**
 * Writes the plan's phase 10, then commits exactly the proposal's files (the
 * plan included) with the plan's trailers, and writes nothing after: the
 * working tree is left as clean as the commit made it. When the commit fails
 * the plan edit is undone, so the file and the repository are as they were.
 */
export async function performCommit(
  proposal: CommitProposal,
  apply: PlanApplier,
  push: boolean,
  now: () => Date = () => new Date(),
): Promise<PerformResult> {
  const branch = proposal.repo.branch ?? 'HEAD';
  let original: string | undefined;
  let written: string | undefined;
  const marked = await apply((text) => {
    const edit = markCommitted(text, proposal, branch, now());
    if (edit.ok) [original, written] = [text, applyEdits(text, edit.edits)];
    return edit;
  });
  if (!marked.ok) return { ok: false, reason: `The plan could not be updated, so nothing was committed: ${marked.reason}` };
  const message = withTrailers(proposal.message, proposal.trailers);
  const result = await commitFiles({ repoRoot: proposal.repo.root, files: proposal.files, message, push });
  if (!result.ok) {
    // Undo only our own edit: if anyone wrote the plan since, their text stays.
    const restored = await apply((text) =>
      text === written && original !== undefined
        ? { ok: true, edits: diffEdits(text, original), summary: 'restored' }
        : { ok: false, reason: 'the plan changed since it was written' },
    );
    const note = restored.ok ? '' : ` The plan's phase-10 edit could not be undone: ${restored.reason}`;
    return { ok: false, reason: `${result.reason}${note}`, ...(result.output ? { output: result.output } : {}) };
  }
  return {
    ok: true,
    hash: result.hash,
    shortHash: result.shortHash,
    branch: result.branch,
    pushed: result.pushed === true,
    ...(result.pushError ? { pushError: result.pushError } : {}),
  };
}
