import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { computeReferences } from '../../../server/src/service/features/references';
import { WorkspaceIndex } from '../../../server/src/service/features/workspaceIndex';
import { documentWithCursor } from '../../fixtures/markdown';

const CURRENT = 'file:///ws/notes/current.md';
const OTHER = 'file:///ws/notes/other.md';
const PAGE = 'file:///ws/generated_pages/techniques/T0002.md';

function setup(text: string) {
  const index = new WorkspaceIndex();
  index.update(OTHER, 'Cites T0002 and T0002.001: Write Short Posts.');
  index.update(PAGE, '# Technique T0002: Write Posts\n\nSee also T0002.');
  // The index holds an older version of the current document.
  index.update(CURRENT, 'T0002 T0002 T0002 old version');
  const { document, position } = documentWithCursor(text, CURRENT);
  return { index, document, position, model: parseDisarmDocument(document.getText()) };
}

function where(locations: { uri: string; range: { start: { line: number; character: number } } }[]): string[] {
  return locations.map((l) => `${l.uri.replace('file:///ws/', '')}:${l.range.start.line}:${l.range.start.character}`);
}

describe('computeReferences', () => {
  it('finds the ID under the cursor across the workspace, the open version winning', () => {
    const { index, document, position, model } = setup('Uses T00$$02 here.');
    assert.deepEqual(where(computeReferences(document, model, position, index, true)), [
      'generated_pages/techniques/T0002.md:0:12',
      'generated_pages/techniques/T0002.md:2:9',
      'notes/current.md:0:5',
      'notes/other.md:0:6',
    ]);
  });

  it('leaves out the declaration (the title of the ID page) when asked', () => {
    const { index, document, position, model } = setup('Uses $$T0002 here.');
    const pageOf = (id: string) => (id === 'T0002' ? PAGE : undefined);
    assert.deepEqual(where(computeReferences(document, model, position, index, false, pageOf)), [
      'generated_pages/techniques/T0002.md:2:9',
      'notes/current.md:0:5',
      'notes/other.md:0:6',
    ]);
  });

  it('tells sub-techniques from their parent', () => {
    const { index, document, position, model } = setup('T0002.00$$1: Write Short Posts');
    assert.deepEqual(where(computeReferences(document, model, position, index, true)), ['notes/current.md:0:0', 'notes/other.md:0:16']);
  });

  it('answers nothing away from a well-formed ID', () => {
    for (const text of ['plain $$text', '`T00$$02` in code', 'T00$$145.006: Malformed']) {
      const { index, document, position, model } = setup(text);
      assert.deepEqual(computeReferences(document, model, position, index, true), [], text);
    }
  });
});
