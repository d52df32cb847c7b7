/** Text edits as plain data: offset edits for building fixes, and applying LSP edits to a text. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';

/** An edit by UTF-16 offsets into the text it was computed on. */
export interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** Converts offset edits to LSP text edits for `document`. */
export function toTextEdits(document: TextDocument, edits: readonly OffsetEdit[]): TextEdit[] {
  return edits.map((e) => ({ range: { start: document.positionAt(e.start), end: document.positionAt(e.end) }, newText: e.newText }));
}

/**
 * Applies LSP text edits, all computed on `text`, and returns the new text. Edits are applied
 * as one change, as a client applies a `WorkspaceEdit`; overlapping edits are a caller's bug and
 * throw rather than produce a text nobody asked for.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const document = TextDocument.create('memory://edit', 'markdown', 0, text);
  return applyOffsetEdits(
    text,
    edits.map((e) => ({ start: document.offsetAt(e.range.start), end: document.offsetAt(e.range.end), newText: e.newText })),
  );
}

/** Applies offset edits computed on `text`; see {@link applyTextEdits}. */
export function applyOffsetEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = edits.map((e, order) => ({ ...e, order })).sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  const parts: string[] = [];
  let at = 0;
  for (const edit of sorted) {
    if (edit.start < at) throw new Error(`overlapping edits at offset ${edit.start}`);
    parts.push(text.slice(at, edit.start), edit.newText);
    at = edit.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * Adds the edits of one fix to `accepted` if none overlaps an edit already there, all or
 * nothing; an edit identical to an accepted one is shared, not a conflict. Returns whether the
 * fix was taken.
 */
export function addIfDisjoint(accepted: OffsetEdit[], fix: readonly OffsetEdit[]): boolean {
  const fresh: OffsetEdit[] = [];
  for (const edit of fix) {
    const same = accepted.some((a) => a.start === edit.start && a.end === edit.end && a.newText === edit.newText);
    if (same) continue;
    if (accepted.some((a) => overlaps(a, edit))) return false;
    fresh.push(edit);
  }
  accepted.push(...fresh);
  return true;
}

/** Touching ranges do not overlap, unless both are insertions at one point (their order would be a guess). */
function overlaps(a: OffsetEdit, b: OffsetEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}
