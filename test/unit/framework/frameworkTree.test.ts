import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildFrameworkTree, FrameworkTreeNode, tacticColumns } from '../../../server/src/service/framework/frameworkTree';
import { createFrameworkIndex } from '../../../server/src/service/framework/framework';
import { FIXTURE_SOURCE, fixtureIndexForViews } from '../../fixtures/framework';

/** `ID Name` labels, children indented by two spaces. */
function outline(nodes: readonly FrameworkTreeNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [`${'  '.repeat(depth)}${n.id ? `${n.id} ` : ''}${n.name}`, ...outline(n.children, depth + 1)]);
}

describe('buildFrameworkTree', () => {
  const counts: Record<string, number> = { 'T0002.001': 3, T0004: 1 };
  const tree = (filter?: string) => buildFrameworkTree(fixtureIndexForViews(), (id) => counts[id] ?? 0, filter);

  it('nests phases, tactics, techniques and sub-techniques; tactics without a phase go last', () => {
    assert.deepEqual(outline(tree().roots), [
      'P01 Prepare',
      '  TA01 Plan Things',
      '    T0001 Pick Audience',
      '  TA02 Build Assets',
      '    T0002 Write Posts',
      '      T0002.001 Write Short Posts',
      '      T0002.002 Write "Long" Posts',
      '    T0003 Paste Site',
      'P02 Execute',
      '  TA03 Persist in the Environment',
      '    T0004 Keep Accounts',
      '      T0004.001 Keep Old Accounts',
      'Tactics without a phase',
      '  TA09 Wander',
    ]);
  });

  it('carries summaries as plain text and incident counts on techniques only', () => {
    const [prepare] = tree().roots;
    const build = prepare.children[1];
    const writePosts = build.children[0];
    assert.equal(build.incidents, undefined);
    assert.equal(writePosts.incidents, 0);
    assert.equal(writePosts.children[0].incidents, 3);
    assert.equal(build.children[1].summary, 'Text hosting *with* [markup](command:evil) <b>tags</b>.');
  });

  it('filters by ID prefix or name, keeping ancestors and the whole subtree of a match', () => {
    assert.deepEqual(outline(tree('t0002.00').roots), [
      'P01 Prepare',
      '  TA02 Build Assets',
      '    T0002 Write Posts',
      '      T0002.001 Write Short Posts',
      '      T0002.002 Write "Long" Posts',
    ]);
    assert.deepEqual(outline(tree('  keep   OLD ').roots), ['P02 Execute', '  TA03 Persist in the Environment', '    T0004 Keep Accounts', '      T0004.001 Keep Old Accounts']);
    assert.deepEqual(outline(tree('TA03').roots), ['P02 Execute', '  TA03 Persist in the Environment', '    T0004 Keep Accounts', '      T0004.001 Keep Old Accounts']);
    assert.deepEqual(tree('nothing like this').roots, []);
    assert.equal(tree('x').filter, 'x');
  });

  it('is empty without data, and roots at tactics when the data has no phases (STIX)', () => {
    assert.deepEqual(buildFrameworkTree(undefined, () => 0), { loaded: false, roots: [], filter: undefined });
    const stix = createFrameworkIndex(FIXTURE_SOURCE, [
      { id: 'TA01', kind: 'tactic', name: 'Plan Things', summary: '' },
      { id: 'T0001', kind: 'technique', name: 'Pick Audience', summary: '', tactic: 'TA01' },
      { id: 'T0009', kind: 'technique', name: 'Lost', summary: '' },
    ]);
    assert.deepEqual(outline(buildFrameworkTree(stix, () => 0).roots), ['TA01 Plan Things', '  T0001 Pick Audience', 'Techniques without a tactic', '  T0009 Lost']);
  });

  it('lists the tactic columns of the matrix in phase order', () => {
    assert.deepEqual(tacticColumns(tree()).map((c) => c.id), ['TA01', 'TA02', 'TA03', 'TA09']);
  });
});
