import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { runToEnd, Steps } from './steps';

const LF = 10;
const CR = 13;

/**
 * An open document's text, as `vscode-languageserver-textdocument`'s `TextDocument` keeps it and
 * with exactly its answers (`positionAt`, `offsetAt`, `getText(range)`, `lineCount`, incremental
 * updates, `\n`, `\r\n` and a lone `\r` as line breaks), built for large texts:
 *
 * - the line offsets are found with `indexOf`, not character by character, when first asked for
 *   or before, in steps ({@link lineSteps}): the library's scan held the server for 200-400 ms
 *   on a 20 MB note;
 * - an edit never reads the new text: the library's check for a `\r\n` across the edit's ends
 *   read it, which flattens a 20 MB string (one more copy of it per keystroke); here the
 *   characters around the edit come from the old text and the inserted one, and a text without
 *   `\r` is not read at all, by edits or by positions (see {@link mayHaveCR}). The text is then
 *   copied once per version by whatever reads it first (the parse), not by each keystroke.
 *
 * One difference, where the library goes wrong: an edit whose range lies past the last line
 * (a client's slip) is at the text's end here, and the line offsets stay right.
 */
export class OpenDocument implements TextDocument {
  /**
   * The text in pieces of about {@link PIECE_CHARS}: an edit rebuilds the pieces it touches. On one
   * string, an edit's `substring` flattens the string the last edit made (a copy of the whole text:
   * 20-80 ms per keystroke in the middle of a 20 MB note); on pieces it copies at most the pieces
   * the edit spans and what it inserts.
   */
  private pieces: string[] = [];
  /** Where each piece starts in the text. */
  private pieceStarts: number[] = [];
  private length = 0;
  /** The whole text: the one given until the first edit, then the pieces concatenated by getText() (a rope V8 flattens when read, never copied here). */
  private whole: string | undefined;
  private lineOffsets: number[] | undefined;
  /**
   * False when the text has no `\r` (known with the line offsets): every line break is then one
   * `\n` just before the next line's start, and no answer needs to read the text. Reading a
   * character of a text made by an edit flattens it, a copy of the whole text: 20-170 ms for
   * 20 MB, per keystroke. True (kept once a `\r` was inserted, until the next scan): read it.
   */
  private mayHaveCR: boolean | undefined;
  /** Counts the texts the document has had, so that a scan begun in steps is known to be of the current one. */
  private generation = 0;
  private scan: { readonly generation: number; readonly steps: Steps<number[]> } | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private currentVersion: number,
    content: string,
    /** The pieces' length (tests make it small). */
    private readonly pieceChars = PIECE_CHARS,
  ) {
    this.setText(content);
  }

  get version(): number {
    return this.currentVersion;
  }

  get lineCount(): number {
    return this.offsets().length;
  }

  getText(range?: Range): string {
    if (!range) return (this.whole ??= this.pieces.reduce((text, piece) => text + piece, ''));
    // As String.prototype.substring (the library's), a range whose end comes first is read from its end.
    const start = this.offsetAt(range.start);
    const end = this.offsetAt(range.end);
    return start <= end ? this.substring(start, end) : this.substring(end, start);
  }

  positionAt(offset: number): Position {
    offset = Math.max(Math.min(offset, this.length), 0);
    const offsets = this.offsets();
    // The last line starting at or before the offset.
    let low = 0;
    let high = offsets.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (offsets[mid] > offset) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    return { line, character: this.beforeBreak(offset, line, offsets) - offsets[line] };
  }

  offsetAt(position: Position): number {
    const offsets = this.offsets();
    if (position.line >= offsets.length) return this.length;
    if (position.line < 0) return 0;
    const lineOffset = offsets[position.line];
    if (position.character <= 0) return lineOffset;
    const next = position.line + 1 < offsets.length ? offsets[position.line + 1] : this.length;
    return this.beforeBreak(Math.min(lineOffset + position.character, next), position.line, offsets);
  }

  getLineRange(line: number): Range {
    const offsets = this.offsets();
    if (line >= offsets.length) {
      const last = offsets.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.length - offsets[last] } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const next = line + 1 < offsets.length ? offsets[line + 1] : this.length;
    return { start: { line, character: 0 }, end: { line, character: this.beforeBreak(next, line, offsets) - offsets[line] } };
  }

  getEOLCharacters(line: number): string {
    const offsets = this.offsets();
    if (line < 0 || line >= offsets.length) return '';
    const next = line + 1 < offsets.length ? offsets[line + 1] : this.length;
    return this.substring(this.beforeBreak(next, line, offsets), next);
  }

  /** Applies the changes in order, as `TextDocument.update` does; the line offsets follow each edit. */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if (isIncremental(change)) this.edit(wellFormed(change.range), change.text);
      else if (isFull(change)) {
        this.setText(change.text);
        this.generation++;
        this.lineOffsets = undefined;
        this.mayHaveCR = undefined;
      } else throw new Error('Unknown change event received');
    }
    this.currentVersion = version;
  }

  private edit(range: Range, text: string): void {
    const start = this.offsetAt(range.start);
    const end = this.offsetAt(range.end);
    // Without a \r on either side there is no \r\n pair to look for.
    const insertsCR = text.includes('\r');
    const mayPair = this.mayHaveCR !== false || insertsCR;
    // The characters on both sides of each end of the inserted text, read before the edit.
    const before = mayPair ? this.charCodeAt(start - 1) : NaN;
    const after = mayPair ? this.charCodeAt(end) : NaN;
    const crlfAtStart = mayPair && before === CR && (text ? text.charCodeAt(0) : after) === LF;
    const crlfAtEnd = mayPair && (text ? text.charCodeAt(text.length - 1) : before) === CR && after === LF;
    this.replacePieces(start, end, text);
    this.generation++;
    if (insertsCR) this.mayHaveCR = true;
    if (crlfAtStart || crlfAtEnd) {
      // A \r\n pair made across an edit's end is counted by a fresh scan, when next asked for.
      this.lineOffsets = undefined;
      return;
    }
    // offsetAt above computed them.
    const offsets = this.lineOffsets!;
    // A position past the last line is the text's end, on the last line. (The library keeps the
    // line as given there, and its line offsets go wrong: holes, then NaN positions.)
    const last = offsets.length - 1;
    const startLine = Math.min(Math.max(range.start.line, 0), last);
    const endLine = Math.min(Math.max(range.end.line, 0), last);
    const added = lineStarts(text, false, start);
    if (endLine - startLine === added.length) {
      for (let i = 0; i < added.length; i++) offsets[i + startLine + 1] = added[i];
    } else if (added.length < 10000) {
      offsets.splice(startLine + 1, endLine - startLine, ...added);
    } else {
      this.lineOffsets = offsets.slice(0, startLine + 1).concat(added, offsets.slice(endLine + 1));
    }
    const diff = text.length - (end - start);
    if (diff === 0) return;
    const shifted = this.lineOffsets!;
    for (let i = startLine + 1 + added.length; i < shifted.length; i++) shifted[i] += diff;
  }

  /** Whether the line offsets of the current text are known (an edit keeps them; an open or a full change does not). */
  get linesKnown(): boolean {
    return this.lineOffsets !== undefined;
  }

  /**
   * Finds the line offsets a step at a time (a few thousand lines each), for the server to run in
   * its slices after an open: the first read then finds them ready, or finishes what is left.
   */
  *lineSteps(): Steps<void> {
    while (!this.lineOffsets) {
      const next = this.currentScan().steps.next();
      if (next.done) this.scanned(next.value);
      else yield;
    }
  }

  private offsets(): number[] {
    return this.lineOffsets ?? this.scanned(runToEnd(this.currentScan().steps));
  }

  /** The scan of the current text: the one begun in steps, or a new one. */
  private currentScan(): { readonly generation: number; readonly steps: Steps<number[]> } {
    if (this.scan?.generation !== this.generation) this.scan = { generation: this.generation, steps: pieceLineStartSteps([...this.pieces]) };
    return this.scan;
  }

  private scanned(offsets: number[]): number[] {
    this.scan = undefined;
    this.mayHaveCR = this.pieces.some((piece) => piece.includes('\r'));
    return (this.lineOffsets = offsets);
  }

  private setText(text: string): void {
    this.pieces = [];
    for (let at = 0; at < text.length; at += this.pieceChars) this.pieces.push(text.length <= this.pieceChars ? text : text.substring(at, at + this.pieceChars));
    this.reindexPieces();
    // Until the first edit the text is the one given (flat, as the message was parsed): the parse's post copies it as it is.
    this.whole = text;
  }

  /** Replaces the text from `start` to `end` with `text`, rebuilding only the pieces that range touches. */
  private replacePieces(start: number, end: number, text: string): void {
    if (!this.pieces.length) {
      this.setText(text);
      return;
    }
    const first = this.pieceAt(start);
    const last = end > start ? this.pieceAt(end - 1) : first;
    const joined = this.pieces[first].substring(0, start - this.pieceStarts[first]) + text + this.pieces[last].substring(end - this.pieceStarts[last]);
    // A piece grown past twice the length (a large paste) is cut again, at the cost of what was pasted.
    const replacement: string[] = [];
    if (joined.length <= 2 * this.pieceChars) {
      if (joined) replacement.push(joined);
    } else for (let at = 0; at < joined.length; at += this.pieceChars) replacement.push(joined.substring(at, at + this.pieceChars));
    this.pieces.splice(first, last - first + 1, ...replacement);
    this.reindexPieces();
  }

  private reindexPieces(): void {
    this.whole = undefined;
    this.pieceStarts = new Array<number>(this.pieces.length);
    let at = 0;
    for (let i = 0; i < this.pieces.length; i++) {
      this.pieceStarts[i] = at;
      at += this.pieces[i].length;
    }
    this.length = at;
  }

  /** The piece holding `offset` (0 <= offset < length): the last one starting at or before it. */
  private pieceAt(offset: number): number {
    let low = 0;
    let high = this.pieceStarts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.pieceStarts[mid] > offset) high = mid;
      else low = mid + 1;
    }
    return Math.max(0, low - 1);
  }

  private charCodeAt(offset: number): number {
    if (offset < 0 || offset >= this.length) return NaN;
    const piece = this.pieceAt(offset);
    return this.pieces[piece].charCodeAt(offset - this.pieceStarts[piece]);
  }

  private substring(start: number, end: number): string {
    if (start >= end) return '';
    const first = this.pieceAt(start);
    const last = this.pieceAt(end - 1);
    if (first === last) return this.pieces[first].substring(start - this.pieceStarts[first], end - this.pieceStarts[first]);
    let text = this.pieces[first].substring(start - this.pieceStarts[first]);
    for (let i = first + 1; i < last; i++) text += this.pieces[i];
    return text + this.pieces[last].substring(0, end - this.pieceStarts[last]);
  }

  /** Moves an offset on `line` back over the line break it sits after or inside, not past the line's start. */
  private beforeBreak(offset: number, line: number, offsets: readonly number[]): number {
    const next = line + 1 < offsets.length ? offsets[line + 1] : undefined;
    // Only \n breaks: the line's break is the one character before the next line.
    if (this.mayHaveCR === false) return offset === next ? next - 1 : offset;
    const lineOffset = offsets[line];
    while (offset > lineOffset && isBreak(this.charCodeAt(offset - 1))) offset--;
    return offset;
  }
}

