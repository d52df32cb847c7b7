// Two real releases side by side over stdio: the 1.6 checkout and the 1.7 bundle (read at test
// time), set through `disarm.dataSources`; the hover and the quick fix on an ID that 1.7 removed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { stix17Path } from '../realData';
import { builtinReleases, positionOf, requireData, Session } from './session';

describe('several releases over stdio', { timeout: 120_000 }, () => {
  let dataDir: string;
  let server: Session;
  let uri: string;
  let text: string;

  before(async () => {
    dataDir = requireData();
    server = new Session();
    await server.start(dataDir);
    // Without workspace/configuration the server takes pushed settings.
    void server.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { disarm: { dataSources: [{ path: dataDir, label: 'DISARM 1.6' }, { path: stix17Path() }] } },
    });
    const file = path.join(dataDir, 'generated_pages', 'incidents', 'I00099.md');
    text = readFileSync(file, 'utf8');
    uri = pathToFileURL(file).href;
  });
  after(() => server?.dispose());

  test('the status names the target, both releases and the built-in history beside them', async () => {
    const status = await server.waitFor((n) => n.method === 'disarm/status' && n.params.releases?.some((r: any) => r.label === 'DISARM 1.6'));
    assert.equal(status.params.target, '1.7');
    assert.equal(status.params.targetName, 'DISARM 1.7');
    const releases = status.params.releases.map((r: any) => [r.label, r.kind, r.techniqueCount]);
    assert.deepEqual(releases.slice(0, 2), [
      ['1.7', 'stix', 445],
      ['DISARM 1.6', 'checkout', 391],
    ]);
    // The built-in releases of other versions join them; those of 1.6 and 1.7 give way to the sources.
    const builtin = builtinReleases().filter((r) => r.version !== '1.6' && r.version !== '1.7');
    assert.deepEqual(releases.slice(2).map((r: any[]) => [r[0], r[1]]), builtin.reverse().map((r) => [r.version, 'builtin']));
    assert.equal(status.params.history, `${builtinReleases()[0].version}–1.7`);
    assert.equal(status.params.techniqueCount, 445);
  });

  test('a removed ID is a removed-id warning; its hover shows the release that had it and the closest techniques', async () => {
    server.open(uri, text);
    const diagnostics = await server.diagnostics(uri, 1);
    const removed = diagnostics.find((d) => d.code === 'removed-id');
    assert.ok(removed, JSON.stringify(diagnostics.map((d) => d.code)));
    assert.equal(removed.severity, 2);
    assert.equal(removed.message, 'T0086.002 Develop AI-Generated Images (Deepfakes) was removed in 1.7 (it was in 1.0–1.6).');
    assert.equal(diagnostics.filter((d) => d.code === 'unknown-id').length, 0);

    const hover: any = await server.request('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '[T0086.002', 3) });
    const value: string = hover.contents.value;
    assert.match(value, /^\*\*Technique T0086\\\.002: Develop AI\\-Generated Images \\\(Deepfakes\\\)\*\*/);
    assert.match(value, /\*Removed in 1\\\.7\* \(it was in 1\\\.0–1\\\.6\)\.\n\nAs DISARM 1\\\.6 defines it:/);
    assert.match(value, /Closest by name in [^\n]*:\n\n- \[T0145\\\.002 AI\\-Generated Account Imagery\]/);

    const actions: any[] = await server.request('textDocument/codeAction', {
      textDocument: { uri },
      range: removed.range,
      context: { diagnostics: [removed], only: ['quickfix'] },
    });
    const fixes = actions.filter((a) => a.title.startsWith('Change to'));
    assert.deepEqual(
      fixes.map((a) => a.title),
      [
        'Change to T0145.002 AI-Generated Account Imagery (closest name in DISARM 1.7)',
        'Change to T0086 Develop Image-Based Content (closest name in DISARM 1.7)',
        'Change to T0166 AI-Generated Content (closest name in DISARM 1.7)',
      ],
    );
    assert.ok(actions.every((a) => !a.isPreferred), 'a successor is for a person to choose');
    const edits = fixes[0].edit.changes[uri].map((e: any) => e.newText);
    assert.deepEqual(edits.sort(), ['../../generated_pages/techniques/T0145.002.md', 'AI-Generated Account Imagery', 'T0145.002'].sort());

    const fixAll: any[] = await server.request('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.disarm'] },
    });
    for (const action of fixAll) {
      assert.ok(!action.edit.changes[uri].some((e: any) => e.newText === 'T0145.002'), 'fix all must not replace a removed ID');
    }
  });

  test('the comparison report of the two releases', async () => {
    const report: string = await server.connection.sendRequest('disarm/compareReleases', { from: 'DISARM 1.6', to: '1.7' });
    assert.match(report, /Techniques: 67 added, 13 removed, 0 renamed\. Tactics: \d+ added, 1 removed/);
    assert.match(report, /- `T0086\.002` Develop AI\\-Generated Images \\\(Deepfakes\\\)/);
    assert.equal(await server.connection.sendRequest('disarm/compareReleases', { from: 'DISARM 1.6', to: 'no such release' }), null);
  });
});
