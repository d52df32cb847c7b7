// Bounded server work over stdio, as an editor drives it: models never stale whatever the version,
// a heavy fix-all lets another document's hover through and can be cancelled, a model keeps a
// bounded number of references, and framing garbage ends the server with a message.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import { LSPErrorCodes } from 'vscode-languageserver-protocol';
import { incidentNote } from '../../bench/hostileDocuments';
import { loadSource } from '../../server/src/node/dataSource';
import { positionOf, requireData, SERVER, Session } from './session';

describe('bounded server work over stdio', { timeout: 120_000 }, () => {
  let dataDir: string;
  let server: Session;

  before(async () => {
    dataDir = requireData();
    server = new Session();
    await server.start(dataDir);
  });
  after(() => server?.dispose());

  /**
   * The next diagnostics published for `uri` after those already received (that `match`, when
   * given: a data reload may publish again for the text before).
   */
  const nextDiagnostics = (uri: string, match: (codes: string[]) => boolean = () => true): Promise<any[]> => {
    const seen = server.received.length;
    const published = (n: { method: string; params: any }) =>
      server.received.indexOf(n) >= seen && n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri && match(n.params.diagnostics.map((d: any) => d.code));
    return server.waitFor(published, 10_000).then((n) => n.params.diagnostics);
  };
  const hoverText = async (uri: string, text: string, needle: string): Promise<string> => {
    const hover: any = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, needle, 1) });
    return hover?.contents?.value ?? '';
  };

  test('a change that keeps the version number, and a second open without a close, replace the model', async () => {
    const uri = 'file:///tmp/bounded/same-version.md';
    const first = 'We saw T0115 here.\nSee DISARM.\n';
    const diagnosticsOfFirst = nextDiagnostics(uri);
    server.open(uri, first);
    assert.deepEqual(await diagnosticsOfFirst, []);
    assert.match(await hoverText(uri, first, 'T0115'), /T0115/);

    // Same version 1, new text: a cache trusting the version would keep answering for the old text.
    const second = 'We saw T0999 here.\nSee DISARM.\n';
    const diagnosticsOfSecond = nextDiagnostics(uri, (codes) => codes.length > 0);
    void server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 1 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: second }],
    });
    assert.deepEqual((await diagnosticsOfSecond).map((d) => d.code), ['unknown-id']);
    assert.doesNotMatch(await hoverText(uri, second, 'T0999'), /T0115/);

    // Opened again, no close, version 1 again.
    const third = 'Then T0116 as well.\nSee DISARM.\n';
    const diagnosticsOfThird = nextDiagnostics(uri, (codes) => codes.length === 0);
    void server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: third } });
    assert.deepEqual(await diagnosticsOfThird, []);
    assert.match(await hoverText(uri, third, 'T0116'), /T0116/);
  });

  test('a heavy fix-all lets a hover on another document answer first, and is cancelled', async () => {
    const index = await loadSource({ kind: 'checkout', path: dataDir, origin: 'test' }, () => {});
    const note = incidentNote(index, 400 * 1024);
    const uri = 'file:///tmp/bounded/large-note.md';
    const published = nextDiagnostics(uri);
    server.open(uri, note);
    const diagnostics = await published;
    // The cap, said once on the first line.
    assert.equal(diagnostics.length, 1001);
    assert.equal(diagnostics[0].code, 'too-many-findings');
    assert.match(diagnostics[0].message, /more DISARM findings in this document are not shown/);

    const other = 'file:///tmp/bounded/other.md';
    const otherText = 'Only T0115 here.\n';
    server.open(other, otherText);
    const order: string[] = [];
    const source = new CancellationTokenSource();
    const fixAll = server.connection
      .sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.disarm'] } }, source.token)
      .then(
        (actions: any) => order.push(`fix-all ${actions.length}`),
        () => order.push('fix-all cancelled'),
      );
    const hover = hoverText(other, otherText, 'T0115').then((value) => {
      order.push('hover');
      source.cancel();
      return value;
    });
    assert.match(await hover, /T0115/);
    await fixAll;
    assert.equal(order[0], 'hover', order.join(', '));
    assert.match(order[1], /fix-all (0|cancelled)/, 'cancelled before it finished, it answers nothing');
  });

  test('a request on a document whose parse takes seconds is answered within 1 s: ServerCancelled, which the client may retry', async () => {
    // Nested list markers make the markdown parse super-linear: it runs to the 3 s bound, then is given up.
    const uri = 'file:///tmp/bounded/costly-parse.md';
    server.open(uri, `${'- '.repeat(6000)}T0999 \`code\`\n\nDISARM`);
    const started = performance.now();
    const requests = [
      server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } }),
      server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }),
    ];
    for (const request of requests) {
      const error: any = await request.then(() => undefined, (e: unknown) => e);
      assert.equal(error?.code, LSPErrorCodes.ServerCancelled, `answered ${JSON.stringify(error)}`);
      assert.match(error.message, /Not answered within 800 ms \(.*the document is still being read\); ask again/);
    }
    const took = performance.now() - started;
    assert.ok(took < 1000, `answered after ${took.toFixed(0)} ms`);
    await server.diagnostics(uri, 1);
  });

  test('a model keeps at most 100,000 references, and says on the first line where checking stopped', async () => {
    const uri = 'file:///tmp/bounded/many-ids.md';
    const text = `${'T0115 T0116 T0117 T0118\n'.repeat(30_000)}See DISARM.\n`; // a DISARM document (scope)
    const published = nextDiagnostics(uri);
    server.open(uri, text);
    const diagnostics = await published;
    const notice = diagnostics.find((d) => d.code === 'not-checked');
    assert.ok(notice, diagnostics.slice(0, 3).map((d) => d.message).join(' | '));
    assert.equal(notice.range.start.line, 0);
    assert.match(notice.message, /Checked up to line 25,001 only: this document cites 120,000 DISARM IDs/);
    // Within the part read, features work as before; past it, the document is not read.
    const inside: any = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 100, character: 1 } });
    assert.match(inside?.contents?.value ?? '', /T0115/);
    const past: any = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 27_000, character: 1 } });
    assert.equal(past, null);
  });
});

describe('framing garbage on stdin', { timeout: 30_000 }, () => {
  for (const [name, bytes] of [
    ['a header without Content-Length', 'Content-Type: text/plain\r\n\r\nhello'],
    ['a length that is not a number', 'Content-Length: many\r\n\r\n{}'],
    ['a body that is not JSON', 'Content-Length: 5\r\n\r\n{bad}'],
  ]) {
    test(`${name}: the server says so on stderr and exits, rather than waiting for ever`, async () => {
      const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdin.write(bytes);
      // stdin stays open: exiting is the server's own doing, not the end of its input.
      const exited = await Promise.race([
        new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))),
        new Promise<'alive'>((resolve) => setTimeout(() => resolve('alive'), 10_000)),
      ]);
      if (exited === 'alive') child.kill();
      assert.equal(exited, 1, 'the server is still running after garbage on its input');
      assert.match(stderr, /disarm-language-server: its input is not a readable JSON-RPC stream .*exiting so that the editor can restart it/);
    });
  }
});
