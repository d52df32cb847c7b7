import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  BuiltInDataRequest,
  EntryType,
  FindMarkdownRequest,
  ReadDirectoryRequest,
  ReadFileRequest,
  ReadFileResult,
  StatRequest,
} from '../../../server/src/protocol';

const decoder = new TextDecoder();

/**
 * Answers the web worker server's file requests through `workspace.fs`, so that every file
 * system the editor has (github.dev's virtual one included) serves the server. Symbolic links
 * are reported as what they point to only when the file system resolves them itself.
 */
export function serveWorkspaceFiles(client: BaseLanguageClient, extensionUri: vscode.Uri): vscode.Disposable[] {
  // Read while the server starts: the server asks for it first, and the editor's first read can be slow.
  const builtInData = readExtensionFile(vscode.Uri.joinPath(extensionUri, 'dist', 'disarm-data.json')).then(
    (bytes) => decoder.decode(bytes),
    () => null, // a build without DISARM_RELEASES_DIR has no built-in data
  );
  return [
    client.onRequest(ReadFileRequest, async ({ uri, maxBytes }: { uri: string; maxBytes?: number }): Promise<ReadFileResult> => {
      try {
        const target = vscode.Uri.parse(uri);
        if (maxBytes !== undefined) {
          const stat = await vscode.workspace.fs.stat(target);
          if (stat.type & vscode.FileType.Directory) return { error: 'EISDIR' };
          if (stat.size > maxBytes) return { error: 'TOOBIG' };
        }
        return { text: decoder.decode(await vscode.workspace.fs.readFile(target)) };
      } catch (error) {
        return { error: error instanceof vscode.FileSystemError ? error.code : String(error) };
      }
    }),
    client.onRequest(StatRequest, async ({ uri }: { uri: string }) => {
      try {
        const stat = await vscode.workspace.fs.stat(vscode.Uri.parse(uri));
        return { type: entryType(stat.type), size: stat.size };
      } catch {
        return null;
      }
    }),
    client.onRequest(ReadDirectoryRequest, async ({ uri }: { uri: string }) => {
      try {
        const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.parse(uri));
        return entries.filter(([, type]) => !(type & vscode.FileType.SymbolicLink)).map(([name, type]) => [name, entryType(type)] as [string, EntryType]);
      } catch {
        return [];
      }
    }),
    client.onRequest(FindMarkdownRequest, async ({ folder, max }: { folder: string; max: number }) => {
      const base = vscode.Uri.parse(folder);
      const found = await vscode.workspace.findFiles(new vscode.RelativePattern(base, '**/*.{md,markdown}'), '{**/node_modules/**,**/.*/**}', max);
      return found.map((uri) => uri.toString()).sort();
    }),
    client.onRequest(BuiltInDataRequest, () => builtInData),
  ];
}

/**
 * A file of the extension: by `fetch` first, else through `workspace.fs`. Web editors serve an
 * extension's files over HTTP (an `https:` extension URI on vscode.dev and github.dev; code-server
 * rewrites `vscode-remote:` URLs in the host's fetch), and that read does not queue behind the
 * workbench's own file system calls and the discovery probes, which at the first markdown open
 * took 1-5 s each here.
 */
async function readExtensionFile(uri: vscode.Uri): Promise<Uint8Array> {
  const response = await fetch(uri.toString(true)).catch(() => undefined);
  if (response?.ok) return new Uint8Array(await response.arrayBuffer());
  return vscode.workspace.fs.readFile(uri);
}

function entryType(type: vscode.FileType): EntryType {
  return type & vscode.FileType.Directory ? 'directory' : 'file';
}
