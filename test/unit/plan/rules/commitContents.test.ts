import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { commitMessage, isPath, plannedFiles } from '../../../../src/plan/rules/commitContents';
import { parsePlan } from '../../../../src/plan/read/parse';
import { PLAN_FILES, fixture } from '../../fixtures';

const planned = (text: string): string[] => plannedFiles(text, parsePlan(text));

const TASKS = (...rows: string[]): string =>
  ['## Tasks', '| ID | Title | Epic | Status | Worker | Files | Respawns |', '|---|---|---|---|---|---|---|', ...rows, ''].join('\n');

describe('isPath', () => {
  const paths = ['src/a.ts', 'tests/core/', 'README.md', '.gitignore', '.pre-commit-config.yaml', 'tests/**/*.py', 'packages/*/pyproject.toml', '/abs/x.py', '__init__.py'];
  const prose = ['', '3 files', '39 test files + 4 pyproject.toml', '1.5', '3b6.1', 'django-litefs-8oi', 'Added', 'TRA:', 'e.g.', '1/2', 'https://example.com/a.md', '(new)', 'Contract.HealthProbe'];
  for (const p of paths) it(`takes ${p}`, () => assert.equal(isPath(p), true));
  for (const p of prose) it(`rejects "${p}"`, () => assert.equal(isPath(p), false));
});

describe('plannedFiles', () => {
  it('reads the Files column, split on commas and <br>, without backticks', () => {
    const text = '# Beads Work Plan\n\n' + TASKS('| a-1 | A | e | done | w | `src/a.ts`, src/b.ts | 0 |', '| a-2 | B | e | done | w | src/c.ts<br>tests/ | 0 |', '| a-3 | C | e | done | w | 3 files | 0 |', '| a-4 | D | e | done | w | - | 0 |');
    assert.deepEqual(planned(text), ['src/a.ts', 'src/b.ts', 'src/c.ts', 'tests/']);
  });

  it('reads the Summary’s files lists: backticks, bare list items, numbered items; not their descriptions', () => {
    const text = [
      '# Beads Work Plan',
      '## Summary',
      'Status: ✅ done',
      '### Files Changed',
      '**New Files (2):**',
      '- `pkg/new.py` - a new module, see `other/not_this.py`',
      '- tests/test_new.py (new)',
      '1. `pkg/created.py` (CREATED - 561 lines)',
      '   - Added `helper()` to pkg/created.py',
      '   - TRA: Contract.HealthProbe, tier 1',
      '- `a.py`, `b.py`',
      'Also touched: `docs/guide.md`.',
      '### Files Modified',
      '- **`pkg/mod.py`** - changed',
      '### Quality Gates',
      '- tests/should_not_count.py passed',
    ].join('\n');
    assert.deepEqual(planned(text), ['pkg/new.py', 'tests/test_new.py', 'pkg/created.py', 'a.py', 'b.py', 'docs/guide.md', 'pkg/mod.py']);
  });

  it('reads a level-2 Files Modified section', () => {
    const text = '# Beads Work Plan\n\n## Files Modified\n\n1. `tests/bdd/x.py` (CREATED)\n   - 13 scenarios\n\n2. `pkg/y.py` (MODIFIED)\n\n## Next\n- other/z.py\n';
    assert.deepEqual(planned(text), ['tests/bdd/x.py', 'pkg/y.py']);
  });

  it('reads `Files modified:` labels, inline or above a list, skipping counts', () => {
    const text = [
      '# Beads Work Plan',
      '## Worker Results',
      '- Files modified: tests/a/x.py, test_y.py',
      '- Files modified: 39 test files + 4 pyproject.toml + 2 pytest.ini',
      '- Tests added: 5',
      '',
      '**Files Modified:**',
      '- pkg/one.py (+200 lines)',
      '- pkg/two.py',
      '',
      'Next paragraph.',
      '- pkg/not_listed.py',
    ].join('\n');
    assert.deepEqual(planned(text), ['tests/a/x.py', 'test_y.py', 'pkg/one.py', 'pkg/two.py']);
  });

  it('ends a list-item label’s list at the next item of its level', () => {
    const text = '# Beads Work Plan\n- Files changed:\n  - `a/b.py`\n- Result: fine\n- c/d.py\n';
    assert.deepEqual(planned(text), ['a/b.py']);
  });

  it('ignores predictions: Files to Modify, Files Affected, Predicted files', () => {
    const text = '# Beads Work Plan\n## Discovery Results\n### Files to Modify\n- a/x.py\n### Files Affected\n- a/y.py\n- **Predicted files**: a/z.py\n';
    assert.deepEqual(planned(text), []);
  });

  it('drops repeats and short forms of paths written in full', () => {
    const text = '# Beads Work Plan\n' + TASKS('| a-1 | A | e | done | w | views.py, ./pkg/app/views.py | 0 |', '| a-2 | B | e | done | w | domain/health.py, tests/ | 0 |') + '\n## Summary\n### Files Modified\n- pkg/app/views.py\n- pkg/domain/health.py\n- tests\n';
    assert.deepEqual(planned(text), ['pkg/app/views.py', 'tests/', 'pkg/domain/health.py']);
  });

  it('keeps __init__.py intact (no Markdown emphasis stripping inside paths)', () => {
    const text = '# Beads Work Plan\n## Summary\n### Files Modified\n- tests/core/unit/fakes/__init__.py (modified)\n';
    assert.deepEqual(planned(text), ['tests/core/unit/fakes/__init__.py']);
  });

  it('reads CRLF plans the same', () => {
    const text = '# Beads Work Plan\r\n## Summary\r\n### Files Changed\r\n- `src/a.ts`\r\n- src/b.ts\r\n';
    assert.deepEqual(planned(text), ['src/a.ts', 'src/b.ts']);
  });
});

