import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyToken } from '../../../server/src/service/markdown/ids';

describe('classifyToken', () => {
  it('knows every DISARM kind', () => {
    const kinds = ['T0146', 'T0146.006', 'TA15', 'P02', 'C00091', 'I00104', 'A027', 'M012', 'TK0019', 'F00001', 'D01'].map(
      (token) => classifyToken(token),
    );
    assert.deepEqual(
      kinds.map((c) => (c?.type === 'id' ? c.kind : c?.type)),
      ['technique', 'technique', 'tactic', 'phase', 'counter', 'incident', 'actortype', 'metatechnique', 'task', 'detection', 'responsetype'],
    );
  });

  it('marks malformed technique IDs', () => {
    for (const token of ['T00145.006', 'T00145', 'T0115.12', 'T0115.1234']) assert.deepEqual(classifyToken(token), { type: 'malformed' }, token);
    assert.deepEqual(classifyToken('T115'), { type: 'short' });
  });

  it('leaves MITRE ATT&CK IDs and non-IDs alone', () => {
    assert.deepEqual(classifyToken('T1059'), { type: 'foreign' });
    assert.deepEqual(classifyToken('T1059.001'), { type: 'foreign' });
    // ATT&CK for ICS: T0800–T0899, numbers DISARM never used.
    assert.deepEqual(classifyToken('T0800'), { type: 'foreign' });
    assert.deepEqual(classifyToken('T0891'), { type: 'foreign' });
    // ICS has no sub-techniques: `T0809.001` is of DISARM's shape (`T0089.001` with two digits swapped).
    assert.deepEqual(classifyToken('T0809.001'), { type: 'id', kind: 'technique' });
    assert.deepEqual(classifyToken('T0799'), { type: 'id', kind: 'technique' });
    assert.deepEqual(classifyToken('T0900'), { type: 'id', kind: 'technique' });
    assert.equal(classifyToken('T5'), undefined);
    assert.equal(classifyToken('C0001'), undefined);
  });

  it('gives the same class after its memo has been emptied, and an ID is never remembered as a non-ID', () => {
    // More distinct tokens than the memo keeps: it is emptied along the way.
    for (let i = 0; i < 10_000; i++) classifyToken(`C${String(i).padStart(5, '0')}`);
    assert.deepEqual(classifyToken('C00091'), { type: 'id', kind: 'counter' });
    assert.equal(classifyToken('T1234x'), undefined);
    assert.equal(classifyToken('T1234x'), undefined);
    assert.deepEqual(classifyToken('T1059'), { type: 'foreign' });
    assert.ok(Object.isFrozen(classifyToken('T0146')), 'a shared class is frozen');
  });
});
