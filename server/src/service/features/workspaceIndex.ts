import type { Location } from 'vscode-languageserver-types';
import { DisarmDocument, parseDisarmDocument } from '../markdown/document';
import { incidentTitleOf } from '../markdown/pageLayout';
import { runToEnd, STEP, Steps } from '../markdown/steps';

/**
 * One document's ID references, packed: the distinct IDs it cites and a flat array of
 * `(id index, line, character)` triples in document order. An ID is a single-line ASCII token,
 * so its end is `character + id.length` and need not be stored. A thousand incident files hold
 * about a hundred thousand references; as objects with LSP ranges they would cost tens of MB,
 * packed they cost about 12 bytes each.
 */
interface PackedDocument {
  readonly ids: readonly string[];
  readonly spans: Uint32Array;
  /** The first line is an incident title (`# Incident I00001: …`): the views count these documents. */
  readonly incident: boolean;
}

const EMPTY_SPANS = new Uint32Array(0);

/**
 * The well-formed DISARM ID references of every markdown file of the workspace, with an
 * inverted map from ID to the documents citing it, so `references(id)` touches only those
 * documents. Pure: the caller decides where text comes from (open document or disk).
 */
export class WorkspaceIndex {
  private readonly documents = new Map<string, PackedDocument>();
  /** ID → URIs of the documents citing it. */
  private readonly citing = new Map<string, Set<string>>();
  private referenceTotal = 0;
  private readonly listeners = new Set<() => void>();

  /** Number of indexed documents, including those that cite no ID. */
  get size(): number {
    return this.documents.size;
  }

  /** Number of indexed ID references over all documents. */
  get referenceCount(): number {
    return this.referenceTotal;
  }

  /** Whether `uri` is indexed. */
  has(uri: string): boolean {
    return this.documents.has(uri);
  }

  /** The indexed URIs, in no particular order. */
  uris(): IterableIterator<string> {
    return this.documents.keys();
  }

  /**
   * Replaces what is indexed for `uri`: from a parsed model (preferred: the server already has
   * one per open document version) or from text, which is parsed here.
   */
  update(uri: string, source: string | Pick<DisarmDocument, 'text' | 'references'>): void {
    runToEnd(this.updateSteps(uri, typeof source === 'string' ? parseDisarmDocument(source) : source));
  }

  /** {@link update} from a model, in steps (see `markdown/steps.ts`): the packing reads the text up to the last reference. */
  *updateSteps(uri: string, model: Pick<DisarmDocument, 'text' | 'references'>): Steps<void> {
    const packed = yield* packSteps(model);
    this.remove(uri);
    this.documents.set(uri, packed);
    this.referenceTotal += packed.spans.length / 3;
    for (const id of packed.ids) {
      let uris = this.citing.get(id);
      if (!uris) this.citing.set(id, (uris = new Set()));
      uris.add(uri);
    }
    this.changed();
  }

  /** Forgets `uri`; `false` if it was not indexed. */
  remove(uri: string): boolean {
    const packed = this.documents.get(uri);
    if (!packed) return false;
    this.documents.delete(uri);
    this.referenceTotal -= packed.spans.length / 3;
    for (const id of packed.ids) {
      const uris = this.citing.get(id);
      uris?.delete(uri);
      if (uris?.size === 0) this.citing.delete(id);
    }
    this.changed();
    return true;
  }

  /** Forgets every document. */
  clear(): void {
    this.documents.clear();
    this.citing.clear();
    this.referenceTotal = 0;
    this.changed();
  }

  /** URIs of the documents citing `id` (exact token), in no particular order. */
  documentsCiting(id: string): string[] {
    return [...(this.citing.get(id) ?? [])];
  }

  /** Whether the indexed document at `uri` is an incident page (its first line `# Incident I…`). */
  isIncident(uri: string): boolean {
    return this.documents.get(uri)?.incident ?? false;
  }

  /**
   * Calls `listener` after every change (the views refresh from it, debounced: a workspace scan
   * makes thousands of changes). Returns the function that unsubscribes.
   */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Every indexed reference to `id` (exact token, e.g. `T0097.106`), sorted by URI and position. */
  references(id: string): Location[] {
    const uris = this.citing.get(id);
    if (!uris) return [];
    const locations: Location[] = [];
    for (const uri of [...uris].sort()) {
      const { ids, spans } = this.documents.get(uri)!;
      const wanted = ids.indexOf(id);
      for (let i = 0; i < spans.length; i += 3) {
        if (spans[i] !== wanted) continue;
        const line = spans[i + 1];
        const character = spans[i + 2];
        locations.push({ uri, range: { start: { line, character }, end: { line, character: character + id.length } } });
      }
    }
    return locations;
  }
}

/** Packs the `id` references of a model, converting offsets to LSP positions in one pass over the text. */
function* packSteps(model: Pick<DisarmDocument, 'text' | 'references'>): Steps<PackedDocument> {
  const refs = model.references.filter((ref) => ref.class.type === 'id');
  // Only the first line is read: an incident page says so in its title.
  const incident = incidentTitleOf(model.text) !== undefined;
  if (refs.length === 0) return { ids: [], spans: EMPTY_SPANS, incident };
  const ids: string[] = [];
  const idIndex = new Map<string, number>();
  const spans = new Uint32Array(refs.length * 3);
  const text = model.text;
  let line = 0;
  let lineStart = 0;
  let scanned = 0;
  // References are sorted by offset, so the line count only moves forward.
  for (let i = 0; i < refs.length; i++) {
    if (i % STEP === STEP - 1) yield;
    const ref = refs[i];
    for (; scanned < ref.start; scanned++) {
      const ch = text.charCodeAt(scanned);
      // Line breaks as TextDocument counts them: \n, \r\n and a lone \r.
      if (ch === 10 || (ch === 13 && text.charCodeAt(scanned + 1) !== 10)) {
        line++;
        lineStart = scanned + 1;
      }
    }
    let index = idIndex.get(ref.token);
    if (index === undefined) {
      index = ids.push(ref.token) - 1;
      idIndex.set(ref.token, index);
    }
    spans[i * 3] = index;
    spans[i * 3 + 1] = line;
    spans[i * 3 + 2] = ref.start - lineStart;
  }
  return { ids, spans, incident };
}
