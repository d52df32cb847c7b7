import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FrameworkData, MAX_DATA_SOURCES } from '../../../server/src/node/frameworkData';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');
const CHECKOUT = path.join(FIXTURES, 'checkout');
const BUNDLE = path.join(FIXTURES, 'bundle.json');

function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), 'disarm-releases-'));
  const downloads = path.join(dir, 'downloads');
  mkdirSync(downloads);
  copyFileSync(BUNDLE, path.join(downloads, 'DISARM-2025-01-01.json'));
  const logs: string[] = [];
  return { dir, downloads, logs, data: new FrameworkData((m) => logs.push(m), () => {}) };
}

describe('FrameworkData with several sources', () => {
  it('loads disarm.dataSources as releases, the newest as target, downloads beside them', async () => {
    const { downloads, data } = setup();
    const status = await data.load({
      workspaceFolders: [],
      documentFolders: [],
      sources: [{ path: CHECKOUT, label: 'Old' }, { path: BUNDLE }],
      downloadsFolder: downloads,
    });
    assert.equal(status.state, 'loaded', status.problem);
    assert.deepEqual(status.releases?.map((r) => r.label), ['Made-up Framework 2025-01-01', 'Made-up Framework 2025-01-01 (2)', 'Old']);
    assert.equal(status.target, 'Made-up Framework 2025-01-01');
    // The bundle has techniques and tactics only; the checkout's incidents still resolve.
    assert.equal(data.index()?.objects.has('I00001'), true);
    assert.equal(data.releases()?.lastHad('T0002')?.release.label, 'Old');
    data.dispose();
  });

  it('disarm.targetVersion picks the target; an unknown label falls back to the newest and says so', async () => {
    const { data, logs } = setup();
    const sources = [{ path: CHECKOUT, label: 'Old' }, { path: BUNDLE }];
    assert.equal((await data.load({ workspaceFolders: [], documentFolders: [], sources, targetVersion: 'old' })).target, 'Old');
    const status = await data.load({ workspaceFolders: [], documentFolders: [], sources, targetVersion: '9.9' });
    assert.equal(status.target, 'Made-up Framework 2025-01-01');
    assert.ok(logs.some((l) => /disarm\.targetVersion "9\.9" is not a loaded release/.test(l)), logs.join('\n'));
    data.dispose();
  });

  it('uses the downloads when nothing else is found, and not beside a single found source', async () => {
    const { dir, downloads, data } = setup();
    const none = await data.load({ workspaceFolders: [path.join(dir, 'empty')], documentFolders: [], downloadsFolder: downloads });
    assert.equal(none.state, 'loaded');
    assert.equal(none.source?.origin, 'a download');
    const single = await data.load({ workspaceFolders: [CHECKOUT], documentFolders: [], downloadsFolder: downloads });
    assert.deepEqual(single.releases?.map((r) => r.label), ['workspace checkout']);
    // The fixture data is the only source, and the status says there is no release history beside it.
    assert.match(single.summary, /from \S*checkout · no release history: the built-in data is turned off$/);
    data.dispose();
  });

  it('a listed source that does not exist is a problem; the previous releases stay', async () => {
    const { data } = setup();
    await data.load({ workspaceFolders: [], documentFolders: [], sources: [{ path: CHECKOUT }, { path: BUNDLE }] });
    const status = await data.load({ workspaceFolders: [], documentFolders: [], sources: [{ path: CHECKOUT }, { path: '/no/such/DISARM.json' }] });
    assert.equal(status.state, 'error');
    assert.match(status.problem!, /disarm\.dataSources setting: \/no\/such\/DISARM\.json does not exist/);
    assert.equal(status.releases?.length, 2);
    data.dispose();
  });
});

describe('FrameworkData, bounded', () => {
  const WORKER = path.join(__dirname, '..', '..', '..', 'dist', 'dataWorker.js');
  const BUNDLE_FILE = path.join(__dirname, '..', '..', 'fixtures', 'bundle.json');

  it('loads at most MAX_DATA_SOURCES of 1,000 listed sources, and says so', async () => {
    const logs: string[] = [];
    const data = new FrameworkData((m) => logs.push(m), () => {}, undefined, WORKER);
    try {
      const sources = Array.from({ length: 1000 }, (_, i) => ({ path: BUNDLE_FILE, label: `copy ${i}` }));
      const status = await data.load({ workspaceFolders: [], documentFolders: [], sources });
      assert.equal(status.state, 'loaded', status.problem);
      assert.equal(status.releases?.length, MAX_DATA_SOURCES);
      assert.ok(logs.some((l) => l.includes(`disarm.dataSources lists 1000 sources; only the first ${MAX_DATA_SOURCES} are loaded`)), logs.join('\n'));
    } finally {
      data.dispose();
    }
  });

  it('loads in a worker thread the same data as in this thread, and keeps the event loop turning meanwhile', async () => {
    const input = { dataPath: BUNDLE_FILE, workspaceFolders: [], documentFolders: [] };
    const here = new FrameworkData(() => {}, () => {});
    const there = new FrameworkData(() => {}, () => {}, undefined, WORKER);
    let turns = 0;
    const ticker = setInterval(() => turns++, 1);
    try {
      const [a, b] = [await here.load(input), await there.load(input)];
      assert.deepEqual(b, a);
      assert.deepEqual([...there.index()!.objects.keys()], [...here.index()!.objects.keys()]);
    } finally {
      clearInterval(ticker);
      here.dispose();
      there.dispose();
    }
    assert.ok(turns > 0);
  });

  it('a worker that fails reports the problem and keeps the data loaded before', async () => {
    const data = new FrameworkData(() => {}, () => {}, undefined, WORKER);
    try {
      assert.equal((await data.load({ dataPath: BUNDLE_FILE, workspaceFolders: [], documentFolders: [] })).state, 'loaded');
      const status = await data.load({ dataPath: path.join(__dirname, '..', '..', 'fixtures', 'checkout', 'generated_pages', 'techniques_index.md'), workspaceFolders: [], documentFolders: [] });
      assert.equal(status.state, 'error');
      assert.match(status.problem ?? '', /not valid JSON/);
      assert.ok(data.index()?.objects.has('T0001'));
    } finally {
      data.dispose();
    }
  });
});
