import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { WorkspaceIndex } from '../../../server/src/service/features/workspaceIndex';
import { joinLines } from '../../fixtures/markdown';

const A = 'file:///ws/a.md';
const B = 'file:///ws/b.md';

function range(line: number, character: number, length: number) {
  return { start: { line, character }, end: { line, character: character + length } };
}

describe('WorkspaceIndex', () => {
  it('indexes well-formed IDs with LSP ranges, from text or a model', () => {
    const index = new WorkspaceIndex();
    index.update(A, joinLines('# Notes', '', 'Seen T0002.001: Write Short Posts and T0002.', '`T0002` in code, T00145.006 malformed'));
    index.update(B, parseDisarmDocument('Also [T0002 Write Posts](../techniques/T0002.md)'));
    assert.deepEqual(index.references('T0002'), [
      { uri: A, range: range(2, 38, 5) },
      { uri: B, range: range(0, 6, 5) },
    ]);
    assert.deepEqual(index.references('T0002.001'), [{ uri: A, range: range(2, 5, 9) }]);
    assert.deepEqual(index.references('T00145.006'), [], 'malformed tokens are not references');
    assert.equal(index.size, 2);
    assert.equal(index.referenceCount, 3);
  });

  it('counts lines the way TextDocument does (\\r\\n and a lone \\r)', () => {
    const index = new WorkspaceIndex();
    index.update(A, 'one\r\ntwo\rthree T0001\nTA01');
    assert.deepEqual(index.references('T0001'), [{ uri: A, range: range(2, 6, 5) }]);
    assert.deepEqual(index.references('TA01'), [{ uri: A, range: range(3, 0, 4) }]);
  });

  it('replaces a document on update and forgets it on remove', () => {
    const index = new WorkspaceIndex();
    index.update(A, 'T0001 and T0003');
    index.update(B, 'T0001');
    index.update(A, 'now only T0003');
    assert.deepEqual(index.references('T0001').map((l) => l.uri), [B]);
    assert.deepEqual(index.references('T0003'), [{ uri: A, range: range(0, 9, 5) }]);
    assert.equal(index.remove(B), true);
    assert.equal(index.remove(B), false);
    assert.deepEqual(index.references('T0001'), []);
    assert.equal(index.size, 1);
    assert.equal(index.referenceCount, 1);
  });

  it('keeps documents without references, so the scan knows them', () => {
    const index = new WorkspaceIndex();
    index.update(A, 'no IDs here');
    assert.equal(index.has(A), true);
    assert.equal(index.size, 1);
    index.clear();
    assert.equal(index.size, 0);
  });

  it('answers in URI order whatever the update order', () => {
    const index = new WorkspaceIndex();
    for (const name of ['c', 'a', 'b']) index.update(`file:///ws/${name}.md`, 'I00001 and I00001');
    assert.deepEqual(
      index.references('I00001').map((l) => `${l.uri.slice(-4)}:${l.range.start.character}`),
      ['a.md:0', 'a.md:11', 'b.md:0', 'b.md:11', 'c.md:0', 'c.md:11'],
    );
  });
});

describe('WorkspaceIndex for the views', () => {
  it('knows which documents cite an ID and which are incident pages, and tells listeners of changes', () => {
    const index = new WorkspaceIndex();
    let changes = 0;
    const unsubscribe = index.onDidChange(() => changes++);
    index.update(A, '\uFEFF# Incident I00001: Title\r\n\r\nT0001');
    index.update(B, 'Notes on T0001\n# Incident I00002: not the first line');
    assert.deepEqual(index.documentsCiting('T0001').sort(), [A, B]);
    assert.deepEqual(index.documentsCiting('T0999'), []);
    assert.equal(index.isIncident(A), true);
    assert.equal(index.isIncident(B), false);
    assert.equal(index.isIncident('file:///ws/unknown.md'), false);
    assert.ok(changes >= 2);
    unsubscribe();
    const before = changes;
    index.remove(A);
    assert.equal(changes, before);
  });
});
