import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { VIRTUAL_SCHEME, VirtualDocumentRequest } from '../../server/src/protocol';

/** Read-only `disarm:` documents that the server renders for objects without a local page. */
export function registerVirtualDocuments(client: LanguageClient): vscode.Disposable {
  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const text = await client.sendRequest<string | null>(VirtualDocumentRequest, { uri: uri.toString() });
      return text ?? `No DISARM object is named by ${uri.toString()}.`;
    },
  };
  return vscode.workspace.registerTextDocumentContentProvider(VIRTUAL_SCHEME, provider);
}
