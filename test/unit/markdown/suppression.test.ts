import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeDiagnostics } from '../../../server/src/service/features/diagnostics';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { parseDirective } from '../../../server/src/service/markdown/suppression';
import { fixtureIndex } from '../../fixtures/framework';
import { documentWithCursor, joinLines } from '../../fixtures/markdown';

function findings(text: string): string[] {
  const { document } = documentWithCursor(text);
  return computeDiagnostics(document, parseDisarmDocument(text), fixtureIndex()).map((d) => `${d.range.start.line}:${d.code}`);
}

describe('parseDirective', () => {
  it('reads the kind and the codes, with or without commas, and a reason', () => {
    assert.deepEqual(parseDirective(' disarm-disable-next-line unknown-id, name-mismatch '), {
      kind: 'disable-next-line',
      codes: new Set(['unknown-id', 'name-mismatch']),
    });
    assert.deepEqual(parseDirective(' disarm-disable unknown-id name-mismatch -- the author spells it so '), {
      kind: 'disable',
      codes: new Set(['unknown-id', 'name-mismatch']),
    });
    assert.deepEqual(parseDirective('disarm-enable'), { kind: 'enable', codes: undefined });
    assert.deepEqual(parseDirective(' disarm-disable -- everything here is quoted '), { kind: 'disable', codes: undefined });
  });

  it('ignores other comments', () => {
    assert.equal(parseDirective(' a note about disarm-disable '), undefined);
    assert.equal(parseDirective(' disarm-disabled '), undefined);
  });
});

describe('suppression in computeDiagnostics', () => {
  it('disable-next-line silences the named codes on the next line only', () => {
    const text = joinLines(
      '<!-- disarm-disable-next-line unknown-id -->',
      'T0099 and T0001: Wrong Name',
      'T0099 again',
    );
    assert.deepEqual(findings(text), ['1:name-mismatch', '2:unknown-id']);
  });

  it('without codes it silences every code', () => {
    assert.deepEqual(findings('<!-- disarm-disable-next-line -->\nT0099 and T0001: Wrong Name'), []);
  });

  it('disable … enable silences the lines between, per code', () => {
    const text = joinLines(
      'T0099 before',
      '<!-- disarm-disable -->',
      'T0099 and T0001: Wrong Name',
      '<!-- disarm-enable name-mismatch -->',
      'T0099 and T0001: Wrong Name',
      '<!-- disarm-enable -->',
      'T0099 after',
    );
    assert.deepEqual(findings(text), ['0:unknown-id', '4:name-mismatch', '6:unknown-id']);
  });

  it('works inside list items and block quotes', () => {
    assert.deepEqual(findings('- a\n  <!-- disarm-disable-next-line -->\n  T0099 here'), []);
    assert.deepEqual(findings('> <!-- disarm-disable-next-line unknown-id -->\n> T0099 here'), []);
  });

  it('is not recognised in fenced, indented or inline code', () => {
    const fenced = joinLines('```', '<!-- disarm-disable -->', '```', 'T0099');
    assert.deepEqual(findings(fenced), ['3:unknown-id']);
    const indented = joinLines('Text.', '', '    <!-- disarm-disable-next-line -->', 'T0099');
    assert.deepEqual(findings(indented), ['3:unknown-id']);
    assert.deepEqual(findings('`<!-- disarm-disable -->`\nT0099'), ['1:unknown-id']);
  });

  it('a table wrapped in disable/enable is silenced, the lines after it are not', () => {
    const text = joinLines(
      '<!-- disarm-disable name-mismatch -->',
      '| Technique | Description |',
      '| --------- | ----------- |',
      '| [T0001 Wrong Name](../techniques/T0001.md) | x |',
      '<!-- disarm-enable name-mismatch -->',
      'T0001: Wrong Name',
    );
    assert.deepEqual(findings(text), ['5:name-mismatch']);
  });

  it('reports the directives with the line each ends on', () => {
    const { directives } = parseDisarmDocument('x\n<!--\ndisarm-disable unknown-id\n-->\nT0099');
    assert.deepEqual(directives, [{ kind: 'disable', codes: new Set(['unknown-id']), line: 3 }]);
  });

  it('finds comments in a run of their own, and none in code', () => {
    const text = joinLines('T0099', '', '<!-- disarm-disable unknown-id -->', '', '    <!-- disarm-enable -->', '', 'T0098 `<!-- disarm-enable -->`');
    assert.deepEqual(parseDisarmDocument(text).directives, [{ kind: 'disable', codes: new Set(['unknown-id']), line: 2 }]);
  });

  it('reads comments under quotes nested thousands deep, in a bounded parse', () => {
    // Suppression comments are read in the document parse (in the server's parse worker), never on its main thread.
    const text = `T0099\n\n${'>'.repeat(8000)} <!-- disarm-disable unknown-id -->\nT0098`;
    assert.equal(parseDisarmDocument(text).directives.length, 1);
  });
});
