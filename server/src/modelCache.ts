import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DisarmDocument } from './service/document';

/** Parses each document once per version; every feature of that version shares the model. */
export class ModelCache {
  private readonly models = new Map<string, { version: number; model: Promise<DisarmDocument> }>();

  constructor(private readonly parse: (document: TextDocument) => Promise<DisarmDocument>) {}

  get(document: TextDocument): Promise<DisarmDocument> {
    const cached = this.models.get(document.uri);
    if (cached?.version === document.version) return cached.model;
    const model = this.parse(document);
    this.models.set(document.uri, { version: document.version, model });
    return model;
  }

  delete(uri: string): void {
    this.models.delete(uri);
  }
}
