import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadSource } from '../../../server/src/node/dataSource';
import { FrameworkData } from '../../../server/src/node/frameworkData';
import { DataError } from '../../../server/src/node/loadCheckout';
import { loadReleasesOffThread } from '../../../server/src/node/loadOffThread';

const CHECKOUT = path.join(__dirname, '..', '..', 'fixtures', 'checkout');

function copy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'disarm-hostile-'));
  cpSync(CHECKOUT, dir, { recursive: true });
  return dir;
}

async function load(kind: 'checkout' | 'stix', p: string) {
  const warnings: string[] = [];
  const index = await loadSource({ kind, path: p, origin: 'a test' }, (w) => warnings.push(w));
  return { index, warnings };
}

/** Resolves within `ms` or fails: a hang is a failure, not a slow test. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([work, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

describe('hostile and broken data', () => {
  it('loads around missing pages, empty index files, a page that is a folder and a link loop', async () => {
    const dir = copy();
    const pages = path.join(dir, 'generated_pages');
    rmSync(path.join(pages, 'incidents', 'I00001.md'));
    mkdirSync(path.join(pages, 'incidents', 'I00001.md')); // the page is a folder now
    writeFileSync(path.join(pages, 'phases_index.md'), '');
    symlinkSync(pages, path.join(pages, 'techniques', 'loop'));
    const { index } = await within(5000, load('checkout', dir));
    assert.equal(index.objects.get('I00001')?.summary, '', 'no summary from a folder');
    assert.equal(index.counts.phase, undefined, 'an empty index page gives no phases');
    assert.equal(index.counts.technique, 3);
  });

  it('refuses JSON of the wrong shape with a clear message', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'disarm-hostile-'));
    for (const [name, body] of [
      ['array.json', '[1, 2, 3]'],
      ['strings.json', '{"objects": ["a", 1, null, true]}'],
      ['names.json', '{"objects": [{"type": "attack-pattern", "name": 7, "external_references": [{"external_id": "T0001"}]}]}'],
      ['empty.json', ''],
    ]) {
      const file = path.join(dir, name);
      writeFileSync(file, body);
      await assert.rejects(within(5000, load('stix', file)), (e) => e instanceof DataError && e.message.includes(file), name);
    }
  });

  it('loads a 50 MB bundle without hanging', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'disarm-hostile-'));
    const file = path.join(dir, 'DISARM.json');
    const padding = 'x'.repeat(1000);
    const objects = Array.from({ length: 50_000 }, (_, i) => ({
      type: 'attack-pattern',
      name: `Technique ${i}`,
      description: padding,
      external_references: [{ source_name: 'mitre-attack', external_id: `T${String(i % 10_000).padStart(4, '0')}` }],
    }));
    writeFileSync(file, JSON.stringify({ type: 'bundle', objects }));
    const { index, warnings } = await within(20_000, load('stix', file));
    assert.ok(index.objects.size > 0);
    assert.ok(warnings.some((w) => w.includes('duplicate IDs')), 'duplicates are reported');
  });

  it('keeps the last good data when the source is deleted or replaced while running', async () => {
    const dir = copy();
    const messages: string[] = [];
    const data = new FrameworkData((m) => messages.push(m), () => {});
    try {
      const input = { dataPath: dir, workspaceFolders: [], documentFolders: [] };
      assert.equal((await data.load(input)).state, 'loaded');
      rmSync(path.join(dir, 'generated_pages'), { recursive: true });
      const gone = await within(5000, data.load(input));
      assert.equal(gone.state, 'error');
      assert.match(gone.problem ?? '', /not a DISARMframeworks checkout/);
      assert.ok(data.index()?.objects.has('T0001'), 'the last good index is kept');
      cpSync(path.join(CHECKOUT, 'generated_pages'), path.join(dir, 'generated_pages'), { recursive: true });
      writeFileSync(path.join(dir, 'generated_pages', 'techniques_index.md'), '<table><tr><th>disarm_id</th></tr></table>');
      const emptied = await within(5000, data.load(input));
      assert.equal(emptied.state, 'error');
      assert.match(emptied.problem ?? '', /techniques_index\.md lists no technique rows/);
      assert.ok(data.index()?.objects.has('T0001'), 'the last good index is still kept');
      cpSync(path.join(CHECKOUT, 'generated_pages'), path.join(dir, 'generated_pages'), { recursive: true });
      assert.equal((await within(5000, data.load(input))).state, 'loaded', 'good data replaces it again');
    } finally {
      data.dispose();
    }
  });
});

describe('size caps and log volume', () => {
  const WORKER = path.join(__dirname, '..', '..', '..', 'dist', 'dataWorker.js');

  it('refuses a 145 MB techniques index unread', async () => {
    const dir = copy();
    const page = path.join(dir, 'generated_pages', 'techniques_index.md');
    writeFileSync(page, '<table><tr><th>disarm_id</th></tr>');
    truncateSync(page, 145 * 1024 * 1024); // sparse: nothing is written, the size is what counts
    await assert.rejects(within(20_000, load('checkout', dir)), (e) => e instanceof DataError && /techniques_index\.md: 152043520 bytes, over the \d+-byte cap/.test(e.message));
  });

  it('reads a page of unclosed cells in linear time (in the worker, so a hang is seen)', async () => {
    const dir = copy();
    writeFileSync(path.join(dir, 'generated_pages', 'incidents_index.md'), `<table><tr><th>disarm_id</th></tr><tr>${'<td><th>'.repeat(400_000)}`);
    const warnings: string[] = [];
    const releases = await within(20_000, loadReleasesOffThread(WORKER, [{ source: { kind: 'checkout', path: dir, origin: 'a test' } }], (w) => warnings.push(w)));
    assert.equal(releases[0].index.counts.incident, undefined);
    assert.ok(warnings.some((w) => w.includes('incidents_index.md lists no incident rows')), warnings.join('\n'));
  });

  it('says once, with the count, that a bundle skipped 100,000 invalid objects', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'disarm-hostile-'));
    const file = path.join(dir, 'DISARM.json');
    const bad = Array.from({ length: 100_000 }, (_, i) => ({ type: 'attack-pattern', name: i, external_references: [{ external_id: `X${i}` }] }));
    const good = { type: 'attack-pattern', name: 'Real', external_references: [{ external_id: 'T0001' }] };
    writeFileSync(file, JSON.stringify({ type: 'bundle', objects: [...bad, good] }));
    const { index, warnings } = await within(20_000, load('stix', file));
    assert.equal(index.objects.size, 1);
    assert.equal(warnings.length, 1, 'one line for the run');
    assert.match(warnings[0], /skipped 100000 objects without a valid DISARM ID and name \(attack-pattern without an ID, .* and 99995 more\)/);
  });

  it('says once, with the count, that an index page skipped rows of the wrong kind', async () => {
    const dir = copy();
    const rows = Array.from({ length: 5000 }, (_, i) => `<tr><td>T${String(i).padStart(4, '0')}</td><td>n</td></tr>`).join('');
    writeFileSync(path.join(dir, 'generated_pages', 'phases_index.md'), `<table><tr><th>disarm_id</th><th>name</th></tr><tr><td>P01</td><td>Plan</td></tr>${rows}</table>`);
    const { warnings } = await load('checkout', dir);
    const about = warnings.filter((w) => w.includes('phases_index.md'));
    assert.equal(about.length, 2, about.join('\n')); // the skipped rows, then the page broken (1 of 5001 rows)
    assert.match(about[0], /skipped 5000 rows whose ID is not a phase ID \(T0000, T0001, T0002, T0003, T0004 and 4995 more\)/);
  });
});
