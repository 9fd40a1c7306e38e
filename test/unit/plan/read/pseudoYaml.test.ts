import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlan } from '../../../../src/plan/read/parse';
import { readPseudoYaml } from '../../../../src/plan/read/pseudoYaml';
import { PLAN_FILES, fixture } from '../../fixtures';

const yamlFindings = (text: string) => parsePlan(text).findings.filter((f) => f.code === 'yaml');

describe("the agents' pseudo-yaml", () => {
  it("reads the seed's `TASK: id` with indented keys as key/value notes, and reports nothing", () => {
    const seed = parsePlan(fixture('seed-split-brain.md'));
    assert.deepEqual(yamlFindings(fixture('seed-split-brain.md')), []);
    const task = (seed.yamlBlocks[0]!.value as { TASK: Record<string, unknown> }).TASK;
    assert.equal(task.value, 'django-litefs-f8s');
    assert.equal(task.parent, 'django-litefs-8oi');
    // The wrapped description (its second line says `Covers: …`) is one text, not a key.
    assert.match(task.description as string, /^Add step definitions .* Covers: SplitBrainError .* write succeeds when resolved\.$/);
    assert.equal((task.acceptance_criteria as string[]).length, 5);
  });
  it('reads a pipe table under a key (plan-15f8cd71) as that key’s text, keeping the conflicts it names', () => {
    const text = fixture('real/plan-15f8cd71.md');
    assert.deepEqual(yamlFindings(text), []);
    const block = parsePlan(text).yamlBlocks.find((b) => b.source.includes('CONFLICT_MATRIX'))!;
    assert.match((block.value as { CONFLICT_MATRIX: string }).CONFLICT_MATRIX, /^\| Task \| Files \| Conflicts With \|\n/);
    assert.deepEqual(parsePlan(text).conflicts.map((c) => c.tasks), [['django-litefs-yhj.5', 'django-litefs-yhj.6']]);
  });
  it('reports no yaml finding in any real plan', () => {
    for (const name of PLAN_FILES) assert.deepEqual(yamlFindings(fixture(name)), [], name);
  });
  it('still reports yaml that is meant as yaml and broken: an unclosed flow sequence, a stray quote', () => {
    const text = fixture('real/plan-af9b20f2.md');
    const broken = text.replace('haiku_agents_spawned: 6', 'haiku_agents_spawned: [6, 7');
    assert.notEqual(broken, text);
    assert.equal(yamlFindings(broken).length, 1);
    const quoted = fixture('seed-split-brain.md').replace('parent: django-litefs-8oi', 'parent: "django-litefs-8oi');
    assert.equal(yamlFindings(quoted).length, 1);
    assert.equal(readPseudoYaml('a: [1, 2'), undefined);
  });
  it('leaves yaml that parses to yaml', () => {
    assert.deepEqual(readPseudoYaml('KEY: [a, b]\nOTHER: x'), { KEY: '[a, b]', OTHER: 'x' });
    const block = parsePlan(fixture('real/plan-15f8cd71.md')).yamlBlocks.find((b) => b.source.includes('TEST_COUNT'))!;
    assert.equal((block.value as { TEST_COUNT: unknown }).TEST_COUNT, 430);
  });
});