/** The creation and update functions `new TextDocuments(...)` takes, for {@link OpenDocument}s. */
export const openDocuments = {
  create: (uri: string, languageId: string, version: number, content: string): OpenDocument => new OpenDocument(uri, languageId, version, content),
  update: (document: OpenDocument, changes: TextDocumentContentChangeEvent[], version: number): OpenDocument => {
    document.update(changes, version);
    return document;
  },
};

/**
 * The offsets (plus `base`) just after each line break of `text`, and 0 first when `atLineStart`:
 * `\r\n` is one break, a lone `\r` or `\n` one each. Found by `indexOf`, which scans natively;
 * a text without `\r` (most of them) needs only the `\n` search.
 */
export function lineStarts(text: string, atLineStart: boolean, base: number): number[] {
  return runToEnd(lineStartSteps(text, atLineStart, base));
}

/** The length of an open document's pieces (see {@link OpenDocument}). */
export const PIECE_CHARS = 1 << 18;

/**
 * The line starts (0 first) of the text that `pieces` make, in steps: each piece is scanned alone,
 * and a `\r` that ends a piece before a `\n` that begins the next is one break with it.
 */
function* pieceLineStartSteps(pieces: readonly string[]): Steps<number[]> {
  const starts = [0];
  let base = 0;
  let pauseAtLine = LINES_PER_STEP;
  let pauseAtOffset = PIECE_CHARS;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    const found = yield* lineStartSteps(piece, false, base);
    // The start after a piece's last \r is no start when the next piece begins with its \n.
    const pairsAcross = piece.charCodeAt(piece.length - 1) === CR && pieces[i + 1]?.charCodeAt(0) === LF;
    for (let j = 0; j < found.length - (pairsAcross ? 1 : 0); j++) starts.push(found[j]);
    base += piece.length;
    // A pause every few thousand lines or a piece's length of text, whichever comes first.
    if (starts.length >= pauseAtLine || base >= pauseAtOffset) {
      pauseAtLine = starts.length + LINES_PER_STEP;
      pauseAtOffset = base + PIECE_CHARS;
      yield;
    }
  }
  return starts;
}

