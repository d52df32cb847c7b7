import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FrameworkData } from '../../../server/src/node/frameworkData';
import type { DataStatus } from '../../../server/src/protocol';

const BUNDLE = path.join(__dirname, '..', '..', 'fixtures', 'bundle.json');

function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), 'disarm-data-'));
  const bundle = path.join(dir, 'DISARM.json');
  copyFileSync(BUNDLE, bundle);
  const statuses: DataStatus[] = [];
  const logs: string[] = [];
  const data = new FrameworkData((m) => logs.push(m), (s) => statuses.push(s));
  return { dir, bundle, data, statuses, logs };
}

/** Resolves when `predicate` holds, polling; fails after `ms`. */
async function eventually(predicate: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('FrameworkData', () => {
  it('reports a missing source without an index', async () => {
    const { dir, data, statuses } = setup();
    const status = await data.load({ workspaceFolders: [path.join(dir, 'empty')], documentFolders: [] });
    assert.equal(status.state, 'missing');
    assert.match(status.summary, /No DISARM data found/);
    assert.equal(data.index(), undefined);
    assert.equal(statuses.length, 1);
    data.dispose();
  });

  it('keeps the last good index when a reload fails, and says why', async () => {
    const { bundle, data } = setup();
    const first = await data.load({ dataPath: bundle, workspaceFolders: [], documentFolders: [] });
    assert.equal(first.state, 'loaded');
    assert.equal(first.techniqueCount, 2);
    writeFileSync(bundle, '{"objects": [');
    const second = await data.load({ dataPath: bundle, workspaceFolders: [], documentFolders: [] });
    assert.equal(second.state, 'error');
    assert.match(second.problem!, /not valid JSON/);
    assert.equal(data.index()?.objects.has('T0001'), true, 'the previous index is still in use');
    data.dispose();
  });

  it('reloads when the source changes on disk', async () => {
    const { bundle, data, statuses } = setup();
    await data.load({ dataPath: bundle, workspaceFolders: [], documentFolders: [] });
    const json = JSON.parse(JSON.stringify(require(BUNDLE))) as { objects: Array<Record<string, unknown>> };
    json.objects.push({
      type: 'attack-pattern',
      id: 'attack-pattern--9',
      name: 'Added Later',
      external_references: [{ source_name: 'mitre-attack', external_id: 'T0009' }],
    });
    writeFileSync(bundle, JSON.stringify(json));
    await eventually(() => data.index()?.objects.has('T0009') === true);
    assert.equal(statuses.at(-1)?.techniqueCount, 3);
    data.dispose();
  });
});
