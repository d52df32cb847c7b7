// The stdio server parses a large message on a thread of its own: the main thread, which answers
// every document's requests, frames it and receives the parsed message, but never parses it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { requireData, Session } from './session';

test('a large didOpen is parsed off the main thread, and a request on its document waits for it', { timeout: 60_000 }, async () => {
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
    // Also parsed off the main thread, and quick to check (the 10 MB note's parse is given up).
    const medium = 'file:///stdin/medium.md';
    server.open(medium, large.slice(0, 300_000));
    // Sent behind both opens: the hover on the second note waits for its open (else the note is unknown), the other may pass them.
    const [onMedium, onNormal]: any[] = await Promise.all([
      // Asked again on ServerCancelled, as a client may: the second note's parse waits for the first's to be given up (3 s).
      server.request('textDocument/hover', { textDocument: { uri: medium }, position: { line: 1, character: 22 } }, 20),
      server.request('textDocument/hover', { textDocument: { uri: normal }, position: { line: 2, character: 8 } }, 20),
    ]);
    assert.match(onMedium?.contents?.value ?? '', /T0015/, 'a request on a note is answered after its open');
    assert.match(onNormal?.contents?.value ?? '', /T0015/);
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
