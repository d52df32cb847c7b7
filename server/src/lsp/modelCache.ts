import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DisarmDocument } from '../service/markdown/document';

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
 * gets an empty model, so its requests answer nothing, and the newer one follows.
 */
export class ModelCache {
  private readonly models = new Map<string, Entry>();
  /** Counts texts handed to the cache, so that a parse can tell whether its text is still the newest. */
  private generation = 0;

  constructor(private readonly parse: (document: TextDocument, isCurrent: () => boolean) => Promise<DisarmDocument | undefined>) {}

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
    const model = this.parse(document, isCurrent).then((parsed) => parsed ?? { text, references: [], directives: [] });
    this.models.set(uri, { version: document.version, generation, model });
    return model;
  }

  /** The current model of `uri` (compared by identity: has the text been replaced since?). */
  currentModel(uri: string): Promise<DisarmDocument> | undefined {
    return this.models.get(uri)?.model;
  }

  delete(uri: string): void {
    this.models.delete(uri);
  }
}
