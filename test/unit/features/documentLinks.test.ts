import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { computeDocumentLinks } from '../../../server/src/service/features/documentLinks';
import { createPageLinker } from '../../../server/src/service/framework/links';
import { fixtureIndex } from '../../fixtures/framework';
import { documentWithCursor, joinLines } from '../../fixtures/markdown';

const LOCAL = 'file:///data/disarm/generated_pages/';
const GITHUB = 'https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/';

function links(text: string, localRoot?: string, uri?: string) {
  const { document } = documentWithCursor(text, uri);
  return computeDocumentLinks(document, parseDisarmDocument(text), fixtureIndex(), createPageLinker(localRoot)).map((l) => ({
    text: text.split('\n')[l.range.start.line].slice(l.range.start.character, l.range.end.character),
    target: l.target,
    tooltip: l.tooltip,
  }));
}

describe('computeDocumentLinks', () => {
  it('links bare and inline IDs to their GitHub page', () => {
    assert.deepEqual(links('Used T0001 and (T0002.001: Write Short Posts).'), [
      { text: 'T0001', target: `${GITHUB}techniques/T0001.md`, tooltip: 'Open T0001 Pick Audience' },
      { text: 'T0002.001', target: `${GITHUB}techniques/T0002.001.md`, tooltip: 'Open T0002.001 Write Short Posts' },
    ]);
  });

  it('links local pages when the checkout is local', () => {
    assert.deepEqual(links('TA01 and C00001', LOCAL).map((l) => l.target), [`${LOCAL}tactics/TA01.md`, `${LOCAL}counters/C00001.md`]);
  });

  // An ID later in a link text is form `bare`: it is linked, the markdown link's own document link covers its destination.
  it('skips IDs opening link texts, unknown and malformed IDs, code and URLs', () => {
    const text = joinLines(
      '| [T0001 Pick Audience](../techniques/T0001.md) | They used T0002. |',
      'Not T0099, T00001, `T0003` or https://example.com/T0003 but [see T0003](x.md).',
    );
    assert.deepEqual(links(text).map((l) => l.text), ['T0002', 'T0003']);
  });

  it('does not link a page to itself', () => {
    const uri = `${LOCAL}techniques/T0001.md`;
    assert.deepEqual(links('# Technique T0001: Pick Audience, see T0002', LOCAL, uri).map((l) => l.text), ['T0002']);
  });

  it('gives nothing without data', () => {
    const { document } = documentWithCursor('T0001');
    assert.deepEqual(computeDocumentLinks(document, parseDisarmDocument('T0001'), undefined, createPageLinker(undefined)), []);
  });
});
