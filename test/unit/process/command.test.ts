import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_WORKER_COMMAND, PLACEHOLDERS, expandCommand, optionFromPlaceholder, taskVars } from '../../../src/process/command';

const VARS = {
  taskId: 'proj-1.2',
  taskTitle: 'Fix the "login" bug',
  epic: 'proj-1',
  files: 'src/a.ts src/b.ts',
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

describe('DEFAULT_WORKER_COMMAND', () => {
  it('runs claude with one prompt naming the task, its title, the plan and the files', () => {
    assert.deepEqual(DEFAULT_WORKER_COMMAND.slice(0, 2), ['claude', '-p']);
    assert.equal(DEFAULT_WORKER_COMMAND.length, 3);
    const [, , prompt] = expandCommand(DEFAULT_WORKER_COMMAND, VARS);
    for (const value of [VARS.taskId, VARS.taskTitle, VARS.planPath, VARS.files]) assert.ok(prompt!.includes(value), value);
    assert.ok(!prompt!.includes('${'));
  });
});

describe('taskVars', () => {
  it('uses the full beads id and joins the files with a space', () => {
    const task = { fullId: 'django-litefs-3b6.1', title: 'T', epic: 'E', files: ['views.py', 'apps.py'] };
    assert.deepEqual(taskVars(task, '/ws/PLAN.md', '/ws'), {
      taskId: 'django-litefs-3b6.1',
      taskTitle: 'T',
      epic: 'E',
      files: 'views.py apps.py',
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
