import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DisarmDocument } from '../service/markdown/document';
import type { WorkspaceIndex } from '../service/features/workspaceIndex';
import { readRegularFile, SkippedFile } from './regularFile';

/** LSP `FileChangeType`: 1 created, 2 changed, 3 deleted. */
export type FileChangeKind = 1 | 2 | 3;

/** A file-watcher event, shaped like LSP's `FileEvent` so `didChangeWatchedFiles` changes pass as they are. */
export interface FileChange {
  readonly uri: string;
  readonly type: FileChangeKind;
}

/** What a scan found and did. */
export interface ScanResult {
  /** Markdown files found (at most the cap). */
  readonly files: number;
  /** A newer scan or `cancel()` stopped this one; the index holds what was read so far. */
  readonly cancelled: boolean;
  /** More markdown files than the cap: the rest are not indexed. */
  readonly truncated: boolean;
}

export interface ScannerOptions {
  readonly index: WorkspaceIndex;
  /**
   * Parses a file's text. The server passes its `BackgroundParser` (off the main thread, time
   * bounded); a synchronous parse works too, the scanner yields to the event loop between files.
   */
  readonly parse: (text: string, label: string) => Promise<DisarmDocument> | DisarmDocument;
  /** Open documents are indexed by the server from their in-memory text: the scanner leaves them alone. */
  readonly isOpen: (uri: string) => boolean;
  /** `done` of `total` files read, at most once per percent. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly log?: (message: string) => void;
  /** At most this many files are indexed (default 20,000). */
  readonly maxFiles?: number;
  /**
   * Files read at once: keeps the worker parser busy while the next files are read (default 8).
   * With a synchronous parse use 1, so each turn of the event loop parses one file only.
   */
  readonly concurrency?: number;
  /** The URI of a file as the client spells it (default {@link fileUri}, VS Code's spelling). */
  readonly toUri?: (file: string) => string;
}

const MARKDOWN = /\.(?:md|markdown)$/i;
const SKIPPED_FOLDERS = new Set(['node_modules']);
const DEFAULT_MAX_FILES = 20_000;

/**
 * Keeps a {@link WorkspaceIndex} in step with the markdown files on disk: a background scan of the
 * workspace folders, then file-watcher events. Each read of a URI takes a ticket and only the
 * newest ticket's result is indexed, so a slow read never overwrites a newer one, and a document
 * open in the editor is never overwritten from disk.
 */
export class WorkspaceScanner {
  private folders: string[] = [];
  private generation = 0;
  private readonly tickets = new Map<string, number>();
  private nextTicket = 1;

  constructor(private readonly options: ScannerOptions) {}

  /**
   * Indexes every markdown file under `folders` (absolute paths), replacing a scan in progress.
   * Indexed files no longer found (and not open) are dropped. `onProgress` (default: the
   * option) lets each scan report to its own work-done progress.
   */
  async scan(folders: readonly string[], onProgress = this.options.onProgress): Promise<ScanResult> {
    const generation = ++this.generation;
    this.folders = folders.map((folder) => path.resolve(folder));
    const max = this.options.maxFiles ?? DEFAULT_MAX_FILES;
    const files: string[] = [];
    let truncated = false;
    for (const folder of this.folders) {
      truncated = (await listMarkdown(folder, files, max, () => generation !== this.generation, this.options.log)) || truncated;
    }
    if (generation !== this.generation) return { files: files.length, cancelled: true, truncated };
    if (truncated) this.options.log?.(`Workspace index: more than ${max} markdown files; only the first ${max} are indexed for references.`);
    const toUri = this.options.toUri ?? fileUri;
    const targets = files.map((file) => ({ file, uri: toUri(file) }));
    const found = new Set(targets.map((target) => target.uri));
    for (const uri of [...this.options.index.uris()]) {
      if (!found.has(uri) && !this.options.isOpen(uri)) this.options.index.remove(uri);
    }
    const cancelled = !(await this.readAll(targets, generation, onProgress));
    return { files: files.length, cancelled, truncated };
  }

  /** Stops a scan in progress; what was read stays indexed. */
  cancel(): void {
    this.generation++;
  }

  /** Applies file-watcher events; created and changed files are re-read unless open. */
  async applyChanges(changes: readonly FileChange[]): Promise<void> {
    const reads: Promise<void>[] = [];
    for (const change of changes) {
      if (change.type === 3) {
        this.forget(change.uri);
        continue;
      }
      const file = toPath(change.uri);
      if (file && MARKDOWN.test(file) && this.inScope(file)) reads.push(this.read(change.uri, file));
    }
    await Promise.all(reads);
  }

