import type { InlayHint, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DisarmDocument } from '../markdown/document';
import { FrameworkIndex } from '../framework/framework';
import { KIND_LABELS } from '../markdown/ids';

/**
 * After each bare known ID in `range` (no name written beside it), the object's name: label
 * `Post Content` with padding on the left, so `T0115 was used` reads `T0115 ⟨Post Content⟩ was used`.
 * The label is the name alone: a colon or arrow would look like text the author typed, and the
 * editor already draws hints apart from the text. IDs in link texts and `ID: Name` references
 * already show a name and get no hint.
 *
 * Double-clicking the hint (its text edit) writes the name into the document in the inline form
 * `T0115: Post Content`, which the other features check. The tooltip is plain text.
 */
export function computeInlayHints(
  document: TextDocument,
  model: DisarmDocument,
  range: Range,
  index: FrameworkIndex | undefined,
): InlayHint[] {
  if (!index) return [];
  const from = document.offsetAt(range.start);
  const to = document.offsetAt(range.end);
  const hints: InlayHint[] = [];
  // The references are sorted: start at the first one in the range, so a request costs what its range holds.
  const refs = model.references;
  for (let i = firstEndingFrom(refs, from); i < refs.length; i++) {
    const ref = refs[i];
    if (ref.end > to) break;
    if (ref.form !== 'bare' || ref.class.type !== 'id') continue;
    const object = index.objects.get(ref.token);
    if (!object || !object.name) continue;
    const position = document.positionAt(ref.end);
    hints.push({
      position,
      label: object.name,
      paddingLeft: true,
      tooltip: `${KIND_LABELS[object.kind]} ${object.id}: ${object.name} (from the DISARM data; double-click to write the name into the text)`,
      textEdits: [{ range: { start: position, end: position }, newText: `: ${object.name}` }],
    });
  }
  return hints;
}

/** The index of the first reference that ends at or after `offset`: references are sorted and do not overlap. */
function firstEndingFrom(refs: DisarmDocument['references'], offset: number): number {
  let lo = 0;
  let hi = refs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (refs[mid].end < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
