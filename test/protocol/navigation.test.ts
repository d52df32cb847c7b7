// Navigation over stdio: definition (local page and virtual document), references in files
// never opened, document links, workspace and document symbols, inlay hints and code lenses.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { positionOf, requireData, Session } from './session';

describe('navigation in a workspace that is the DISARM checkout', { timeout: 120_000 }, () => {
  let data: string;
  let server: Session;
  let incidentUri: string;
  let incidentText: string;

  before(async () => {
    data = requireData();
    server = new Session();
    await server.initializeWorkspace(data);
    const file = path.join(data, 'generated_pages', 'incidents', 'I00104.md');
    incidentUri = pathToFileURL(file).href;
    incidentText = readFileSync(file, 'utf8');
    server.open(incidentUri, incidentText);
  });
  after(() => server?.dispose());

  test('definition opens the page in the checkout', async () => {
    const location: any = await server.request('textDocument/definition', {
      textDocument: { uri: incidentUri },
      position: positionOf(incidentText, 'T0151.012: Image', 2),
    });
    assert.equal(location.uri, pathToFileURL(path.join(data, 'generated_pages', 'techniques', 'T0151.012.md')).href);
  });

  test('references include files that were never opened, once the index is built', async () => {
    await eventually(async () => (server.indexed ? true : undefined));
    const locations: any[] = await server.request('textDocument/references', {
      textDocument: { uri: incidentUri },
      position: positionOf(incidentText, 'T0152.005: Paste', 2),
      context: { includeDeclaration: true },
    });
    const files = new Set(locations.map((l) => path.basename(decodeURIComponent(l.uri))));
    assert.ok(files.has('I00104.md'));
    assert.ok(files.has('T0152.005.md'), 'the technique page cites itself in its title');
    for (const l of locations) {
      const text = readFileSync(new URL(l.uri), 'utf8').split(/\r?\n/)[l.range.start.line];
      assert.equal(text.slice(l.range.start.character, l.range.end.character), 'T0152.005');
    }
    assert.ok(server.progress.some((p: any) => p.kind === 'begin'), 'work-done progress was reported');
  });

  test('document links point every inline ID at its page', async () => {
    const links: any[] = await server.request('textDocument/documentLink', { textDocument: { uri: incidentUri } });
    const target = links.find((l) => l.target.endsWith('/techniques/T0115.md'));
    assert.ok(target, 'a link for T0115');
    assert.match(target.target, /^file:/);
  });

  test('workspace symbols find a technique by a word of its name', async () => {
    const symbols: any[] = await server.connection.sendRequest('workspace/symbol', { query: '#paste' });
    assert.equal(symbols[0]?.name, 'T0152.005 Paste Platform');
  });

  test('document symbols outline the incident', async () => {
    const symbols: any[] = await server.request('textDocument/documentSymbol', { textDocument: { uri: incidentUri } });
    const names = JSON.stringify(symbols);
    for (const expected of ['Summary', 'T0146.007 Automated Account Asset', 'T0152.005 Paste Platform']) assert.ok(names.includes(expected), expected);
  });

  test('inlay hints name bare IDs', async () => {
    const uri = 'file:///tmp/nav/bare.md';
    server.open(uri, 'They used T0115 and T0152.005: Paste Platform.');
    const hints: any[] = await server.request('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
    });
    assert.deepEqual(
      hints.map((h) => [h.position.character, typeof h.label === 'string' ? h.label.trim() : h.label]),
      [[15, 'Post Content']],
    );
  });

  test('code lenses on an incident page', async () => {
    const lenses: any[] = await server.request('textDocument/codeLens', { textDocument: { uri: incidentUri } });
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => /^\d+ techniques across \d+ tactics$/.test(t)), titles.join(' | '));
    assert.ok(titles.some((t) => /generated from the DISARM master data/i.test(t)), titles.join(' | '));
  });
});

describe('navigation without the checkout in the workspace', { timeout: 60_000 }, () => {
  let server: Session;
  before(async () => {
    const data = requireData();
    server = new Session();
    await server.start(path.join(data, 'generated_files', 'DISARM_STIX', 'DISARM.json'));
  });
  after(() => server?.dispose());

  test('definition opens a virtual document the server renders', async () => {
    const uri = 'file:///tmp/nav/notes.md';
    server.open(uri, 'Posted to a paste site (T0152.005: Paste Platform).');
    const location: any = await server.request('textDocument/definition', { textDocument: { uri }, position: { line: 0, character: 26 } });
    assert.match(location.uri, /^disarm:/);
    const text: string = await server.request('disarm/virtualDocument', { uri: location.uri });
    assert.match(text, /T0152\.005/);
    assert.match(text, /Paste Platform/);
    assert.equal(await server.request('disarm/virtualDocument', { uri: 'disarm:/technique/T9999.md' }), null);
  });
});

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
