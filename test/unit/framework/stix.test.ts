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

  it('is read from the matrix alone, past braces and quotes in strings and objects before its type', () => {
    const matrix = { id: 'x-mitre-matrix--1', external_references: [{ source_name: 'x', description: 'a } and a " and { here' }], type: 'x-mitre-matrix', created: '2024-11-22T16:43:58Z' };
    const text = JSON.stringify({ type: 'bundle', objects: [{ type: 'attack-pattern', description: 'ends with {', created: '2025-01-01T00:00:00Z' }, matrix] }, null, 4);
    assert.equal(bundleCreated(text), '2024-11-22T16:43:58Z');
    // A brace in a string after the type misleads no count: the object's text is found by its own braces.
    assert.equal(bundleCreated(bundle({ type: 'x-mitre-matrix', description: '{{{', created: '2024-01-02T00:00:00Z' })), '2024-01-02T00:00:00Z');
    // Only the matrix is parsed: a bundle cut short after it is still dated.
    const cut = bundle({ type: 'x-mitre-matrix', created: '2024-03-04T00:00:00Z' }, { type: 'attack-pattern', name: 'cut here' }).slice(0, -20);
    assert.equal(bundleCreated(cut), '2024-03-04T00:00:00Z');
  });

  it('reads the whole bundle when the matrix cannot be read alone', () => {
    // An unbalanced brace in a string before the type: the backward count stops in the wrong place.
    const misled = bundle({ type: 'attack-pattern', created: '2023-01-01T00:00:00Z' }, { name: 'x {', type: 'x-mitre-matrix', created: '2024-05-06T00:00:00Z' });
    assert.equal(bundleCreated(misled), '2024-05-06T00:00:00Z');
    // An undated first matrix: the first dated one decides, as when the bundle is read whole.
    const undated = bundle({ type: 'x-mitre-matrix', created: 'soon' }, { type: 'x-mitre-matrix', created: '2022-02-20T00:00:00Z' });
    assert.equal(bundleCreated(undated), '2022-02-20T00:00:00Z');
  });

  it('is undefined for text that is no bundle', () => {
    for (const text of ['', 'not json', 'null', '[]', '{"objects": 3}']) assert.equal(bundleCreated(text), undefined, text);
  });
});
