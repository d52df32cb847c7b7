/**
 * The name written beside an ID, in each citation style analysts use. This file only reads the
 * text: a separator, quotes or a link text always introduce a name; parentheses, a bare space
 * and the next table cell only may, and `features/names.ts` decides with the framework data.
 * A style not read here is not a name, and nothing is guessed.
 */
import { TOKEN_PATTERN } from './ids';

/**
 * How a name is written:
 * - `link`: `[T0097 Present Persona](…)`, the link text after the ID;
 * - `separator`: `T0002 — Name`, `T0002: Name`, `C00085 : Name`, `T0002 - Name`, `T0002 // Name`;
 * - `quote`: `T0099 « Name »`, `T0099 “Name”`, `T0099 "Name"`;
 * - `after-link`: `[T0002](…) — Name`, `[T0002](…): Name`;
 * - `paren`: `T0049 (Flooding)`, a name only if capitalised or a DISARM name or close to one;
 * - `space`: `T0073 Determine Target Audiences`, a name only if the words are a DISARM name;
 * - `cell`: `| T0023 | Name |`, a name only under a name column or when it reads as a DISARM name.
 */
export type NameStyle = 'link' | 'separator' | 'quote' | 'after-link' | 'paren' | 'space' | 'cell';

/** The styles that are a name whatever the words; the others are candidates for the data to confirm. */
export const FIRM_STYLES: ReadonlySet<NameStyle> = new Set(['link', 'separator', 'quote', 'after-link']);

/** A name as written, at offsets relative to the text it was read from. */
export interface NameRead {
  readonly style: NameStyle;
  /** Where the name starts and ends (quotes and emphasis markers outside). */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The rest of the line from the name's start (bounded): a name holding a `,` still matches. */
  readonly rest: string;
}

/** How much of a line a name check looks at (official names are under 100 characters). */
const MAX_REST = 400;

/** How many emphasis markers (`*`, `_`, up to three) start at `at`: the parser leaves them in the text (see document.ts). */
function emphasisAt(line: string, at: number): number {
  let n = 0;
  while (n < 3 && isEmphasisMark(line.charCodeAt(at + n))) n++;
  return n;
}

function isEmphasisMark(code: number): boolean {
  return code === 0x2a /* * */ || code === 0x5f /* _ */;
}

/** The separators, after the ID and its emphasis: `: ` (spaces optional), ` : `, ` - `, ` – `, ` — `, ` // `. */
const SEPARATOR = /^(?:[ \t]*:[ \t]*|[ \t]+(?:[-\u2013\u2014]|\/\/)[ \t]+)/;

const QUOTES: Readonly<Record<string, string>> = { '\u00AB': '\u00BB', '\u201C': '\u201D', '"': '"' };

/** An ID token starting at the cursor: a name ends at the next ID. */
const ID_AHEAD = new RegExp(`^(?:${TOKEN_PATTERN.source})`);

/**
 * The name written after an ID that ends at `after` in `line` (the text to the end of the line,
 * or of the prose node), or `undefined`. `afterLink`: the ID was a link's whole text, and `after`
 * is where the link ends.
 */
export function readName(line: string, after: number, afterLink = false, tokenStart = after): NameRead | undefined {
  // Emphasis closing after the ID only where it opened before it: `**T0097** — Name`, not `TA02*: note`.
  const closing = line.slice(after, after + emphasisAt(line, after));
  if (closing && !afterLink && line.slice(Math.max(0, tokenStart - closing.length), tokenStart) !== closing) return undefined;
  let at = after + closing.length;
  const head = line.slice(at, at + 8);
  const separator = SEPARATOR.exec(head);
  if (separator) {
    at += separator[0].length;
    at += emphasisAt(line, at);
    const style = afterLink ? 'after-link' : 'separator';
    const close = QUOTES[line[at]];
    // `T0099: "Name"`; but `C00140: "Bomb" link shorteners` is a name that starts with a quote.
    if (close && endsAName(line, line.indexOf(close, at + 1) + 1)) return quoted(line, at, close, style);
    return clause(line, at, style, false);
  }
  if (afterLink || !/^[ \t]/.test(head)) return undefined;
  at++;
  const close = QUOTES[line[at]];
  if (close) return quoted(line, at, close, 'quote');
  if (line[at] === '(') return clause(line, at + 1, 'paren', true);
  at += emphasisAt(line, at);
  return clause(line, at, 'space', false);
}

/** Whether a name may end at `at`: the line ends there, or an end of a name follows. */
function endsAName(line: string, at: number): boolean {
  return at > 0 && /^(?:[ \t]*(?:$|[\r\n,;|.)*_]|<br))/i.test(line.slice(at, at + 6));
}

/** `« Name »`: up to the closing quote, which must come before the line ends. */
function quoted(line: string, open: number, close: string, style: NameStyle): NameRead | undefined {
  const end = line.indexOf(close, open + 1);
  if (end < 0) return undefined;
  const inner = line.slice(open + 1, end);
  const start = open + 1 + (inner.length - inner.trimStart().length);
  const text = inner.trim();
  return text && /^[\p{L}\p{N}]/u.test(text) ? { style, start, end: start + text.length, text, rest: text } : undefined;
}

/**
 * A name from `start` to where it ends: the first `,`, `;`, `|`, `<br>`, sentence end (`. ` or
 * a final `.`), emphasis marker, next ID or line end, or a `)` closing a parenthesis opened
 * before the name (`inParen`: the name's own). Parentheses inside the name are its own.
 */
