import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { DataStatus, DocumentScope, DocumentScopeNotification, StatusNotification, VIRTUAL_SCHEME } from '../../server/src/protocol';
import { MARKDOWN_FILES } from './documents';
import { downloadsFolder, offerDownload } from './downloadCommand';
import { restartPolicy } from './restartPolicy';
import type { DataStatusBar } from './statusBar';
import { registerVirtualDocuments } from './virtualDocuments';

/**
 * Creates and starts the language client for the bundled server (over node IPC). This module is
 * its own bundle, loaded after activation: vscode-languageclient is most of the extension's code.
 */
export function startLanguageClient(context: vscode.ExtensionContext, statusBar: DataStatusBar): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const dataPath = vscode.workspace.getConfiguration('disarm').get<string>('dataPath', '');
  const clientOptions: LanguageClientOptions = {
    // The server's own disarm: pages too: their IDs have hovers and links.
    documentSelector: [...MARKDOWN_FILES, { scheme: VIRTUAL_SCHEME }],
    errorHandler: restartPolicy(),
    // The downloads folder also tells the server that this client offers the download when no data is found.
    initializationOptions: { ...(dataPath ? { dataPath } : {}), downloadsFolder: downloadsFolder(context) },
  };
  let offered = false;
  const client = new LanguageClient('disarm', 'DISARM Language Server', serverOptions, clientOptions);
  context.subscriptions.push(
    client.onNotification(StatusNotification, (status: DataStatus) => {
      statusBar.update(status);
      if (status.state === 'missing' && !offered) {
        offered = true;
        void offerDownload(status);
      }
    }),
    client.onNotification(DocumentScopeNotification, (scope: DocumentScope) => statusBar.updateScope(scope)),
    registerVirtualDocuments(client),
    // The data path is given at start, so a new one needs a new server.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('disarm.dataPath')) void client.restart();
    }),
  );
  client.start().catch((error: unknown) => {
    statusBar.update({ state: 'error', summary: 'The DISARM language server did not start', problem: String(error) });
    void vscode.window.showErrorMessage(`DISARM: the language server did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  return client;
}
