import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeDefinition } from '../../../server/src/service/features/definition';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { fixtureIndex } from '../../fixtures/framework';
import { documentWithCursor } from '../../fixtures/markdown';

const LOCAL = 'file:///data/disarm/generated_pages/';

function define(text: string, localRoot?: string, withData = true) {
  const { document, position } = documentWithCursor(text);
  return computeDefinition(document, parseDisarmDocument(document.getText()), position, withData ? fixtureIndex() : undefined, localRoot);
}

describe('computeDefinition', () => {
  it('opens the local page when the checkout is local', () => {
    assert.deepEqual(define('Used T0002.0$$01 here', LOCAL), {
      uri: `${LOCAL}techniques/T0002.001.md`,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    });
    assert.equal(define('[TA0$$1 Plan Things](x.md)', LOCAL)?.uri, `${LOCAL}tactics/TA01.md`);
  });

  it('opens the virtual document otherwise', () => {
    assert.equal(define('Used T000$$1: Pick Audience')?.uri, 'disarm:/technique/T0001.md');
    assert.equal(define('I00001$$ and more')?.uri, 'disarm:/incident/I00001.md');
    assert.equal(define('by A00$$1')?.uri, 'disarm:/actortype/A001.md');
  });

  it('answers nothing for unknown, malformed and non-IDs, code, or without data', () => {
    assert.equal(define('T00$$99 unknown'), null);
    assert.equal(define('T000$$01 malformed'), null);
    assert.equal(define('plain $$text'), null);
    assert.equal(define('`T00$$01`'), null);
    assert.equal(define('T00$$01', undefined, false), null);
  });
});
