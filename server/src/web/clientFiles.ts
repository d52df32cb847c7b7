import type { Connection } from 'vscode-languageserver';
import { BuiltInDataRequest, EntryType, FindMarkdownRequest, ReadDirectoryRequest, ReadFileRequest, ReadFileResult, StatRequest } from '../protocol';

/** A read that failed, with the short reason the client gave (`ENOENT`); loaders show `code`. */
export class ReadError extends Error {
  constructor(
    readonly uri: string,
    readonly code: string,
  ) {
    super(`cannot read ${uri}: ${code}`);
  }
}

/** The workspace's files, read by the client through `workspace.fs` (the web worker has no file system). */
export class ClientFiles {
  /** Stats and listings on their way: the same one asked again meanwhile shares the answer. */
  private readonly asking = new Map<string, Promise<unknown>>();

  constructor(private readonly connection: Connection) {}

  /** The file's text; rejects with a {@link ReadError} when it cannot be read or is larger than `maxBytes`. */
  async read(uri: string, maxBytes?: number): Promise<string> {
    const result = await this.connection.sendRequest<ReadFileResult>(ReadFileRequest, { uri, maxBytes }).catch((error: unknown) => ({ error: String(error) }));
    if ('text' in result) return result.text;
    throw new ReadError(uri, result.error);
  }

  /**
   * What is at `uri`, or null. A stat of a URI already being asked shares that answer: at the
   * first open the data load's discovery and the opened document's checkout check ask the same
   * folders together, and each round trip through a web editor then took seconds.
   */
  stat(uri: string): Promise<{ type: EntryType; size: number } | null> {
    return this.shared(`stat ${uri}`, () => this.connection.sendRequest<{ type: EntryType; size: number } | null>(StatRequest, { uri }).catch(() => null));
  }

  /** The folder's entries (none when unreadable); shared while asked, as {@link stat}. */
  readDirectory(uri: string): Promise<Array<[string, EntryType]>> {
    return this.shared(`readDirectory ${uri}`, () => this.connection.sendRequest<Array<[string, EntryType]>>(ReadDirectoryRequest, { uri }).catch(() => []));
  }

  private shared<T>(key: string, ask: () => Promise<T>): Promise<T> {
    const asked = this.asking.get(key) as Promise<T> | undefined;
    if (asked) return asked;
    const answer = ask().finally(() => this.asking.delete(key));
    this.asking.set(key, answer);
    return answer;
  }

  /** The text of the extension's built-in release history, or null when the build has none. */
  builtInData(): Promise<string | null> {
    return this.connection.sendRequest<string | null>(BuiltInDataRequest).catch(() => null);
  }

  findMarkdown(folder: string, max: number): Promise<string[]> {
    return this.connection.sendRequest<string[]>(FindMarkdownRequest, { folder, max }).catch(() => []);
  }
}

/** `base` with `/`-separated `relative` appended (each segment percent-encoded as the editor spells URIs). */
export function joinUri(base: string, relative: string): string {
  const segments = relative.split('/').filter((s) => s && s !== '.');
  return `${base.replace(/\/+$/, '')}/${segments.map(encodeSegment).join('/')}`;
}

/** The parent folder's URI; `undefined` at the root of the authority. */
export function parentUri(uri: string): string | undefined {
  const match = /^([a-z][\w+.-]*:\/\/[^/]*)(\/.*)?$/i.exec(uri.replace(/\/+$/, ''));
  if (!match) return undefined;
  const [, root, pathPart = ''] = match;
  const cut = pathPart.lastIndexOf('/');
  if (cut < 0 || pathPart === '') return undefined;
  return `${root}${pathPart.slice(0, cut)}` || undefined;
}

/** True when `child` is `parent` or below it. */
export function isInside(child: string, parent: string): boolean {
  const base = parent.replace(/\/+$/, '');
  return child === base || child.startsWith(`${base}/`);
}

/** A URI's decoded path (`/a b/c`). */
export function uriPath(uri: string): string {
  const pathPart = /^[a-z][\w+.-]*:\/\/[^/]*(\/[^?#]*)?/i.exec(uri)?.[1] ?? '/';
  try {
    return decodeURIComponent(pathPart);
  } catch {
    return pathPart;
  }
}

/** True for `scheme:…`: a URI rather than a path. */
export function isUri(value: string): boolean {
  return /^[a-z][\w+.-]+:/i.test(value);
}

/** As VS Code encodes a path segment: everything but `A-Za-z0-9-._~`. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
