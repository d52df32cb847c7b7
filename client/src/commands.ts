import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DataStatus, DataStatusRequest, ReloadRequest } from '../../server/src/protocol';
import type { DataStatusBar } from './statusBar';

/** `DISARM: Reload Framework Data` and `DISARM: Show Data Source`. */
export function registerCommands(client: LanguageClient, statusBar: DataStatusBar): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('disarm.reloadData', async () => {
      const status = await client.sendRequest<DataStatus>(ReloadRequest);
      statusBar.update(status);
      void vscode.window.showInformationMessage(`DISARM: ${status.problem ?? status.summary}`);
    }),
    vscode.commands.registerCommand('disarm.showDataSource', async () => {
      const status = client.isRunning() ? await client.sendRequest<DataStatus>(DataStatusRequest) : statusBar.status;
      statusBar.update(status);
      await showDataSource(status);
    }),
  ];
}

async function showDataSource(status: DataStatus): Promise<void> {
  const openSettings = 'Set Data Path';
  const reveal = 'Reveal Source';
  const reload = 'Reload';
  if (!status.source) {
    const choice = await vscode.window.showWarningMessage(
      `DISARM: ${status.problem ?? status.summary}`,
      openSettings,
      reload,
    );
    if (choice === openSettings) await vscode.commands.executeCommand('workbench.action.openSettings', 'disarm.dataPath');
    if (choice === reload) await vscode.commands.executeCommand('disarm.reloadData');
    return;
  }
  const detail = `${status.summary} (found as ${status.source.origin})${status.problem ? `. Last reload failed: ${status.problem}` : ''}`;
  const choice = await vscode.window.showInformationMessage(`DISARM data: ${detail}`, reveal, openSettings, reload);
  if (choice === reveal) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(status.source.path));
  if (choice === openSettings) await vscode.commands.executeCommand('workbench.action.openSettings', 'disarm.dataPath');
  if (choice === reload) await vscode.commands.executeCommand('disarm.reloadData');
}
