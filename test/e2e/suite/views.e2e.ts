import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DisarmExtensionApi } from '../../../client/src/views';
import type { ExplorerItemSnapshot } from '../../../client/src/explorer';
import { eventually } from './eventually';

const EXTENSION_ID = 'disarm-tools.disarm-language-tools';

function find(items: readonly ExplorerItemSnapshot[], id: string): ExplorerItemSnapshot | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    const inside = find(item.children, id);
    if (inside) return inside;
  }
  return undefined;
}

function incidentsFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test opens a DISARM checkout as its workspace');
  return vscode.Uri.joinPath(folder.uri, 'generated_pages', 'incidents');
}

async function openNew(name: string, text: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.joinPath(incidentsFolder(), name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

suite('DISARM views in a real editor', () => {
  let api: DisarmExtensionApi;
  let i00104: vscode.TextDocument;

  suiteSetup(async () => {
    i00104 = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(incidentsFolder(), 'I00104.md'));
    await vscode.window.showTextDocument(i00104);
    const extension = vscode.extensions.getExtension<DisarmExtensionApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    api = await eventually('activation', () => (extension.isActive ? extension.exports : undefined));
  });

  test('the explorer lists phases, tactics and techniques with summaries and incident counts', async () => {
    const roots = await eventually('the explorer with data and an indexed I00104', async () => {
      const items = await api.explorerRoots();
      return find(items, 'T0146.007')?.description ? items : undefined;
    });
    assert.deepEqual(roots.map((r) => r.label).slice(0, 4), ['P01 Plan', 'P02 Prepare', 'P03 Execute', 'P04 Assess']);
    assert.ok(roots.every((r) => r.contextValue === 'disarm.phase' && r.children.every((t) => t.contextValue === 'disarm.tactic')));
    const technique = find(roots, 'T0146.007')!;
    assert.equal(technique.label, 'T0146.007 Automated Account Asset');
    assert.match(technique.description ?? '', /^\d+ incidents?$/);
    assert.match(technique.tooltip ?? '', /automated behaviour/);
    const parent = find(roots, 'T0146')!;
    assert.ok(parent.children.some((c) => c.id === 'T0146.007'), 'sub-techniques sit under their parent');
    assert.ok(find(roots, 'TA15')?.children.some((c) => c.id === 'T0146'), 'techniques sit under their tactic');
  });

  test('insert puts the table link form in a techniques row and ID: Name inline', async () => {
    const editor = await openNew(
      'I99011.md',
      ['# Incident I99011: Insert test', '', '| Technique | Description given for this incident |', '| --------- | ------------------------- |', '| ', '', 'Actors used '].join('\n'),
    );
    const node = { id: 'T0152.005', kind: 'technique', name: 'Paste Platform', summary: '', children: [] };
    const at = (line: number) => new vscode.Selection(line, editor.document.lineAt(line).text.length, line, editor.document.lineAt(line).text.length);
    editor.selection = at(4);
    await eventually('the row link inserted', async () => {
      await vscode.commands.executeCommand('disarm.explorer.insertReference', node);
      const line = editor.document.lineAt(4).text;
      return line === '| ' ? undefined : line;
    });
    assert.equal(editor.document.lineAt(4).text, '| [T0152.005 Paste Platform](../techniques/T0152.005.md)');
    editor.selection = at(6);
    await vscode.commands.executeCommand('disarm.explorer.insertReference', node);
    assert.equal(editor.document.lineAt(6).text, 'Actors used T0152.005: Paste Platform');
  });

  test('the coverage view highlights what I00104 cites, and follows typing', async () => {
    await vscode.window.showTextDocument(i00104);
    await vscode.commands.executeCommand('disarm.showCoverage', i00104.uri);
    const model = await eventually('the coverage of I00104', () => {
      const shown = api.coverageModel();
      return shown?.title.includes('I00104') ? shown : undefined;
    });
    assert.equal(model.mode, 'document');
    assert.deepEqual(Object.keys(model.values).sort(), ['T0115', 'T0122', 'T0146.006', 'T0146.007', 'T0151.012', 'T0152.005']);
    assert.equal(model.values['T0146.006'], 6, 'counted once per citation: twice in each of three rows');
    assert.ok(model.columns.length >= 12 && model.columns.every((c) => /^TA\d\d$/.test(c.id)));
    assert.equal(Object.values(model.tactics).reduce((a, b) => a + b, 0), 6);

    const editor = await openNew('I99012.md', '# Incident I99012: Typing test\n\nActors used ');
    await eventually('the view to follow the new editor', () => (api.coverageModel()?.title.includes('I99012') ? true : undefined));
    await editor.edit((edit) => edit.insert(new vscode.Position(2, 12), 'T0016: Create Clickbait'));
    await eventually('T0016 highlighted after typing', () => (api.coverageModel()?.values.T0016 ? true : undefined));
  });

  test('the folder heat map counts incidents per technique', async () => {
    await vscode.commands.executeCommand('disarm.showCoverageForFolder', incidentsFolder());
    const model = await eventually('the heat map of the incidents folder', () => {
      const shown = api.coverageModel();
      return shown?.mode === 'folder' && shown.values['T0146.007'] ? shown : undefined;
    });
    assert.ok(model.max >= 2, `the hottest technique is cited by ${model.max} incidents`);
    assert.ok(Object.keys(model.values).length > 50);
  });
});
