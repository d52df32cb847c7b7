import path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import type { startLanguageClient } from './languageClient';
import { downloadData } from './downloadCommand';
import { DataStatusBar } from './statusBar';
import { registerVersionCommands } from './versionCommands';
import { DisarmExtensionApi, registerViews } from './views';

let client: Promise<LanguageClient> | undefined;

/**
 * The client starts this long after activation returns, outside the editor's activation of
 * extensions on markdown; loading it takes ~40 ms more of the extension host's time.
 */
const CLIENT_START_DELAY_MS = 50;

/**
 * Activation shows the status bar item and registers the commands, then returns; the language
 * client (a bundle of its own) is loaded and started right after, so activation stays fast.
 */
export function activate(context: vscode.ExtensionContext): DisarmExtensionApi {
  const statusBar = new DataStatusBar();
  const started = new Promise<LanguageClient>((resolve) =>
    setTimeout(() => {
      // Not a static import: esbuild would bundle the client into this file.
      const load = require(path.join(__dirname, 'languageClient.js')) as { startLanguageClient: typeof startLanguageClient };
      resolve(load.startLanguageClient(context, statusBar));
    }, CLIENT_START_DELAY_MS),
  );
  client = started;
  context.subscriptions.push(statusBar, ...registerCommands(() => started, statusBar));
  context.subscriptions.push(
    ...registerVersionCommands(() => started, statusBar, true),
    vscode.commands.registerCommand('disarm.downloadData', () => downloadData(context, () => started, statusBar)),
  );
  return registerViews(context, () => started);
}

export async function deactivate(): Promise<void> {
  await (await client)?.stop();
  client = undefined;
}
