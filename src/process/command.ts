// Worker command templates: an argument array whose placeholders are filled in
// per task. Substitution happens inside each argument and never re-splits or
// joins them, so untrusted plan text can only ever be an argument's content.
// The default command and its prompt live in package.json alone (the
// `beadsPlan.worker.command` default).

export const PLACEHOLDERS = ['taskId', 'taskTitle', 'epic', 'files', 'taskDetails', 'planPath', 'workspaceFolder'] as const;

export type Placeholder = (typeof PLACEHOLDERS)[number];

const PLACEHOLDER = /\$\{(\w+)\}/g;
const KNOWN: ReadonlySet<string> = new Set(PLACEHOLDERS);

/**
 * Fills `${name}` placeholders in each argument, in one pass (a value holding
 * `${…}` is not expanded again). Unknown names, and known ones missing from
 * `vars`, stay as written.
 */
export function expandCommand(template: readonly string[], vars: Readonly<Record<string, string>>): string[] {
  return template.map((arg) =>
    arg.replace(PLACEHOLDER, (whole, name: string) => (KNOWN.has(name) && Object.hasOwn(vars, name) ? vars[name]! : whole)),
  );
}

/**
 * Why a worker must not start, or undefined: an argument that starts with a
 * placeholder and would expand to a value starting with `-` would reach the
 * worker as an option (a task titled `--dangerously-skip-permissions` as the
 * whole argument `${taskTitle}`). Arguments after a `--` in the template are
 * plain arguments to programs that follow the convention: that is the user's
 * way to pass such values on purpose.
 */
export function optionFromPlaceholder(template: readonly string[], vars: Readonly<Record<string, string>>, taskId: string): string | undefined {
  const end = template.indexOf('--');
  for (const arg of end < 0 ? template : template.slice(0, end)) {
    if (!arg.startsWith('${')) continue;
    const [value] = expandCommand([arg], vars);
    if (value!.startsWith('-'))
      return `the argument ${arg} would be ${JSON.stringify(value)} for task ${taskId}, which starts with "-" and would reach ${template[0] ?? 'the worker'} as an option; put "--" before ${arg} in beadsPlan.worker.command to pass such values as plain arguments`;
  }
  return undefined;
}

interface TaskFacts {
  /** The full beads id, which is what `bd` knows the task by. */
  readonly fullId: string;
  readonly title: string;
  readonly epic: string;
  readonly files: readonly string[];
}

/**
 * The placeholder values for one task; `${files}` is the Files column joined
 * with a space, `${taskDetails}` what the plan says of the task (its row, its
 * Task Details, its dependency context: src/plan/present/taskBrief.ts).
 */
export function taskVars(task: TaskFacts, details: string, planPath: string, workspaceFolder: string): Record<Placeholder, string> {
  return {
    taskId: task.fullId,
    taskTitle: task.title,
    epic: task.epic,
    files: task.files.join(' '),
    taskDetails: details,
    planPath,
    workspaceFolder,
  };
}
