import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocumentSymbol, Range, SymbolKind } from 'vscode-languageserver-types';
import { computeDocumentSymbols } from '../../../server/src/service/features/documentSymbols';
import { INCIDENT_PAGE } from '../../fixtures/incidentPage';
import { documentWithCursor, joinLines } from '../../fixtures/markdown';

function symbols(text: string): DocumentSymbol[] {
  return computeDocumentSymbols(documentWithCursor(text).document);
}

/** Names with the text each selection range covers, as an indented outline. */
function outline(text: string, list = symbols(text), depth = 0): string[] {
  const lines = text.split('\n');
  return list.flatMap((s) => {
    const r = s.selectionRange;
    const selected = r.start.line === r.end.line ? lines[r.start.line].slice(r.start.character, r.end.character) : '';
    return [`${'  '.repeat(depth)}${s.name} [${r.start.line}] ${selected === s.name ? '=' : ''}`.trimEnd(), ...outline(text, s.children ?? [], depth + 1)];
  });
}

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

describe('computeDocumentSymbols', () => {
  it('outlines an incident page: title, summary, tables, technique rows, notes', () => {
    assert.deepEqual(outline(INCIDENT_PAGE), [
      'Incident I00001: A Made-up Campaign [0]',
      '  Summary [2]',
      '  References [6]',
      '  Techniques [10]',
      '    T0001 Pick Audience [12] =',
      '    T0003 Paste Site [13] =',
      'Notes [16]',
    ]);
  });

  it('gives ranges that contain their selection and children', () => {
    const [title, notes] = symbols(INCIDENT_PAGE);
    assert.deepEqual(title.range, Range.create(0, 0, 15, 0));
    assert.deepEqual(notes.range, Range.create(16, 0, 18, 'More about T0002.'.length));
    const check = (s: DocumentSymbol): void => {
      assert.ok(contains(s.range, s.selectionRange), s.name);
      for (const child of s.children ?? []) {
        assert.ok(contains(s.range, child.range), child.name);
        check(child);
      }
    };
    symbols(INCIDENT_PAGE).forEach(check);
    const techniques = title.children![2];
    assert.equal(techniques.kind, SymbolKind.Array);
    assert.equal(techniques.detail, '2 techniques');
    assert.deepEqual(techniques.range, Range.create(10, 0, 13, INCIDENT_PAGE.split('\n')[13].length));
    assert.equal(title.children![1].detail, '1 reference');
  });

  it('covers the whole page without a marker and leaves out empty notes', () => {
    const text = joinLines('# Incident I00002: Empty', '', '| Technique | Description |', '| --- | --- |', '', 'DO NOT EDIT ABOVE THIS LINE - PLEASE ADD NOTES BELOW', '   ');
    assert.deepEqual(outline(text), ['Incident I00002: Empty [0]', '  Techniques [2]']);
    const noMarker = joinLines('# Incident I00002: Empty', '', '* **Summary:** s', 'more summary', '');
    const [title] = symbols(noMarker);
    assert.deepEqual(title.range, Range.create(0, 0, 4, 0));
    assert.deepEqual(title.children![0].range, Range.create(2, 0, 3, 'more summary'.length));
  });

  it('names a row by its cell text when it is no link, skips empty rows and tables in code', () => {
    const text = joinLines(
      '# Incident I00003: Odd',
      '| Techniques | x |',
      '|---|---|',
      '|  T0001: Pick Audience | a |',
      '| | empty |',
      '| [ ](x.md) | blank link |',
      '```',
      '| Technique | x |',
      '| --- | --- |',
      '| [T0002 In Code](x.md) | x |',
      '```',
    );
    assert.deepEqual(outline(text), ['Incident I00003: Odd [0]', '  Techniques [1]', '    T0001: Pick Audience [3] =']);
  });

  it('gives no symbols for other markdown', () => {
    assert.deepEqual(symbols(joinLines('# Notes on I00001', '', '## Techniques', 'T0001')), []);
    assert.deepEqual(symbols('# Technique T0001: Pick Audience'), []);
    assert.deepEqual(symbols(''), []);
  });

  it('reads CRLF line endings', () => {
    assert.deepEqual(outline(INCIDENT_PAGE.replace(/\n/g, '\r\n')), outline(INCIDENT_PAGE));
  });
});
