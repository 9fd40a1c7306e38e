// The `beadsPlan.*` settings the code reads, with the runtime shape of each.
// package.json declares them and is the only place a default lives; a unit
// test holds this table and package.json together. No editor import here, so
// that the test can load it.

const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPositive = (v: unknown): v is number => isNumber(v) && v > 0;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isStringRecord = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isString);
/** A guard for one of `values`; the values ride along, so a test can hold them to package.json's enum. */
const oneOf = <T extends string>(...values: readonly T[]) =>
  Object.assign((v: unknown): v is T => values.includes(v as T), { values });

export const SETTINGS = {
  planGlobs: isStrings,
  hideFinishedPlans: isBoolean,
  alwaysShowView: isBoolean,
  sortPlansBy: oneOf('name', 'recent'),
  followCursor: isBoolean,
  codeLens: isBoolean,
  'worker.command': isStrings,
  'worker.model': isString,
  'worker.permissionMode': oneOf('acceptEdits', 'manual', 'dontAsk', 'plan'),
  'worker.allowedTools': isStrings,
  'worker.disallowedTools': isStrings,
  'worker.extraArgs': isStrings,
  'worker.sandbox': oneOf('required', 'preferred', 'off'),
  'worker.sandboxWritablePaths': isStrings,
  'worker.sandboxAllowedDomains': isStrings,
  'worker.resumePrompt': isString,
  'worker.cwd': isString,
  'worker.env': isStringRecord,
  'worker.timeoutMinutes': isNumber,
  'worker.stallMinutes': isPositive,
  'worker.maxParallel': isNumber,
  'worker.showOutputIn': oneOf('outputChannel', 'terminal'),
  'validation.testCommand': isStrings,
  'validation.typecheckCommand': isStrings,
  'commit.scope': oneOf('planFiles', 'allChanges'),
  'commit.messageTemplate': isString,
  'bd.path': isString,
  'bd.pushAfterCommit': isBoolean,
  'orchestrator.command': isStrings,
  notifications: oneOf('all', 'approvalOnly', 'off'),
} as const;

export type SettingKey = keyof typeof SETTINGS;

/** The type a setting's guard admits. */
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K] extends (v: unknown) => v is infer T ? T : never;

export const SECTION = 'beadsPlan';
