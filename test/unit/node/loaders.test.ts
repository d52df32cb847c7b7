import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { discoverSource, loadSource } from '../../../server/src/node/dataSource';
import { DataError } from '../../../server/src/node/loadCheckout';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');
const CHECKOUT = path.join(FIXTURES, 'checkout');
const BUNDLE = path.join(FIXTURES, 'bundle.json');

async function load(kind: 'checkout' | 'stix', p: string) {
  const warnings: string[] = [];
  const index = await loadSource({ kind, path: p, origin: 'a test' }, (w) => warnings.push(w));
  return { index, warnings };
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'disarm-test-'));
}

describe('loadCheckout', () => {
  it('loads the objects the index pages list, with tactic, phase and decoded text', async () => {
    const { index } = await load('checkout', CHECKOUT);
    assert.deepEqual([...index.objects.keys()].sort(), ['I00001', 'P01', 'T0001', 'T0002', 'T0002.001', 'TA01', 'TA02']);
    const t = index.objects.get('T0002')!;
    assert.equal(t.name, 'Write Posts & Replies');
    assert.equal(t.tactic, 'TA02');
    assert.equal(index.objects.get('TA01')!.phase, 'P01');
    assert.equal(index.objects.get('T0001')!.summary, 'Choose who to reach.\nThen reach them.');
    assert.deepEqual(index.subTechniques.get('T0002'), ['T0002.001']);
  });

  it('takes incident summaries from the page header', async () => {
    const { index } = await load('checkout', CHECKOUT);
    assert.equal(index.objects.get('I00001')!.summary, 'Something happened & spread.');
  });

  it('does not load leftover pages that no index lists', async () => {
    const { index } = await load('checkout', CHECKOUT);
    assert.equal(index.objects.has('TA09'), false);
  });

  it('reports duplicate IDs once and keeps the first', async () => {
    const { index, warnings } = await load('checkout', CHECKOUT);
    assert.equal(index.objects.get('T0002.001')!.name, 'Write Short Posts');
    assert.equal(warnings.filter((w) => w.includes('duplicate IDs') && w.includes('T0002.001')).length, 1);
  });

  it('refuses a folder without the layout', async () => {
    await assert.rejects(load('checkout', tempDir()), (e) => e instanceof DataError && /not a DISARMframeworks checkout/.test(e.message));
  });

  it('refuses a checkout without a techniques index', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'generated_pages', 'techniques'), { recursive: true });
    await assert.rejects(load('checkout', dir), /techniques_index\.md: ENOENT/);
  });
});

describe('loadStix', () => {
  it('loads techniques and tactics, mapping kill chain slugs to tactic IDs', async () => {
    const { index, warnings } = await load('stix', BUNDLE);
    assert.deepEqual([...index.objects.keys()].sort(), ['T0001', 'T0001.001', 'TA01']);
    assert.equal(index.objects.get('T0001.001')!.tactic, 'TA01');
    assert.equal(warnings.length, 1, 'the attack-pattern without an ID is reported');
  });

  for (const [name, content, pattern] of [
    ['invalid JSON', '{"objects": [', /not valid JSON/],
    ['a non-bundle', '{"type": "bundle"}', /no "objects" array/],
    ['a bundle without techniques', '{"objects": [{"type": "identity"}]}', /no DISARM techniques/],
  ] as const) {
    it(`refuses ${name}`, async () => {
      const file = path.join(tempDir(), 'DISARM.json');
      writeFileSync(file, content);
      await assert.rejects(load('stix', file), (e) => e instanceof DataError && pattern.test(e.message));
    });
  }
});

describe('discoverSource', () => {
  it('prefers the setting, then a checkout workspace folder, then an ancestor, then a bundle', async () => {
    const bundleWorkspace = tempDir();
    mkdirSync(path.join(bundleWorkspace, 'data'));
    writeFileSync(path.join(bundleWorkspace, 'data', 'DISARM.json'), '{}');
    const incidents = path.join(CHECKOUT, 'generated_pages', 'incidents');

    const fromSetting = await discoverSource({ dataPath: BUNDLE, workspaceFolders: [CHECKOUT], documentFolders: [] });
    assert.deepEqual([fromSetting?.kind, fromSetting?.path], ['stix', BUNDLE]);
    const fromFolder = await discoverSource({ workspaceFolders: [bundleWorkspace, CHECKOUT], documentFolders: [] });
    assert.deepEqual([fromFolder?.kind, fromFolder?.path], ['checkout', CHECKOUT]);
    const fromAncestor = await discoverSource({ workspaceFolders: [bundleWorkspace], documentFolders: [incidents] });
    assert.deepEqual([fromAncestor?.path, fromAncestor?.origin], [CHECKOUT, 'an ancestor folder of an open document']);
    const fromBundle = await discoverSource({ workspaceFolders: [bundleWorkspace], documentFolders: [tempDir()] });
    assert.deepEqual([fromBundle?.kind, fromBundle?.path], ['stix', path.join(bundleWorkspace, 'data', 'DISARM.json')]);
    assert.equal(await discoverSource({ workspaceFolders: [tempDir()], documentFolders: [] }), undefined);
  });

  it('fails clearly on a configured path that does not exist', async () => {
    await assert.rejects(discoverSource({ dataPath: '/no/such/disarm', workspaceFolders: [], documentFolders: [] }), /does not exist/);
  });
});
