import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileUri, ScannerOptions, WorkspaceScanner } from '../../../server/src/node/workspaceScanner';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { WorkspaceIndex } from '../../../server/src/service/features/workspaceIndex';

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A temporary workspace from `{ relative path: text }`. */
function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'disarm-scan-'));
  made.push(root);
  for (const [name, text] of Object.entries(files)) write(root, name, text);
  return root;
}

function write(root: string, name: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
  writeFileSync(path.join(root, name), text);
}

function setup(options: Partial<ScannerOptions> = {}) {
  const index = new WorkspaceIndex();
  const open = new Set<string>();
  const progress: [number, number][] = [];
  const logs: string[] = [];
  const scanner = new WorkspaceScanner({
    index,
    parse: parseDisarmDocument,
    isOpen: (uri) => open.has(uri),
    onProgress: (done, total) => progress.push([done, total]),
    log: (message) => logs.push(message),
    ...options,
  });
  return { index, open, progress, logs, scanner };
}

/** The indexed URIs citing `id`, relative to `root`. */
function citing(index: WorkspaceIndex, id: string, root: string): string[] {
  return [...new Set(index.references(id).map((l) => l.uri.slice(fileUri(root).length + 1)))];
}

describe('WorkspaceScanner', () => {
  it('indexes markdown files, skipping node_modules, dot-folders and symbolic links', async () => {
    const outside = workspace({ 'secret.md': 'T0001' });
    const root = workspace({
      'a.md': 'T0001',
      'deep/er/b.markdown': 'T0001 and T0002',
      'notes.txt': 'T0001',
      'node_modules/pkg/readme.md': 'T0001',
      '.git/x.md': 'T0001',
      '.hidden/y.md': 'T0001',
    });
    symlinkSync(outside, path.join(root, 'linked'), 'dir');
    symlinkSync(path.join(outside, 'secret.md'), path.join(root, 'link.md'));
    const { index, scanner, progress } = setup();
    const result = await scanner.scan([root]);
    assert.deepEqual(result, { files: 2, cancelled: false, truncated: false });
    assert.deepEqual(citing(index, 'T0001', root), ['a.md', 'deep/er/b.markdown']);
    assert.deepEqual(progress.at(-1), [2, 2]);
    assert.deepEqual(progress[0], [0, 2]);
  });

  it('never overwrites an open document with its disk text', async () => {
    const root = workspace({ 'a.md': 'T0001 on disk', 'b.md': 'T0003' });
    const { index, scanner, open } = setup();
    const a = fileUri(path.join(root, 'a.md'));
    open.add(a);
    index.update(a, 'T0002 in the editor');
    await scanner.scan([root]);
    assert.deepEqual(citing(index, 'T0001', root), []);
    assert.deepEqual(citing(index, 'T0002', root), ['a.md']);
    await scanner.applyChanges([{ uri: a, type: 2 }]);
    assert.deepEqual(citing(index, 'T0002', root), ['a.md']);
    open.delete(a);
    await scanner.refresh(a);
    assert.deepEqual(citing(index, 'T0001', root), ['a.md'], 'closed: the disk text again');
  });

  it('drops a result when the document opens during its parse', async () => {
    const root = workspace({ 'a.md': 'T0001' });
    const a = fileUri(path.join(root, 'a.md'));
    const { index, scanner, open } = setup({
      parse: (text) => {
        open.add(a);
        index.update(a, 'T0002 typed meanwhile');
        return parseDisarmDocument(text);
      },
    });
    await scanner.scan([root]);
    assert.deepEqual(citing(index, 'T0002', root), ['a.md']);
    assert.deepEqual(citing(index, 'T0001', root), []);
  });

  it('caps the number of files with a warning', async () => {
    const root = workspace({ 'a.md': 'T0001', 'b.md': 'T0001', 'c.md': 'T0001' });
    const { index, scanner, logs } = setup({ maxFiles: 2 });
    const result = await scanner.scan([root]);
    assert.deepEqual(result, { files: 2, cancelled: false, truncated: true });
    assert.equal(index.size, 2);
    assert.match(logs.join('\n'), /more than 2 markdown files/);
  });

  it('applies created, changed and deleted events, for files and folders', async () => {
    const root = workspace({ 'a.md': 'T0001', 'sub/b.md': 'T0001', 'sub/c.md': 'T0001' });
    const { index, scanner } = setup();
    await scanner.scan([root]);
    const uri = (name: string) => fileUri(path.join(root, name));
    write(root, 'new.md', 'T0001');
    write(root, 'a.md', 'T0002');
    write(root, 'node_modules/x.md', 'T0001');
    rmSync(path.join(root, 'sub'), { recursive: true });
    await scanner.applyChanges([
      { uri: uri('new.md'), type: 1 },
      { uri: uri('a.md'), type: 2 },
      { uri: uri('node_modules/x.md'), type: 1 },
      { uri: uri('sub'), type: 3 },
    ]);
    assert.deepEqual(citing(index, 'T0001', root), ['new.md']);
    assert.deepEqual(citing(index, 'T0002', root), ['a.md']);
    assert.equal(index.size, 2);
  });

  it('indexes the newest read when reads of one file overlap', async () => {
    const root = workspace({ 'a.md': 'T0001 SLOW' });
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const { index, scanner, progress } = setup({
      parse: async (text) => {
        if (text.includes('SLOW')) await slow;
        return parseDisarmDocument(text);
      },
    });
    const a = fileUri(path.join(root, 'a.md'));
    const scanning = scanner.scan([root]);
    // The scan has read the file and waits in its parse.
    while (progress.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
    write(root, 'a.md', 'T0002');
    await scanner.applyChanges([{ uri: a, type: 2 }]);
    release();
    await scanning;
    assert.deepEqual(citing(index, 'T0002', root), ['a.md']);
    assert.deepEqual(citing(index, 'T0001', root), [], 'the older read was dropped');
  });

  it('stops on cancel and restarts on a new scan', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`f${String(i).padStart(2, '0')}.md`] = 'T0001';
    const root = workspace(files);
    const { index, scanner, progress } = setup({ concurrency: 1 });
    const first = scanner.scan([root]);
    while (!progress.some(([done]) => done >= 5)) await new Promise((resolve) => setImmediate(resolve));
    scanner.cancel();
    const result = await first;
    assert.equal(result.cancelled, true);
    assert.ok(index.size < 40, `stopped early (${index.size})`);
    assert.deepEqual(await scanner.scan([root]), { files: 40, cancelled: false, truncated: false });
    assert.equal(index.size, 40);
  });

  it('drops files of folders no longer scanned', async () => {
    const one = workspace({ 'a.md': 'T0001' });
    const two = workspace({ 'b.md': 'T0001' });
    const { index, scanner } = setup();
    await scanner.scan([one, two]);
    assert.equal(index.size, 2);
    await scanner.scan([two]);
    assert.deepEqual([...index.uris()], [fileUri(path.join(two, 'b.md'))]);
  });

  it('spells URIs as VS Code does', () => {
    assert.equal(fileUri('/ws/a (1)/it\'s #1!.md'), 'file:///ws/a%20%281%29/it%27s%20%231%21.md');
    assert.equal(fileUri('/ws/ünï.md'), 'file:///ws/%C3%BCn%C3%AF.md');
  });
});
