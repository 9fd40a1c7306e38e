// Reading beads 1.x's JSON shapes (internal/types/types.go, cmd/bd/output.go,
// cmd/bd/errors.go, cmd/bd/statuses.go at v1.0.5) into the client's types.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { helpLists, isSupportedVersion, jsonError, parseIssue, parseIssues, parseStatuses, parseVersion, unwrap } from '../../../src/beads/shapes';
import { describeIssue, issueHeadline } from '../../../src/beads/describe';

/** One `bd show --json` element as v1.0.5 prints it (types.IssueDetails). */
const SHOWN = {
  id: 'django-litefs-f8s',
  title: 'Write BDD step definitions',
  description: 'Add step definitions.\nSecond line.',
  acceptance_criteria: '- 4 scenarios\n- SplitBrainError raised',
  status: 'open',
  priority: 1,
  issue_type: 'task',
  created_at: '2026-05-30T10:00:00Z',
  updated_at: '2026-05-30T10:00:00Z',
  labels: ['bdd'],
  dependencies: [
    { id: 'django-litefs-8oi', title: 'Epic', status: 'open', priority: 2, issue_type: 'epic', created_at: '', updated_at: '', dependency_type: 'parent-child' },
    { id: 'django-litefs-5l8', title: 'Backend', status: 'closed', priority: 2, created_at: '', updated_at: '', dependency_type: 'blocks' },
  ],
  parent: 'django-litefs-8oi',
  dependent_count: 0,
  dependency_count: 2,
  comment_count: 3,
  metadata: { files: ['a.py'] },
  some_future_field: true,
};

describe('parseIssue', () => {
  it('reads a bd show detail: status, priority, type, parent, texts, dependencies with their type and status', () => {
    const issue = parseIssue(SHOWN)!;
    assert.equal(issue.id, 'django-litefs-f8s');
    assert.equal(issue.status, 'open');
    assert.equal(issue.priority, 1);
    assert.equal(issue.type, 'task');
    assert.equal(issue.parent, 'django-litefs-8oi');
    assert.equal(issue.acceptance, '- 4 scenarios\n- SplitBrainError raised');
    assert.deepEqual(issue.dependencies, [
      { id: 'django-litefs-8oi', title: 'Epic', status: 'open', type: 'parent-child' },
      { id: 'django-litefs-5l8', title: 'Backend', status: 'closed', type: 'blocks' },
    ]);
    assert.equal(issue.dependencyCount, 2);
    assert.equal(issue.dependentCount, 0);
  });

  it('reads a bd ready element (IssueWithCounts): Dependency records with depends_on_id and type', () => {
    const issue = parseIssue({
      id: 'bd-2',
      title: 'Ready one',
      status: 'open',
      priority: 0,
      dependencies: [{ issue_id: 'bd-2', depends_on_id: 'bd-1', type: 'parent-child', created_at: '' }],
      dependency_count: 1,
      dependent_count: 0,
      comment_count: 0,
    })!;
    assert.equal(issue.priority, 0, 'P0 is a priority, not a missing one');
    assert.equal(issue.parent, 'bd-1', 'the parent comes from the parent-child record when `parent` is absent');
    assert.deepEqual(issue.dependencies, [{ id: 'bd-1', title: '', status: '', type: 'parent-child' }]);
  });

  it('keeps deferred, pinned and custom statuses as written; an omitted status is open (types.go omitempty)', () => {
    for (const status of ['deferred', 'pinned', 'hooked', 'in_review', 'qa-testing']) assert.equal(parseIssue({ id: 'x-1', status })!.status, status);
    assert.equal(parseIssue({ id: 'x-1', title: 't', priority: 2 })!.status, 'open');
  });

  it('drops an element without an id, and reads wrong types as absent', () => {
    assert.equal(parseIssue({ title: 'no id' }), undefined);
    assert.equal(parseIssue('x-1'), undefined);
    const odd = parseIssue({ id: 'x-1', priority: 'high', description: 3, dependencies: 'none' })!;
    assert.equal(odd.priority, undefined);
    assert.equal(odd.description, '');
    assert.deepEqual(odd.dependencies, []);
  });
});

