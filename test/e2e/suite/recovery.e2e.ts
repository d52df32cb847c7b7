import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { eventually } from './eventually';

/** The PIDs of running DISARM language servers started by this extension host (node IPC). */
function serverPids(): number[] {
  try {
    return execFileSync('pgrep', ['-f', 'dist/server.js --node-ipc'], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const codesOf = (uri: vscode.Uri) =>
  vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'disarm')
    .map((d) => `${typeof d.code === 'object' ? d.code.value : d.code}@${d.range.start.line}`)
    .sort()
    .join(' ');

suite('recovery from a crashed language server', () => {
  test('the client restarts a killed server, which takes the open documents back', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const uri = vscode.Uri.joinPath(folder.uri, 'generated_pages', 'incidents', 'I99201.md');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('Actors used T0999: Nothing.\n', 'utf8'));
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await eventually('the first diagnostics', () => (codesOf(uri) === 'unknown-id@0' ? true : undefined));

    const before = await eventually('a running server', () => (serverPids().length ? serverPids() : undefined));
    for (const pid of before) process.kill(pid, 'SIGKILL');
    await eventually('a new server process', () => (serverPids().some((pid) => !before.includes(pid)) ? true : undefined));

    // An edit the old server never saw: the new one must have the document and answer for it.
    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), 'And T0998: Nothing either.\n'));
    await eventually('diagnostics from the restarted server', () => (codesOf(uri) === 'unknown-id@0 unknown-id@1' ? true : undefined));
  });
});
