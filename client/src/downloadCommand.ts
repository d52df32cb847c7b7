import path from 'node:path';
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { DataStatus, ReloadRequest } from '../../server/src/protocol';
import { downloadBundle, DownloadError } from './download';
import type { DataStatusBar } from './statusBar';

/** `disarm.dataUrl`'s default: the bundle the DISARM Foundation generates in DISARMframeworks. */
export const DEFAULT_DATA_URL = 'https://raw.githubusercontent.com/DISARMFoundation/DISARMframeworks/main/generated_files/DISARM_STIX/DISARM.json';

/** Where downloads go; the server is told this folder at start and loads the bundles in it. */
export function downloadsFolder(context: vscode.ExtensionContext): string {
  return path.join(context.globalStorageUri.fsPath, 'downloads');
}

/**
 * `DISARM: Download Framework Data`: fetches `disarm.dataUrl` with progress (cancellable), then
 * has the server reload. A failure says what went wrong; earlier downloads stay as they were.
 */
export async function downloadData(context: vscode.ExtensionContext, languageClient: () => Promise<LanguageClient>, statusBar: DataStatusBar): Promise<void> {
  const url = vscode.workspace.getConfiguration('disarm').get<string>('dataUrl', '').trim() || DEFAULT_DATA_URL;
  let file: string;
  let techniques: number;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'DISARM: downloading framework data', cancellable: true },
      (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        let reported = 0;
        return downloadBundle({
          url,
          folder: downloadsFolder(context),
          signal: controller.signal,
          onProgress: (received, total) => {
            const done = total ? Math.min(100, (received / total) * 100) : 0;
            progress.report({ increment: done - reported, message: `${megabytes(received)}${total ? ` of ${megabytes(total)}` : ''}` });
            reported = done;
          },
        });
      },
    );
    file = result.file;
    techniques = result.techniques;
  } catch (error) {
    const reason = error instanceof DownloadError ? error.message : error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(`DISARM: the download from ${url} failed: ${reason} Earlier data is unchanged.`);
    return;
  }
  const status = await (await languageClient()).sendRequest<DataStatus>(ReloadRequest);
  statusBar.update(status);
  const used = status.releases?.some((r) => path.resolve(r.path) === path.resolve(file));
  const note = used
    ? ''
    : ' It is used when no other data is found; add it to disarm.dataSources to load it beside the data in use.';
  void vscode.window.showInformationMessage(`DISARM: downloaded ${techniques} techniques to ${file}.${note}`);
}

/** Once per session, when the server finds no data: offer the download. */
export async function offerDownload(status: DataStatus): Promise<void> {
  const download = 'Download';
  const settings = 'Set Data Path';
  const choice = await vscode.window.showWarningMessage(`DISARM: ${status.summary}`, download, settings);
  if (choice === download) await vscode.commands.executeCommand('disarm.downloadData');
  if (choice === settings) await vscode.commands.executeCommand('workbench.action.openSettings', 'disarm.dataPath');
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
