import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually } from './eventually';

const EXTENSION_ID = 'disarm-tools.disarm-language-tools';

function positionOf(document: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const offset = document.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in ${document.uri.path}`);
  return document.positionAt(offset + delta);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

async function writeIncident(name: string, text: string): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test opens a DISARM checkout as its workspace');
  const uri = vscode.Uri.joinPath(folder.uri, 'generated_pages', 'incidents', name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

suite('DISARM extension in a real editor', () => {
  let incident: vscode.TextDocument;

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder');
    incident = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'generated_pages', 'incidents', 'I00104.md'));
    await vscode.window.showTextDocument(incident);
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    await eventually('activation', () => (extension.isActive ? true : undefined));
  });

  test('hover shows the technique, its summary and tactic', async () => {
    const position = positionOf(incident, '[T0146.007', 3);
    const text = await eventually('a hover on T0146.007', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', incident.uri, position);
      const value = hoverText(hovers);
      return value.includes('Automated Account Asset') ? value : undefined;
    });
    assert.match(text, /TA15/);
    assert.match(text, /automated behaviour/);
    // Data is untrusted: the hover must not enable command links or HTML.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', incident.uri, position);
    for (const content of hovers.flatMap((h) => h.contents)) {
      if (typeof content === 'string' || !(content instanceof vscode.MarkdownString)) continue;
      assert.notEqual(content.isTrusted, true, 'command links are enabled');
      assert.notEqual(content.supportHtml, true, 'HTML is rendered');
    }
  });

  test('completion offers the sub-technique and inserts the link form in a table row', async () => {
    const document = await writeIncident(
      'I99001.md',
      ['# Incident I99001: Test', '', '| Technique | Description given for this incident |', '| --------- | ------------------------- |', '| T0152.', ''].join('\n'),
    );
    const position = new vscode.Position(4, '| T0152.'.length);
    const item = await eventually('a completion item T0152.005', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position, '.');
      return list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'T0152.005');
    });
    // The language client turns the LSP text edit into insertText and range.
    const inserted = typeof item.insertText === 'string' ? item.insertText : item.insertText?.value;
    assert.equal(inserted, '[T0152.005 Paste Platform](../techniques/T0152.005.md)');
  });

  test('the Problems panel gets an unknown ID and a wrong name', async () => {
    const document = await writeIncident('I99002.md', 'Actors used (T0999: Nothing, T0097.106: Researcher Persona).\n');
    const diagnostics = await eventually('two diagnostics', () => {
      const found = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'disarm');
      return found.length >= 2 ? found : undefined;
    });
    const codes = diagnostics.map((d) => (typeof d.code === 'object' ? d.code.value : d.code)).sort();
    assert.deepEqual(codes, ['name-mismatch', 'unknown-id']);
  });

  test('a document too costly to parse is marked not checked, and the others still answer', async () => {
    // Nested list markers make micromark take seconds; the code span keeps the plain reader out.
    const document = await writeIncident('I99004.md', `# Incident I99004: Costly\n\n${'- '.repeat(6000)}T0999 \`code\`\n`);
    const hover = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', incident.uri, positionOf(incident, '[T0146.007', 3));
    assert.match(hoverText(hover), /Automated Account Asset/, 'another document answers while the parse runs');
    const diagnostics = await eventually('the not-checked warning', () => {
      const found = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'disarm');
      return found.length ? found : undefined;
    });
    assert.deepEqual(
      diagnostics.map((d) => [typeof d.code === 'object' ? d.code.value : d.code, d.severity, d.range.start.line]),
      [['not-checked', vscode.DiagnosticSeverity.Warning, 0]],
    );
  });

  test('a quick fix corrects the wrong name', async () => {
    const document = await writeIncident('I99003.md', 'Actors used (T0097.106: Researcher Persona).\n');
    const finding = await eventually('the name-mismatch', () =>
      vscode.languages.getDiagnostics(document.uri).find((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'name-mismatch'),
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, finding.range);
    const preferred = actions.find((a) => a.isPreferred);
    assert.ok(preferred?.edit, `no preferred fix among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(preferred.edit));
    assert.match(document.getText(), /T0097\.10[67]: Re(cruiter|searcher) Persona/);
    assert.notEqual(document.getText(), 'Actors used (T0097.106: Researcher Persona).\n');
  });
});
