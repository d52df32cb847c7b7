import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FrameworkData } from '../../../server/src/node/frameworkData';
import type { DataStatus } from '../../../server/src/protocol';

const BUNDLE = path.join(__dirname, '..', '..', 'fixtures', 'bundle.json');
const CHECKOUT = path.join(__dirname, '..', '..', 'fixtures', 'checkout');

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

  it('watches a checkout again after it is deleted and restored, with no manual reload', async () => {
    const { dir, data, logs } = setup();
    const checkout = path.join(dir, 'projects', 'frameworks');
    mkdirSync(path.dirname(checkout));
    cpSync(CHECKOUT, checkout, { recursive: true });
    try {
      assert.equal((await data.load({ dataPath: checkout, workspaceFolders: [], documentFolders: [] })).state, 'loaded');
      rmSync(checkout, { recursive: true });
      await eventually(() => data.status().state === 'error');
      assert.ok(data.index()?.objects.has('T0001'), 'the last good data is kept meanwhile');
      // Restored the way a backup or `git checkout` restores it: the folder first, its pages after.
      mkdirSync(checkout);
      cpSync(CHECKOUT, checkout, { recursive: true });
      await eventually(() => data.status().state === 'loaded');
      const page = path.join(checkout, 'generated_pages', 'techniques_index.md');
      const row = '<tr>\n<td><a href="techniques/T0042.md">T0042</a></td>\n<td>Restored Later</td>\n<td></td>\n<td>TA01</td>\n</tr>\n</table>';
      writeFileSync(page, readFileSync(page, 'utf8').replace('</table>', row));
      await eventually(() => data.index()?.objects.get('T0042')?.name === 'Restored Later');
      const problems = logs.filter((l) => l.includes('keeping the data loaded before'));
      assert.ok(problems.length > 0);
      assert.equal(new Set(problems).size, problems.length, 'each problem is said once');
    } finally {
      data.dispose();
    }
  });

  it('watches a bundle again after its folder is deleted and restored', async () => {
    const { dir, data } = setup();
    const folder = path.join(dir, 'data');
    const bundle = path.join(folder, 'DISARM.json');
    mkdirSync(folder);
    copyFileSync(BUNDLE, bundle);
    try {
      assert.equal((await data.load({ dataPath: bundle, workspaceFolders: [], documentFolders: [] })).state, 'loaded');
      rmSync(folder, { recursive: true });
      await eventually(() => data.status().state === 'error');
      mkdirSync(folder);
      const json = JSON.parse(readFileSync(BUNDLE, 'utf8')) as { objects: unknown[] };
      json.objects.push({ type: 'attack-pattern', id: 'attack-pattern--9', name: 'Back Again', external_references: [{ source_name: 'mitre-attack', external_id: 'T0009' }] });
      writeFileSync(bundle, JSON.stringify(json));
      await eventually(() => data.index()?.objects.get('T0009')?.name === 'Back Again');
    } finally {
      data.dispose();
    }
  });
});
