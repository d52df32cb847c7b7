import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/browser';
import { registerCommands } from '../commands';
import { DataStatusBar } from '../statusBar';
import { registerVersionCommands } from '../versionCommands';
import { DisarmExtensionApi, registerViews } from '../views';
import { startWebLanguageClient } from './languageClient';

let client: Promise<LanguageClient> | undefined;

/**
 * The web extension (`browser` in the manifest: vscode.dev, github.dev): the desktop's commands
 * and views, with the language server in a web worker. No download: the data is the built-in
 * history and a checkout or bundle in the workspace.
 */
export function activate(context: vscode.ExtensionContext): DisarmExtensionApi {
  const statusBar = new DataStatusBar();
  const started = startWebLanguageClient(context, statusBar);
  client = started;
  started.catch((error: unknown) => {
    statusBar.update({ state: 'error', summary: 'The DISARM language server did not start', problem: String(error) });
    void vscode.window.showErrorMessage(`DISARM: the language server did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  const languageClient = () => started;
  context.subscriptions.push(statusBar, ...registerCommands(languageClient, statusBar));
  context.subscriptions.push(...registerVersionCommands(languageClient, statusBar, false));
  return registerViews(context, languageClient);
}

export async function deactivate(): Promise<void> {
  await (await client?.catch(() => undefined))?.stop();
  client = undefined;
}
