import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareReleases, renderComparison } from '../../../server/src/service/framework/compare';
import { createFrameworkIndex, DisarmObject } from '../../../server/src/service/framework/framework';
import { Release } from '../../../server/src/service/framework/releases';
import { FIXTURE_OBJECTS, FIXTURE_SOURCE } from '../../fixtures/framework';

const older: Release = { label: 'workspace checkout', index: createFrameworkIndex(FIXTURE_SOURCE, FIXTURE_OBJECTS) };
const newerObjects: DisarmObject[] = [
  ...FIXTURE_OBJECTS.filter((o) => o.id !== 'T0003' && o.id !== 'TA01').map((o) => (o.id === 'T0002.002' ? { ...o, name: 'Write Long-form Posts' } : o)),
  { id: 'TA03', kind: 'tactic', name: 'Check Facts', summary: '' },
  { id: 'T0010', kind: 'technique', name: 'Fact Checked', summary: '', tactic: 'TA03' },
  { id: 'T0011', kind: 'technique', name: 'Verified', summary: '', tactic: 'TA03' },
];
const newer: Release = { label: 'DISARM Next 2026-01-20', index: createFrameworkIndex(FIXTURE_SOURCE, newerObjects) };

describe('compareReleases', () => {
  it('finds added, removed and renamed techniques and tactics, with counts per tactic', () => {
    const c = compareReleases(older, newer);
    assert.deepEqual(c.techniques.added.map((o) => o.id), ['T0010', 'T0011']);
    assert.deepEqual(c.techniques.removed.map((o) => o.id), ['T0003']);
    assert.deepEqual(c.techniques.renamed.map((r) => [r.before.name, r.after.name]), [['Write "Long" Posts', 'Write Long-form Posts']]);
    assert.deepEqual(c.tactics.added.map((o) => o.id), ['TA03']);
    assert.deepEqual(c.tactics.removed.map((o) => o.id), ['TA01']);
    assert.deepEqual(c.perTactic, [
      { id: 'TA02', name: 'Build Assets', added: 0, removed: 1, renamed: 1 },
      { id: 'TA03', name: 'Check Facts', added: 2, removed: 0, renamed: 0 },
    ]);
  });

  it('a release compared with itself has no changes', () => {
    const c = compareReleases(older, older);
    assert.equal(c.techniques.added.length + c.techniques.removed.length + c.techniques.renamed.length + c.perTactic.length, 0);
    assert.match(renderComparison(c), /Techniques: 0 added, 0 removed, 0 renamed\./);
  });
});

describe('renderComparison', () => {
  it('writes a markdown report, IDs as code, data escaped', () => {
    const report = renderComparison(compareReleases(older, newer));
    assert.equal(
      report,
      [
        '# DISARM workspace checkout → DISARM Next 2026\\-01\\-20',
        '',
        'Techniques: 2 added, 1 removed, 1 renamed. Tactics: 1 added, 1 removed, 0 renamed.',
        '',
        '## Technique changes per tactic',
        '',
        '| Tactic | Added | Removed | Renamed |',
        '| --- | ---: | ---: | ---: |',
        '| `TA02` Build Assets | 0 | 1 | 1 |',
        '| `TA03` Check Facts | 2 | 0 | 0 |',
        '',
        '## Tactics added (1)',
        '',
        '- `TA03` Check Facts',
        '',
        '## Tactics removed (1)',
        '',
        '- `TA01` Plan Things',
        '',
        '## Techniques added (2)',
        '',
        '- `T0010` Fact Checked',
        '- `T0011` Verified',
        '',
        '## Techniques removed (1)',
        '',
        '- `T0003` Paste Site',
        '',
        '## Techniques renamed (1)',
        '',
        '- `T0002.002` Write Long\\-form Posts (was “Write "Long" Posts”)',
        '',
      ].join('\n'),
    );
  });
});
