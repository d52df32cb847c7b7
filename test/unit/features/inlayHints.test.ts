import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Range } from 'vscode-languageserver-types';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { computeInlayHints } from '../../../server/src/service/features/inlayHints';
import { fixtureIndex } from '../../fixtures/framework';
import { documentWithCursor, joinLines } from '../../fixtures/markdown';

function hints(text: string, range?: Range, withData = true) {
  const { document } = documentWithCursor(text);
  const whole = Range.create(document.positionAt(0), document.positionAt(text.length));
  return computeInlayHints(document, parseDisarmDocument(text), range ?? whole, withData ? fixtureIndex() : undefined);
}

describe('computeInlayHints', () => {
  it('shows the name after a bare known ID', () => {
    assert.deepEqual(hints('They used T0003 again.'), [
      {
        position: { line: 0, character: 15 },
        label: 'Paste Site',
        paddingLeft: true,
        tooltip: 'Technique T0003: Paste Site (from the DISARM data; double-click to write the name into the text)',
        textEdits: [{ range: { start: { line: 0, character: 15 }, end: { line: 0, character: 15 } }, newText: ': Paste Site' }],
      },
    ]);
  });

  it('skips written names, link texts, unknown IDs, code and URLs', () => {
    const text = joinLines(
      '| [T0001 Pick Audience](x/T0001.md) | (T0002: Write Posts) |',
      '`T0003` https://x.org/T0003 T0099 T00001 and TA01.',
    );
    assert.deepEqual(hints(text).map((h) => [h.position.line, h.label]), [[1, 'Plan Things']]);
  });

  it('answers only within the requested range', () => {
    const text = joinLines('T0001', 'T0002', 'T0003', 'C00001');
    assert.deepEqual(hints(text, Range.create(1, 0, 2, 5)).map((h) => h.label), ['Write Posts', 'Paste Site']);
    assert.deepEqual(hints(text, Range.create(1, 3, 1, 4)), []);
  });

  it('gives nothing without data', () => {
    assert.deepEqual(hints('T0001', undefined, false), []);
  });
});
