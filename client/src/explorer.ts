import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { FrameworkTree, FrameworkTreeNode, FrameworkTreeRequest, ObjectLocationRequest, ReferenceTextRequest } from '../../server/src/protocol';
import { escapeMarkdown } from '../../server/src/service/markdown/text';

/** What a test sees of one explorer item: what the tree view renders for it. */
export interface ExplorerItemSnapshot {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly contextValue?: string;
  readonly children: readonly ExplorerItemSnapshot[];
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * The Framework explorer (`disarm.explorer`): phases, tactics, techniques and sub-techniques as
 * the server's `disarm/frameworkTree` answers them, with a filter. It fetches only while visible;
 * a change while hidden marks it stale and it fetches when shown again.
 */
export class FrameworkExplorer implements vscode.TreeDataProvider<FrameworkTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<FrameworkTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly view: vscode.TreeView<FrameworkTreeNode>;
  private tree: Promise<FrameworkTree> | undefined;
  private filter = '';
  private stale = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: () => Promise<LanguageClient>) {
    this.view = vscode.window.createTreeView('disarm.explorer', { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changeEmitter,
      this.view.onDidChangeVisibility(({ visible }) => visible && this.stale && this.refresh()),
      vscode.commands.registerCommand('disarm.explorer.refresh', () => this.refresh()),
      vscode.commands.registerCommand('disarm.explorer.filter', () => this.askFilter()),
      vscode.commands.registerCommand('disarm.explorer.clearFilter', () => this.setFilter('')),
      vscode.commands.registerCommand('disarm.explorer.openPage', (node?: FrameworkTreeNode) => this.openPage(node)),
      vscode.commands.registerCommand('disarm.explorer.insertReference', (node?: FrameworkTreeNode) => this.insertReference(node)),
      vscode.commands.registerCommand('disarm.explorer.copyId', (node?: FrameworkTreeNode) => this.copyId(node)),
    );
  }

  /** The data or the workspace index changed: fetch again now if visible, else when shown. */
  refresh(): void {
    this.tree = undefined;
    this.stale = !this.view.visible;
    this.changeEmitter.fire(undefined);
  }

  getTreeItem(node: FrameworkTreeNode): vscode.TreeItem {
    const label = node.id ? `${node.id} ${node.name}` : node.name;
    const expanded = this.filter ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(label, node.children.length ? expanded : vscode.TreeItemCollapsibleState.None);
    // The ID makes VS Code keep expansion across refreshes; the filter is part of it so a filtered tree opens expanded.
    item.id = `${this.filter}\u0000${node.kind}:${node.id || node.name}`;
    item.contextValue = node.kind === 'group' ? undefined : `disarm.${node.kind}`;
    item.iconPath = new vscode.ThemeIcon(
      node.kind === 'phase' ? 'milestone' : node.kind === 'tactic' ? 'symbol-class' : node.kind === 'technique' ? 'symbol-field' : 'folder',
    );
    if (node.incidents) item.description = plural(node.incidents, 'incident');
    if (node.kind !== 'group') item.tooltip = this.tooltip(node);
    return item;
  }

  async getChildren(node?: FrameworkTreeNode): Promise<FrameworkTreeNode[]> {
    if (node) return [...node.children];
    this.stale = false;
    try {
      return [...(await this.fetch()).roots];
    } catch {
      return []; // The server is not up yet; the welcome view shows, and the next change refreshes.
    }
  }

  /** Every item as the view renders it (the real-editor tests read it). */
  async snapshot(): Promise<ExplorerItemSnapshot[]> {
    const snap = (node: FrameworkTreeNode): ExplorerItemSnapshot => {
      const item = this.getTreeItem(node);
      const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : item.tooltip;
      return {
        id: node.id,
        label: String(item.label),
        description: typeof item.description === 'string' ? item.description : undefined,
        tooltip,
        contextValue: item.contextValue,
        children: node.children.map(snap),
      };
    };
    return (await this.fetch()).roots.map(snap);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private fetch(): Promise<FrameworkTree> {
    if (!this.tree) {
      const request = this.client().then((c) => c.sendRequest<FrameworkTree>(FrameworkTreeRequest, { filter: this.filter || undefined }));
      this.tree = request;
      request.catch(() => (this.tree = undefined));
    }
    return this.tree;
  }

  /** Summaries are data, never markup: escaped, and the tooltip is not trusted. */
  private tooltip(node: FrameworkTreeNode): vscode.MarkdownString {
    const lines = [`**${escapeMarkdown(`${node.id} ${node.name}`)}**`];
    if (node.summary) lines.push(escapeMarkdown(node.summary).replace(/\n/g, '  \n'));
    if (node.incidents !== undefined) lines.push(`Cited by ${plural(node.incidents, 'incident')} in the workspace`);
    const markdown = new vscode.MarkdownString(lines.join('\n\n'));
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    return markdown;
  }

  private async askFilter(): Promise<void> {
    const value = await vscode.window.showInputBox({
      title: 'Filter the DISARM framework',
      prompt: 'An ID prefix (T0146, TA15) or part of a name; empty shows everything',
      value: this.filter,
    });
    if (value !== undefined) this.setFilter(value.trim());
  }

  private setFilter(filter: string): void {
    this.filter = filter;
    this.view.description = filter ? `Filter: ${filter}` : undefined;
    // The description is hidden while the container holds one view; the message always shows.
    this.view.message = filter ? `Showing IDs starting with or names containing "${filter}".` : undefined;
    void vscode.commands.executeCommand('setContext', 'disarm.explorer.filtered', !!filter);
    this.refresh();
  }

  private async openPage(node: FrameworkTreeNode | undefined): Promise<void> {
    const id = node?.id ?? this.view.selection[0]?.id;
    if (!id) return;
    const uri = await (await this.client()).sendRequest<string | null>(ObjectLocationRequest, { id });
    if (!uri) {
      void vscode.window.showWarningMessage(`DISARM: ${id} is not in the loaded data.`);
      return;
    }
    await vscode.window.showTextDocument(vscode.Uri.parse(uri), { preview: true });
  }

  /** Inserts at every cursor of the active markdown editor what completion would insert there. */
  private async insertReference(node: FrameworkTreeNode | undefined): Promise<void> {
    const id = node?.id ?? this.view.selection[0]?.id;
    const editor = vscode.window.activeTextEditor;
    if (!id) return;
    if (!editor || editor.document.languageId !== 'markdown') {
      void vscode.window.showInformationMessage('DISARM: open a markdown file to insert a reference into.');
      return;
    }
    const client = await this.client();
    const uri = editor.document.uri.toString();
    const texts = await Promise.all(
      editor.selections.map((s) => client.sendRequest<string | null>(ReferenceTextRequest, { uri, position: { line: s.active.line, character: s.active.character }, id })),
    );
    await editor.edit((edit) => editor.selections.forEach((selection, i) => texts[i] && edit.replace(selection, texts[i]!)));
  }

  private async copyId(node: FrameworkTreeNode | undefined): Promise<void> {
    const id = node?.id ?? this.view.selection[0]?.id;
    if (!id) return;
    await vscode.env.clipboard.writeText(id);
    vscode.window.setStatusBarMessage(`Copied ${id}`, 2000);
  }
}
