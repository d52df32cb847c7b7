import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient, LanguageClientOptions } from 'vscode-languageclient/browser';
import { DataStatus, StatusNotification, VIRTUAL_SCHEME } from '../../../server/src/protocol';
import { restartPolicy } from '../restartPolicy';
import type { DataStatusBar } from '../statusBar';
import { registerVirtualDocuments } from '../virtualDocuments';
import webServerSource from 'disarm:web-server';
import { serveWorkspaceFiles } from './workspaceFiles';

/**
 * The markdown the web server checks. Besides `file` and `untitled`, the schemes of web editors'
 * workspaces: `vscode-vfs` (github.dev, vscode.dev repositories), `vscode-remote` (code-server,
 * remote hosts), `vscode-test-web`; never a git diff's old side (`git:`).
 */
const WEB_MARKDOWN = ['file', 'untitled', 'vscode-vfs', 'vscode-remote', 'vscode-test-web'].map((scheme) => ({ language: 'markdown', scheme }));

/** What the server worker is called (the host shows it in its list of workers). */
const SERVER_WORKER_NAME = 'disarm-server';

/**
 * Starts the language server in a web worker and the client for it. The server's code is in this
 * bundle (a string, inlined by esbuild.mjs) and runs from a `blob:` URL: code-server refuses workers
 * from `vscode-remote:` URLs, a blob works everywhere, and nothing is read before the server starts.
 * The server gets the URL too, to start its parse workers from the same code.
 */
export async function startWebLanguageClient(context: vscode.ExtensionContext, statusBar: DataStatusBar): Promise<LanguageClient> {
  const bundleUrl = URL.createObjectURL(new Blob([webServerSource], { type: 'application/javascript' }));
  const serverOptions = async () => {
    const WebWorker = (globalThis as unknown as { Worker: new (url: string, options: { name: string }) => never }).Worker;
    const worker = new WebWorker(bundleUrl, { name: SERVER_WORKER_NAME });
    // Not the worker itself: the host's patched Worker fails the client's `instanceof Worker` check.
    return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...WEB_MARKDOWN, { scheme: VIRTUAL_SCHEME }],
    errorHandler: restartPolicy(),
    // disarm.dataPath comes through the settings: the server reloads when it changes.
    initializationOptions: { bundleUrl },
  };
  const client = new LanguageClient('disarm', 'DISARM Language Server', serverOptions, clientOptions);
  context.subscriptions.push(
    client.onNotification(StatusNotification, (status: DataStatus) => statusBar.update(status)),
    registerVirtualDocuments(client),
    ...serveWorkspaceFiles(client, context.extensionUri),
  );
  client.start().catch((error: unknown) => {
    statusBar.update({ state: 'error', summary: 'The DISARM language server did not start', problem: String(error) });
    void vscode.window.showErrorMessage(`DISARM: the language server did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  return client;
}
