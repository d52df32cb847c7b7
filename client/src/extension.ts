import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { DataStatus, StatusNotification } from '../../server/src/protocol';
import { registerCommands } from './commands';
import { DataStatusBar } from './statusBar';

let client: LanguageClient | undefined;

/** Starts the bundled language server over node IPC and wires its status into the editor. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const dataPath = vscode.workspace.getConfiguration('disarm').get<string>('dataPath', '');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'markdown' }],
    initializationOptions: dataPath ? { dataPath } : {},
  };
  const statusBar = new DataStatusBar();
  context.subscriptions.push(statusBar);
  const languageClient = new LanguageClient('disarm', 'DISARM Language Server', serverOptions, clientOptions);
  client = languageClient;
  context.subscriptions.push(
    languageClient.onNotification(StatusNotification, (status: DataStatus) => statusBar.update(status)),
    ...registerCommands(languageClient, statusBar),
    // The server reads the setting per request; the data path is given at start, so restart for it.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('disarm.dataPath')) void languageClient.restart();
    }),
  );
  try {
    await languageClient.start();
  } catch (error) {
    statusBar.update({ state: 'error', summary: 'The DISARM language server did not start', problem: String(error) });
    void vscode.window.showErrorMessage(`DISARM: the language server did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
