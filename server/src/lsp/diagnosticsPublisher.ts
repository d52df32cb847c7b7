import type { Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

const DEBOUNCE_MS = 200;

/**
 * Publishes diagnostics per URI after a quiet period, and only if the document is still at the
 * version they were computed for, so a slow computation never overwrites fresher results.
 */
export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly current: (uri: string) => TextDocument | undefined,
    private readonly compute: (document: TextDocument) => Promise<Diagnostic[]>,
    private readonly publish: (uri: string, version: number, diagnostics: Diagnostic[]) => void,
  ) {}

  schedule(uri: string, delay = DEBOUNCE_MS): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(uri, setTimeout(() => void this.run(uri), delay));
  }

  clear(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.publish(uri, 0, []);
  }

  private async run(uri: string): Promise<void> {
    this.timers.delete(uri);
    const document = this.current(uri);
    if (!document) return;
    const version = document.version;
    const diagnostics = await this.compute(document);
    if (this.current(uri)?.version === version) this.publish(uri, version, diagnostics);
  }
}
