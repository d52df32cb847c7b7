// Code actions over stdio: quick fixes for the findings an editor sends back, and fix-all.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { requireData, Session } from './session';

describe('code actions over stdio', { timeout: 60_000 }, () => {
  let server: Session;
  const uri = 'file:///tmp/actions/incident.md';
  const text = 'DISARM actors posted (T0097.106: Researcher Persona, T00145.006: Attractive Person Account Imagery).\n';
  let diagnostics: any[];

  before(async () => {
    server = new Session();
    await server.start(requireData());
    server.open(uri, text);
    diagnostics = await server.diagnostics(uri, 1);
  });
  after(() => server?.dispose());

  const applied = (edits: any[]): string => {
    const lines = text.split('\n');
    const sorted = [...edits].sort((a, b) => b.range.start.character - a.range.start.character);
    for (const e of sorted) {
      const line = lines[e.range.start.line];
      lines[e.range.start.line] = line.slice(0, e.range.start.character) + e.newText + line.slice(e.range.end.character);
    }
    return lines.join('\n');
  };

  test('quick fixes for a wrong name and a malformed ID, the likeliest preferred', async () => {
    const malformed = diagnostics.find((d) => d.code === 'malformed-id');
    assert.ok(malformed, JSON.stringify(diagnostics));
    const actions: any[] = await server.request('textDocument/codeAction', {
      textDocument: { uri },
      range: malformed.range,
      context: { diagnostics: [malformed] },
    });
    const preferred = actions.find((a) => a.isPreferred);
    assert.equal(preferred?.kind, 'quickfix');
    assert.match(applied(preferred.edit.changes[uri]), /\(T0097\.106: Researcher Persona, T0145\.006: Attractive Person Account Imagery\)/);
    assert.ok(actions.some((a) => /disarm-disable-next-line malformed-id/.test(JSON.stringify(a.edit))), 'a suppression fix is offered');

    const mismatch = diagnostics.find((d) => d.code === 'name-mismatch');
    const forName: any[] = await server.request('textDocument/codeAction', {
      textDocument: { uri },
      range: mismatch.range,
      context: { diagnostics: [mismatch] },
    });
    const titles = forName.map((a) => a.title).join(' | ');
    assert.match(titles, /Recruiter Persona/, titles);
    assert.match(titles, /T0097\.107/, titles);
  });

  test('fix all applies every preferred fix, when asked for by kind', async () => {
    const none: any[] = await server.request('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    });
    assert.ok(!none.some((a) => a.kind === 'source.fixAll.disarm'), 'fix-all is not computed for every light-bulb request');
    const [fixAll]: any[] = await server.request('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics, only: ['source.fixAll.disarm'] },
    });
    assert.equal(fixAll?.kind, 'source.fixAll.disarm');
    const fixed = applied(fixAll.edit.changes[uri]);
    assert.doesNotMatch(fixed, /T00145/);
    assert.doesNotMatch(fixed, /T0097\.106: Researcher Persona/);
  });
});
