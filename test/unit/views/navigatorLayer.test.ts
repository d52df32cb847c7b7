import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildNavigatorLayer, tacticShortname } from '../../../server/src/service/views/navigatorLayer';
import { fixtureIndexForViews } from '../../fixtures/framework';

describe('buildNavigatorLayer', () => {
  it('writes a DISARM Navigator layer 4.5 with tactic shortnames and scores', () => {
    const layer = buildNavigatorLayer(
      { name: 'I00001', description: 'Techniques cited by I00001', scores: { 'T0004.001': 2, T0001: 1, T0999: 4, TA01: 1, T0003: 0 } },
      fixtureIndexForViews(),
    );
    assert.equal(layer.name, 'I00001');
    assert.deepEqual(layer.versions, { layer: '4.5', navigator: '4.9.1' });
    assert.equal(layer.domain, 'DISARM');
    assert.equal(layer.description, 'Techniques cited by I00001');
    assert.deepEqual(
      layer.techniques.map((t) => [t.techniqueID, t.tactic, t.score, t.enabled, t.showSubtechniques]),
      [
        ['T0001', 'plan-things', 1, true, false],
        ['T0004.001', 'persist-in-the-environment', 2, true, false],
      ],
    );
    assert.deepEqual(layer.gradient, { colors: ['#ffffff', '#e5484d'], minValue: 0, maxValue: 2 });
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(layer)));
  });

  it('expands a parent whose sub-technique is scored, and takes another domain', () => {
    const layer = buildNavigatorLayer({ name: 'x', scores: { T0002: 1, 'T0002.002': 1 }, domain: 'enterprise-attack' }, fixtureIndexForViews());
    assert.equal(layer.domain, 'enterprise-attack');
    assert.deepEqual(layer.techniques.map((t) => [t.techniqueID, t.showSubtechniques]), [['T0002', true], ['T0002.002', false]]);
    assert.equal(buildNavigatorLayer({ name: 'none', scores: {} }, undefined).gradient.maxValue, 1);
  });

  it('derives shortnames as STIX x_mitre_shortname does', () => {
    assert.equal(tacticShortname('Persist in the Information Environment'), 'persist-in-the-information-environment');
    assert.equal(tacticShortname('Select Channels and Affordances'), 'select-channels-and-affordances');
    assert.equal(tacticShortname('  Maximise  Exposure! '), 'maximise-exposure');
  });
});
