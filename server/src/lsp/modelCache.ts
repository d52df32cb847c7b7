import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DisarmDocument } from '../service/markdown/document';

/**
 * Parses each document once per version; every feature of that version shares the model.
 * The parse may report a version superseded (a newer one was queued before it started): that
 * version gets an empty model, so its requests answer nothing, and the newer version follows.
 */
export class ModelCache {
  private readonly models = new Map<string, { version: number; model: Promise<DisarmDocument> }>();

  constructor(private readonly parse: (document: TextDocument) => Promise<DisarmDocument | undefined>) {}

  get(document: TextDocument): Promise<DisarmDocument> {
    const cached = this.models.get(document.uri);
    if (cached?.version === document.version) return cached.model;
    const text = document.getText();
    const model = this.parse(document).then((parsed) => parsed ?? { text, references: [], directives: [] });
    this.models.set(document.uri, { version: document.version, model });
    return model;
  }

  delete(uri: string): void {
    this.models.delete(uri);
  }
}
