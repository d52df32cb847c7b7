import type { Connection, FileEvent } from 'vscode-languageserver';
import { WorkspaceIndex } from '../service/features/workspaceIndex';
import type { DisarmDocument } from '../service/markdown/document';
import type { ServerWorkspace } from '../lsp/startServer';
import { ClientFiles, isInside } from './clientFiles';

const MARKDOWN = /\.(?:md|markdown)$/i;
const MAX_FILES = 20_000;
/** Reads in flight: each is a round trip to the client, so a few overlap. */
const CONCURRENCY = 8;
/** A markdown file larger than this is not a report; it is left out of the index. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/**
 * The web worker server's workspace index: the client lists the markdown files of each folder
 * (`workspace.findFiles`) and reads them (`workspace.fs`); they are parsed by their own bounded
 * parser, with work-done progress. As on the desktop, each read of a URI takes a ticket and only
 * the newest is indexed, and an open document is never overwritten from the workspace.
 */
export class WebWorkspace implements ServerWorkspace {
  readonly index = new WorkspaceIndex();
  private folders: readonly string[] = [];
  private generation = 0;
  private readonly tickets = new Map<string, number>();
  private nextTicket = 1;

  constructor(
    private readonly connection: Connection,
    private readonly files: ClientFiles,
    private readonly parse: (text: string, label: string) => Promise<DisarmDocument | undefined>,
    private readonly isOpen: (uri: string) => boolean,
    private readonly log: (message: string) => void,
    private readonly onFileEvents: (changes: FileEvent[]) => void,
    /** Resolves when the editor has been quiet for a moment: the scan reads its next file then. */
    private readonly quiet: () => Promise<void> = () => Promise.resolve(),
  ) {}

  async build(folders: readonly string[]): Promise<void> {
    if (!folders.length) return;
    const generation = ++this.generation;
    this.folders = folders;
    const progress = await this.connection.window.createWorkDoneProgress();
    progress.begin('DISARM: indexing references', 0, 'Finding markdown files…', true);
    const onCancel = progress.token.onCancellationRequested(() => this.generation++);
    try {
      const uris: string[] = [];
      for (const folder of folders) uris.push(...(await this.files.findMarkdown(folder, MAX_FILES - uris.length)));
      if (generation !== this.generation) return;
      const found = new Set(uris);
      for (const uri of [...this.index.uris()]) if (!found.has(uri) && !this.isOpen(uri)) this.index.remove(uri);
      let next = 0;
      let done = 0;
      let reported = -1;
      const lane = async () => {
        while (next < uris.length && generation === this.generation) {
          await this.quiet();
          if (next >= uris.length || generation !== this.generation) break;
          await this.read(uris[next++]);
          const percent = Math.floor((++done * 100) / uris.length);
          if (percent !== reported) progress.report((reported = percent), `${done}/${uris.length} files`);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, lane));
      if (generation === this.generation) this.log(`Workspace index: ${this.index.size} files, ${this.index.referenceCount} references.`);
    } finally {
      onCancel.dispose();
      progress.done();
    }
  }

  changed(changes: FileEvent[]): void {
    this.onFileEvents(changes);
    for (const change of changes) {
      if (change.type === 3) this.forget(change.uri);
      else if (MARKDOWN.test(change.uri) && this.inScope(change.uri)) void this.read(change.uri);
    }
  }

  closed(uri: string): void {
    if (MARKDOWN.test(uri) && this.inScope(uri)) void this.read(uri);
    else this.forget(uri);
  }

  dispose(): void {
    this.generation++;
  }

  private async read(uri: string): Promise<void> {
    if (this.isOpen(uri)) return;
    const ticket = this.nextTicket++;
    this.tickets.set(uri, ticket);
    let text: string;
    try {
      text = await this.files.read(uri, MAX_FILE_BYTES);
    } catch {
      if (this.tickets.get(uri) === ticket) this.forget(uri);
      return;
    }
    if (this.tickets.get(uri) !== ticket || this.isOpen(uri)) return;
    const model = await this.parse(text, uri);
    if (!model || this.tickets.get(uri) !== ticket || this.isOpen(uri)) return;
    this.tickets.delete(uri);
    this.index.update(uri, model);
  }

  private forget(uri: string): void {
    const below = (other: string) => isInside(other, uri);
    for (const pending of [...this.tickets.keys()]) if (below(pending)) this.tickets.delete(pending);
    for (const indexed of [...this.index.uris()]) if (below(indexed) && !this.isOpen(indexed)) this.index.remove(indexed);
  }

  /** Inside a workspace folder and not below `node_modules` or a dot folder, as the listing decides. */
  private inScope(uri: string): boolean {
    return this.folders.some((folder) => {
      if (!isInside(uri, folder) || uri === folder) return false;
      const segments = uri.slice(folder.replace(/\/+$/, '').length + 1).split('/').slice(0, -1);
      return segments.every((s) => !s.startsWith('.') && s !== 'node_modules');
    });
  }
}
