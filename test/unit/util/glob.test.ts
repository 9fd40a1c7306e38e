import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { globToRegExp, isSimpleGlob } from '../../../src/util/glob';

describe('globToRegExp', () => {
  it('reads ** as any folders, * and ? within a segment', () => {
    const md = globToRegExp('**/*.md');
    assert.ok(md.test('PLAN.md') && md.test('plans/plan-1.md') && md.test('a/b/c.md'));
    assert.ok(!md.test('plans/plan.mdx') && !md.test('plans/'));
    const one = globToRegExp('plans/?.md');
    assert.ok(one.test('plans/a.md') && !one.test('plans/ab.md') && !one.test('x/plans/a.md'));
    assert.ok(globToRegExp('a.b').test('a.b') && !globToRegExp('a.b').test('axb'));
  });
  it('knows which globs it can read', () => {
    assert.ok(isSimpleGlob('**/*.md'));
    assert.ok(!isSimpleGlob('**/*{plan,Plan}*.md'));
    assert.ok(!isSimpleGlob('[ab].md'));
  });
});