describe('plannedFiles on the real plans', () => {
  const files = (name: string): string[] => planned(fixture(name));

  it('lists PLAN-v5’s new and modified files in full, the Tasks table’s short names folded into them', () => {
    assert.deepEqual(files('real/PLAN-v5.md'), [
      'packages/litefs-django/src/litefs_django/adapters.py',
      'tests/django_adapter/unit/test_adapters.py',
      'packages/litefs-django/src/litefs_django/views.py',
      'packages/litefs-django/src/litefs_django/middleware.py',
      'packages/litefs-django/src/litefs_django/apps.py',
      'tests/django_adapter/unit/test_appconfig.py',
      'tests/django_adapter/unit/test_apps.py',
    ]);
  });

  it('reads plan-4af13a61’s numbered ## Files Modified list', () => {
    assert.deepEqual(files('real/plan-4af13a61.md'), [
      'tests/bdd/django_adapter/test_health_probes.py',
      'packages/litefs/src/litefs/usecases/readiness_checker.py',
      'tests/core/unit/usecases/test_readiness_checker.py',
    ]);
  });

  it('reads plan-3a2e78e2’s "Files Modified:" paragraph under Worker Validation', () => {
    assert.deepEqual(files('real/plan-3a2e78e2.md'), [
      'tests/bdd/django_adapter/test_database_backend.py',
      'packages/litefs-django/src/litefs_django/db/backends/litefs/base.py',
    ]);
  });

  it('keeps PLAN-v7’s directories and glob, and skips its file counts', () => {
    const v7 = files('real/PLAN-v7.md');
    assert.deepEqual(v7.slice(0, 3), ['tests/core/integration/docker/', 'tests/django_adapter/integration/', 'tests/**/*.py']);
    assert.ok(v7.includes('tests/django_adapter/integration/test_failover_scenarios.py'));
    assert.ok(!v7.some((f) => /\d+ (test )?files|pytest\.ini|pyproject/.test(f)), v7.join(', '));
  });

  it('ignores the predictions in Discovery (plan-963d889e lists its files once, from the Summary)', () => {
    assert.deepEqual(files('real/plan-963d889e.md'), [
      'tests/core/integration/docker/test_multi_node_cluster.py',
      'tests/core/integration/docker/test_partition_healing.py',
    ]);
  });

  it('yields only paths, without repeats, for every plan', () => {
    for (const name of PLAN_FILES) {
      const list = files(name);
      assert.ok(list.every(isPath), name);
      assert.equal(new Set(list).size, list.length, name);
    }
  });
});

