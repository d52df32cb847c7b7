// Drives the built server (`dist/server.js --stdio`) over JSON-RPC exactly like an editor would,
// against the real DISARMframeworks checkout named by DISARM_FRAMEWORKS_DIR (read at test time).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { builtinReleases, positionOf, requireBuiltinData, requireData, Session } from './session';

/** Deterministic pseudo-random bytes (xorshift32), so a failure on garbage input can be reproduced. */
function garbageBytes(size: number, seed = 0x2545f491): Buffer {
  const bytes = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

const summary = (diagnostics: any[]): string[] => diagnostics.map((d) => `${d.code}@${d.range.start.line}`).sort();

describe('language server over stdio', { timeout: 120_000 }, () => {
  let dataDir: string;
  let server: Session;

  before(() => {
    dataDir = requireData();
    server = new Session();
  });
  after(() => server?.dispose());

  test('initialize announces its capabilities and loads the checkout', async () => {
    const result = await server.initialize(dataDir);
    const caps = result.capabilities;
    assert.equal(caps.hoverProvider, true);
    assert.equal(caps.completionProvider?.resolveProvider, true);
    assert.equal(caps.textDocumentSync, 2); // TextDocumentSyncKind.Incremental
    void server.connection.sendNotification('initialized', {});
    const status = await server.waitFor((n) => n.method === 'disarm/status' && n.params.state === 'loaded');
    assert.equal(status.params.techniqueCount, 391, status.params.summary); // the techniques of the checkout
  });

  test('hover on a technique of a real incident page', async () => {
    const file = path.join(dataDir, 'generated_pages', 'incidents', 'I00104.md');
    const text = readFileSync(file, 'utf8');
    const uri = pathToFileURL(file).href;
    server.open(uri, text);
    const hover: any = await server.request('textDocument/hover', {
      textDocument: { uri },
      position: positionOf(text, '[T0146.007', 3), // inside the ID that opens the table row's link
    });
    assert.ok(hover, 'no hover on T0146.007');
    const value: string = hover.contents.value;
    assert.match(value, /Automated Account Asset/);
    assert.match(value, /TA15/);
    assert.match(value, /Parent technique: T0146\b/);
  });

  test('completion of a sub-technique prefix in prose, then resolve', async () => {
    const uri = 'file:///tmp/x/notes.md';
    const text = 'Actors used T0152.';
    server.open(uri, text);
    const list: any = await server.request('textDocument/completion', {
      textDocument: { uri },
      position: { line: 0, character: text.length },
      context: { triggerKind: 2, triggerCharacter: '.' },
    });
    const item = list?.items.find((i: any) => i.label === 'T0152.005');
    assert.ok(item, 'no T0152.005 item');
    assert.equal(item.textEdit.newText, 'T0152.005: Paste Platform');
    const resolved: any = await server.request('completionItem/resolve', item);
    assert.equal(resolved.documentation?.kind, 'markdown');
    assert.match(resolved.documentation.value, /Paste Platform/);
  });

  test('completion in the first cell of a techniques table row inserts a link', async () => {
    const uri = 'file:///tmp/x/table.md';
    const text = '| Technique | Description given for this incident |\n| --------- | ------------------------- |\n| T0152.';
    server.open(uri, text);
    const list: any = await server.request('textDocument/completion', {
      textDocument: { uri },
      position: { line: 2, character: '| T0152.'.length },
    });
    const item = list?.items.find((i: any) => i.label === 'T0152.005');
    assert.ok(item, 'no T0152.005 item');
    assert.match(item.textEdit.newText, /^\[T0152\.005 Paste Platform\]\(.*T0152\.005\.md\)$/);
  });

  test('diagnostics on open, and again after an incremental change', async () => {
    const uri = 'file:///tmp/x/incident.md';
    const text = [
      '# DISARM incident notes', // 0: a DISARM document, so it is checked
      '', // 1
      '- T0097.106: Researcher Persona', // 2: the data names it Recruiter Persona
      '- T9999.999 is an ATT&CK-style ID, not ours to judge', // 3
      '- T0999: Foo', // 4: no such technique
      '- T00145.006: Attractive Person Account Imagery', // 5: five digits
      '- Code is not prose: `T0999`', // 6
      '',
    ].join('\n');
    server.open(uri, text);
    const opened = await server.diagnostics(uri, 1);
    assert.ok(opened.every((d) => d.source === 'disarm'));
    assert.deepEqual(summary(opened), ['malformed-id@5', 'name-mismatch@2', 'unknown-id@4']);

    const at = positionOf(text, 'T0999: Foo');
    void server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: at, end: { line: at.line, character: at.character + 5 } }, text: 'T0115' }],
    });
    const changed = await server.diagnostics(uri, 2);
    assert.ok(changed.every((d) => d.source === 'disarm'));
    // T0115 exists, so the unknown-id goes; its name (Post Content) is not Foo, so a name-mismatch comes.
    assert.deepEqual(summary(changed), ['malformed-id@5', 'name-mismatch@2', 'name-mismatch@4']);
  });

  test('garbage input neither crashes the server nor blocks diagnostics', async () => {
    const uri = 'file:///tmp/x/garbage.md';
    const text = `${garbageBytes(200 * 1024).toString('latin1')}[[[(\u0000 T0115`;
    server.open(uri, text);
    const hover = await server.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 1 } });
    assert.ok(hover === null || typeof hover === 'object');
    const diagnostics = await server.diagnostics(uri, 1);
    assert.ok(Array.isArray(diagnostics));
    assert.equal(server.child.exitCode, null, 'the server exited');
  });

  // Thousands of nested list markers make micromark super-linear: seconds for 12 KB. The code
  // span keeps the run from the plain reader, which reads nested markers in linear time. The
  // second document cites an ID apart and holds the costly run with a suppression marker: its
  // comments were once looked for on the server's main thread, outside the parse bound.
  // Each mentions DISARM after the costly run, so it is a DISARM document.
  const costly = [`${'- '.repeat(6000)}T0999 \`code\`\n\nDISARM`, `T0999\n\n${'- '.repeat(6000)}disarm-disable \`code\`\n\nDISARM`];
  for (const [n, text] of costly.entries()) {
    test(`a document too costly to parse does not hold up other documents (${n + 1})`, async () => {
      const uri = `file:///tmp/x/nested${n}.md`;
      server.open(uri, text);
      const started = Date.now();
      const hover: any = await server.request('textDocument/hover', {
        textDocument: { uri: 'file:///tmp/x/notes.md' },
        position: { line: 0, character: 14 },
      });
      assert.match(hover.contents.value, /Paste Platform|Technique T0152/);
      assert.ok(Date.now() - started < 1000, `hover took ${Date.now() - started} ms`);
      // The costly document is given up on after the parse bound, and says so; no crash.
      const given = await server.diagnostics(uri, 1);
      assert.deepEqual(given.map((d: any) => [d.code, d.range.start.line]), [['not-checked', 0]]);
      const after: any = await server.request('textDocument/hover', {
        textDocument: { uri: 'file:///tmp/x/notes.md' },
        position: { line: 0, character: 14 },
      });
      assert.ok(after, 'the replacement parser answers');
    });
  }
});

