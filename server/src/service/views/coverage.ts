import type { Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DisarmDocument } from '../markdown/document';
import { FrameworkIndex } from '../framework/framework';
import { incidentTitleOf } from '../markdown/pageLayout';

/** A technique an incident cites: how often, and where first (the coverage view reveals it). */
export interface CitedTechnique {
  readonly id: string;
  readonly count: number;
  readonly range: Range;
}

/** What one document covers of the red framework: the model of the coverage view's matrix. */
export interface DocumentCoverage {
  readonly kind: 'document';
  readonly uri: string;
  /** The incident title line's heading (`Incident I00104: …`), when the document is an incident page. */
  readonly title?: string;
  /** Known techniques cited in prose (tables included), by ID. */
  readonly techniques: readonly CitedTechnique[];
  /** Tactic ID → number of distinct cited techniques that belong to it. */
  readonly tactics: Readonly<Record<string, number>>;
}

/**
 * The techniques a document cites, from its parsed model: only well-formed IDs of known
 * techniques count (an unknown ID has no cell to light); code and URLs are never citations.
 */
export function computeCoverage(document: TextDocument, model: DisarmDocument, index: FrameworkIndex | undefined): DocumentCoverage {
  const found = new Map<string, { count: number; start: number; end: number }>();
  for (const ref of model.references) {
    if (ref.class.type !== 'id' || ref.class.kind !== 'technique') continue;
    if (index?.objects.get(ref.token)?.kind !== 'technique') continue;
    const seen = found.get(ref.token);
    if (seen) seen.count++;
    else found.set(ref.token, { count: 1, start: ref.start, end: ref.end });
  }
  const techniques = [...found.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, { count, start, end }]) => ({ id, count, range: { start: document.positionAt(start), end: document.positionAt(end) } }));
  const title = incidentTitleOf(model.text)?.heading;
  return { kind: 'document', uri: document.uri, title, techniques, tactics: countByTactic(techniques.map((t) => t.id), index) };
}

/** Tactic ID → number of the given technique IDs that belong to it. */
export function countByTactic(ids: Iterable<string>, index: FrameworkIndex | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const id of ids) {
    const tactic = index?.objects.get(id)?.tactic;
    if (tactic) counts[tactic] = (counts[tactic] ?? 0) + 1;
  }
  return counts;
}
