import { createContext, Script } from 'node:vm';
import { DisarmDocument, parseDisarmDocument } from '../service/markdown/document';

/**
 * Parses on this thread, each parse stopped at its bound: V8 ends a `vm` script's run past its
 * `timeout` wherever the run is (a watchdog thread interrupts it, even inside a regular
 * expression), so a pathological document costs its bound and no more, and no worker has to
 * start. The parse keeps no state of its own between documents, so an interrupted one leaves
 * nothing half-done behind.
 *
 * Each run starts a watchdog thread (a tenth of a millisecond or more), so texts are parsed a
 * batch to a run, and each still gets its whole bound: a text interrupted when it was not the
 * first of its run is parsed again, first of the next.
 */
export class InlineParser {
  private readonly context = createContext({ job: (): void => {} });
  private readonly script = new Script('job()');

  constructor(
    private readonly timeoutMs: number,
    private readonly parse: (text: string) => DisarmDocument = parseDisarmDocument,
  ) {}

  /** Each text's model, in order; one whose parse ran past the bound is marked `givenUp`. */
  parseAll(texts: readonly string[]): DisarmDocument[] {
    const models: DisarmDocument[] = [];
    while (models.length < texts.length) {
      const first = models.length;
      this.context.job = () => {
        while (models.length < texts.length) models.push(this.parse(texts[models.length]));
      };
      try {
        this.script.runInContext(this.context, { timeout: this.timeoutMs });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw error;
        const text = texts[models.length];
        if (models.length === first) models.push({ text, references: [], directives: [], givenUp: true });
      }
    }
    return models;
  }
}
