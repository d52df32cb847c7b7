// What the server may touch: it reads the data source, the workspace and its own bundles, writes
// nothing, and makes no network request. Node's permission model and a preload that refuses
// network access hold it to that while it does everything an editor asks of it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { positionOf, requireData, SERVER, Session } from './session';

describe('the server in a sandbox', { timeout: 120_000 }, () => {
  let data: string;
  let server: Session;
  let stderr = '';
  const logs: string[] = [];

  before(async () => {
    data = requireData();
    server = new Session(
      [
        '--experimental-permission',
        `--allow-fs-read=${path.dirname(SERVER)}`,
        `--allow-fs-read=${data}`,
        '--allow-worker', // the parse runs in worker threads
        '--require',
        path.join(__dirname, 'noNetwork.cjs'),
        `--allow-fs-read=${path.join(__dirname, 'noNetwork.cjs')}`,
      ],
      'pipe',
    );
    server.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await server.initializeWorkspace(data);
  });
  after(() => server?.dispose());

  test('answers an editor without writing or reaching the network', async () => {
    const file = path.join(data, 'generated_pages', 'incidents', 'I00104.md');
    const text = readFileSync(file, 'utf8');
    const uri = pathToFileURL(file).href;
    server.open(uri, text);
    assert.ok(Array.isArray(await server.diagnostics(uri, 1)));
    const position = positionOf(text, 'T0152.005: Paste', 2);
    const hover: any = await server.request('textDocument/hover', { textDocument: { uri }, position });
    assert.match(hover.contents.value, /Paste Platform/);
    for (const deadline = Date.now() + 60_000; !server.indexed; ) {
      assert.ok(Date.now() < deadline, 'the workspace index was not built');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const references: any[] = await server.request('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } });
    assert.ok(references.length > 1, 'the workspace was indexed');
    assert.equal((await server.connection.sendRequest('disarm/reload') as any).state, 'loaded');
    for (const n of server.received.filter((m) => m.method === 'window/logMessage')) logs.push(n.params.message);
    const denied = [...logs, stderr].filter((m) => /ERR_ACCESS_DENIED|NETWORK ATTEMPT/.test(m));
    assert.deepEqual(denied, []);
  });
});
