import type { Connection } from 'vscode-languageserver';
import { ParserPool } from '../node/parserPool';
import { WorkspaceScanner } from '../node/workspaceScanner';
import { WorkspaceIndex } from '../service/features/workspaceIndex';

/**
 * The workspace index behind find-all-references: every markdown file of the workspace folders,
 * scanned in the background with its own parsers (an opened document never waits behind it),
 * kept current from file-watcher events, with work-done progress while it builds.
 */
export class WorkspaceIndexing {
  readonly index = new WorkspaceIndex();
  private readonly parsers: ParserPool;
  private readonly scanner: WorkspaceScanner;

  constructor(
    private readonly connection: Connection,
    workerScript: string,
    parseTimeoutMs: number,
    isOpen: (uri: string) => boolean,
    private readonly log: (message: string) => void,
  ) {
    this.parsers = new ParserPool(workerScript, parseTimeoutMs, (uri) => log(`Gave up parsing ${uri} for the workspace index after ${parseTimeoutMs} ms.`));
    this.scanner = new WorkspaceScanner({ index: this.index, parse: (text, label) => this.parsers.parse(text, label), isOpen, log });
  }

  /** (Re)builds the index of `folders`; a scan in progress is replaced. */
  async build(folders: readonly string[]): Promise<void> {
    if (!folders.length) return;
    const progress = await this.connection.window.createWorkDoneProgress();
    progress.begin('DISARM: indexing references', 0, 'Finding markdown files…', true);
    const onCancel = progress.token.onCancellationRequested(() => this.scanner.cancel());
    try {
      const result = await this.scanner.scan([...folders], (done, total) =>
        progress.report(total ? Math.round((done * 100) / total) : 100, `${done}/${total} files`),
      );
      if (!result.cancelled) this.log(`Workspace index: ${this.index.size} files, ${this.index.referenceCount} references.`);
    } finally {
      onCancel.dispose();
      progress.done();
    }
  }

  /** File-watcher events (created, changed, deleted). */
  changed(changes: Parameters<WorkspaceScanner['applyChanges']>[0]): void {
    void this.scanner.applyChanges(changes);
  }

  /** A closed document returns to its text on disk (or leaves the index). */
  closed(uri: string): void {
    void this.scanner.refresh(uri);
  }

  dispose(): void {
    this.scanner.cancel();
    this.parsers.dispose();
  }
}
