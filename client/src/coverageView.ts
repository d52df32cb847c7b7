import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import {
  CoverageRequest,
  DocumentCoverage,
  FolderCoverage,
  FolderCoverageRequest,
  FrameworkTree,
  FrameworkTreeRequest,
  NavigatorLayer,
  NavigatorLayerRequest,
} from '../../server/src/protocol';
import { coverageHtml } from './coverageHtml';
import { MARKDOWN_FILES } from './documents';
import { CoverageMessage, CoverageViewModel, coverageViewModel } from './coverageModel';

/** Typing pauses this long before the matrix follows; the server parses once per version anyway. */
const TYPING_DEBOUNCE_MS = 300;

type Target = { readonly kind: 'document'; readonly uri: vscode.Uri } | { readonly kind: 'folder'; readonly uri: vscode.Uri };

/**
 * The Incident coverage view: one webview panel that draws the red framework matrix for the
 * active markdown document (following the active editor and the analyst's typing) or, as a heat
 * map, for the incidents of a folder. Exports go through save dialogs; the layer is built by the server.
 */
export class CoverageView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private target: Target | undefined;
  private coverage: DocumentCoverage | FolderCoverage | undefined;
  private tree: Promise<FrameworkTree> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The last model posted to the webview (the real-editor tests read it). */
  lastModel: CoverageViewModel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: () => Promise<LanguageClient>,
  ) {
    this.disposables.push(
      vscode.commands.registerCommand('disarm.showCoverage', (uri?: vscode.Uri) => this.showDocument(uri)),
      vscode.commands.registerCommand('disarm.showCoverageForFolder', (uri?: vscode.Uri) => this.showFolder(uri)),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (this.panel && this.target?.kind === 'document' && editor && vscode.languages.match(MARKDOWN_FILES, editor.document) > 0) {
          this.target = { kind: 'document', uri: editor.document.uri };
          void this.update();
        }
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.panel && this.target?.kind === 'document' && e.document.uri.toString() === this.target.uri.toString()) this.schedule();
      }),
    );
  }

  /** The data or the workspace index changed. */
  refresh(): void {
    this.tree = undefined;
    if (this.panel) this.schedule();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private async showDocument(uri: vscode.Uri | undefined): Promise<void> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void vscode.window.showInformationMessage('DISARM: open an incident file to see its coverage.');
      return;
    }
    this.target = { kind: 'document', uri: target };
    this.reveal();
    await this.update();
  }

  private async showFolder(uri: vscode.Uri | undefined): Promise<void> {
    let folder = uri;
    if (!folder) {
      const picked = await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
        openLabel: 'Show Heat Map',
      });
      folder = picked?.[0];
    }
    if (!folder) return;
    this.target = { kind: 'folder', uri: folder };
    this.reveal();
    await this.update();
  }

  private reveal(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel('disarm.coverage', 'DISARM Coverage', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [dist],
    });
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'images', 'disarm.svg');
    panel.webview.html = coverageHtml(panel.webview, panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'coverageWebview.js')));
    panel.webview.onDidReceiveMessage((message: CoverageMessage) => void this.onMessage(message));
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.lastModel = undefined;
    });
    this.panel = panel;
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), TYPING_DEBOUNCE_MS);
  }

  private async update(): Promise<void> {
    const target = this.target;
    const panel = this.panel;
    if (!target || !panel) return;
    try {
      const client = await this.client();
      this.tree ??= client.sendRequest<FrameworkTree>(FrameworkTreeRequest, {});
      const coverage =
        target.kind === 'document'
          ? await client.sendRequest<DocumentCoverage | null>(CoverageRequest, { uri: target.uri.toString() })
          : await client.sendRequest<FolderCoverage | null>(FolderCoverageRequest, { folderUri: target.uri.toString() });
      if (target !== this.target || !coverage) return; // A newer target won, or the document is not open.
      const tree = await this.tree;
      const name = target.uri.path.split('/').filter(Boolean).pop() ?? target.uri.toString();
      const title = target.kind === 'folder' ? `Heat map: ${name}` : coverage.kind === 'document' && coverage.title ? coverage.title : name;
      this.coverage = coverage;
      this.lastModel = coverageViewModel(tree, coverage, title);
      panel.title = target.kind === 'folder' ? `DISARM Heat Map: ${name}` : `DISARM Coverage: ${name}`;
      void panel.webview.postMessage({ type: 'model', model: this.lastModel });
    } catch (error) {
      this.tree = undefined;
      void vscode.window.showWarningMessage(`DISARM: the coverage could not be computed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async onMessage(message: CoverageMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (this.lastModel) void this.panel?.webview.postMessage({ type: 'model', model: this.lastModel });
        return;
      case 'reveal':
        return this.revealCitation(message.id);
      case 'saveSvg':
        return this.save('svg', Buffer.from(message.svg, 'utf8'));
      case 'savePng':
        return this.save('png', Buffer.from(message.base64, 'base64'));
      case 'exportLayer':
        return this.exportLayer(message.ids);
      case 'error':
        void vscode.window.showErrorMessage(`DISARM: ${message.message}`);
    }
  }

  /** A document's cell reveals its first citation; a folder's cell lists the incidents citing it. */
  private async revealCitation(id: string): Promise<void> {
    const coverage = this.coverage;
    if (coverage?.kind === 'document') {
      const cited = coverage.techniques.find((t) => t.id === id);
      if (!cited) return;
      const { start, end } = cited.range;
      const selection = new vscode.Range(start.line, start.character, end.line, end.character);
      const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === coverage.uri);
      await vscode.window.showTextDocument(vscode.Uri.parse(coverage.uri), { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selection });
    } else if (coverage?.kind === 'folder') {
      const documents = coverage.techniques.find((t) => t.id === id)?.documents ?? [];
      const picked = await vscode.window.showQuickPick(
        documents.map((uri) => ({ label: vscode.workspace.asRelativePath(vscode.Uri.parse(uri)), uri })),
        { placeHolder: `Incidents citing ${id}` },
      );
      if (picked) await vscode.window.showTextDocument(vscode.Uri.parse(picked.uri), { viewColumn: vscode.ViewColumn.One });
    }
  }

  private async exportLayer(ids: readonly string[]): Promise<void> {
    const model = this.lastModel;
    if (!model) return;
    const scores: Record<string, number> = {};
    for (const id of ids) scores[id] = model.values[id] || 1;
    const layer = await (await this.client()).sendRequest<NavigatorLayer>(NavigatorLayerRequest, {
      name: model.title,
      description: `${model.subtitle}. Exported from VS Code by DISARM Language Tools.`,
      scores,
    });
    await this.save('json', Buffer.from(`${JSON.stringify(layer, null, 2)}\n`, 'utf8'), 'layer');
  }

  private async save(extension: 'svg' | 'png' | 'json', bytes: Uint8Array, suffix = 'coverage'): Promise<void> {
    const base = (this.target?.uri.path.split('/').filter(Boolean).pop() ?? 'disarm').replace(/\.(md|markdown)$/i, '');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const filters: Record<string, string[]> =
      extension === 'json' ? { 'Navigator layer': ['json'] } : extension === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] };
    const uri = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${base}-${suffix}.${extension}`) : undefined,
      filters,
      saveLabel: 'Export',
    });
    if (!uri) return;
    await vscode.workspace.fs.writeFile(uri, bytes);
    void vscode.window.showInformationMessage(`DISARM: saved ${vscode.workspace.asRelativePath(uri)}`);
  }
}
