import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeCodeLenses } from '../../../server/src/service/features/codeLens';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { fixtureIndex } from '../../fixtures/framework';
import { INCIDENT_PAGE } from '../../fixtures/incidentPage';
import { documentWithCursor, joinLines } from '../../fixtures/markdown';

const URI = 'file:///work/notes/incident.md';

function lenses(text: string, withData = true) {
  const { document } = documentWithCursor(text, URI);
  return computeCodeLenses(document, parseDisarmDocument(text), withData ? fixtureIndex() : undefined);
}

describe('computeCodeLenses', () => {
  it('counts an incident\'s known techniques and their tactics on its title line', () => {
    const [count, generated] = lenses(INCIDENT_PAGE);
    assert.deepEqual(count, {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 37 } },
      // T0001 (TA01), T0002.001 and T0003 (TA02) in the table and notes' T0002 (TA02); T0099 is unknown.
      command: { title: '4 techniques across 2 tactics', command: 'disarm.showIncidentTechniques', arguments: [URI, [{ id: 'T0001', label: 'T0001 Pick Audience' }, { id: 'T0002', label: 'T0002 Write Posts' }, { id: 'T0002.001', label: 'T0002.001 Write Short Posts' }, { id: 'T0003', label: 'T0003 Paste Site' }]] },
    });
    assert.deepEqual(generated.command, {
      title: 'Generated from the DISARM master data and overwritten by the page generator: add notes below line 17',
      command: 'disarm.revealLine',
      arguments: [URI, 16],
    });
  });

  it('uses the singular and counts an incident without techniques', () => {
    const one = lenses(joinLines('# Incident I00001: X', 'T0001 twice: T0001'))[0].command!;
    assert.equal(one.title, '1 technique across 1 tactic');
    assert.deepEqual(lenses('# Incident I00001: X')[0].command!.title, '0 techniques across 0 tactics');
  });

  it('notes generated pages other than incidents', () => {
    const text = joinLines('# Technique T0001: Pick Audience', '', 'DO NOT EDIT ABOVE THIS LINE - PLEASE ADD NOTES BELOW');
    assert.deepEqual(lenses(text).map((l) => l.command!.command), ['disarm.revealLine']);
  });

  it('ignores a marker in code, other documents, and counts nothing without data', () => {
    assert.deepEqual(lenses(joinLines('# Notes', '```', 'DO NOT EDIT ABOVE THIS LINE - PLEASE ADD NOTES BELOW', '```')), []);
    assert.deepEqual(lenses('Just T0001.'), []);
    assert.deepEqual(lenses(INCIDENT_PAGE, false).map((l) => l.command!.command), ['disarm.revealLine']);
  });
});