  /**
   * Re-reads one file from disk, e.g. when its editor closes without saving: the index then
   * holds the unsaved text until the disk version is read.
   */
  async refresh(uri: string): Promise<void> {
    const file = toPath(uri);
    if (file && MARKDOWN.test(file) && this.inScope(file)) await this.read(uri, file);
    else this.forget(uri);
  }

  /** Reads `targets` with a few in flight; `false` when a newer generation took over. */
  private async readAll(
    targets: readonly { file: string; uri: string }[],
    generation: number,
    onProgress: ScannerOptions['onProgress'],
  ): Promise<boolean> {
    const total = targets.length;
    let next = 0;
    let done = 0;
    let reported = -1;
    const report = () => {
      const percent = total ? Math.floor((done * 100) / total) : 100;
      if (percent === reported) return;
      reported = percent;
      onProgress?.(done, total);
    };
    report();
    const lane = async () => {
      while (next < total && generation === this.generation) {
        const { uri, file } = targets[next++];
        await this.read(uri, file);
        done++;
        report();
        // A synchronous parse would otherwise run file after file without letting requests in.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.options.concurrency ?? 8) }, lane));
    return generation === this.generation;
  }

  private async read(uri: string, file: string): Promise<void> {
    if (this.options.isOpen(uri)) return;
    const ticket = this.nextTicket++;
    this.tickets.set(uri, ticket);
    let text: string;
    try {
      // Never a named pipe: a watcher may announce one, and reading it would wait for ever.
      text = (await readRegularFile(file)).bytes.toString('utf8');
    } catch (error) {
      if (error instanceof SkippedFile) this.options.log?.(`Workspace index: skipped ${error.message}.`);
      // Gone, unreadable or not a file between listing and reading: not part of the workspace any more.
      if (this.tickets.get(uri) === ticket) this.forget(uri);
      return;
    }
    if (this.tickets.get(uri) !== ticket || this.options.isOpen(uri)) return;
    const model = await this.options.parse(text, uri);
    // Checked again: the document may have been opened, or the file re-read, during the parse.
    if (this.tickets.get(uri) !== ticket || this.options.isOpen(uri)) return;
    this.tickets.delete(uri);
    this.options.index.update(uri, model);
  }

  /** Drops `uri`, or every indexed file below it when it names a deleted folder. */
  private forget(uri: string): void {
    const index = this.options.index;
    const prefix = uri.endsWith('/') ? uri : `${uri}/`;
    const below = (other: string) => other === uri || other.startsWith(prefix);
    // Without its ticket a read in flight is not indexed when it completes.
    for (const pending of [...this.tickets.keys()]) if (below(pending)) this.tickets.delete(pending);
    for (const indexed of [...index.uris()]) {
      if (below(indexed) && !this.options.isOpen(indexed)) index.remove(indexed);
    }
  }

  /** Inside a scanned folder and not below a skipped folder, as the scan itself decides. */
  private inScope(file: string): boolean {
    return this.folders.some((folder) => {
      const relative = path.relative(folder, file);
      if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return false;
      return relative.split(path.sep).slice(0, -1).every((segment) => !skippedFolder(segment));
    });
  }
}

function skippedFolder(name: string): boolean {
  return name.startsWith('.') || SKIPPED_FOLDERS.has(name);
}

/**
 * Appends the markdown files below `folder` to `out`, breadth first so a capped listing keeps the
 * files nearest the root. Symbolic links are not followed: they could lead out of the workspace
 * or into a cycle. Returns whether the cap was hit.
 */
async function listMarkdown(folder: string, out: string[], max: number, stopped: () => boolean, log?: (message: string) => void): Promise<boolean> {
  const queue = [folder];
  while (queue.length) {
    if (stopped()) return false;
    const current = queue.shift()!;
    const entries = await fs.readdir(current, { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!skippedFolder(entry.name)) queue.push(full);
      } else if (entry.isFile() && MARKDOWN.test(entry.name)) {
        if (out.length >= max) return true;
        out.push(full);
      } else if (!entry.isSymbolicLink() && MARKDOWN.test(entry.name)) {
        log?.(`Workspace index: skipped ${full}: not a regular file.`);
      }
    }
  }
  return false;
}

/**
 * A `file:` URI spelled as VS Code spells it (`vscode-uri`): every character but
 * `A-Za-z0-9-._~` percent-encoded in each segment, a Windows drive letter in lower case with its
 * colon encoded. The index is keyed by URI strings, so the scanner's keys must equal the URIs of
 * the documents the client opens.
 */
export function fileUri(file: string): string {
  let slashed = path.resolve(file).split(path.sep).join('/');
  if (/^[A-Za-z]:/.test(slashed)) slashed = `/${slashed[0].toLowerCase()}${slashed.slice(1)}`;
  const encode = (segment: string) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `file://${slashed.split('/').map(encode).join('/')}`;
}

function toPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}
