import * as vscode from 'vscode';
import { eventually } from '../suite/eventually';

const EXTENSION_ID = 'disarm-tools.disarm-language-tools';

/** The assertions the suite needs (no node:assert in a browser worker). */
function ok(value: unknown, message: string): asserts value {
  if (!value) throw new Error(message);
}
function match(text: string, pattern: RegExp, message = `${JSON.stringify(text.slice(0, 300))} does not match ${pattern}`): void {
  ok(pattern.test(text), message);
}
function same(actual: unknown, expected: unknown, what: string): void {
  ok(JSON.stringify(actual) === JSON.stringify(expected), `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

const codeOf = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);
const hoverText = (hovers: vscode.Hover[]) =>
  hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');

function positionOf(document: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const offset = document.getText().indexOf(needle);
  ok(offset >= 0, `${needle} not in ${document.uri.path}`);
  return document.positionAt(offset + delta);
}

async function writeIncident(name: string, text: string, show = true): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  ok(folder, 'the test opens a DISARM checkout as its workspace');
  const uri = vscode.Uri.joinPath(folder.uri, 'generated_pages', 'incidents', name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const document = await vscode.workspace.openTextDocument(uri);
  if (show) await vscode.window.showTextDocument(document);
  return document;
}

const diagnosticsOf = (document: vscode.TextDocument, count = 1) =>
  eventually(`${count} diagnostics on ${document.uri.path}`, () => {
    const found = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'disarm');
    return found.length >= count ? found : undefined;
  });

/** The extension-host suite of the web build, on a copy of a DISARMframeworks checkout. */
export function defineWebTests(): void {
  suite('DISARM extension in the web worker extension host', () => {
    let incident: vscode.TextDocument;

    suiteSetup(async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      ok(folder, 'no workspace folder');
      incident = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'generated_pages', 'incidents', 'I00104.md'));
      await vscode.window.showTextDocument(incident);
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      ok(extension, `${EXTENSION_ID} is not loaded in this extension host`);
      await eventually('activation', () => (extension.isActive ? true : undefined));
    });

    test('runs in a web worker: no process, the worker global scope, the web UI', () => {
      same(typeof (globalThis as { process?: unknown }).process, 'undefined', 'typeof process');
      same(globalThis.constructor.name, 'DedicatedWorkerGlobalScope', 'the global scope');
      same(vscode.env.uiKind, vscode.UIKind.Web, 'the UI kind');
      same(vscode.extensions.getExtension(EXTENSION_ID)?.extensionKind, vscode.ExtensionKind.UI, 'the extension kind');
      ok(!vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.main, 'the browser-only build has no main');
    });

    test('hover shows the technique from the checkout in the workspace', async () => {
      const position = positionOf(incident, '[T0146.007', 3);
      const text = await eventually('a hover on T0146.007', async () => {
        const value = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', incident.uri, position));
        return value.includes('Automated Account Asset') ? value : undefined;
      });
      match(text, /TA15/);
    });

    test('completion offers the sub-technique in its link form in a table row', async () => {
      const document = await writeIncident('I99201.md', ['# Incident I99201: Test', '', '| Technique | Description given for this incident |', '| --------- | ------------------------- |', '| T0152.', ''].join('\n'));
      const position = new vscode.Position(4, '| T0152.'.length);
      const item = await eventually('a completion item T0152.005', async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position, '.');
        return list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'T0152.005');
      });
      const inserted = typeof item.insertText === 'string' ? item.insertText : item.insertText?.value;
      same(inserted, '[T0152.005 Paste Platform](../techniques/T0152.005.md)', 'the inserted text');
    });

    test('diagnostics: unknown, malformed and misnamed IDs', async () => {
      const document = await writeIncident('I99202.md', 'Actors used (T0999: Nothing, T0097.106: Researcher Persona, T00146).\n');
      const diagnostics = await diagnosticsOf(document, 3);
      same(diagnostics.map(codeOf).sort(), ['malformed-id', 'name-mismatch', 'unknown-id'], 'the codes');
    });

    test('a quick fix corrects the wrong name, and fix-all is offered', async () => {
      const document = await writeIncident('I99203.md', 'Actors used (T0097.106: Researcher Persona).\n');
      const finding = await eventually('the name-mismatch', () => vscode.languages.getDiagnostics(document.uri).find((d) => codeOf(d) === 'name-mismatch'));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, finding.range);
      const preferred = actions.find((a) => a.isPreferred);
      ok(preferred?.edit, `no preferred fix among: ${actions.map((a) => a.title).join(' | ')}`);
      const fixAll = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, finding.range, 'source.fixAll.disarm');
      ok(fixAll.some((a) => a.kind?.value.startsWith('source.fixAll')), 'no fix-all action');
      ok(await vscode.workspace.applyEdit(preferred.edit), 'the edit did not apply');
      ok(document.getText() !== 'Actors used (T0097.106: Researcher Persona).\n', 'the text did not change');
      match(document.getText(), /T0097\.10[67]: Re(cruiter|searcher) Persona/);
    });

    test('the framework explorer lists the phases of the checkout', async () => {
      const api = vscode.extensions.getExtension<{ explorerRoots(): Promise<Array<{ label: string }>> }>(EXTENSION_ID)?.exports;
      ok(api, 'the extension returned no API');
      const roots = await eventually('the explorer roots', async () => {
        const items = await api.explorerRoots();
        return items.length ? items : undefined;
      });
      ok(roots.some((r) => /^P0[1-4]/.test(r.label)), `unexpected explorer roots: ${roots.map((r) => r.label).join(', ')}`);
    });

    test('definition opens the local page; symbols, links, code lenses and inlay hints answer', async () => {
      const position = positionOf(incident, '[T0146.007', 3);
      const locations = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', incident.uri, position);
      const target = locations.map((l) => ('targetUri' in l ? l.targetUri : l.uri).toString());
      ok(target.some((u) => u.endsWith('/generated_pages/techniques/T0146.007.md')), `definition went to ${target.join(', ')}`);
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', incident.uri);
      ok(symbols.length > 0, 'no document symbols');
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', incident.uri);
      ok(links.length > 0, 'no document links');
      const found = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'T0146.007');
      ok(found.some((s) => s.name.includes('T0146.007')), 'no workspace symbol for T0146.007');
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', incident.uri);
      ok(lenses.some((l) => /techniques? across/.test(l.command?.title ?? '')), `no technique count lens: ${lenses.map((l) => l.command?.title).join(' | ')}`);
      const bare = await writeIncident('I99206.md', 'Bots ran T0146.007 all day.\n', false);
      const hints = await eventually('an inlay hint after the bare ID', async () => {
        const found = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', bare.uri, new vscode.Range(0, 0, 1, 0));
        return found.length ? found : undefined;
      });
      const label = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''))).join(' ');
      match(label, /Automated Account Asset/);
    });

    test('references come from the markdown files of the workspace', async () => {
      const citing = await writeIncident('I99204.md', 'Cites T0146.007 once.\n', false);
      const position = positionOf(incident, '[T0146.007', 3);
      const uris = await eventually('a reference in another, closed file', async () => {
        const found = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', incident.uri, position);
        const files = found.map((l) => l.uri.toString());
        return files.includes(citing.uri.toString()) && files.some((u) => !u.includes('I992')) ? files : undefined;
      });
      ok(uris.length > 2, `only ${uris.length} references`);
    });

    test('a document too costly to parse is marked not checked, and the others still answer', async () => {
      const document = await writeIncident('I99205.md', `# Incident I99205: Costly\n\n${'- '.repeat(6000)}T0999 \`code\`\n`);
      const started = Date.now();
      const hover = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', incident.uri, positionOf(incident, '[T0146.007', 3));
      match(hoverText(hover), /Automated Account Asset/, 'another document answers while the parse runs');
      ok(Date.now() - started < 2000, `the hover took ${Date.now() - started} ms while the costly parse ran`);
      const diagnostics = await diagnosticsOf(document);
      same(diagnostics.map((d) => [codeOf(d), d.range.start.line]), [['not-checked', 0]], 'the findings of the costly document');
    });
  });
}
