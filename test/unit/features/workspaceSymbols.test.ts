import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SymbolKind } from 'vscode-languageserver-types';
import { createFrameworkIndex } from '../../../server/src/service/framework/framework';
import { computeWorkspaceSymbols } from '../../../server/src/service/features/workspaceSymbols';
import { FIXTURE_SOURCE, fixtureIndex } from '../../fixtures/framework';

const names = (query: string) => computeWorkspaceSymbols(query, fixtureIndex(), undefined).map((s) => s.name);

describe('computeWorkspaceSymbols', () => {
  it('finds an object by a name word, with or without #', () => {
    const [paste] = computeWorkspaceSymbols('#paste', fixtureIndex(), undefined);
    assert.deepEqual(paste, {
      name: 'T0003 Paste Site',
      kind: SymbolKind.Class,
      location: { uri: 'disarm:/technique/T0003.md', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
      containerName: 'TA02 Build Assets',
    });
    assert.deepEqual(names('PASTE'), ['T0003 Paste Site']);
    assert.deepEqual(names('  # paste site '), ['T0003 Paste Site']);
  });

  it('ranks exact ID, ID prefix, name word start, then substring', () => {
    assert.deepEqual(names('t0002'), ['T0002 Write Posts', 'T0002.001 Write Short Posts', 'T0002.002 Write "Long" Posts']);
    const p = names('p');
    assert.equal(p[0], 'P01 Prepare');
    assert.equal(p.at(-1), 'I00001 A Made-up Campaign');
    assert.ok(p.indexOf('T0001 Pick Audience') < p.indexOf('I00001 A Made-up Campaign'));
    assert.deepEqual(names('aste'), ['T0003 Paste Site']);
    assert.deepEqual(names('short posts'), ['T0002.001 Write Short Posts']);
  });

  it('points at local pages when the checkout is local', () => {
    const [symbol] = computeWorkspaceSymbols('TA01', fixtureIndex(), 'file:///data/generated_pages/');
    assert.equal(symbol.location.uri, 'file:///data/generated_pages/tactics/TA01.md');
    assert.equal(symbol.containerName, 'P01 Prepare');
  });

  it('caps the results and answers nothing for an empty query or without data', () => {
    const many = Array.from({ length: 300 }, (_, i) => ({
      id: `T${String(1000 + i).padStart(4, '0').replace(/^1/, '0')}`,
      kind: 'technique' as const,
      name: `Thing ${i}`,
      summary: '',
    }));
    const index = createFrameworkIndex(FIXTURE_SOURCE, many);
    assert.equal(computeWorkspaceSymbols('thing', index, undefined).length, 200);
    assert.equal(computeWorkspaceSymbols('thing', index, undefined, 5).length, 5);
    assert.deepEqual(names(''), []);
    assert.deepEqual(names('#'), []);
    assert.deepEqual(computeWorkspaceSymbols('paste', undefined, undefined), []);
  });
});
