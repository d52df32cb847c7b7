import type { Nodes } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { splitBlocks } from './blocks';
import { classifyToken, TOKEN_PATTERN, TokenClass } from './ids';
import { FIRM_STYLES, NameRead, NameStyle, readCellName, readName } from './names';
import { InlineNode, parseHtmlBlockRun, parsePlainRun } from './plainRun';
import { Directive, directivesInHtml, SUPPRESSION_MARKER } from './suppression';
import { rowHeaders } from './tables';
import { forwardSearch, foundWithin } from './text';

/** A span of the document text, as UTF-16 offsets. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A name written beside an ID (see `names.ts` for the styles and where a name ends). */
export interface WrittenName extends Span {
  /** The name as written, up to where a name ends (`,`, `;`, `|`, a sentence end, …). */
  readonly text: string;
  /** The rest of the line from the name's start (trimmed), which may start with the official name. */
  readonly rest: string;
  readonly style: NameStyle;
  /** `cell` names: the header of their column, when the table has one. */
  readonly header?: string;
}

/** One ID-like token in the document's prose, outside code, HTML, URLs and link destinations. */
export interface IdReference extends Span {
  readonly token: string;
  readonly class: TokenClass;
  /** `link`: the ID opens a link text; `inline`: a name follows (`ID: Name`, `ID « Name »`, `[ID](…) — Name`); `bare`: no sure name. */
  readonly form: 'link' | 'inline' | 'bare';
  /** A name in a style that is always one (link text, separator, quotes). */
  readonly name?: WrittenName;
  /**
   * Words that are a name only if the data says so (parentheses, a bare space, the next table
   * cell): `features/names.ts` decides. Set only on `bare` references.
   */
  readonly candidate?: WrittenName;
  /** For `link` references: the link destination as written. */
  readonly destination?: Span & { readonly url: string };
}

/** The parsed model every feature receives: parse once per document version. */
export interface DisarmDocument {
  readonly text: string;
  /** Sorted by `start`. */
  readonly references: readonly IdReference[];
  /** Suppression comments (real HTML comments, never code), in document order; none where no ID is cited. */
  readonly directives: readonly Directive[];
  /** The parse was given up (too costly): nothing was read, which says nothing about what the text cites. */
  readonly givenUp?: true;
  /**
   * Only the first references were kept (the editor's bound on one document's model): `at` is
   * the offset of the first one left out, `total` how many the document cites in all.
   */
  readonly truncated?: { readonly at: number; readonly total: number };
}

/**
 * Emphasis, character references and hard-break escapes never change whether text is prose, and
 * micromark's emphasis resolution is quadratic on runs of unmatched `*` and `_`: leave them out.
 */
const parser = unified()
  .use(remarkParse)
  .data('micromarkExtensions', [{ disable: { null: ['attention', 'characterReference', 'hardBreakEscape'] } }]);

/** Parses a run of markdown (see `splitBlocks`) with the document's parser settings. */
export function parseMarkdown(run: string): Nodes {
  return parser.parse(run);
}

/** Node types whose text is never prose: IDs there are not references. */
const OPAQUE = new Set(['code', 'inlineCode', 'html', 'definition', 'image', 'imageReference']);

/** What every ID token holds somewhere: text without it cites nothing (TK: tasks). */
const CANDIDATE = /(?:TK|[TPCIAMFD])\d/;
const CANDIDATES = new RegExp(CANDIDATE.source, 'g');

/**
 * Parses markdown into the DISARM model; never throws on any input. Only the runs of blocks
 * that hold an ID-like token are read (see `splitBlocks`): most prose needs no parse, and most
 * of the rest is plain enough for `parsePlainRun`, several times faster than micromark.
 */
