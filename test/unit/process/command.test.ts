import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PLACEHOLDERS, expandCommand, optionFromPlaceholder, taskVars } from '../../../src/process/command';
import { DEFAULT_WORKER_COMMAND } from '../../manifest';

const VARS = {
  taskId: 'proj-1.2',
  taskTitle: 'Fix the "login" bug',
  epic: 'proj-1',
  files: 'src/a.ts src/b.ts',
  taskDetails: 'Its row in the plan: | proj-1.2 | Fix the "login" bug |',
  planPath: '/ws/.beads/plan.md',
  workspaceFolder: '/ws',
};

describe('expandCommand', () => {
  it('fills placeholders inside arguments without splitting or joining them', () => {
    assert.deepEqual(
      expandCommand(['run', '--task=${taskId}', '${files}', '${taskTitle} in ${epic}', '${planPath}', '${workspaceFolder}/x'], VARS),
      ['run', '--task=proj-1.2', 'src/a.ts src/b.ts', 'Fix the "login" bug in proj-1', '/ws/.beads/plan.md', '/ws/x'],
    );
  });

  it('leaves unknown placeholders, known ones without a value, and other dollar forms as written', () => {
    assert.deepEqual(expandCommand(['${HOME}', '${taskId}', '$taskId', '${ taskId }', '$${epic}'], { epic: 'e' }), [
      '${HOME}',
      '${taskId}',
      '$taskId',
      '${ taskId }',
      '$e',
    ]);
    assert.deepEqual(expandCommand(['${toString}', '${constructor}'], {}), ['${toString}', '${constructor}']);
  });

  it('expands once: a value that looks like a placeholder stays literal', () => {
    assert.deepEqual(expandCommand(['${taskTitle}'], { ...VARS, taskTitle: 'see ${planPath} and $(rm -rf ~)' }), [
      'see ${planPath} and $(rm -rf ~)',
    ]);
  });

  it('keeps the number of arguments whatever the values hold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.constantFrom(...PLACEHOLDERS.map((p) => `\${${p}}`))), { maxLength: 8 }),
        fc.record(Object.fromEntries(PLACEHOLDERS.map((p) => [p, fc.string()]))),
        (template, vars) => {
          const out = expandCommand(template, vars as Record<string, string>);
          assert.equal(out.length, template.length);
          template.forEach((arg, i) => {
            if (!arg.includes('${')) assert.equal(out[i], arg);
          });
        },
      ),
    );
  });
});

describe("package.json's default worker command", () => {
  it('runs Claude Code headless with stream-json output and one prompt carrying the task, its details, the plan and the files', () => {
    const [program, print, prompt, ...rest] = expandCommand(DEFAULT_WORKER_COMMAND, VARS);
    assert.deepEqual([program, print, ...rest], ['claude', '-p', '--output-format', 'stream-json', '--verbose']);
    for (const value of [VARS.taskId, VARS.taskTitle, VARS.planPath, VARS.files, VARS.taskDetails]) assert.ok(prompt!.includes(value), value);
    assert.ok(!prompt!.includes('${'));
  });
  it('tells the worker not to commit and not to edit the Phase Checklist', () => {
    const prompt = DEFAULT_WORKER_COMMAND[2]!;
    assert.match(prompt, /Do not commit, push/);
    assert.match(prompt, /do not edit the plan's Phase Checklist/);
  });
});

describe('taskVars', () => {
  it('uses the full beads id and joins the files with a space', () => {
    const task = { fullId: 'django-litefs-3b6.1', title: 'T', epic: 'E', files: ['views.py', 'apps.py'] };
    assert.deepEqual(taskVars(task, 'details', '/ws/PLAN.md', '/ws'), {
      taskId: 'django-litefs-3b6.1',
      taskTitle: 'T',
      epic: 'E',
      files: 'views.py apps.py',
      taskDetails: 'details',
      planPath: '/ws/PLAN.md',
      workspaceFolder: '/ws',
    });
  });
});

describe('optionFromPlaceholder: the worker fence', () => {
  const flag = { ...VARS, taskTitle: '--dangerously-skip-permissions' };

  it('refuses a whole-argument placeholder that expands to an option, naming the task and the value', () => {
    const why = optionFromPlaceholder(['claude', '-p', '${taskTitle}'], flag, 'proj-1.2');
    assert.equal(
      why,
      'the argument ${taskTitle} would be "--dangerously-skip-permissions" for task proj-1.2, which starts with "-" and would reach claude as an option; put "--" before ${taskTitle} in beadsPlan.worker.command to pass such values as plain arguments',
    );
  });

  it('refuses an argument that starts with a placeholder, whatever follows it', () => {
    assert.match(optionFromPlaceholder(['w', '${taskTitle}.txt'], flag, 'proj-1.2') ?? '', /would be "--dangerously-skip-permissions\.txt"/);
    assert.match(optionFromPlaceholder(['w', '${epic}${taskTitle}'], { ...flag, epic: '' }, 'proj-1.2') ?? '', /\$\{epic\}\$\{taskTitle\} would be/);
    assert.match(optionFromPlaceholder(['w', '${files}'], { ...VARS, files: '-rf /' }, 'proj-1.2') ?? '', /"-rf \/"/);
  });

  it('lets through values after a "--", values inside the user’s own options or text, and values without a dash', () => {
    assert.equal(optionFromPlaceholder(['claude', '-p', '--', '${taskTitle}'], flag, 'proj-1.2'), undefined);
    assert.equal(optionFromPlaceholder(['w', '--title=${taskTitle}', 'task: ${taskTitle}'], flag, 'proj-1.2'), undefined);
    assert.equal(optionFromPlaceholder(['claude', '-p', '${taskTitle}'], VARS, 'proj-1.2'), undefined);
  });

  it('lets the default worker command through whatever the task says: it embeds every value in its prompt', () => {
    const hostile = { ...VARS, taskId: '-x', taskTitle: '--help', epic: '-e', files: '-rf', planPath: '-p', workspaceFolder: '-w' };
    assert.equal(optionFromPlaceholder(DEFAULT_WORKER_COMMAND, hostile, 'proj-1.2'), undefined);
  });

  it('fences every generated value that starts with a dash in a whole-argument placeholder, and no other', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PLACEHOLDERS), fc.string({ maxLength: 20 }), (name, value) => {
        const why = optionFromPlaceholder(['w', `\${${name}}`], { ...VARS, [name]: value }, 't-1');
        assert.equal(why !== undefined, value.startsWith('-'));
      }),
    );
  });
});
