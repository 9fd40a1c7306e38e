// The JSON shapes `bd … --json` prints, read defensively into our own types.
// Checked against beads v1.0.5 (steveyegge/beads fbcee6c):
//  - internal/types/types.go: Issue, IssueDetails (`bd show`), IssueWithCounts
//    (`bd ready`, `bd list`), IssueWithDependencyMetadata (`dependency_type`),
//    Status (open, in_progress, blocked, deferred, closed, pinned, hooked, and
//    custom ones from `status.custom`), CustomStatus and its categories;
//  - cmd/bd/output.go: arrays print as they are, objects get `schema_version`;
//    with BD_JSON_ENVELOPE=1 everything is `{"schema_version", "data"}`;
//  - cmd/bd/errors.go: an error under --json is `{"error", "hint"?, "schema_version"}` on stdout;
//  - cmd/bd/statuses.go: `{"built_in_statuses": [...], "custom_statuses": [...]}`.
// Anything beads adds later is ignored; a status we do not know is kept as written.

/** A status's behaviour (types.StatusCategory); `unspecified` for a custom status without one. */
export type StatusCategory = 'active' | 'wip' | 'done' | 'frozen' | 'unspecified';

export interface BeadsDependency {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  /** `blocks`, `parent-child`, `related`, … as beads wrote it. */
  readonly type: string;
}

export interface BeadsIssue {
  readonly id: string;
  readonly title: string;
  /** As beads wrote it: a built-in, `deferred`, `pinned` or a custom status. */
  readonly status: string;
  /** 0 (critical) to 4; undefined when beads gave none. */
  readonly priority?: number;
  readonly type?: string;
  readonly description: string;
  readonly acceptance: string;
  /** The parent epic's id, from `parent` or the parent-child dependency. */
  readonly parent?: string;
  readonly dependencies: readonly BeadsDependency[];
  readonly dependencyCount?: number;
  readonly dependentCount?: number;
  readonly closeReason?: string;
}

export interface StatusInfo {
  readonly name: string;
  readonly category: StatusCategory;
}

/** bd's built-in statuses (cmd/bd/statuses.go builtInStatuses), used when `bd statuses` is missing. */
export const BUILT_IN_STATUSES: readonly StatusInfo[] = [
  { name: 'open', category: 'active' },
  { name: 'in_progress', category: 'wip' },
  { name: 'blocked', category: 'wip' },
  { name: 'deferred', category: 'frozen' },
  { name: 'closed', category: 'done' },
  { name: 'pinned', category: 'frozen' },
  { name: 'hooked', category: 'wip' },
];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

/** The payload inside the optional `{"schema_version", "data"}` envelope. */
export function unwrap(value: unknown): unknown {
  return isObject(value) && 'data' in value && 'schema_version' in value ? value.data : value;
}

/** The message of bd's JSON error object, if `value` is one. */
export function jsonError(value: unknown): string | undefined {
  const v = unwrap(value);
  if (!isObject(v) || typeof v.error !== 'string') return undefined;
  return typeof v.hint === 'string' && v.hint ? `${v.error} (${v.hint})` : v.error;
}

function dependency(v: unknown): BeadsDependency | undefined {
  if (!isObject(v)) return undefined;
  // IssueWithDependencyMetadata (bd show); a plain Dependency record (bd ready/list) has depends_on_id and type.
  const id = str(v.id) || str(v.depends_on_id);
  if (!id) return undefined;
  return { id, title: str(v.title), status: str(v.status), type: str(v.dependency_type) || str(v.type) };
}

/** One issue of `bd show`, `bd ready` or `bd list`; undefined when it has no id. */
export function parseIssue(v: unknown): BeadsIssue | undefined {
  if (!isObject(v) || !str(v.id)) return undefined;
  const dependencies = (Array.isArray(v.dependencies) ? v.dependencies : []).map(dependency).filter((d): d is BeadsDependency => d !== undefined);
  const parent = str(v.parent) || dependencies.find((d) => d.type === 'parent-child')?.id;
  const priority = int(v.priority);
  const dependencyCount = int(v.dependency_count);
  const dependentCount = int(v.dependent_count);
  return {
    id: str(v.id),
    title: str(v.title),
    // types.go: `status,omitempty`, and an empty status is stored as open.
    status: str(v.status) || 'open',
    ...(priority !== undefined ? { priority } : {}),
    ...(str(v.issue_type) ? { type: str(v.issue_type) } : {}),
    description: str(v.description),
    acceptance: str(v.acceptance_criteria),
    ...(parent ? { parent } : {}),
    dependencies,
    ...(dependencyCount !== undefined ? { dependencyCount } : {}),
    ...(dependentCount !== undefined ? { dependentCount } : {}),
    ...(str(v.close_reason) ? { closeReason: str(v.close_reason) } : {}),
  };
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** An array of issues (`bd show`, `bd ready`, `bd list`), or why the output is not one. */
export function parseIssues(value: unknown): Parsed<BeadsIssue[]> {
  const error = jsonError(value);
  if (error) return { ok: false, error };
  const v = unwrap(value);
  if (!Array.isArray(v)) return { ok: false, error: 'bd printed JSON that is not a list of issues' };
  return { ok: true, value: v.map(parseIssue).filter((i): i is BeadsIssue => i !== undefined) };
}

function category(v: unknown): StatusCategory {
  return v === 'active' || v === 'wip' || v === 'done' || v === 'frozen' ? v : 'unspecified';
}

/** `bd statuses --json`: the built-in statuses then the custom ones, each with its category. */
export function parseStatuses(value: unknown): Parsed<StatusInfo[]> {
  const error = jsonError(value);
  if (error) return { ok: false, error };
  const v = unwrap(value);
  if (!isObject(v) || !Array.isArray(v.built_in_statuses)) return { ok: false, error: 'bd statuses printed no built_in_statuses' };
  const custom = Array.isArray(v.custom_statuses) ? v.custom_statuses : [];
  const statuses = [...v.built_in_statuses, ...custom]
    .filter(isObject)
    .filter((s) => str(s.name))
    .map((s) => ({ name: str(s.name), category: category(s.category) }));
  return { ok: true, value: statuses };
}

/** `bd version --json`: `{"version": "1.0.5", "build": …}`. */
export function parseVersion(value: unknown): string | undefined {
  const v = unwrap(value);
  return isObject(v) && typeof v.version === 'string' ? v.version : undefined;
}

/** Whether cobra's `bd --help` lists `command` under its commands (`  dolt        Manage Dolt…`). */
export function helpLists(help: string, command: string): boolean {
  return new RegExp(`^[ \\t]+${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:\\s|$)`, 'm').test(help);
}

/** `1.0.5` → [1, 0, 5]; undefined for anything else. */
export function versionParts(version: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** beads 1.0 moved issues into Dolt and gave `bd show` the shapes read here: older bd is not asked. */
export function isSupportedVersion(version: string): boolean {
  const parts = versionParts(version);
  return parts !== undefined && parts[0] >= 1;
}