export function parseDisarmDocument(text: string): DisarmDocument {
  const references: IdReference[] = [];
  const directives: Directive[] = [];
  if (!CANDIDATE.test(text)) return { text, references, directives };
  // Where the next candidate ends (its last character): `test` moves `lastIndex` past it without a
  // match array. No match holds a line end, so each lies within one run, and the runs of blocks
  // without one are passed over uncut.
  const candidateFrom = forwardSearch((from) => {
    CANDIDATES.lastIndex = from;
    return CANDIDATES.test(text) ? CANDIDATES.lastIndex - 1 : -1;
  });
  const markerAt = forwardSearch((from) => text.indexOf(SUPPRESSION_MARKER, from));
  let lineStarts: number[] | undefined;
  const runs = splitBlocks(text);
  // Indexed: a short run is over before a `for…of` with destructuring stops allocating iterator results.
  for (let r = 0; r < runs.length; r++) {
    const start = runs[r][0];
    const end = runs[r][1];
    const cites = foundWithin(candidateFrom, start, end);
    // The whole marker inside the run: it starts at least its length before the run's end.
    const comments = foundWithin(markerAt, start, end - SUPPRESSION_MARKER.length + 1);
    if (!cites && !comments) continue;
    // micromark drops a byte-order mark, which would shift every offset after it: a space keeps them.
    const run = start === 0 && text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1, end)}` : text.slice(start, end);
    let tree: InlineNode;
    try {
      tree = parsePlainRun(run) ?? parseHtmlBlockRun(run) ?? parseMarkdown(run);
    } catch {
      continue;
    }
    if (cites) visit(tree, run, references, start);
    if (!comments) continue;
    walk(tree, (node) => {
      if (node.type !== 'html') return true;
      const from = node.position?.start.offset ?? 0;
      for (const { kind, codes, end: after } of directivesInHtml(run.slice(from, node.position?.end.offset ?? from))) {
        lineStarts ??= lineStartsOf(text);
        directives.push({ kind, codes, line: lineOf(lineStarts, start + from + after - 1) });
      }
      return false;
    });
  }
  references.sort((a, b) => a.start - b.start);
  return { text, references: withHeaders(text, references), directives };
}

/** Gives each `cell` candidate the header of its column, reading each table's lines once. */
function withHeaders(text: string, references: IdReference[]): IdReference[] {
  if (!references.some((r) => r.candidate?.style === 'cell')) return references;
  const headers = rowHeaders(text);
  return references.map((ref) => {
    const cell = ref.candidate;
    if (cell?.style !== 'cell') return ref;
    const header = headers(text.lastIndexOf('\n', ref.start - 1) + 1)?.[columnOf(text, cell.start)];
    return header === undefined ? ref : { ...ref, candidate: { ...cell, header } };
  });
}

/** The column of a cell that starts at `offset`: the number of unescaped `|` before it on its line, less one. */
function columnOf(text: string, offset: number): number {
  let pipes = 0;
  for (let i = text.lastIndexOf('\n', offset - 1) + 1; i < offset; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '|') pipes++;
  }
  return pipes - 1;
}

/** The reference whose token or written name covers `offset`, if any. */
export function referenceAt(doc: DisarmDocument, offset: number): IdReference | undefined {
  const refs = doc.references;
  let lo = 0;
  let hi = refs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (refs[mid].end < offset) lo = mid + 1;
    else if (refs[mid].start > offset) hi = mid - 1;
    else return refs[mid];
  }
  return undefined;
}

/** The ID references in a parsed run's tree (mdast, or `parsePlainRun`'s), in tree order. */
export function runReferences(tree: InlineNode, run: string): IdReference[] {
  const found: IdReference[] = [];
  visit(tree, run, found, 0);
  return found;
}

/**
 * Scans the tree of `text` (a run) for references; their offsets are `base` (where the run
 * starts in the document) past the run's own, so that they need no second copy to move them.
 */
function visit(root: InlineNode, text: string, out: IdReference[], base: number): void {
  walk(root, (node) => {
    if (node.type === 'text') scanText(node, text, out, base);
    else if (node.type === 'link') scanLink(node, text, out, base);
    else return !OPAQUE.has(node.type);
    return false;
  });
}

/**
 * Calls `enter` on `root` and the nodes below it in document order; `enter` returns false to
 * pass over a node's children. A loop, not recursion: lists or quotes nested thousands deep
 * would overflow the call stack.
 */
function walk(root: InlineNode, enter: (node: InlineNode) => boolean): void {
  const pending = [root];
  while (pending.length) {
    const node = pending.pop()!;
    if (!enter(node) || !node.children) continue;
    for (let i = node.children.length - 1; i >= 0; i--) pending.push(node.children[i]);
  }
}

/** Where each line starts; line breaks as TextDocument counts them: \r\n, \n and a lone \r. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (const found of text.matchAll(/\r\n?|\n/g)) starts.push(found.index + found[0].length);
  return starts;
}

/** The 0-based line of `offset`, by binary search over the line starts. */
function lineOf(lineStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function scanText(node: InlineNode, text: string, out: IdReference[], base: number, skipUntil = -1): void {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return;
  scanSlice(text, Math.max(start, skipUntil), end, out, base);
}

/** `[T0146.007 Automated Account Asset](../techniques/T0146.007.md)`: an ID opening a link text, with its name and destination. */
function scanLink(node: InlineNode, text: string, out: IdReference[], base: number): void {
  const children = node.children ?? [];
  const first = children[0];
  const last = children[children.length - 1];
  const labelStart = first?.position?.start.offset;
  const labelEnd = last?.position?.end.offset;
  if (first?.type !== 'text' || labelStart === undefined || labelEnd === undefined) {
    for (const child of children) visit(child, text, out, base);
    return;
  }
  // Autolinks (`<https://…>`) have their URL as text: not prose.
  if (text[labelStart - 1] !== '[') return;
  const match = /^\s*((?:TA|TK|T|[PCIAMFD])\d+(?:\.\d+)?)(?![\w])/.exec(text.slice(labelStart, labelEnd));
  const cls = match ? classifyToken(match[1]) : undefined;
  if (!match || !cls) {
    for (const child of children) visit(child, text, out, base);
    return;
  }
  const tokenStart = labelStart + match[0].length - match[1].length;
  const tokenEnd = labelStart + match[0].length;
  const label = text.slice(tokenEnd, labelEnd);
  const nameOffset = label.length - label.replace(/^[\s:]+/, '').length;
  const nameText = label.slice(nameOffset).trimEnd();
  const linkEnd = node.position?.end.offset ?? labelEnd;
  // `[T0002](…) — Name`: a link holding only the ID, its name after it.
  const after = nameText ? undefined : readName(text, linkEnd, true);
  const destination = destinationAfter(text, labelEnd, linkEnd);
  out.push({
    token: match[1],
    class: cls,
    form: 'link',
    start: base + tokenStart,
    end: base + tokenEnd,
    name: nameText
      ? { text: nameText, rest: nameText, style: 'link', start: base + tokenEnd + nameOffset, end: base + tokenEnd + nameOffset + nameText.length }
      : after && written(after, base),
    destination: destination && { url: destination.url, start: base + destination.start, end: base + destination.end },
  });
  // The rest of the link text may cite more IDs.
  scanText(first, text, out, base, tokenEnd);
  for (let i = 1; i < children.length; i++) visit(children[i], text, out, base);
}

