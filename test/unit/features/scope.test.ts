import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeDiagnostics } from '../../../server/src/service/features/diagnostics';
import { nameBook } from '../../../server/src/service/features/names';
import { disarmReason, DocumentScope } from '../../../server/src/service/features/scope';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { history } from '../../fixtures/nameHistory';
import { documentWithCursor } from '../../fixtures/markdown';

const set = history();
const book = nameBook(set.index, set);
const reason = (text: string, scope: DocumentScope = {}) => disarmReason(parseDisarmDocument(text), scope, book);

describe('DISARM documents only', () => {
  it('names why a document is a DISARM document', () => {
    assert.equal(reason('Anything T0011: Wrong', { mode: 'all' }), 'scope-all');
    assert.equal(reason('T0011: Wrong', { path: '/w/DISARMframeworks/notes/a.md', roots: ['/w/DISARMframeworks/'] }), 'data-folder');
    assert.equal(reason('T0011: Wrong', { path: '/w/ws/reports/2026/a.md', include: ['reports/**/*.md'], folders: ['/w/ws'] }), 'include');
    assert.equal(reason('We map this to DISARM: T0011: Wrong'), 'mentions-disarm');
    assert.equal(reason('Formerly AMITT. T0011: Wrong'), 'mentions-disarm');
    assert.equal(reason('[T0011](https://github.com/disarmfoundation/disarmframeworks/T0011.md)'), 'links-disarm');
    assert.equal(reason('[see](../generated_pages/techniques/T0011.md)'), 'links-disarm');
    assert.equal(reason('- T0011 — Bypass Content Filtering'), 'cites-name');
    assert.equal(reason('- T0010 (Flooding)'), 'cites-name', 'a name from an older release counts');
  });

  it('other markdown is not one, and gets no diagnostics', () => {
    const matrix = '## T0122: Effet de contexte\n\n| T0011 | Biais |\n\nSee T-01 and T0099.';
    assert.equal(reason(matrix), undefined);
    assert.equal(reason(matrix, { path: '/w/ws/notes/a.md', include: ['reports/**'], folders: ['/w/ws'], roots: ['/w/DISARMframeworks'] }), undefined);
    assert.equal(reason('disarm the alarm: T0011: Wrong'), undefined, 'the English verb is not the framework');
    const { document } = documentWithCursor(matrix);
    const model = parseDisarmDocument(matrix);
    assert.deepEqual(computeDiagnostics(document, model, set.index, { releases: set, scope: {} }), []);
    assert.equal(computeDiagnostics(document, model, set.index, { releases: set, scope: { mode: 'all' } }).length, 2, 'scope all checks it');
  });
});
