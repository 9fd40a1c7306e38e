// The names each known table's columns go by, in order of preference. The
// parser reads by them and the edit engine writes by them, so what is written
// reads back.
import type { Table } from '../model';

export type Locate = (keys: readonly string[]) => number;

const byName =
  (...names: string[]): Locate =>
  (keys) =>
    names.map((n) => keys.indexOf(n)).find((i) => i >= 0) ?? -1;

export const PHASE = {
  number: byName('#', 'no', 'no.', 'phase #', 'number', 'step'),
  name: byName('phase', 'name'),
  agent: byName('agent', 'owner'),
  status: byName('status', 'state'),
  notes: byName('notes', 'note', 'comments'),
};

export const TASK = {
  id: byName('id', 'task id', 'task'),
  title: byName('title', 'name', 'description'),
  epic: byName('epic', 'parent'),
  status: byName('status', 'state'),
  worker: byName('worker', 'agent'),
  files: byName('files', 'files changed', 'predicted files'),
  respawns: byName('respawns', 'retries'),
};

export const VALIDATION = {
  task: byName('task', 'task id', 'id'),
  run: byName('tests run', 'tests'),
  passed: byName('tests passed', 'passed'),
  types: (keys: readonly string[]) => keys.findIndex((k) => /\b(?:mypy|types?|typecheck|type check|tsc|pyright)\b/.test(k)),
  valid: byName('valid', 'validated', 'result'),
};

export const REVIEW = {
  epic: byName('epic', 'task'),
  reviewer: byName('reviewer'),
  status: byName('status', 'result'),
  warnings: byName('warnings'),
  respawns: byName('respawns'),
};

export const CONFLICT = {
  task: byName('task', 'id', 'task id'),
  with: byName('conflicts with', 'conflicts', 'conflict'),
};

/** Index of a column in a table, or -1. */
export function col(table: Table, locate: Locate): number {
  return locate(table.keys);
}
