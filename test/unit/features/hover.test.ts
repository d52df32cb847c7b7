import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MarkupContent } from 'vscode-languageserver-types';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { computeHover } from '../../../server/src/service/features/hover';
import { createPageLinker } from '../../../server/src/service/framework/links';
import { fixtureIndex } from '../../fixtures/framework';
import { documentWithCursor } from '../../fixtures/markdown';

function hoverText(text: string, localRoot?: string): string | undefined {
  const { document, position } = documentWithCursor(text);
  const hover = computeHover(document, parseDisarmDocument(document.getText()), position, fixtureIndex(), createPageLinker(localRoot));
  return hover ? (hover.contents as MarkupContent).value : undefined;
}

describe('computeHover', () => {
  it('describes a sub-technique with its tactic and parent', () => {
    const value = hoverText('Used (T0002.0$$01: Write Short Posts).')!;
    assert.match(value, /^\*\*Technique T0002\\\.001: Write Short Posts\*\*/);
    assert.match(value, /Very short messages/);
    assert.match(value, /Tactic: TA01|Tactic: TA02 Build Assets/);
    assert.match(value, /Parent technique: T0002 Write Posts/);
  });

  it('lists the sub-techniques of a parent', () => {
    assert.match(hoverText('$$T0002 here')!, /Sub-techniques: T0002\\\.001 Write Short Posts, T0002\\\.002 Write "Long" Posts/);
  });

  it('describes other kinds', () => {
    assert.match(hoverText('Tactic TA$$01')!, /\*\*Tactic TA01: Plan Things\*\*[\s\S]*Phase: P01 Prepare/);
    assert.match(hoverText('I0000$$1')!, /\*\*Incident I00001: A Made\\-up Campaign\*\*/);
    assert.match(hoverText('A00$$1')!, /Actor type A001/);
  });

  it('escapes markup from the data', () => {
    const value = hoverText('T00$$03')!;
    assert.ok(value.includes('\\[markup\\]\\(command:evil\\)'), value);
    assert.ok(value.includes('\\<b\\>tags\\</b\\>'), value);
  });

  it('links the local page or the DISARM GitHub page', () => {
    assert.match(hoverText('T00$$01')!, /\(https:\/\/github\.com\/DISARMFoundation\/DISARMframeworks\/blob\/main\/generated_pages\/techniques\/T0001\.md\)/);
    assert.match(hoverText('T00$$01', 'file:///data/disarm/generated_pages/')!, /\(file:\/\/\/data\/disarm\/generated_pages\/techniques\/T0001\.md\)/);
  });

  it('answers nothing away from known IDs', () => {
    assert.equal(hoverText('T00$$99 unknown'), undefined);
    assert.equal(hoverText('plain $$text'), undefined);
    assert.equal(hoverText('`T00$$01` in code'), undefined);
  });
});
