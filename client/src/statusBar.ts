import * as vscode from 'vscode';
import type { DataStatus } from '../../server/src/protocol';

/** The status bar item: what DISARM data is loaded, or that none was found; a click shows the source. */
export class DataStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('disarm.status', vscode.StatusBarAlignment.Right, 100);
  private current: DataStatus = { state: 'loading', summary: 'Starting the DISARM language server…' };

  constructor() {
    this.item.name = 'DISARM data';
    this.item.command = 'disarm.showDataSource';
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

  dispose(): void {
    this.item.dispose();
  }

  private render(): void {
    const status = this.current;
    const icon = status.state === 'loaded' ? '$(shield)' : status.state === 'loading' ? '$(sync~spin)' : '$(warning)';
    const text =
      status.state === 'loaded' || (status.state === 'error' && status.techniqueCount !== undefined)
        ? `DISARM: ${status.techniqueCount} techniques`
        : status.state === 'loading'
          ? 'DISARM'
          : 'DISARM: no data';
    this.item.text = `${icon} ${text}`;
    this.item.tooltip = [status.summary, status.problem].filter(Boolean).join('\n');
    this.item.backgroundColor = status.state === 'loaded' || status.state === 'loading' ? undefined : new vscode.ThemeColor('statusBarItem.warningBackground');
  }
}
