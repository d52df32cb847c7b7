// --fix rounds: another round (a pass over the fixed text's findings) only when a fix changed an ID.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixText } from '../../../server/src/node/fixFiles';
import { IdReference, parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { createFrameworkIndex } from '../../../server/src/service/framework/framework';
import { FIXTURE_SOURCE, fixtureIndexForFixes } from '../../fixtures/framework';

const index = fixtureIndexForFixes();

/** The fix, and how often the fixed text's references were read by fixText (a round reads them all). */
async function fixCounting(text: string, within = index) {
  const reads = { count: 0 };
  const parse = async (t: string) => {
    const model = parseDisarmDocument(t);
    const references = new Proxy(model.references as IdReference[], {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads.count++;
        return Reflect.get(target, key, receiver);
      },
    });
    return { ...model, references };
  };
  const fixed = await fixText('/work/notes/note.md', text, parseDisarmDocument(text), within, parse);
  return { fixed, rereads: reads.count };
}

describe('fixText rounds', () => {
  it('names fixed make no new findings: one round, the fixed text is not checked again', async () => {
    const { fixed, rereads } = await fixCounting('Uses (T0001: Pick Audiencs) and (T0002: Write Postz).\n');
    assert.equal(fixed?.text, 'Uses (T0001: Pick Audience) and (T0002: Write Posts).\n');
    assert.equal(fixed?.fixed, 2);
    assert.equal(rereads, 0, 'no second round to find nothing');
  });

  it('an ID fixed is checked again: its written name may be another\'s', async () => {
    const { fixed, rereads } = await fixCounting('Posted (T00145.006: Smiling Face Picturs).\n');
    assert.equal(fixed?.text, 'Posted (T0145.006: Smiling Face Pictures).\n');
    assert.ok(rereads > 0, 'a second round looked at the fixed text');
  });

  it('a name fixed in a link text is checked again: the link fix may then apply', async () => {
    // The written name is the linked page's, and two techniques have it: the name is renamed (the
    // ID written is kept), and only then does pointing the link at the ID's own page become sure.
    const twoNamed = createFrameworkIndex(FIXTURE_SOURCE, [
      { id: 'T0001', kind: 'technique', name: 'Pick Audience', summary: '' },
      { id: 'T0002', kind: 'technique', name: 'Write Posts', summary: '' },
      { id: 'T0003', kind: 'technique', name: 'Write Posts', summary: '' },
    ]);
    const { fixed } = await fixCounting('See [T0001 Write Posts](../../generated_pages/techniques/T0002.md) and (T0002: Write Postz).\n', twoNamed);
    assert.equal(fixed?.text, 'See [T0001 Pick Audience](../../generated_pages/techniques/T0001.md) and (T0002: Write Posts).\n');
    assert.equal(fixed?.fixed, 3);
  });
});
