import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseVirtualDocumentUri, renderVirtualDocument, virtualDocumentUri } from '../../../server/src/service/features/virtualDocument';
import { fixtureIndex } from '../../fixtures/framework';

describe('virtual document URIs', () => {
  it('round-trips every kind', () => {
    for (const object of fixtureIndex().objects.values()) {
      assert.deepEqual(parseVirtualDocumentUri(virtualDocumentUri(object)), { kind: object.kind, id: object.id });
    }
    assert.equal(virtualDocumentUri({ id: 'T0002.001', kind: 'technique' }), 'disarm:/technique/T0002.001.md');
    assert.deepEqual(parseVirtualDocumentUri('disarm:///tactic/TA01.md'), { kind: 'tactic', id: 'TA01' });
  });

  it('rejects anything malformed', () => {
    for (const uri of [
      'file:///technique/T0001.md',
      'disarm:/technique/T0001',
      'disarm:/technique/T0001.md?x=1',
      'disarm:/technique/T0001.md#top',
      'disarm://host/technique/T0001.md',
      'disarm:/tactic/T0001.md',
      'disarm:/Technique/T0001.md',
      'disarm:/constructor/T0001.md',
      'disarm:/toString/T0001.md',
      'disarm:/technique/T00001.md',
      'disarm:/technique/T0001.1.md',
      'disarm:/technique/../T0001.md',
      'disarm:/technique/t0001.md',
      'disarm:/technique/T0001.md/x',
      'disarm:technique/T0001.md',
      '',
    ]) {
      assert.equal(parseVirtualDocumentUri(uri), undefined, uri);
    }
  });
});

describe('renderVirtualDocument', () => {
  it('renders a sub-technique with its tactic, parent and GitHub page', () => {
    const text = renderVirtualDocument('disarm:/technique/T0002.001.md', fixtureIndex())!;
    assert.equal(text.split('\n')[0], '# Technique T0002.001: Write Short Posts');
    assert.match(text, /\*\*Summary\*\*: Very short messages\\\./);
    assert.match(text, /\*\*Tactic\*\*: TA02 Build Assets/);
    assert.match(text, /\*\*Parent technique\*\*: T0002 Write Posts/);
    assert.match(text, /\(<https:\/\/github\.com\/DISARMFoundation\/DISARMframeworks\/blob\/main\/generated_pages\/techniques\/T0002\.001\.md>\)/);
  });

  it('lists sub-techniques and phases', () => {
    assert.match(renderVirtualDocument('disarm:/technique/T0002.md', fixtureIndex())!, /\*\*Sub-techniques\*\*:\n\n- T0002\.001 Write Short Posts\n- T0002\.002 Write "Long" Posts\n/);
    assert.match(renderVirtualDocument('disarm:/tactic/TA01.md', fixtureIndex())!, /\*\*Phase\*\*: P01 Prepare/);
  });

  it('escapes every string from the data', () => {
    const text = renderVirtualDocument('disarm:/technique/T0003.md', fixtureIndex())!;
    assert.ok(text.includes('Text hosting \\*with\\* \\[markup\\]\\(command:evil\\) \\<b\\>tags\\</b\\>\\.'), text);
    assert.ok(!text.includes('[markup]'));
    assert.match(renderVirtualDocument('disarm:/incident/I00001.md', fixtureIndex())!, /^# Incident I00001: A Made\\-up Campaign/);
  });

  it('renders nothing for malformed URIs, unknown objects, a kind that disagrees, or no data', () => {
    assert.equal(renderVirtualDocument('disarm:/technique/T0099.md', fixtureIndex()), undefined);
    assert.equal(renderVirtualDocument('disarm:/technique/T0001.md?', fixtureIndex()), undefined);
    assert.equal(renderVirtualDocument('disarm:/technique/T0001.md', undefined), undefined);
  });
});
