import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DisarmDocument } from '../service/markdown/document';

/**
 * How long a document whose last parse was given up (too costly) must keep a text before that
 * text is parsed: a change of a few characters rarely makes such a text cheap, and parsing every
 * keystroke's text would keep a core busy for nothing and post the whole text to the worker each time.
 */
export const GIVEN_UP_RETRY_MS = 1000;

interface Entry {
  readonly version: number;
  readonly generation: number;
  readonly model: Promise<DisarmDocument>;
}

/**
 * Parses each document once per text; every feature of that text shares the model. The version
 * number is not trusted to tell texts apart: a client may send a change that keeps it, or open
 * a document again without closing it, so every open and change {@link replace}s the model.
 * The parse may report a text superseded (a newer one was queued before it started): that text
 * gets an empty model, so its requests answer nothing, and the newer one follows. After a parse
 * given up, the document's next texts are parsed only once one has stood for
 * {@link GIVEN_UP_RETRY_MS} (the others are superseded without a parse).
 */
export class ModelCache {
  private readonly models = new Map<string, Entry>();
  /** Counts texts handed to the cache, so that a parse can tell whether its text is still the newest. */
  private generation = 0;
  /** Documents whose last finished parse was given up. */
  private readonly givenUp = new Set<string>();

  constructor(
    private readonly parse: (document: TextDocument, isCurrent: () => boolean) => Promise<DisarmDocument | undefined>,
    private readonly retryMs = GIVEN_UP_RETRY_MS,
  ) {}

  /** The model of the document's text: the one parsed since its last open or change, or a new parse. */
  get(document: TextDocument): Promise<DisarmDocument> {
    const cached = this.models.get(document.uri);
    return cached?.version === document.version ? cached.model : this.replace(document);
  }

  /** A new text for the document (opened or changed): parsed anew, whatever its version. */
  replace(document: TextDocument): Promise<DisarmDocument> {
    const generation = ++this.generation;
    const uri = document.uri;
    const text = document.getText();
    const isCurrent = () => this.models.get(uri)?.generation === generation;
    const parse = (): Promise<DisarmDocument | undefined> =>
      this.parse(document, isCurrent).then((parsed) => {
        if (parsed) {
          if (parsed.givenUp) this.givenUp.add(uri);
          else this.givenUp.delete(uri);
        }
        return parsed;
      });
    const parsed = this.givenUp.has(uri) ? delay(this.retryMs).then(() => (isCurrent() ? parse() : undefined)) : parse();
    const model = parsed.then((parsed) => parsed ?? { text, references: [], directives: [] });
    this.models.set(uri, { version: document.version, generation, model });
    return model;
  }

  /** The current model of `uri` (compared by identity: has the text been replaced since?). */
  currentModel(uri: string): Promise<DisarmDocument> | undefined {
    return this.models.get(uri)?.model;
  }

  delete(uri: string): void {
    this.models.delete(uri);
    this.givenUp.delete(uri);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
