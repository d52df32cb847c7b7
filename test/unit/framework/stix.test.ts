import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bundleCreated } from '../../../server/src/service/framework/stix';

const bundle = (...objects: unknown[]) => JSON.stringify({ type: 'bundle', objects });

describe('bundleCreated', () => {
  it("is the matrix's creation time, whatever the other objects say", () => {
    const text = bundle(
      { type: 'attack-pattern', id: 'attack-pattern--1', created: '2025-01-01T00:00:00Z' },
      { type: 'x-mitre-matrix', id: 'x-mitre-matrix--1', name: 'DISARM Framework', created: '2024-11-22T16:43:58Z' },
    );
    assert.equal(bundleCreated(text), '2024-11-22T16:43:58Z');
  });

  it("is the newest object's creation time in a bundle without a dated matrix", () => {
    const text = bundle(
      { type: 'attack-pattern', id: 'attack-pattern--1', created: '2023-09-28T21:25:13Z' },
      { type: 'x-mitre-tactic', id: 'x-mitre-tactic--1', created: '2024-03-13T22:04:00Z' },
      { type: 'x-mitre-matrix', id: 'x-mitre-matrix--1', created: 'yesterday' },
    );
    assert.equal(bundleCreated(text), '2024-03-13T22:04:00Z');
  });

  it('is undefined for text that is no bundle', () => {
    for (const text of ['', 'not json', 'null', '[]', '{"objects": 3}']) assert.equal(bundleCreated(text), undefined, text);
  });
});
