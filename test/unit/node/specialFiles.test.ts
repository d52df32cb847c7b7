import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, cpSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadSource } from '../../../server/src/node/dataSource';
import { FrameworkData } from '../../../server/src/node/frameworkData';
import { DataError } from '../../../server/src/node/loadCheckout';
import { fileUri, WorkspaceScanner } from '../../../server/src/node/workspaceScanner';
import { computeDiagnostics } from '../../../server/src/service/features/diagnostics';
import { WorkspaceIndex } from '../../../server/src/service/features/workspaceIndex';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';

const CHECKOUT = path.join(__dirname, '..', '..', 'fixtures', 'checkout');
const posix = process.platform !== 'win32';

const fifos: string[] = [];
const dirs: string[] = [];
after(() => {
  // A reader still blocked on a pipe (the protection removed) is let go, so the run can end.
  for (const fifo of fifos) {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // No reader waiting.
    }
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'disarm-special-'));
  dirs.push(dir);
  return dir;
}

function copy(): string {
  const dir = tempDir();
  cpSync(CHECKOUT, dir, { recursive: true });
  return dir;
}

/** Replaces `file` with a named pipe that nobody writes. */
function fifoAt(file: string): void {
  rmSync(file, { force: true });
  execFileSync('mkfifo', [file]);
  fifos.push(file);
}

/** Resolves within `ms` or fails: a hang is a failure, not a slow test (the bound is far above the real time). */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([work, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

async function load(dir: string) {
  const warnings: string[] = [];
  const index = await loadSource({ kind: 'checkout', path: dir, origin: 'a test' }, (w) => warnings.push(w));
  return { index, warnings };
}

function codes(text: string, index: Awaited<ReturnType<typeof load>>['index']): string[] {
  const document = TextDocument.create('file:///note.md', 'markdown', 1, text);
  return computeDiagnostics(document, parseDisarmDocument(text), index).map((d) => `${String(d.code)} ${text.slice(document.offsetAt(d.range.start), document.offsetAt(d.range.end))}`);
}

describe('only regular files are read', { skip: !posix && 'named pipes are POSIX' }, () => {
  it('loads around a named pipe in place of an optional index page and of an incident page, and says which', async () => {
    const dir = copy();
    const pages = path.join(dir, 'generated_pages');
    fifoAt(path.join(pages, 'phases_index.md'));
    fifoAt(path.join(pages, 'incidents', 'I00001.md'));
    const { index, warnings } = await within(5000, load(dir));
    assert.equal(index.counts.technique, 3);
    assert.equal(index.objects.get('I00001')?.summary, '', 'the incident is listed, its page is not read');
    assert.ok(
      warnings.some((w) => w.includes('phases_index.md') && w.includes('a named pipe, not a regular file')),
      warnings.join('\n'),
    );
  });

  it('refuses a named pipe in place of the techniques index, and the server leaves "loading"', async () => {
    const dir = copy();
    fifoAt(path.join(dir, 'generated_pages', 'techniques_index.md'));
    await assert.rejects(within(5000, load(dir)), (e) => e instanceof DataError && /techniques_index\.md: a named pipe/.test(e.message));
    const data = new FrameworkData(() => {}, () => {});
    try {
      const status = await within(5000, data.load({ dataPath: dir, workspaceFolders: [], documentFolders: [] }));
      assert.equal(status.state, 'error');
      assert.match(status.problem ?? '', /named pipe/);
    } finally {
      data.dispose();
    }
  });

  it('refuses a named pipe given as the bundle', async () => {
    const file = path.join(tempDir(), 'DISARM.json');
    fifoAt(file);
    await assert.rejects(
      within(5000, loadSource({ kind: 'stix', path: file, origin: 'a test' }, () => {})),
      (e) => e instanceof DataError && e.message.includes('a named pipe'),
    );
  });

  it('indexes the workspace around a named pipe .md, whether scanned or announced by the watcher', async () => {
    const root = tempDir();
    writeFileSync(path.join(root, 'a.md'), 'T0001');
    fifoAt(path.join(root, 'pipe.md'));
    const logs: string[] = [];
    const index = new WorkspaceIndex();
    const scanner = new WorkspaceScanner({ index, parse: parseDisarmDocument, isOpen: () => false, log: (m) => logs.push(m), concurrency: 1 });
    await within(5000, scanner.scan([root]));
    assert.ok(logs.some((l) => l.includes('pipe.md') && l.includes('not a regular file')), logs.join('\n'));
    // The watcher announces the pipe first, then a real file: both answer, the real one is indexed.
    writeFileSync(path.join(root, 'b.md'), 'T0002');
    await within(5000, scanner.applyChanges([{ uri: fileUri(path.join(root, 'pipe.md')), type: 1 }]));
    await within(5000, scanner.applyChanges([{ uri: fileUri(path.join(root, 'b.md')), type: 1 }]));
    assert.deepEqual([...index.uris()].map((u) => path.basename(u)).sort(), ['a.md', 'b.md']);
    assert.ok(logs.some((l) => l.includes('pipe.md') && l.includes('a named pipe, not a regular file')), logs.join('\n'));
  });
});

describe('broken index pages are reported, and their kind is absent', () => {
  it('a garbage page: reported, no objects of its kind, and no unknown-id for them', async () => {
    const dir = copy();
    const page = path.join(dir, 'generated_pages', 'incidents_index.md');
    writeFileSync(page, 'garbage \u0000\u0001 <tr <td> not a table </html');
    const { index, warnings } = await load(dir);
    assert.equal(index.counts.incident, undefined);
    assert.ok(warnings.some((w) => w.includes('incidents_index.md') && w.includes('incident IDs are not checked')), warnings.join('\n'));
    assert.deepEqual(codes('I00001 and I99999 and T0999', index), ['unknown-id T0999'], 'techniques are still checked');
  });

  it('a page with far fewer objects than table rows: reported, kind absent', async () => {
    const dir = copy();
    const rows = Array.from({ length: 20 }, (_, i) => `<tr><td>${i === 0 ? '<a href="incidents/I00001.md">I00001</a>' : `row ${i}`}</td><td>Name ${i}</td></tr>`);
    writeFileSync(path.join(dir, 'generated_pages', 'incidents_index.md'), `<table><tr><th>disarm_id</th><th>name</th></tr>${rows.join('\n')}</table>`);
    const { index, warnings } = await load(dir);
    assert.equal(index.counts.incident, undefined);
    assert.ok(warnings.some((w) => w.includes('only 1 of its 20 table rows')), warnings.join('\n'));
    assert.deepEqual(codes('I00002', index), []);
  });

  it('a garbage tactics page fails the load: a required kind is never absent', async () => {
    const dir = copy();
    writeFileSync(path.join(dir, 'generated_pages', 'tactics_index.md'), '<tr><td>nothing</td></tr>'.repeat(10));
    await assert.rejects(load(dir), (e) => e instanceof DataError && /tactics_index\.md has no readable tactic rows among its 10 table rows/.test(e.message));
  });

  it('a kind the data has is still checked', async () => {
    const { index } = await load(copy());
    assert.deepEqual(codes('I00001 I99999', index), ['unknown-id I99999']);
  });
});
