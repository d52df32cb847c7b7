import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confidentSuggestion, editDistance, nameSimilarity, objectsNamed, repairShape, suggestIds } from '../../../server/src/service/framework/suggest';
import { fixtureIndexForFixes } from '../../fixtures/framework';

const index = fixtureIndexForFixes();
const ids = (list: Array<{ object: { id: string } }>) => list.map((s) => s.object.id);

describe('repairShape', () => {
  it('fixes digit counts of malformed technique IDs', () => {
    assert.equal(repairShape('T00145.006'), 'T0145.006');
    assert.equal(repairShape('T0115.12'), 'T0115.012');
    assert.equal(repairShape('T115'), 'T0115');
    assert.equal(repairShape('T0115.0012'), 'T0115.012');
  });

  it('leaves well-formed and hopeless tokens alone', () => {
    assert.equal(repairShape('T0115'), undefined);
    assert.equal(repairShape('T012345'), undefined);
    assert.equal(repairShape('T0115.1234'), undefined);
    assert.equal(repairShape('TA01'), undefined);
  });
});

describe('suggestIds', () => {
  it('puts the repaired shape first and is confident about it', () => {
    const list = suggestIds('T00145.006', index, 'Smiling Face Pictures');
    assert.equal(list[0].object.id, 'T0145.006');
    assert.equal(list[0].byShape, true);
    assert.equal(confidentSuggestion(list)?.object.id, 'T0145.006');
    assert.equal(confidentSuggestion(suggestIds('T00145.006', index))?.object.id, 'T0145.006', 'the shape alone is enough');
  });

  it('follows the written name over a closer ID', () => {
    const list = suggestIds('T0005.003', index, 'Reporter Mask');
    assert.equal(list[0].object.id, 'T0005.101');
    assert.ok(ids(list).includes('T0005.103'), 'one digit away, offered too');
    assert.equal(confidentSuggestion(list)?.object.id, 'T0005.101');
  });

  it('finds a name however far its ID', () => {
    assert.equal(confidentSuggestion(suggestIds('T0002.103', index, 'Researcher Mask'))?.object.id, 'T0005.103');
  });

  it('offers near IDs without a name but is confident about none', () => {
    const list = suggestIds('T0005.003', index);
    assert.deepEqual(ids(list), ['T0005.103', 'T0002.001', 'T0002.002'], 'one edit away first, then two');
    assert.equal(confidentSuggestion(list), undefined);
    assert.equal(confidentSuggestion(suggestIds('T0004', index)), undefined);
  });

  it('is ambiguous when the shape and the name disagree', () => {
    assert.equal(confidentSuggestion(suggestIds('T00145.006', index, 'Cartoon Pictures')), undefined);
  });

  it('suggests objects of the same kind', () => {
    assert.deepEqual(ids(suggestIds('TA03', index)), ['TA01', 'TA02']);
    assert.deepEqual(ids(suggestIds('C00002', index)), ['C00001']);
  });
});

describe('names', () => {
  it('measures similarity after normalising', () => {
    assert.equal(nameSimilarity('Write \u201CLong\u201D Posts', 'write "long" posts'), 1);
    assert.ok(nameSimilarity('Bypass Content Bocking', 'Bypass Content Blocking') > 0.9);
    assert.ok(nameSimilarity('Researcher Mask', 'Recruiter Mask') < 0.85);
  });

  it('finds the objects (nearly) named so', () => {
    assert.deepEqual(ids(objectsNamed('researcher  mask', index)), ['T0005.103']);
    assert.deepEqual(ids(objectsNamed('Smiling Face Picture', index)), ['T0145.006']);
    assert.deepEqual(objectsNamed('Nothing Like It', index), []);
  });

  it('computes edit distances with transpositions and a limit', () => {
    assert.equal(editDistance('T0097.003', 'T0097.103'), 1);
    assert.equal(editDistance('T0012', 'T0021'), 1);
    assert.equal(editDistance('T00145.006', 'T0145.006'), 1);
    assert.equal(editDistance('T0001', 'T9999', 2), 2);
  });
});
