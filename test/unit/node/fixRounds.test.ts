// --fix rounds: another round (a parse and a pass) only when a fix changed an ID.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixText } from '../../../server/src/node/fixFiles';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { fixtureIndexForFixes } from '../../fixtures/framework';

const index = fixtureIndexForFixes();

async function fixCounting(text: string) {
  let parses = 0;
  const parse = async (t: string) => {
    parses++;
    return parseDisarmDocument(t);
  };
  const fixed = await fixText('/work/notes/note.md', text, parseDisarmDocument(text), index, parse);
  return { fixed, parses };
}

describe('fixText rounds', () => {
  it('names fixed make no new findings: one round, one parse of the fixed text', async () => {
    const { fixed, parses } = await fixCounting('Uses (T0001: Pick Audiencs) and (T0002: Write Postz).\n');
    assert.equal(fixed?.text, 'Uses (T0001: Pick Audience) and (T0002: Write Posts).\n');
    assert.equal(fixed?.fixed, 2);
    assert.equal(parses, 1, 'no second round to find nothing');
  });

  it('an ID fixed is checked again: its written name may be another\'s', async () => {
    const { fixed, parses } = await fixCounting('Posted (T00145.006: Smiling Face Picturs).\n');
    assert.equal(fixed?.text, 'Posted (T0145.006: Smiling Face Pictures).\n');
    assert.equal(parses, 2);
  });
});