function clause(line: string, start: number, style: NameStyle, inParen: boolean): NameRead | undefined {
  const limit = Math.min(line.length, start + MAX_REST);
  const ahead = line.slice(start, limit);
  let depth = 0;
  // Only the characters that may end a name are looked at (a character loop runs unoptimised in a short run);
  // the first is also looked at with what comes before it.
  let end = start > 0 && isSpaceOrParen(line.charCodeAt(start - 1)) && startsIdOrDash(line, start) ? start : limit;
  NAME_STOP.lastIndex = 0;
  // Each stop is one character: `test` finds it (it ends at `lastIndex`) without a match array.
  while (end !== start && NAME_STOP.test(ahead)) {
    const at = start + NAME_STOP.lastIndex - 1;
    const ch = ahead[NAME_STOP.lastIndex - 1];
    if (ch === '(') depth++;
    else if (ch === ')' ? depth-- === 0 : endsNameAt(line, at, ch, limit)) {
      end = at;
      break;
    }
  }
  // `(Name, more)` ends at the comma; a parenthesis never closed holds no name.
  if (inParen && line.indexOf(')', end) < 0) return undefined;
  const raw = line.slice(start, end);
  const text = raw.replace(/[\s:!?(\u2013\u2014-]+$/, '');
  if (!text || !/^[\p{L}\p{N}"'\u2018\u201C\u00AB]/u.test(text)) return undefined;
  const lineEnd = REST_END.exec(ahead);
  const rest = (lineEnd ? ahead.slice(0, lineEnd.index) : ahead).trimEnd();
  return { style, start, end: start + text.length, text, rest };
}

/**
 * What may end a name (see {@link clause}): its punctuation, and after white space or `(` a
 * character an ID or a dash starts with.
 */
const NAME_STOP = /[,;|\n\r*().<_]|(?<=[\s(])[TPCIAMFD\-\u2013\u2014]/g;

/** Whether `ch`, a {@link NAME_STOP} other than a parenthesis at `at`, ends the name there. */
function endsNameAt(line: string, at: number, ch: string, limit: number): boolean {
  switch (ch) {
    case ',':
    case ';':
    case '|':
    case '\n':
    case '\r':
    case '*':
      return true;
    case '.':
      return at + 1 >= limit || /\s/.test(line[at + 1]);
    case '_':
      return !/[\p{L}\p{N}]/u.test(line[at + 1] ?? '');
    case '<':
      return /^<br\s*\/?>/i.test(line.slice(at, at + 6));
    default:
      // After white space or `(`: the next ID ends a name, so none starts with one (`T0001 – T0005` is a range).
      return startsIdOrDash(line, at);
  }
}

/** An ID or a dash and a space at `at`. */
function startsIdOrDash(line: string, at: number): boolean {
  return ID_AHEAD.test(line.slice(at, at + 12)) || /^[-\u2013\u2014] /.test(line.slice(at, at + 2));
}

/** Where a name's line ends: a line break or `<br>`. */
const REST_END = /\r?\n|\r|<br\s*\/?>/i;

/** `(` or what `\s` matches in a regular expression, by code. */
function isSpaceOrParen(code: number): boolean {
  if (code === 0x28 /* ( */ || code === 0x20 || (code >= 0x09 && code <= 0x0d)) return true;
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/**
 * A table row's cells around an ID that is alone in its cell (plain, bold or italic): the next
 * cell's text as a `cell` name, and the column number of that cell (0 for the first cell).
 * `lineStart`, `tokenStart`, `tokenEnd` are offsets in `text`.
 */
export function readCellName(text: string, lineStart: number, tokenStart: number, tokenEnd: number): (NameRead & { column: number }) | undefined {
  const lineEnd = endOfLine(text, tokenEnd);
  const line = text.slice(lineStart, lineEnd);
  if (!/^[ \t]*\|/.test(line)) return undefined;
  const pipes: number[] = [];
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '|') pipes.push(lineStart + i);
  }
  const before = pipes.filter((p) => p < tokenStart);
  const open = before.at(-1);
  const closeAt = pipes.findIndex((p) => p >= tokenEnd);
  if (open === undefined || closeAt < 0) return undefined;
  const close = pipes[closeAt];
  const markup = /^[\s*_]*$/;
  if (!markup.test(text.slice(open + 1, tokenStart)) || !markup.test(text.slice(tokenEnd, close))) return undefined;
  const cellEnd = pipes[closeAt + 1] ?? lineEnd;
  const raw = text.slice(close + 1, cellEnd).split(/<br\s*\/?>/i, 1)[0];
  let start = close + 1 + (raw.length - raw.trimStart().length);
  let inner = raw.trim();
  const emphasis = /^[*_]{1,3}/.exec(inner)?.[0];
  if (emphasis) {
    if (!inner.endsWith(emphasis) || inner.length <= 2 * emphasis.length) return undefined;
    inner = inner.slice(emphasis.length, -emphasis.length);
    start += emphasis.length;
  }
  // Links, code and markup in the cell: not a plain name.
  if (!inner || /[[`<]/.test(inner) || !/^[\p{L}\p{N}]/u.test(inner)) return undefined;
  const trimmed = inner.replace(/[\s.:]+$/, '');
  return { style: 'cell', start, end: start + trimmed.length, text: trimmed, rest: trimmed, column: before.length };
}

/** The end of the line holding `from`, looked for over at most 4096 characters (rows are short). */
function endOfLine(text: string, from: number): number {
  const n = text.slice(from, from + 4096).indexOf('\n');
  const end = n < 0 ? Math.min(text.length, from + 4096) : from + n;
  return text[end - 1] === '\r' ? end - 1 : end;
}