describe('parseIssues', () => {
  it('reads an array, and the same array inside the BD_JSON_ENVELOPE envelope', () => {
    assert.deepEqual(parseIssues([SHOWN]), { ok: true, value: [parseIssue(SHOWN)] });
    assert.deepEqual(parseIssues({ schema_version: 1, data: [SHOWN] }), { ok: true, value: [parseIssue(SHOWN)] });
  });

  it("gives bd's JSON error (cmd/bd/errors.go) as the error, hint included", () => {
    assert.deepEqual(parseIssues({ error: 'no issues found matching the provided IDs', schema_version: 1 }), { ok: false, error: 'no issues found matching the provided IDs' });
    assert.equal(jsonError({ schema_version: 1, data: { error: 'database not found', hint: "Run 'bd init'" } }), "database not found (Run 'bd init')");
  });

  it('refuses an object that is no list', () => {
    assert.equal(parseIssues({ id: 'x' }).ok, false);
  });
});

describe('parseStatuses', () => {
  it('reads the built-in and custom statuses with their categories; a custom one without a category is unspecified', () => {
    const parsed = parseStatuses({
      built_in_statuses: [
        { name: 'open', category: 'active', icon: '○', description: '' },
        { name: 'deferred', category: 'frozen', icon: '❄', description: '' },
        { name: 'closed', category: 'done', icon: '✓', description: '' },
      ],
      custom_statuses: [
        { name: 'in_review', category: 'active' },
        { name: 'shipped', category: 'done' },
        { name: 'legacy', category: 'unspecified' },
        { name: 'odd', category: 'sideways' },
      ],
      schema_version: 1,
    });
    assert.deepEqual(parsed, {
      ok: true,
      value: [
        { name: 'open', category: 'active' },
        { name: 'deferred', category: 'frozen' },
        { name: 'closed', category: 'done' },
        { name: 'in_review', category: 'active' },
        { name: 'shipped', category: 'done' },
        { name: 'legacy', category: 'unspecified' },
        { name: 'odd', category: 'unspecified' },
      ],
    });
  });

  it('refuses output without built_in_statuses', () => {
    assert.equal(parseStatuses({ statuses: [] }).ok, false);
  });
});

describe('version and help', () => {
  it('reads bd version --json, enveloped or not, and supports 1.0 and later only', () => {
    assert.equal(parseVersion({ version: '1.0.5', build: 'dev', schema_version: 1 }), '1.0.5');
    assert.equal(parseVersion(unwrap({ schema_version: 1, data: { version: '1.2.0' } })), '1.2.0');
    assert.equal(isSupportedVersion('1.0.0'), true);
    assert.equal(isSupportedVersion('0.59.2'), false);
    assert.equal(isSupportedVersion('dev'), false);
  });

  it("finds a command in cobra's help by its indented name only", () => {
    const help = 'Usage:\n  bd [command]\n\nSync & Data:\n  dolt             Configure Dolt\n  statuses         List valid issue statuses\n';
    assert.equal(helpLists(help, 'dolt'), true);
    assert.equal(helpLists(help, 'statuses'), true);
    assert.equal(helpLists(help, 'sync'), false);
    assert.equal(helpLists('Keeps issues in sync with git.\n  syncthing  not it\n', 'sync'), false);
  });
});

describe('describeIssue', () => {
  it('gives status, priority, type, parent, the description and acceptance criteria, and dependencies with their statuses', () => {
    const issue = parseIssue(SHOWN)!;
    assert.equal(issueHeadline(issue), 'open · P1 · task · parent django-litefs-8oi');
    const { title, blocks } = describeIssue(issue);
    assert.equal(title, 'beads django-litefs-f8s: Write BDD step definitions');
    assert.deepEqual(
      blocks.map((b) => [b.heading, b.lines]),
      [
        [undefined, ['open · P1 · task · parent django-litefs-8oi']],
        ['Description', ['Add step definitions.', 'Second line.']],
        ['Acceptance criteria', ['- 4 scenarios', '- SplitBrainError raised']],
        ['Depends on', ['django-litefs-5l8 (closed) Backend']],
      ],
    );
  });
});
