// The stdio server parses a large message on a thread of its own: the main thread, which answers
// every document's requests, frames it and receives the parsed message, but never parses it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { requireData, Session } from './session';

test('a large didOpen is parsed off the main thread, and requests before and after it are answered in order', { timeout: 60_000 }, async () => {
  const dataDir = requireData();
  const dir = mkdtempSync(path.join(tmpdir(), 'disarm-large-message-'));
  const spyFile = path.join(dir, 'longest');
  const server = new Session(['--require', path.join(__dirname, 'jsonParseSpy.cjs')], 'inherit', { JSON_PARSE_SPY_FILE: spyFile });
  try {
    await server.start(dataDir);
    const normal = 'file:///stdin/normal.md';
    server.open(normal, 'Notes citing DISARM.\n\nWe saw T0015 here.\n');
    const large = 'Notes citing DISARM: T0015 and T0016, é and 😀.\n'.repeat(200_000); // about 10 MB
    server.open('file:///stdin/large.md', large);
    const hover: any = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: normal }, position: { line: 2, character: 8 } });
    assert.match(hover?.contents?.value ?? '', /T0015/);
    const diagnostics = await server.diagnostics('file:///stdin/large.md', 1);
    assert.ok(Array.isArray(diagnostics), 'the large document was checked');
    await server.connection.sendRequest('shutdown');
    void server.connection.sendNotification('exit');
    assert.equal((await server.exited).code, 0, 'exit after shutdown ends the server with 0');
    const longest = Number(readFileSync(spyFile, 'utf8'));
    assert.ok(longest < large.length / 4, `the main thread parsed a JSON text of ${longest} characters: the large message was read there`);
  } finally {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