/** Finds the destination of an inline link `](dest "title")` in the source, after the link text. */
function destinationAfter(text: string, labelEnd: number, linkEnd: number): (Span & { url: string }) | undefined {
  if (text.slice(labelEnd, labelEnd + 2) !== '](') return undefined;
  let start = labelEnd + 2;
  while (start < linkEnd && isSpace(text.charCodeAt(start))) start++;
  if (text[start] === '<') {
    const close = text.indexOf('>', start);
    return close < 0 || close > linkEnd ? undefined : { url: text.slice(start + 1, close), start: start + 1, end: close };
  }
  let end = start;
  let depth = 0;
  while (end < linkEnd && !isSpace(text.charCodeAt(end))) {
    if (text[end] === '(') depth++;
    else if (text[end] === ')' && depth-- === 0) break;
    end++;
  }
  return { url: text.slice(start, end), start, end };
}

/** Markdown's white space in a link destination: space, tab, line feed, form feed, carriage return. */
function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
}

const URL_PATTERN = /\b(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>"]*/g;
/** {@link TOKEN_PATTERN}, for {@link scanSlice} alone: its loop runs it by `exec`. */
const TOKENS = new RegExp(TOKEN_PATTERN.source, 'g');

/** Scans prose between `start` and `end` for ID tokens, skipping bare URLs; offsets `base` further on. */
function scanSlice(text: string, start: number, end: number, out: IdReference[], base: number): void {
  const slice = text.slice(start, end);
  if (!CANDIDATE.test(slice)) return;
  // Every URL the pattern takes holds `://` or `www.`: most prose has neither.
  const urls = slice.includes('://') || slice.includes('www.') ? [...slice.matchAll(URL_PATTERN)].map((m) => [m.index, m.index + m[0].length] as const) : [];
  TOKENS.lastIndex = 0;
  for (let match = TOKENS.exec(slice); match; match = TOKENS.exec(slice)) {
    const at = match.index;
    if (urls.length && urls.some(([s, e]) => at >= s && at < e)) continue;
    const cls = classifyToken(match[0]);
    if (!cls) continue;
    const after = at + match[0].length;
    const read = readName(slice, after, false, at);
    const firm = read && FIRM_STYLES.has(read.style) ? written(read, base + start) : undefined;
    // Not IDs of DISARM's shape: references only where written as IDs are, with a sure name.
    if ((cls.type === 'short' || cls.type === 'foreign') && !firm) continue;
    const ref: IdReference = { token: match[0], class: cls, form: firm ? 'inline' : 'bare', start: base + start + at, end: base + start + after, name: firm };
    if (firm) out.push(ref);
    else out.push({ ...ref, candidate: read ? written(read, base + start) : cellName(text, start + at, start + after, base) });
  }
}

/** A name read by `names.ts`, moved to document offsets. */
function written(read: NameRead, base: number): WrittenName {
  return { text: read.text, rest: read.rest, style: read.style, start: base + read.start, end: base + read.end };
}

/** A space, tab, `*` or `_`: what may stand between a cell's `|` and its ID. */
function isCellPadding(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x2a || code === 0x5f;
}

/** The longest table row read for a cell name. */
const MAX_ROW = 4096;

/** `| T0023 | Name |`: the next cell, when the ID is alone in its table cell (offsets `base` further on). */
function cellName(text: string, tokenStart: number, tokenEnd: number, base: number): WrittenName | undefined {
  // Cheap first: a `|` on each side past spaces and emphasis; most bare IDs stop here.
  let before = tokenStart - 1;
  while (before >= 0 && isCellPadding(text.charCodeAt(before))) before--;
  let after = tokenEnd;
  while (after < text.length && isCellPadding(text.charCodeAt(after))) after++;
  if (text[before] !== '|' || text[after] !== '|') return undefined;
  // Rows are short; a line longer than MAX_ROW is no table row, and a bound keeps long lines linear.
  let lineStart = before;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && before - lineStart < MAX_ROW) lineStart--;
  if (lineStart > 0 && text[lineStart - 1] !== '\n') return undefined;
  const cell = readCellName(text, lineStart, tokenStart, tokenEnd);
  return cell && written(cell, base);
}
