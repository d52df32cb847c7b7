import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeSnapshot, releasesFromSnapshot, SnapshotError } from '../../../server/src/service/framework/snapshot';
import { HISTORY_RELEASES } from '../../fixtures/history';

const SOURCE = { kind: 'builtin' as const, path: '/dist/disarm-data.json', origin: 'a test' };

describe('the built-in data format', () => {
  it('lists the releases oldest first and writes each ID once, with its runs and each name once', () => {
    const file = encodeSnapshot(HISTORY_RELEASES);
    assert.equal(file.format, 1);
    assert.deepEqual(file.releases.map((r) => r.version), ['0.1', '1.0', '1.3', '1.4', '1.5']);
    assert.deepEqual(file.releases[0], { version: '0.1', created: '2020-01-01T00:00:00Z', name: 'Made-up Framework' });
    assert.deepEqual(file.objects.map((o) => o.id), ['C00001', 'T0001', 'T0002', 'T0003', 'T0004', 'TA01']);
    const t0002 = file.objects.find((o) => o.id === 'T0002')!;
    assert.deepEqual(t0002.in, [[0, 1], [3, 3]]);
    assert.deepEqual(t0002.name, [[0, 'Old Thing'], [3, 'Old Thing Returned']]);
    assert.deepEqual(t0002.tactic, [[0, 'TA01']]);
    assert.equal(t0002.summary, 'Old Thing Returned, as summarised.');
    assert.equal(JSON.stringify(file).split('"Flood Space"').length - 1, 1, 'a name shared by releases is written once');
  });

  it('reads back what it wrote: every release with exactly its objects', () => {
    const releases = releasesFromSnapshot(JSON.parse(JSON.stringify(encodeSnapshot(HISTORY_RELEASES))), SOURCE);
    const byVersion = new Map(HISTORY_RELEASES.map((r) => [r.version, r]));
    for (const release of releases) {
      const expected = byVersion.get(release.version!)!.objects;
      assert.deepEqual(
        [...release.index.objects.values()].map((o) => [o.id, o.kind, o.name, o.tactic, o.phase]).sort(),
        expected.map((o) => [o.id, o.kind, o.name, o.tactic, o.phase]).sort(),
        release.version,
      );
      assert.equal(release.index.source, SOURCE);
    }
  });

  it('skips malformed objects and says how many; refuses another format or no releases', () => {
    const file = JSON.parse(JSON.stringify(encodeSnapshot(HISTORY_RELEASES)));
    file.objects.push(
      { id: 'T0005', kind: 'tactic', in: [[0, 0]], name: [[0, 'Wrong kind']] },
      { id: 'T0006', kind: 'technique', in: [[0, 9]], name: [[0, 'Beyond the releases']] },
      { id: 'T0007', kind: 'technique', in: [[2, 2], [1, 1]], name: [[1, 'Runs out of order']] },
      { id: 'T0008', kind: 'technique', in: [[0, 0]], name: [[0, 42]] },
      { id: 'T0009', kind: 'technique', in: [[0, 0]], name: [[1, 'Named after it starts']] },
      'not an object',
    );
    const warnings: string[] = [];
    const releases = releasesFromSnapshot(file, SOURCE, (w) => warnings.push(w));
    assert.deepEqual(warnings, ['/dist/disarm-data.json: skipped 6 malformed objects.']);
    assert.equal(releases[0].index.objects.size, 3);
    assert.throws(() => releasesFromSnapshot({ ...file, format: 2 }, SOURCE), SnapshotError);
    assert.throws(() => releasesFromSnapshot({ format: 1, releases: [], objects: [] }, SOURCE), /holds no releases/);
    assert.throws(() => releasesFromSnapshot(null, SOURCE), SnapshotError);
  });
});
