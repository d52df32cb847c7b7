// The language server reads .disarm.jsonc like the CLI: codes and data from the file, its problems
// as diagnostics on it, and the last good configuration kept while it is broken.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Notification, Session } from './session';

const CHECKOUT = path.join(__dirname, '..', 'fixtures', 'checkout');

describe('language server with a .disarm.jsonc', { timeout: 60_000 }, () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'disarm-project-lsp-'));
  const configFile = path.join(folder, '.disarm.jsonc');
  const configUri = pathToFileURL(configFile).href;
  const notes = path.join(folder, 'notes.md');
  const notesUri = pathToFileURL(notes).href;
  const good = `{\n  "data": [${JSON.stringify(CHECKOUT)}],\n  "codes": { "name-mismatch": "off", "unknown-id": "warning" }\n}\n`;
  writeFileSync(configFile, good);
  writeFileSync(notes, 'Uses T0001: Wrong Name and T0009.\nSee DISARM.\n');
  const server = new Session([], undefined, { DISARM_DATA_SNAPSHOT: 'none' }); // made-up fixtures, not a real release
  after(() => server.dispose());

  /** The next publish for `uri` after the `since`-th notification. */
  const nextPublish = (uri: string, since: number): Promise<Notification> =>
    server.waitFor((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri && server.received.indexOf(n) >= since);
  const codes = (n: Notification) => n.params.diagnostics.map((d: any) => `${d.code}:${d.severity}`);
  const changed = (since: number) => {
    void server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    return since;
  };

  test('the file names the data and sets the codes of the documents it covers', async () => {
    await server.initializeWorkspace(folder);
    const status: any = await server.connection.sendRequest('disarm/dataStatus');
    assert.equal(status.source.path, CHECKOUT);
    assert.equal(status.source.origin, configFile);
    const since = server.received.length;
    server.open(notesUri, 'Uses T0001: Wrong Name and T0009.\nSee DISARM.\n');
    assert.deepEqual(codes(await nextPublish(notesUri, since)), ['unknown-id:2'], 'name-mismatch off, unknown-id a warning');
    assert.deepEqual(await server.connection.sendRequest('disarm/projectConfig', { uri: notesUri }), { file: configFile, covers: true, problems: [] });
  });

  test('a broken file gets diagnostics at the offending spots, and the last good configuration stays', async () => {
    writeFileSync(configFile, `{\n  "data": [${JSON.stringify(CHECKOUT)}],\n  "codes": {\n    "no-such-code": "off",\n    "unknown-id": "fatal"\n  }\n}\n`);
    const since = changed(server.received.length);
    const onConfig = await nextPublish(configUri, since);
    assert.deepEqual(
      onConfig.params.diagnostics.map((d: any) => [d.range.start.line, d.range.start.character, d.severity]),
      [
        [3, 4, 1],
        [4, 18, 1],
      ],
    );
    assert.match(onConfig.params.diagnostics[0].message, /unknown code "no-such-code".*last good configuration/);
    assert.match(onConfig.params.diagnostics[1].message, /the level of unknown-id must be/);
    assert.deepEqual(codes(await nextPublish(notesUri, since)), ['unknown-id:2'], 'still the last good codes');

    writeFileSync(configFile, '{ "data": [ }');
    const broken = changed(server.received.length);
    assert.match((await nextPublish(configUri, broken)).params.diagnostics[0].message, /broken JSONC/);
    const info: any = await server.connection.sendRequest('disarm/projectConfig', { uri: notesUri });
    assert.match(info.problems[0], /^1:\d+: broken JSONC/);
    assert.equal(info.covers, true, 'the last good configuration still covers the document');
  });

  test('a repaired file clears its diagnostics and applies at once', async () => {
    writeFileSync(configFile, good.replace('"name-mismatch": "off", ', ''));
    const since = changed(server.received.length);
    assert.deepEqual((await nextPublish(configUri, since)).params.diagnostics, []);
    // Earlier changes' publishes may still arrive: wait (bounded) for the one with the repaired codes.
    const repaired = (n: Notification) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === notesUri && server.received.indexOf(n) >= since;
    await server.waitFor((n) => repaired(n) && codes(n).sort().join() === 'name-mismatch:2,unknown-id:2');
  });

  test('a document the file ignores gets no findings, as disarm-lint skips it', async () => {
    writeFileSync(configFile, good.replace('"codes"', '"ignore": ["drafts/**"], "codes"'));
    const since = changed(server.received.length);
    await nextPublish(configUri, since);
    const draft = pathToFileURL(path.join(folder, 'drafts', 'x.md')).href;
    server.open(draft, 'Uses T0009.\nSee DISARM.\n');
    assert.deepEqual(codes(await nextPublish(draft, since)), []);
    assert.deepEqual(await server.connection.sendRequest('disarm/projectConfig', { uri: draft }), { file: configFile, covers: false, problems: [] });
  });
});
