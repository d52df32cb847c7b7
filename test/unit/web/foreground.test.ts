import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Connection } from 'vscode-languageserver';
import type { DataCallback, Message, MessageReader } from 'vscode-languageserver/browser';
import type { ClientFiles } from '../../../server/src/web/clientFiles';
import { Foreground } from '../../../server/src/web/foreground';
import { WebWorkspace } from '../../../server/src/web/webWorkspace';

const noEvent = () => ({ dispose() {} });

describe('the web server waits for a quiet editor before background work', () => {
  it('is quiet at once when nothing came, and for quietMs after the last document message', async () => {
    const foreground = new Foreground();
    let started = Date.now();
    await foreground.quiet(200);
    assert.ok(Date.now() - started < 50);
    foreground.touch();
    started = Date.now();
    setTimeout(() => foreground.touch(), 100); // a second message pushes the quiet moment back
    await foreground.quiet(200);
    assert.ok(Date.now() - started >= 290, `quiet after ${Date.now() - started} ms`);
  });

  it('counts document requests and notifications the reader reads, not its other messages', () => {
    const foreground = new Foreground();
    let listener: DataCallback | undefined;
    const reader = { onError: noEvent, onClose: noEvent, onPartialMessage: noEvent, listen: (cb: DataCallback) => ((listener = cb), { dispose() {} }), dispose() {} } as unknown as MessageReader;
    const seen: Message[] = [];
    foreground.watch(reader).listen((m) => seen.push(m));
    const touched = (message: object) => {
      const before = Date.now();
      (foreground as unknown as { last: number }).last = Number.NEGATIVE_INFINITY;
      listener!(message as Message);
      return (foreground as unknown as { last: number }).last >= before;
    };
    assert.equal(touched({ jsonrpc: '2.0', id: 1, method: 'textDocument/hover', params: {} }), true);
    assert.equal(touched({ jsonrpc: '2.0', method: 'textDocument/didChange', params: {} }), true);
    assert.equal(touched({ jsonrpc: '2.0', id: 2, result: { text: '' } }), false, 'a reply to the server');
    assert.equal(touched({ jsonrpc: '2.0', method: 'workspace/didChangeConfiguration', params: {} }), false);
    assert.equal(seen.length, 4, 'every message still reaches the connection');
  });

  it('reads no workspace file until the editor is quiet', async () => {
    const reads: string[] = [];
    const files = {
      findMarkdown: async () => ['file:///w/a.md', 'file:///w/b.md'],
      read: async (uri: string) => (reads.push(uri), 'T0001'),
    } as unknown as ClientFiles;
    const progress = { begin() {}, report() {}, done() {}, token: { onCancellationRequested: noEvent } };
    const connection = { window: { createWorkDoneProgress: async () => progress } } as unknown as Connection;
    let release!: () => void;
    const quiet = new Promise<void>((resolve) => (release = resolve));
    const workspace = new WebWorkspace(connection, files, async (text) => ({ text, references: [], directives: [] }), () => false, () => {}, () => {}, () => quiet);
    const built = workspace.build(['file:///w']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(reads, [], 'nothing read while the editor is busy');
    release();
    await built;
    assert.deepEqual(reads.sort(), ['file:///w/a.md', 'file:///w/b.md']);
  });
});
