import type { Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

const DEBOUNCE_MS = 200;

/**
 * Publishes diagnostics per URI after a quiet period, and only if nothing was scheduled for the
 * document since they were computed (a change, even one that keeps the version number, or a
 * data reload), so a slow computation never overwrites fresher results. The computation is
 * told when it has been overtaken, so that it can stop early.
 */
export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly scheduled = new Map<string, number>();
  private next = 0;

  constructor(
    private readonly current: (uri: string) => TextDocument | undefined,
    /** `undefined`: it stopped because it was overtaken. */
    private readonly compute: (document: TextDocument, isOvertaken: () => boolean) => Promise<Diagnostic[] | undefined>,
    private readonly publish: (uri: string, version: number, diagnostics: Diagnostic[]) => void,
  ) {}

  schedule(uri: string, delay = DEBOUNCE_MS): void {
    this.scheduled.set(uri, ++this.next);
    clearTimeout(this.timers.get(uri));
    this.timers.set(uri, setTimeout(() => void this.run(uri), delay));
  }

  clear(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.scheduled.delete(uri);
    this.publish(uri, 0, []);
  }

  private async run(uri: string): Promise<void> {
    this.timers.delete(uri);
    const document = this.current(uri);
    if (!document) return;
    const version = document.version;
    const turn = this.scheduled.get(uri);
    const isOvertaken = () => this.scheduled.get(uri) !== turn;
    const diagnostics = await this.compute(document, isOvertaken);
    if (diagnostics && !isOvertaken()) this.publish(uri, version, diagnostics);
  }
}