describe('commitMessage', () => {
  const plan = (...rows: string[]): ReturnType<typeof parsePlan> => parsePlan('# Beads Work Plan\nSession: s-42\n\n' + TASKS(...rows));

  it('writes one task as feat(<epic>): <title>', () => {
    assert.equal(commitMessage(undefined, plan('| x-1 | Add the thing | x-epic | ✅ done | w | a.ts | 0 |')), 'feat(x-epic): Add the thing');
  });

  it('leaves the scope out when the task has no epic', () => {
    for (const epic of ['-', '', 'orphan'])
      assert.equal(commitMessage(undefined, plan(`| x-1 | Add the thing | ${epic} | done | w | a.ts | 0 |`)), 'feat: Add the thing', epic);
  });

  it('summarises several tasks and lists the done and closed ones', () => {
    const p = plan('| x-1 | First | x-epic | ✅ done | w | a.ts | 0 |', '| x-2 | Second | x-epic | closed | w | b.ts | 0 |', '| x-3 | Third | x-epic | ⏳ pending | w | c.ts | 0 |');
    assert.equal(commitMessage(undefined, p), 'feat(x-epic): complete 2 tasks\n\n- x-1: First\n- x-2: Second');
  });

  it('scopes tasks of different epics as plan', () => {
    const p = plan('| x-1 | First | x-epic | done | w | a.ts | 0 |', '| y-1 | Second | y-epic | done | w | b.ts | 0 |');
    assert.equal(commitMessage('', p), 'feat(plan): complete 2 tasks\n\n- x-1: First\n- y-1: Second');
  });

  it('uses every task when none is done yet', () => {
    assert.equal(commitMessage(undefined, plan('| x-1 | Only | x-epic | pending | w | a.ts | 0 |')), 'feat(x-epic): Only');
  });

  it('falls back to the target tasks, then to the plan', () => {
    assert.equal(commitMessage(undefined, parsePlan('# Beads Work Plan\n## Target Task\n- x-9: Do it\n')), 'feat: Do it');
    assert.equal(commitMessage(undefined, parsePlan('# Beads Work Plan\nSession: s-1\n')), 'feat: complete Beads Work Plan s-1');
  });

  it('fills a template’s placeholders and keeps unknown ones', () => {
    const p = plan('| x-1 | First | x-epic | done | w | a.ts | 0 |', '| x-2 | Second | x-epic | done | w | b.ts | 0 |');
    assert.equal(
      commitMessage('${epic}: ${titles}\n\nTasks: ${taskIds}\nSession: ${session}\n${unknown}\n', p),
      'x-epic: First; Second\n\nTasks: x-1, x-2\nSession: s-42\n${unknown}',
    );
  });

  it('uses the full ids the plan gives short ones elsewhere', () => {
    assert.equal(
      commitMessage(undefined, parsePlan(fixture('real/PLAN-v5.md'))).split('\n')[0],
      'feat(3b6): complete 4 tasks',
    );
    assert.match(commitMessage('${taskIds}', parsePlan(fixture('real/PLAN-v5.md'))), /^django-litefs-3b6\.1, django-litefs-3b6\.2/);
  });

  it('writes the seed’s single task with its epic', () => {
    assert.equal(commitMessage(undefined, parsePlan(fixture('seed-split-brain.md'))), 'feat(django-litefs-8oi): BDD step defs - split-brain protection');
  });
});
