/**
 * What the fixes look up in one document, built once per parsed model (one model per document
 * version) and shared by every code action request on that version: the reference a finding is
 * about by the offset where the finding starts, the lines and the techniques tables. A light-bulb
 * request on a large note then costs a look-up, not a scan of the note.
 */
import type { DisarmDocument, IdReference } from './document';
import { scanLineSteps, SourceLine } from './pageLayout';
import { runToEnd, shared, Steps } from './steps';
import { MarkdownTable, techniqueTableSteps } from './tables';

export interface DocumentIndex {
  /** The reference whose token (`at: 'token'`), written name (or name candidate) or link destination starts at `offset`. */
  referenceAt(offset: number, at: 'token' | 'name' | 'destination'): IdReference | undefined;
  /** The first reference that starts at or after `offset`. */
  firstReferenceFrom(offset: number): IdReference | undefined;
  lines(): readonly SourceLine[];
  techniqueTables(): readonly MarkdownTable[];
  /**
   * The same in steps, for the server's slices: the first computation to ask reads them, and
   * any other that asks meanwhile advances the same reading rather than starting its own.
   */
  lineSteps(): Steps<readonly SourceLine[]>;
  techniqueTableSteps(): Steps<readonly MarkdownTable[]>;
}

/** Weakly keyed by the model, so a replaced version's index simply goes with it. */
const byModel = new WeakMap<DisarmDocument, DocumentIndex>();

export function documentIndex(model: DisarmDocument): DocumentIndex {
  let index = byModel.get(model);
  if (!index) byModel.set(model, (index = buildIndex(model)));
  return index;
}

function buildIndex(model: DisarmDocument): DocumentIndex {
  const refs = model.references;
  let starts: Map<string, Map<number, IdReference>> | undefined;
  const lines = shared(() => scanLineSteps(model.text));
  const tables = shared(() => techniqueTableSteps(model.text, lines));
  const lookup = () => {
    if (starts) return starts;
    const token = new Map<number, IdReference>();
    const name = new Map<number, IdReference>();
    const destination = new Map<number, IdReference>();
    // The first reference at an offset wins, as a search in document order would find it.
    for (const ref of refs) {
      if (!token.has(ref.start)) token.set(ref.start, ref);
      const written = ref.name ?? ref.candidate;
      if (written && !name.has(written.start)) name.set(written.start, ref);
      if (ref.destination && !destination.has(ref.destination.start)) destination.set(ref.destination.start, ref);
    }
    return (starts = new Map([['token', token], ['name', name], ['destination', destination]]));
  };
  return {
    referenceAt: (offset, at) => lookup().get(at)!.get(offset),
    firstReferenceFrom: (offset) => {
      let lo = 0;
      let hi = refs.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (refs[mid].start < offset) lo = mid + 1;
        else hi = mid;
      }
      return refs[lo];
    },
    lines: () => runToEnd(lines()),
    techniqueTables: () => runToEnd(tables()),
    lineSteps: lines,
    techniqueTableSteps: tables,
  };
}

