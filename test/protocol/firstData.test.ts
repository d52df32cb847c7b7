// Requests that come before the first data load wait for it: an editor does not ask again for a
// hover while the pointer rests on the ID, so an empty answer then would stay empty. The data
// worker is held back by a gate (dataGate.cjs) until the test opens it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { positionOf, requireData, Session } from './session';

describe('requests before the first data load', { timeout: 60_000 }, () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'disarm-first-data-'));
  const gate = path.join(folder, 'open');
  let server: Session | undefined;
  after(async () => {
    await server?.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  test('a hover sent while the data loads answers from the data once it is in', async () => {
    const dataDir = requireData();
    server = new Session(['--require', path.join(__dirname, 'dataGate.cjs')], 'inherit', { DISARM_TEST_DATA_GATE: gate, DISARM_DATA_SNAPSHOT: 'none' });
    await server.initialize(dataDir);
    void server.connection.sendNotification('initialized', {});
    const uri = pathToFileURL(path.join(folder, 'report.md')).href;
    const text = '# Campaign report\n\nThe network ran bots (T0146.007: Automated Account Asset) from several countries.\n';
    server.open(uri, text);
    const hover = server.request<any>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'T0146.007', 2) });
    let answered = false;
    void hover.then(() => (answered = true));
    // Answered once the document is parsed, without the data: a hover that did not wait would have answered by now.
    assert.ok(await server.request('disarm/coverage', { uri }), 'no coverage of the parsed document');
    const status = await server.connection.sendRequest<{ state: string }>('disarm/dataStatus');
    assert.equal(status.state, 'loading', 'the data loaded before the gate opened');
    assert.equal(answered, false, 'the hover answered before the data was loaded');
    writeFileSync(gate, '');
    const answer = await hover;
    assert.ok(answer, 'the hover answered nothing');
    assert.match(answer.contents.value, /Automated Account Asset/);
  });
});