describe('language server without data (a build without built-in data)', { timeout: 60_000 }, () => {
  let server: Session;

  before(() => {
    server = new Session([], 'inherit', { DISARM_DATA_SNAPSHOT: 'none' });
  });
  after(() => server?.dispose());

  test('runs, says once that no data was found, and reports only what needs no data', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'disarm-empty-'));
    await server.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(empty).href,
      workspaceFolders: [{ uri: pathToFileURL(empty).href, name: 'empty' }],
      capabilities: { workspace: { configuration: false } },
    });
    void server.connection.sendNotification('initialized', {});
    const status = await server.waitFor((n) => n.method === 'disarm/status');
    assert.equal(status.params.state, 'missing');
    assert.equal(status.params.builtin, 'the built-in data is turned off');
    const uri = pathToFileURL(path.join(empty, 'notes.md')).href;
    server.open(uri, 'DISARM: T0999: Foo and T00145.006: Bar');
    assert.deepEqual(summary(await server.diagnostics(uri, 1)), ['malformed-id@0']);
    const messages = await server.waitFor((n) => n.method === 'window/showMessage');
    assert.match(messages.params.message, /No DISARM data found/);
    const reloaded: any = await server.connection.sendRequest('disarm/reload');
    assert.equal(reloaded.state, 'missing');
    await server.diagnostics(uri, 1);
    assert.equal(server.received.filter((n) => n.method === 'window/showMessage').length, 1, 'told once');
  });
});

describe('server lifecycle', { timeout: 60_000 }, () => {
  let server: Session;

  before(() => {
    requireData();
    server = new Session();
  });
  after(() => server?.dispose());

  test('shutdown then exit ends the process with code 0', async () => {
    await server.start(requireData());
    assert.equal(await server.connection.sendRequest('shutdown'), null);
    void server.connection.sendNotification('exit');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no exit within 5 s')), 5_000)));
    const exit = await Promise.race([server.exited, late]).finally(() => clearTimeout(timer));
    assert.deepEqual(exit, { code: 0, signal: null });
  });
});

describe('language server with no data source: the built-in data', { timeout: 60_000 }, () => {
  let server: Session;

  before(() => {
    requireBuiltinData();
    server = new Session();
  });
  after(() => server?.dispose());

  test('checks against the newest built-in release, offline, with the whole history', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'disarm-empty-'));
    await server.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(empty).href,
      workspaceFolders: [{ uri: pathToFileURL(empty).href, name: 'empty' }],
      capabilities: { workspace: { configuration: false } },
    });
    void server.connection.sendNotification('initialized', {});
    const status = (await server.waitFor((n) => n.method === 'disarm/status' && n.params.state !== 'loading')).params;
    const newest = builtinReleases().at(-1)!;
    assert.equal(status.state, 'loaded', status.summary);
    assert.equal(status.target, newest.version);
    assert.equal(status.targetName, `DISARM ${newest.version} (built in)`);
    assert.equal(status.source.kind, 'builtin');
    assert.equal(status.history, `${builtinReleases()[0].version}–${newest.version}`);
    assert.equal(status.builtin, undefined);
    const uri = pathToFileURL(path.join(empty, 'notes.md')).href;
    server.open(uri, 'DISARM seen: T0019 and T0013.001.');
    const diagnostics = await server.diagnostics(uri, 1);
    assert.deepEqual(
      diagnostics.map((d: any) => [d.code, d.message]),
      [
        ['removed-id', 'T0019 Generate Information Pollution was removed in 1.4 (it was in 0.1–1.3).'],
        ['unknown-id', `T0013.001 is not in any DISARM release (0.1–${newest.version}).`],
      ],
    );
    const hover: any = await server.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 15 } });
    assert.match(hover.contents.value, /\*Removed in 1\\\.4\* \(it was in 0\\\.1–1\\\.3\)/);
  });
});
