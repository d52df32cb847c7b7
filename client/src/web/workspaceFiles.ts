import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  BuiltInDataRequest,
  CHECKOUT_PROBE,
  EntryType,
  FindMarkdownRequest,
  ReadDirectoryRequest,
  ReadFileRequest,
  ReadFileResult,
  StatRequest,
} from '../../../server/src/protocol';
import { joinUri, parentUri } from '../../../server/src/web/clientFiles';

const decoder = new TextDecoder();

/**
 * Answers the web worker server's file requests through `workspace.fs`, so that every file
 * system the editor has (github.dev's virtual one included) serves the server. Symbolic links
 * are reported as what they point to only when the file system resolves them itself.
 */
export function serveWorkspaceFiles(client: BaseLanguageClient, extensionUri: vscode.Uri, documents: readonly vscode.TextDocument[]): vscode.Disposable[] {
  // Read while the server starts: the server asks for it first, and the editor's first read can be slow.
  const builtInData = readExtensionFile(vscode.Uri.joinPath(extensionUri, 'dist', 'disarm-data.json')).then(
    (bytes) => decoder.decode(bytes),
    () => null, // a build without DISARM_RELEASES_DIR has no built-in data
  );
  const early = new EarlyProbes(documents);
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
        const stat = await early.stat(uri);
        return { type: entryType(stat.type), size: stat.size };
      } catch {
        return null;
      }
    }),
    client.onRequest(ReadDirectoryRequest, async ({ uri }: { uri: string }) => {
      try {
        const entries = await early.readDirectory(uri);
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
    early,
  ];
}

/**
 * The web server's first discovery probes (server/src/web/webData.ts: is a workspace folder or a
 * folder above an open markdown document a checkout, what does a workspace folder hold), asked
 * while the server worker boots instead of after. On a cold start they are the first hover's
 * wait: they are asked as the editor opens its first markdown file, when each of its file system
 * calls took 1-5 s here. An answer serves the server's first request for the same URI, once; the
 * ones it never asks for are dropped after {@link EARLY_PROBES_MS}.
 */
class EarlyProbes implements vscode.Disposable {
  private readonly stats = new Map<string, Promise<vscode.FileStat>>();
  private readonly listings = new Map<string, Promise<[string, vscode.FileType][]>>();
  private readonly timer: ReturnType<typeof setTimeout>;

  constructor(documents: readonly vscode.TextDocument[]) {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.toString());
    const levels = new Set(folders);
    for (const document of documents) {
      for (let level = parentUri(document.uri.toString()); level; level = parentUri(level)) levels.add(level);
    }
    for (const level of levels) {
      const probe = joinUri(level, CHECKOUT_PROBE);
      this.stats.set(probe, quiet(vscode.workspace.fs.stat(vscode.Uri.parse(probe))));
    }
    for (const folder of folders) this.listings.set(folder, quiet(vscode.workspace.fs.readDirectory(vscode.Uri.parse(folder))));
    this.timer = setTimeout(() => this.dispose(), EARLY_PROBES_MS);
  }

  stat(uri: string): Thenable<vscode.FileStat> {
    return take(this.stats, uri) ?? vscode.workspace.fs.stat(vscode.Uri.parse(uri));
  }

  readDirectory(uri: string): Thenable<[string, vscode.FileType][]> {
    return take(this.listings, uri) ?? vscode.workspace.fs.readDirectory(vscode.Uri.parse(uri));
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.stats.clear();
    this.listings.clear();
  }
}

/** Long enough for a cold start's discovery; short enough that no stale answer serves a later load. */
const EARLY_PROBES_MS = 30_000;

function take<T>(early: Map<string, T>, uri: string): T | undefined {
  const answer = early.get(uri);
  early.delete(uri);
  return answer;
}

/** The call as a promise whose failure is not reported as unhandled while nobody has asked for it yet. */
function quiet<T>(call: Thenable<T>): Promise<T> {
  const promise = Promise.resolve(call);
  promise.catch(() => {});
  return promise;
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
