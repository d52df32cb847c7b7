import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeDiagnostics } from '../../../server/src/service/features/diagnostics';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { fixtureIndex } from '../../fixtures/framework';
import { documentWithCursor, joinLines } from '../../fixtures/markdown';

function diagnose(text: string, withData = true, disabled: string[] = []) {
  const { document } = documentWithCursor(text);
  return computeDiagnostics(document, parseDisarmDocument(text), withData ? fixtureIndex() : undefined, { disabled: new Set(disabled) }).map(
    (d) => ({ code: d.code, line: d.range.start.line, text: text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), severity: d.severity }),
  );
}

describe('computeDiagnostics', () => {
  it('accepts correct references in every form', () => {
    const text = joinLines(
      '| [T0002.001 Write Short Posts](../techniques/T0002.001.md) | x |',
      'They used (T0001: Pick Audience, T0002: Write Posts to friends) in TA01 and C00001 for I00001.',
      'Typographic: T0002.002: write \u201CLong\u201D   posts.',
    );
    assert.deepEqual(diagnose(text), []);
  });

  it('takes a new incident page\'s own title ID as its declaration, and checks every other mention', () => {
    const text = joinLines('# Incident I99999: A new incident', '', 'See also I99999 and I00099.', '# Incident I99998: Not the title line');
    assert.deepEqual(
      diagnose(text).map((d) => [d.line, d.text]),
      [
        [2, 'I99999'],
        [2, 'I00099'],
        [3, 'I99998'],
      ],
    );
    assert.deepEqual(diagnose('# Incident I00001: A Made-up Campaign'), []);
    // A new ID titled with another incident's name is no declaration: the page is that incident's.
    assert.deepEqual(diagnose('# Incident I99999: A Made-up Campaign').map((d) => [d.code, d.text]), [['unknown-id', 'I99999']]);
    assert.deepEqual(diagnose('# Incident I99999: A Made-up Campaign Returns'), []);
    // A lone CR ends the title line too, as the editor counts lines.
    const oldMac = '# Incident I99999: Old Mac line ends\rI99999 again';
    const found = computeDiagnostics(documentWithCursor(oldMac).document, parseDisarmDocument(oldMac), fixtureIndex());
    assert.deepEqual(found.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['unknown-id', 1, 0]]);
  });

  it('reports unknown IDs of checked kinds only', () => {
    assert.deepEqual(diagnose('T0099 and T0002.009 and TA99 and C00099 and I00099 and A999 and P09.'), [
      { code: 'unknown-id', line: 0, text: 'T0099', severity: 1 },
      { code: 'unknown-id', line: 0, text: 'T0002.009', severity: 1 },
      { code: 'unknown-id', line: 0, text: 'TA99', severity: 1 },
      { code: 'unknown-id', line: 0, text: 'C00099', severity: 1 },
      { code: 'unknown-id', line: 0, text: 'I00099', severity: 1 },
    ]);
  });

  it('reports malformed technique IDs', () => {
    assert.deepEqual(
      diagnose('(T00145.006: Attractive Imagery, T0115.12: X, T115: Post Content) but not T800 or T1059.'),
      ['T00145.006', 'T0115.12', 'T115'].map((text) => ({ code: 'malformed-id', line: 0, text, severity: 1 })),
    );
  });

  it('reports an ID of ATT&CK\'s shape used as a DISARM citation, and leaves ATT&CK citations alone', () => {
    // Two digits swapped: the name or the link is a DISARM technique's, whose ID is near.
    assert.deepEqual(diagnose('(T1002: Write Posts) and [T1003 Paste Site](../techniques/T0003.md) and T0899: Pick Audience').map((d) => [d.code, d.text]), [
      ['unknown-id', 'T1002'],
      ['unknown-id', 'T1003'],
    ]);
    // ATT&CK's own: its names, its links, a DISARM name with an ID far from that technique's.
    assert.deepEqual(diagnose('(T1566: Phishing), [T1059](https://attack.mitre.org/techniques/T1059/), T1583: Write Posts, T0899: Pick Audience'), []);
  });

  it('reports names that do not match, on the written name', () => {
    assert.deepEqual(diagnose('(T0001: Pick Audiences, T0002: 109 Write Posts)\n[T0002.001 Write Posts](x.md)'), [
      { code: 'name-spelling', line: 0, text: 'Pick Audiences', severity: 3 },
      { code: 'name-mismatch', line: 0, text: '109 Write Posts', severity: 2 },
      { code: 'name-mismatch', line: 1, text: 'Write Posts', severity: 2 },
    ]);
  });

  it('reports links that lead to another object', () => {
    assert.deepEqual(diagnose('[T0001 Pick Audience](../../generated_pages/techniques/T0002.md)'), [
      { code: 'link-mismatch', line: 0, text: '../../generated_pages/techniques/T0002.md', severity: 2 },
    ]);
  });

  it('says the official name and carries data for fixes', () => {
    const { document } = documentWithCursor('T0001: Pick Audiences');
    const [d] = computeDiagnostics(document, parseDisarmDocument(document.getText()), fixtureIndex());
    assert.equal(d.source, 'disarm');
    assert.match(d.message as string, /"Pick Audience"/);
    assert.deepEqual(d.data, { id: 'T0001', officialName: 'Pick Audience' });
  });

  it('without data reports only what needs no data', () => {
    assert.deepEqual(diagnose('T0099: Nothing, T00145.006', false), [{ code: 'malformed-id', line: 0, text: 'T00145.006', severity: 1 }]);
  });

  it('honours disabled codes', () => {
    assert.deepEqual(diagnose('T0099 and T0001: Wrong', true, ['unknown-id', 'name-mismatch']), []);
  });

  it('says on the first line that a document whose parse was given up was not checked', () => {
    const text = joinLines('# Incident I00001: A Made-up Campaign', 'T0099 and T0001: Wrong');
    const { document } = documentWithCursor(text);
    const givenUp = { text, references: [], directives: [], givenUp: true as const };
    const found = computeDiagnostics(document, givenUp, fixtureIndex());
    assert.deepEqual(
      found.map((d) => [d.code, d.severity, d.range, d.data]),
      [['not-checked', 2, { start: { line: 0, character: 0 }, end: { line: 0, character: 37 } }, undefined]],
    );
    assert.match(String(found[0].message), /given up as too costly/);
    assert.deepEqual(computeDiagnostics(document, givenUp, undefined).map((d) => d.code), ['not-checked'], 'with no data too');
    assert.deepEqual(computeDiagnostics(document, givenUp, fixtureIndex(), { disabled: new Set(['not-checked']) }), []);
    assert.deepEqual(computeDiagnostics(documentWithCursor('').document, { ...givenUp, text: '' }, undefined)[0].range.end, { line: 0, character: 0 });
  });

  it('reports techniques cited in an incident\'s descriptions that have no row (information)', () => {
    const text = joinLines(
      '| Technique | Description given for this incident |',
      '| --------- | ------------------------- |',
      '| [T0001 Pick Audience](../techniques/T0001.md) | They picked (T0001: Pick Audience, T0002: Write Posts) in T0003. |',
      '| [T0002.001 Write Short Posts](../techniques/T0002.001.md) | Then T0002.002: Write "Long" Posts, TA01, T0099: Unknown. |',
      '',
      'Notes below the table may cite T0003 freely.',
    );
    assert.deepEqual(
      diagnose(text).filter((d) => d.code === 'not-in-table'),
      ['T0002', 'T0003', 'T0002.002'].map((id) => ({ code: 'not-in-table', line: id === 'T0002.002' ? 3 : 2, text: id, severity: 3 })),
    );
  });

  it('takes a slip in a row\'s ID, or a citation\'s, as that reference\'s finding alone, not also a missing row', () => {
    /** The findings of a techniques table with one row, as [code, text]. */
    const row = (cells: string) =>
      diagnose(joinLines('| Technique | Description given for this incident |', '| --------- | ------------------------- |', cells)).map((d) => [d.code, d.text]);
    // The row's ID is mistyped; its link and its name are of T0002.001, which the descriptions cite.
    assert.deepEqual(row('| [T0002.091 Write Short Posts](../techniques/T0002.001.md) | They posted (T0002.001: Write Short Posts). |'), [['unknown-id', 'T0002.091']]);
    // Another technique's ID in the row, with T0002.001's name: that name makes it T0002.001's row.
    assert.deepEqual(row('| T0001 Write Short Posts | They posted (T0002.001: Write Short Posts). |'), [['name-mismatch', 'Write Short Posts']]);
    // A citation with another technique's ID and the name of a technique with a row.
    assert.deepEqual(row('| [T0001 Pick Audience](../techniques/T0001.md) | They picked (T0002: Pick Audience). |'), [['name-mismatch', 'Pick Audience']]);
    // A row of its own ID, name and link still leaves other citations without a row reported.
    assert.deepEqual(row('| [T0001 Pick Audience](../techniques/T0001.md) | They picked (T0001: Pick Audience, T0002: Write Posts). |'), [['not-in-table', 'T0002']]);
  });

  it('reads the leading words of a run-on name as another technique\'s name, and reports them', () => {
    const text = 'This matches T0002: Pick Audience because the posts went to one group.';
    const [finding] = computeDiagnostics(documentWithCursor(text).document, parseDisarmDocument(text), fixtureIndex());
    assert.equal(finding.code, 'name-mismatch');
    assert.equal(text.slice(finding.range.start.character, finding.range.end.character), 'Pick Audience');
    assert.equal(finding.message, '"Pick Audience" is the name of T0001; T0002 is "Write Posts".');
    assert.deepEqual(diagnose('It fits T0001: Paste Site and Write Posts.').map((d) => d.text), ['Paste Site']);
    // No leading words that are a name: the clause is reported as written.
    assert.deepEqual(diagnose('This matches T0001: Choose Readers because the text went up.').map((d) => d.text), ['Choose Readers because the text went up']);
  });

  it('reports not-in-table only under a techniques table', () => {
    const text = joinLines('| Incident | Description |', '| --- | --- |', '| [I00001 A Made-up Campaign](x/I00001.md) | Uses T0002: Write Posts. |');
    assert.deepEqual(diagnose(text), []);
    assert.deepEqual(diagnose('| Technique | Description |\n| --- | --- |\n| T0001 Pick Audience | Uses T0002: Write Posts. |', false), []);
  });
});
