import assert from 'node:assert/strict';
import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadSource } from '../../../server/src/node/dataSource';
import { DEFAULT_SETTINGS } from '../../../server/src/lsp/settings';
import type { DataStatus } from '../../../server/src/protocol';
import { ClientFiles, joinUri, parentUri, ReadError, uriPath } from '../../../server/src/web/clientFiles';
import { WebFrameworkData } from '../../../server/src/web/webData';
import { documentPath } from '../../../server/src/service/framework/pages';
import { encodeSnapshot } from '../../../server/src/service/framework/snapshot';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');
const ROOT = 'vscode-vfs://github/team/repo';

/**
 * The client's files as github.dev would serve them: `vscode-vfs://github/team/repo/…` URIs over
 * a few fixture folders. Every read goes through here, as the web server's go through the client.
 */
function virtualFiles(mounts: Record<string, string>, builtIn: string | null = null): { files: ClientFiles; reads: string[] } {
  const reads: string[] = [];
  const toDisk = (uri: string) => {
    const rel = decodeURIComponent(uri.slice(ROOT.length)).replace(/^\//, '');
    for (const [at, disk] of Object.entries(mounts)) {
      if (rel === at || rel.startsWith(`${at}/`)) return path.join(disk, rel.slice(at.length));
    }
    return undefined;
  };
  const stat = (uri: string) => {
    const disk = toDisk(uri);
    const found = disk ? statSync(disk, { throwIfNoEntry: false }) : undefined;
    if (found) return { type: found.isDirectory() ? ('directory' as const) : ('file' as const), size: found.size };
    // Folders above the mounts exist too.
    const rel = uri.slice(ROOT.length).replace(/^\//, '');
    return Object.keys(mounts).some((at) => rel === '' || at.startsWith(`${rel}/`)) ? { type: 'directory' as const, size: 0 } : null;
  };
  const files = {
    async read(uri: string) {
      reads.push(uri);
      const disk = toDisk(uri);
      if (!disk) throw new ReadError(uri, 'FileNotFound');
      return fs.readFile(disk, 'utf8').catch(() => Promise.reject(new ReadError(uri, 'FileNotFound')));
    },
    stat: async (uri: string) => stat(uri),
    async readDirectory(uri: string) {
      const disk = toDisk(uri);
      if (disk) return (await fs.readdir(disk, { withFileTypes: true }).catch(() => [])).map((e) => [e.name, e.isDirectory() ? 'directory' : 'file']);
      const rel = uri.slice(ROOT.length).replace(/^\//, '');
      const below = Object.keys(mounts).filter((at) => rel === '' || at.startsWith(`${rel}/`));
      return [...new Set(below.map((at) => at.slice(rel ? rel.length + 1 : 0).split('/')[0]))].map((name) => [name, 'directory']);
    },
    findMarkdown: async () => [],
    builtInData: async () => builtIn,
  };
  return { files: files as unknown as ClientFiles, reads };
}

async function load(mounts: Record<string, string>, request: { folders: string[]; documents?: string[]; dataPath?: string }): Promise<DataStatus> {
  const { files } = virtualFiles(mounts);
  const data = new WebFrameworkData(files, () => {}, () => {});
  return data.load({ dataPath: request.dataPath, settings: DEFAULT_SETTINGS, workspaceFolders: request.folders, documents: request.documents ?? [] });
}

describe('the web server data, read through the client', () => {
  it('loads a workspace folder that is a checkout, with the objects the disk loader finds', async () => {
    const status = await load({ checkout: path.join(FIXTURES, 'checkout') }, { folders: [`${ROOT}/checkout`] });
    const onDisk = await loadSource({ kind: 'checkout', path: path.join(FIXTURES, 'checkout'), origin: 'test' }, () => {});
    assert.equal(status.state, 'loaded', status.problem);
    assert.deepEqual(status.source, { kind: 'checkout', path: `${ROOT}/checkout`, origin: 'a workspace folder' });
    assert.equal(status.techniqueCount, onDisk.counts.technique);
    assert.match(status.summary, new RegExp(`: ${onDisk.counts.technique} techniques`));
  });

  it('checks documents after the index pages, then adds the incident summaries from their pages', async () => {
    const { files, reads } = virtualFiles({ checkout: path.join(FIXTURES, 'checkout') });
    const changes: number[] = [];
    let summarised: () => void = () => {};
    const done = new Promise<void>((resolve) => (summarised = resolve));
    const data = new WebFrameworkData(files, () => {}, () => {
      changes.push(reads.length);
      if (changes.length === 2) summarised();
    });
    await data.load({ dataPath: undefined, settings: DEFAULT_SETTINGS, workspaceFolders: [`${ROOT}/checkout`], documents: [] });
    assert.ok(!reads.some((uri) => uri.includes('/incidents/')), 'the first load reads no incident page');
    await done;
    assert.ok(reads.some((uri) => uri.endsWith('/incidents/I00001.md')), 'the second pass reads the incident pages');
    assert.match(data.index()?.objects.get('I00001')?.summary ?? '', /\w/);
  });

  it('finds a checkout above an open document when the workspace folder is not one', async () => {
    const status = await load(
      { 'frameworks/DISARMframeworks': path.join(FIXTURES, 'checkout'), notes: path.join(FIXTURES, 'checkout', 'generated_pages', 'incidents') },
      { folders: [`${ROOT}/notes`], documents: [`${ROOT}/frameworks/DISARMframeworks/generated_pages/incidents/I00001.md`] },
    );
    assert.deepEqual(status.source, { kind: 'checkout', path: `${ROOT}/frameworks/DISARMframeworks`, origin: 'an ancestor folder of an open document' });
  });

  it('finds a DISARM.json in the workspace', async () => {
    const bundleFolder = path.join(__dirname, '..', '..', '..', 'out', 'web-data-test');
    await fs.mkdir(bundleFolder, { recursive: true });
    await fs.copyFile(path.join(FIXTURES, 'bundle.json'), path.join(bundleFolder, 'DISARM.json'));
    const status = await load({ 'data/stix': bundleFolder }, { folders: [ROOT] });
    assert.equal(status.state, 'loaded', status.problem);
    assert.deepEqual(status.source, { kind: 'stix', path: `${ROOT}/data/stix/DISARM.json`, origin: 'DISARM.json in the workspace' });
  });

  it('looks for a DISARM.json while the checkout probes are out, and stops looking once a checkout is found', { timeout: 10_000 }, async () => {
    // Each probe is a round trip through the editor: the bundle search does not wait for the checkout's.
    const reports = virtualFiles({ 'reports/2026': path.join(FIXTURES, 'checkout', 'generated_pages', 'incidents') }).files;
    let releaseStats: () => void = () => {};
    const statsHeld = new Promise<void>((resolve) => (releaseStats = resolve));
    let listed: () => void = () => {};
    const firstListing = new Promise<void>((resolve) => (listed = resolve));
    const slowStats = {
      ...reports,
      stat: async (uri: string) => statsHeld.then(() => reports.stat(uri)),
      readDirectory: (uri: string) => {
        listed();
        return reports.readDirectory(uri);
      },
    } as unknown as ClientFiles;
    const data = new WebFrameworkData(slowStats, () => {}, () => {});
    const loaded = data.load({ dataPath: undefined, settings: DEFAULT_SETTINGS, workspaceFolders: [ROOT], documents: [`${ROOT}/reports/2026/I00001.md`] });
    await firstListing; // hangs (and the test times out) if the search waits for the stats
    releaseStats();
    assert.equal((await loaded).state, 'missing');

    const { files } = virtualFiles({ checkout: path.join(FIXTURES, 'checkout') });
    const listings: string[] = [];
    const counted = { ...files, readDirectory: (uri: string) => (listings.push(uri), files.readDirectory(uri)) } as unknown as ClientFiles;
    const status = await new WebFrameworkData(counted, () => {}, () => {}).load({ dataPath: undefined, settings: DEFAULT_SETTINGS, workspaceFolders: [`${ROOT}/checkout`], documents: [] });
    assert.equal(status.source?.kind, 'checkout');
    assert.deepEqual(listings, [`${ROOT}/checkout`], 'the bundle search went on below the checkout');
  });

  it('reports a disarm.dataPath that does not exist, relative to the first workspace folder', async () => {
    const status = await load({ checkout: path.join(FIXTURES, 'checkout') }, { folders: [`${ROOT}/checkout`], dataPath: 'no/such/place' });
    assert.equal(status.state, 'error');
    assert.match(status.problem ?? '', /vscode-vfs:\/\/github\/team\/repo\/checkout\/no\/such\/place does not exist/);
  });

  it('checks against the built-in history when the workspace has no data, and keeps it beside a checkout', async () => {
    const snapshot = JSON.stringify(
      encodeSnapshot([
        { version: '1.0', created: '2020-01-01T00:00:00Z', objects: [{ id: 'T0001', kind: 'technique', name: 'Old Name', summary: '' }] },
        { version: '1.1', created: '2021-01-01T00:00:00Z', objects: [{ id: 'T0002', kind: 'technique', name: 'New', summary: '' }] },
      ]),
    );
    const alone = new WebFrameworkData(virtualFiles({ reports: path.join(FIXTURES, 'checkout', 'generated_pages', 'incidents') }, snapshot).files, () => {}, () => {});
    const status = await alone.load({ dataPath: undefined, settings: DEFAULT_SETTINGS, workspaceFolders: [`${ROOT}/reports`], documents: [] });
    assert.equal(status.state, 'loaded', status.problem);
    assert.equal(alone.releases()?.target.version, '1.1', 'the newest built-in release is the target');
    assert.equal(alone.releases()?.releases.length, 2);
    // The status bar says it as on the desktop: the target by name and the history's span.
    assert.equal(status.targetName, 'DISARM 1.1 (built in)');
    assert.equal(status.history, '1.0–1.1');
    const beside = new WebFrameworkData(virtualFiles({ checkout: path.join(FIXTURES, 'checkout') }, snapshot).files, () => {}, () => {});
    await beside.load({ dataPath: undefined, settings: DEFAULT_SETTINGS, workspaceFolders: [`${ROOT}/checkout`], documents: [] });
    assert.equal(beside.releases()?.target.index.source.kind, 'checkout', 'a checkout in the workspace is the target');
    assert.equal(beside.releases()?.releases.length, 3, 'the history stays beside it');
  });

  it('answers from the built-in history while the first load still looks for a source, and not once one is found', async () => {
    const snapshot = JSON.stringify(encodeSnapshot([{ version: '1.1', created: '2021-01-01T00:00:00Z', objects: [{ id: 'T0002', kind: 'technique', name: 'New', summary: '' }] }]));
    /** The mounts' files with every stat held until released: the editor's file system at its start. */
    const held = (mounts: Record<string, string>) => {
      const { files } = virtualFiles(mounts, snapshot);
      let release: () => void = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      const slow = { ...files, stat: (uri: string) => released.then(() => files.stat(uri)), readDirectory: (uri: string) => released.then(() => files.readDirectory(uri)) };
      return { files: slow as unknown as ClientFiles, release };
    };
    const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
    const request = (folder: string, dataPath?: string) => ({ dataPath, settings: DEFAULT_SETTINGS, workspaceFolders: [folder], documents: [] });

    const reports = held({ reports: path.join(FIXTURES, 'checkout', 'generated_pages', 'incidents') });
    const searching = new WebFrameworkData(reports.files, () => {}, () => {});
    const loaded = searching.load(request(`${ROOT}/reports`));
    await settle();
    assert.equal(searching.index()?.source.kind, 'builtin', 'the built-in data answers while the probes are out');
    assert.equal(searching.status().state, 'loading', 'the status waits for the load');
    const meanwhile = searching.releases();
    reports.release();
    assert.equal((await loaded).state, 'loaded');
    assert.equal(searching.releases(), meanwhile, 'with no source found, the set that answered meanwhile is the set, not built again');

    const checkout = held({ checkout: path.join(FIXTURES, 'checkout') });
    const finding = new WebFrameworkData(checkout.files, () => {}, () => {});
    const found = finding.load(request(`${ROOT}/checkout`));
    await settle();
    assert.equal(finding.index()?.source.kind, 'builtin');
    checkout.release();
    // Discovery has answered once the stats have; the checkout's index pages are still to be read.
    await new Promise((resolve) => setImmediate(resolve));
    while (finding.status().state === 'loading' && finding.index()) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(finding.index(), undefined, 'a checkout was found: its data is waited for, not the built-in');
    await found;
    assert.equal(finding.index()?.source.kind, 'checkout');

    const setting = held({ checkout: path.join(FIXTURES, 'checkout') });
    const configured = new WebFrameworkData(setting.files, () => {}, () => {});
    const named = configured.load(request(`${ROOT}/checkout`, 'data'));
    await settle();
    assert.equal(configured.index(), undefined, 'a source named in the settings is waited for');
    setting.release();
    await named;
  });

  it('says what to do when nothing is found', async () => {
    const status = await load({}, { folders: [ROOT] });
    assert.equal(status.state, 'missing');
    assert.doesNotMatch(status.summary, /Download/, 'the web has no download');
  });
});

describe('URIs of a web workspace', () => {
  it('joins, walks up and reads paths as the editor spells them', () => {
    assert.equal(joinUri(`${ROOT}/`, 'a b/c.md'), `${ROOT}/a%20b/c.md`);
    assert.equal(parentUri(`${ROOT}/a/b.md`), `${ROOT}/a`);
    assert.equal(parentUri('vscode-vfs://github'), undefined);
    assert.equal(uriPath(`${ROOT}/a%20b/c.md`), '/team/repo/a b/c.md');
  });

  it('gives every hierarchical document URI a path for relative links, untitled none', () => {
    assert.equal(documentPath('file:///home/a%20b/x.md'), '/home/a b/x.md');
    assert.equal(documentPath(`${ROOT}/incidents/x.md`), '/team/repo/incidents/x.md');
    assert.equal(documentPath('untitled:Untitled-1'), undefined);
  });
});

describe('ClientFiles', () => {
  /** A connection whose requests answer when `release()` is called, counting what was sent. */
  function heldConnection() {
    const sent: string[] = [];
    const waiting: Array<() => void> = [];
    const connection = {
      sendRequest: (method: string, params: { uri: string }) => {
        sent.push(`${method} ${params.uri}`);
        return new Promise((resolve) => waiting.push(() => resolve(method.endsWith('stat') ? { type: 'directory', size: 0 } : [['a.md', 'file']])));
      },
    };
    const release = () => waiting.splice(0).forEach((answer) => answer());
    return { files: new ClientFiles(connection as never), sent, release };
  }

  it('asks the client once for a stat or listing that is already on its way, and again once it came back', async () => {
    const { files, sent, release } = heldConnection();
    const probe = `${ROOT}/generated_pages/techniques`;
    const together = [files.stat(probe), files.stat(probe), files.readDirectory(ROOT), files.readDirectory(ROOT), files.stat(`${ROOT}/other`)];
    assert.equal(sent.length, 3);
    release();
    const [first, second, listing] = await Promise.all(together);
    assert.deepEqual(first, { type: 'directory', size: 0 });
    assert.equal(second, first);
    assert.deepEqual(listing, [['a.md', 'file']]);
    const later = files.stat(probe);
    assert.equal(sent.length, 4, 'a stat asked after the answer came is asked anew (the file may have changed)');
    release();
    await later;
  });
});

