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
 * Where `offsets` (ascending, into the text the edits were computed on) lie once `edits`
 * (sorted and disjoint, as {@link addIfDisjoint} keeps them) are applied: an offset inside a
 * replaced range moves to where its replacement starts. One pass over both.
 */
export function shiftOffsets(edits: readonly OffsetEdit[], offsets: readonly number[]): number[] {
  const shifted: number[] = [];
  let delta = 0;
  let e = 0;
  for (const offset of offsets) {
    while (e < edits.length && edits[e].end <= offset) {
      delta += edits[e].newText.length - (edits[e].end - edits[e].start);
      e++;
    }
    const inside = e < edits.length && edits[e].start <= offset && offset < edits[e].end;
    shifted.push((inside ? edits[e].start : offset) + delta);
  }
  return shifted;
}

/**
 * Adds the edits of one fix to `accepted` if none overlaps an edit already there, all or
 * nothing; an edit identical to an accepted one is shared, not a conflict. Returns whether the
 * fix was taken. `accepted` is kept sorted by offset, and only its neighbours of each edit are
 * looked at (binary search), so taking n fixes costs n log n, not n squared.
 */
export function addIfDisjoint(accepted: OffsetEdit[], fix: readonly OffsetEdit[]): boolean {
  const fresh: OffsetEdit[] = [];
  for (const edit of fix) {
    let same = false;
    for (const near of neighbours(accepted, edit)) {
      if (near.start === edit.start && near.end === edit.end && near.newText === edit.newText) same = true;
      else if (overlaps(near, edit)) return false;
    }
    if (same) continue;
    if (fresh.some((f) => overlaps(f, edit))) return false;
    fresh.push(edit);
  }
  for (const edit of fresh) accepted.splice(firstStartingAt(accepted, edit.start, edit.end), 0, edit);
  return true;
}

/** The accepted edits that touch or overlap `edit`: accepted edits are disjoint, so their ends are sorted too. */
function* neighbours(accepted: readonly OffsetEdit[], edit: OffsetEdit): Generator<OffsetEdit> {
  const at = firstStartingAt(accepted, edit.start, -1);
  for (let i = at - 1; i >= 0 && accepted[i].end >= edit.start; i--) yield accepted[i];
  for (let i = at; i < accepted.length && accepted[i].start <= edit.end; i++) yield accepted[i];
}

/** The index of the first edit in `sorted` that starts after `start` (or at it, ending after `end`). */
function firstStartingAt(sorted: readonly OffsetEdit[], start: number, end: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].start < start || (sorted[mid].start === start && sorted[mid].end <= end)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Touching ranges do not overlap, unless both are insertions at one point (their order would be a guess). */
function overlaps(a: OffsetEdit, b: OffsetEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}
