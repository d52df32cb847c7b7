import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { computeCoverage } from '../../../server/src/service/views/coverage';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { computeFolderCoverage } from '../../../server/src/service/views/heatmap';
import { WorkspaceIndex } from '../../../server/src/service/features/workspaceIndex';
import { fixtureIndexForViews } from '../../fixtures/framework';
import { joinLines } from '../../fixtures/markdown';

function coverage(text: string) {
  const document = TextDocument.create('file:///ws/incidents/I00001.md', 'markdown', 1, text);
  return computeCoverage(document, parseDisarmDocument(text), fixtureIndexForViews());
}

describe('computeCoverage', () => {
  it('lists the known techniques cited, with counts and first ranges, and counts them per tactic', () => {
    const result = coverage(
      joinLines(
        '# Incident I00001: A Made-up Campaign',
        '',
        '| Technique | Description given for this incident |',
        '| --------- | ------------------------- |',
        '| [T0002.001 Write Short Posts](../techniques/T0002.001.md) | They posted (T0004: Keep Accounts, T0002.001: Write Short Posts). |',
        '',
        'Also T0999, TA02, `T0003` in code and T0001.',
      ),
    );
    assert.equal(result.title, 'Incident I00001: A Made-up Campaign');
    assert.deepEqual(
      result.techniques.map((t) => [t.id, t.count, t.range.start.line, t.range.start.character]),
      [
        ['T0001', 1, 6, 38],
        ['T0002.001', 2, 4, 3],
        ['T0004', 1, 4, 75],
      ],
    );
    assert.deepEqual(result.techniques[1].range.end, { line: 4, character: 12 });
    assert.deepEqual(result.tactics, { TA01: 1, TA02: 1, TA03: 1 });
  });

  it('has no title outside incident pages and nothing without data', () => {
    assert.equal(coverage('Notes on T0001.').title, undefined);
    const document = TextDocument.create('file:///ws/a.md', 'markdown', 1, 'T0001');
    assert.deepEqual(computeCoverage(document, parseDisarmDocument('T0001'), undefined).techniques, []);
  });
});

describe('computeFolderCoverage', () => {
  const workspace = new WorkspaceIndex();
  workspace.update('file:///ws/2024/I00001.md', '# Incident I00001: One\n\nT0001 and T0002.001, T0001 again');
  workspace.update('file:///ws/2024/sub/I00002.md', '# Incident I00002: Two\nT0001, T0004');
  workspace.update('file:///ws/2024/notes.md', 'Notes: T0001, T0003');
  workspace.update('file:///ws/2025/I00003.md', '# Incident I00003: Three\nT0003');
  workspace.update('file:///ws/2024%20old/I00004.md', '# Incident I00004: Four\nT0003');

  it('counts the incident documents below a folder citing each technique', () => {
    const heat = computeFolderCoverage(workspace, fixtureIndexForViews(), 'file:///ws/2024');
    assert.equal(heat.incidents, 2);
    assert.deepEqual(
      heat.techniques.map((t) => [t.id, t.count, t.documents]),
      [
        ['T0001', 2, ['file:///ws/2024/I00001.md', 'file:///ws/2024/sub/I00002.md']],
        ['T0002.001', 1, ['file:///ws/2024/I00001.md']],
        ['T0004', 1, ['file:///ws/2024/sub/I00002.md']],
      ],
    );
    assert.equal(heat.max, 2);
    assert.deepEqual(heat.tactics, { TA01: 1, TA02: 1, TA03: 1 });
  });

  it('compares URIs decoded, and the whole workspace works as a folder', () => {
    assert.deepEqual(computeFolderCoverage(workspace, fixtureIndexForViews(), 'file:///ws/2024 old/').techniques.map((t) => t.id), ['T0003']);
    const all = computeFolderCoverage(workspace, fixtureIndexForViews(), 'file:///ws');
    assert.equal(all.incidents, 4);
    assert.deepEqual(all.techniques.find((t) => t.id === 'T0003')?.count, 2);
  });
});
