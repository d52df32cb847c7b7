import * as vscode from 'vscode';
import type { DataStatus, DocumentScope } from '../../server/src/protocol';

/**
 * The status bar item: the target release and the history beside it (`DISARM 1.6 (checkout) ·
 * history 0.1–1.7`; its technique count when it stands alone), or that no data was found; a click
 * offers the releases and the source actions.
 */
export class DataStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('disarm.status', vscode.StatusBarAlignment.Right, 100);
  private current: DataStatus = { state: 'loading', summary: 'Starting the DISARM language server…' };
  /** The documents the server said are not DISARM documents (no diagnostics there). */
  private readonly unchecked = new Set<string>();
  private readonly editorChange = vscode.window.onDidChangeActiveTextEditor(() => this.render());

  constructor() {
    this.item.name = 'DISARM data';
    // versionCommands.ts's STATUS_MENU_COMMAND; not imported, to keep this module free of the commands.
    this.item.command = 'disarm.statusMenu';
    this.render();
    this.item.show();
  }

  get status(): DataStatus {
    return this.current;
  }

  update(status: DataStatus): void {
    this.current = status;
    this.render();
  }

  /** From the server's disarm/documentScope notification. */
  updateScope(scope: DocumentScope): void {
    if (scope.checked) this.unchecked.delete(scope.uri);
    else this.unchecked.add(scope.uri);
    if (vscode.window.activeTextEditor?.document.uri.toString() === scope.uri) this.render();
  }

  dispose(): void {
    this.editorChange.dispose();
    this.item.dispose();
  }

  private render(): void {
    const status = this.current;
    const icon = status.state === 'loaded' ? '$(shield)' : status.state === 'loading' ? '$(sync~spin)' : '$(warning)';
    const text =
      status.state === 'loaded' || (status.state === 'error' && status.techniqueCount !== undefined)
        ? `${status.targetName ?? 'DISARM'} · ${status.history ? `history ${status.history}` : `${status.techniqueCount} techniques`}`
        : status.state === 'loading'
          ? 'DISARM'
          : 'DISARM: no data';
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    const unchecked = active !== undefined && this.unchecked.has(active);
    this.item.text = `${icon} ${text}${unchecked ? ' · not checked' : ''}`;
    const releases = status.releases && status.releases.length > 1 ? `Releases: ${status.releases.map((r) => r.label).join(', ')}` : undefined;
    const builtin = status.builtin && `No built-in release history: ${status.builtin}.`;
    const scope = unchecked
      ? 'This document is not checked: it does not look like a DISARM document (no mention of DISARM, no DISARM link, no ID with its name). Add it to disarm.include, or set disarm.diagnostics.scope to "all".'
      : undefined;
    this.item.tooltip = [status.summary, releases, builtin, status.problem, scope].filter(Boolean).join('\n');
    this.item.backgroundColor = status.state === 'loaded' || status.state === 'loading' ? undefined : new vscode.ThemeColor('statusBarItem.warningBackground');
  }
}
