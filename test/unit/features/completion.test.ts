import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { computeCompletions, CompletionContext, referenceText, resolveCompletion } from '../../../server/src/service/features/completion';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { createPageLinker } from '../../../server/src/service/framework/links';
import { fixtureIndex } from '../../fixtures/framework';
import { documentWithCursor, joinLines } from '../../fixtures/markdown';

const context = (pagesFolder?: string): CompletionContext => ({ index: fixtureIndex(), pages: createPageLinker(undefined), pagesFolder });

function complete(text: string, ctx = context(), uri?: string) {
  const { document, position } = documentWithCursor(text, uri);
  return computeCompletions(document, parseDisarmDocument(document.getText()), position, ctx);
}

const TABLE = ['| Technique | Description given for this incident |', '| --------- | ------------------------- |'];

describe('computeCompletions', () => {
  it('lists techniques matching the typed prefix, sub-techniques under their parent', () => {
    const list = complete('Actors used T0002$$')!;
    assert.deepEqual(list.items.map((i) => i.label), ['T0002', 'T0002.001', 'T0002.002']);
    const item = list.items[1];
    assert.equal(item.detail, 'Write Short Posts');
    assert.equal(item.filterText, 'T0002.001 Write Short Posts');
    assert.equal((item.textEdit as TextEdit).newText, 'T0002.001: Write Short Posts');
    assert.deepEqual((item.textEdit as TextEdit).range, { start: { line: 0, character: 12 }, end: { line: 0, character: 17 } });
  });

  it('lists tactics for TA and everything for T', () => {
    assert.deepEqual(complete('TA$$')!.items.map((i) => i.label), ['TA01', 'TA02']);
    assert.equal(complete('x T$$')!.items.length, 7);
    assert.equal(complete('T0002.$$')!.items.length, 2);
  });

  it('answers nothing outside an ID prefix or without data', () => {
    assert.equal(complete('plain words$$'), null);
    assert.equal(complete('AT$$'), null);
    assert.equal(complete('T1$$'), null);
    assert.equal(complete('T00$$', { index: undefined, pages: createPageLinker(undefined) }), null);
  });

  it('inserts the link form in a techniques table, in the document\u2019s own link style', () => {
    const text = joinLines(...TABLE, '| [T0001 Pick Audience](../../generated_pages/techniques/T0001.md) | a |', '| T0002.00$$');
    const item = complete(text)!.items.find((i) => i.label === 'T0002.001')!;
    assert.equal((item.textEdit as TextEdit).newText, '[T0002.001 Write Short Posts](../../generated_pages/techniques/T0002.001.md)');
  });

  it('computes the relative path to the checkout when the document has no links', () => {
    const text = joinLines(...TABLE, '| [T0002.00$$');
    const list = complete(text, context('/data/disarm/generated_pages'), 'file:///data/reports/2024/incident.md')!;
    const item = list.items.find((i) => i.label === 'T0002.001')!;
    const edit = item.textEdit as TextEdit;
    assert.equal(edit.newText, '[T0002.001 Write Short Posts](../../disarm/generated_pages/techniques/T0002.001.md)');
    assert.equal(edit.range.start.character, 2, 'the typed [ is replaced');
    assert.equal(item.filterText, '[T0002.001 Write Short Posts');
  });

  it('links GitHub pages when there is no checkout', () => {
    const item = complete(joinLines(...TABLE, '| T0001$$'))!.items[0];
    assert.match((item.textEdit as TextEdit).newText, /^\[T0001 Pick Audience\]\(https:\/\/github\.com\/.*\/techniques\/T0001\.md\)$/);
  });

  it('keeps the inline form outside the first cell', () => {
    const item = complete(joinLines(...TABLE, '| [T0001 Pick Audience](x/T0001.md) | see T0001$$'))!.items[0];
    assert.equal((item.textEdit as TextEdit).newText, 'T0001: Pick Audience');
  });

  it('resolves documentation lazily', () => {
    const item = complete('T0001$$')!.items[0];
    assert.equal(item.documentation, undefined);
    const doc = resolveCompletion(item, context()).documentation as MarkupContent;
    assert.match(doc.value, /Choose who to reach/);
  });
});

describe('referenceText', () => {
  const text = (markdown: string, id: string) => {
    const { document, position } = documentWithCursor(markdown);
    return referenceText(document, parseDisarmDocument(document.getText()), position, id, context('/work/data/generated_pages'));
  };

  it('inserts what completion would: the link form in a techniques table row, else ID: Name', () => {
    assert.equal(text(joinLines(...TABLE, '| $$'), 'T0002.001'), '[T0002.001 Write Short Posts](../data/generated_pages/techniques/T0002.001.md)');
    assert.equal(text('Actors used $$', 'T0002.001'), 'T0002.001: Write Short Posts');
    assert.equal(text(joinLines(...TABLE, '| x $$'), 'T0002.001'), 'T0002.001: Write Short Posts');
    assert.equal(text(joinLines(...TABLE, '| $$'), 'TA01'), 'TA01: Plan Things');
    assert.equal(text('$$', 'T0999'), undefined);
  });
});