/** Line breaks between the pauses of {@link lineStartSteps}: about 0.1 ms of `indexOf`. */
const LINES_PER_STEP = 2048;

/** {@link lineStarts} in steps (see `steps.ts`), pausing every {@link LINES_PER_STEP} line breaks. */
export function* lineStartSteps(text: string, atLineStart: boolean, base: number): Steps<number[]> {
  const starts: number[] = atLineStart ? [base] : [];
  let cr = text.indexOf('\r');
  if (cr < 0) {
    for (let lf = text.indexOf('\n'); lf >= 0; lf = text.indexOf('\n', lf + 1)) {
      starts.push(base + lf + 1);
      if (starts.length % LINES_PER_STEP === 0) yield;
    }
    return starts;
  }
  let lf = text.indexOf('\n');
  while (cr >= 0 || lf >= 0) {
    if (lf < 0 || (cr >= 0 && cr < lf)) {
      // A \r, alone or the first half of \r\n.
      const after = cr + 1 === lf ? lf + 1 : cr + 1;
      starts.push(base + after);
      if (after > lf && lf >= 0) lf = text.indexOf('\n', after);
      cr = text.indexOf('\r', after);
    } else {
      starts.push(base + lf + 1);
      lf = text.indexOf('\n', lf + 1);
    }
    if (starts.length % LINES_PER_STEP === 0) yield;
  }
  return starts;
}

function isBreak(code: number): boolean {
  return code === CR || code === LF;
}

function isIncremental(change: TextDocumentContentChangeEvent): change is { range: Range; rangeLength?: number; text: string } {
  const candidate = change as { range?: Range; rangeLength?: number; text?: unknown };
  return !!candidate && typeof candidate.text === 'string' && candidate.range !== undefined && (candidate.rangeLength === undefined || typeof candidate.rangeLength === 'number');
}

function isFull(change: TextDocumentContentChangeEvent): change is { text: string } {
  const candidate = change as { range?: Range; rangeLength?: number; text?: unknown };
  return !!candidate && typeof candidate.text === 'string' && candidate.range === undefined && candidate.rangeLength === undefined;
}

/** The range with its start before its end, as the library orders it. */
function wellFormed(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}
