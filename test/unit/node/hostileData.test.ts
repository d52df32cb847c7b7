import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadSource } from '../../../server/src/node/dataSource';
import { FrameworkData } from '../../../server/src/node/frameworkData';
import { DataError } from '../../../server/src/node/loadCheckout';

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
