/**
 * A fast reader for the markdown most incident pages are made of: paragraphs, headings, lists,
 * quotes and pipe tables whose inline content is text, inline links with plain destinations
 * (`[T0146.007 Name](../techniques/T0146.007.md)`) and bare tags (`<br>`, `<i>`, `</i>`).
 * For such a run it gives the inline tree the reference scan reads, as micromark would; for
 * anything else (code, HTML blocks, tags with attributes, escapes, images, definitions,
 * indented lines, titles or parentheses in destinations) it declines and the caller parses.
 *
 * Only what the reference scan depends on is exact: the text, link and HTML nodes and their
 * offsets within a line. Block structure is not modelled: IDs, names and URLs never cross a line
 * end, and every block container marker ends in a space or `>`, which no token can follow.
 *
 * `parseHtmlBlockRun` is the other fast case: a run that is one HTML block of the kind a blank
 * line ends (`<table>` … as the framework's index pages are made), which micromark reads slowly
 * (super-linearly in the block's length) only to find that nothing in it is prose.
 */
import { htmlBlockNames } from 'micromark-util-html-tag-name';

/** What the reference scan reads of an mdast node: its type, source offsets and children. */
export interface InlineNode {
  readonly type: string;
  readonly position?: { readonly start: { readonly offset?: number }; readonly end: { readonly offset?: number } };
  readonly children?: readonly InlineNode[];
}

/**
 * Constructs this reader leaves to the parser, each a reason a run may not be plain:
 * code spans and fences, escapes, control characters and lone carriage returns; images;
 * possible link reference definitions; a line that starts (after container markers) with `<`
 * (an HTML block) or with four spaces or a tab (indented code); an ATX heading's closing `#`s.
 * An HTML comment closed on its own line is read (see {@link commentEnd}): a note with a
 * suppression comment above each finding is otherwise all micromark's.
 * White space at a line's end is no reason: a text node may or may not end before it, but it
 * holds no token and a written name's rest is trimmed.
 */
const CONTROL = /[\0-\x08\x0b\x0c\x0e-\x1f]/;
const LONE_CR = /\r(?!\n)/;
const BLOCK_START = /^[ >*+\-\d.)]*(?:<(?!!--)| {4}|\t)/m;
const CLOSING_HASHES = /#[ \t]*\r?$/m;

/**
 * Whether `run` holds one of those constructs. Substrings are looked for first: a search for a
 * fixed string runs at memory speed, a character class or an alternation over the whole run does
 * not, and each pattern runs only where a character it needs is there.
 */
function holdsNonPlain(run: string): boolean {
  if (run.includes('`') || run.includes('\\') || run.includes('~~~') || run.includes('![') || run.includes(']:')) return true;
  if (run.includes('\r') && LONE_CR.test(run)) return true;
  if ((run.includes('<') || run.includes('\t') || run.includes('    ')) && BLOCK_START.test(run)) return true;
  if (run.includes('#') && CLOSING_HASHES.test(run)) return true;
  return CONTROL.test(run);
}

/** An inline link with a plain destination, from its `](`: no spaces, title, brackets, parentheses or `<`. */
const PLAIN_DESTINATION = /\(([^\s()<>[\]]*)\)/y;
/** A tag without attributes (`<br>`, `<br />`, `<i>`, `</i>`), which micromark reads as inline HTML. */
const BARE_TAG = /<(?:[A-Za-z][A-Za-z0-9-]*[ \t]*\/?|\/[A-Za-z][A-Za-z0-9-]*[ \t]*)>/y;

/**
 * The characters the reader acts on; the rest is text. Found by the regular expression engine
 * rather than a loop over every character: a short CLI run is over before a loop is optimised.
 * Each match is one character, so `test` finds it (it ends at `lastIndex`) without the match
 * array `exec` makes.
 */
const SPECIAL = /[\n<[\]]/g;

/** The inline tree of `run` when it is plain markdown (see above), else `undefined`. */
export function parsePlainRun(run: string): InlineNode | undefined {
  if (holdsNonPlain(run)) return undefined;
  const tags: Array<readonly [number, number]> = [];
  const links: Array<readonly [number, number, number]> = [];
  /** Offsets of the `[` still open. */
  const openers: number[] = [];
  let lineStart = 0;
  SPECIAL.lastIndex = 0;
  while (SPECIAL.test(run)) {
    const i = SPECIAL.lastIndex - 1;
    const ch = run.charCodeAt(i);
    if (ch === 0x0a /* line feed */) {
      lineStart = i + 1;
    } else if (ch === 0x3c /* < */) {
      const comment = commentEnd(run, i, lineStart);
      if (comment !== undefined) {
        tags.push([i, comment]);
        SPECIAL.lastIndex = comment;
        continue;
      }
      BARE_TAG.lastIndex = i;
      if (!BARE_TAG.test(run)) return undefined;
      tags.push([i, BARE_TAG.lastIndex]);
      SPECIAL.lastIndex = BARE_TAG.lastIndex;
    } else if (ch === 0x5b /* [ */) {
      openers.push(i);
    } else {
      // `]`: CommonMark's look for link or image: the nearest opener; without one the bracket is text.
      const opener = openers.pop();
      if (opener === undefined || run.charCodeAt(i + 1) !== 0x28 /* ( */) continue;
      PLAIN_DESTINATION.lastIndex = i + 1;
      // A destination of another shape, or a link text over lines (perhaps over blocks), is the parser's.
      if (!PLAIN_DESTINATION.test(run) || opener < lineStart) return undefined;
      links.push([opener, i, PLAIN_DESTINATION.lastIndex]);
      // Every earlier opener is now inactive and would only turn its `]` into text: drop them.
      openers.length = 0;
      SPECIAL.lastIndex = PLAIN_DESTINATION.lastIndex;
    }
  }
  return { type: 'root', children: inlineNodes(run.length, tags, links) };
}

/**
 * The end of the html node of an HTML comment at `at` that closes on its own line, or
 * `undefined` for anything else. At a line's start (up to three spaces) it is an HTML block
 * (CommonMark's condition 2), which takes the whole line whatever follows the `-->`. Elsewhere it
 * is inline HTML, taken only when the comment is one that every version of the spec reads alike
 * (no `--` inside, no `>` or `->` first, no `-` last), and, after what may be a list or quote
 * marker (where it may be a block again), only when nothing follows it.
 */
function commentEnd(run: string, at: number, lineStart: number): number | undefined {
  if (!run.startsWith('<!--', at)) return undefined;
  const newline = run.indexOf('\n', at);
  const lineEnd = newline < 0 ? run.length : run.charCodeAt(newline - 1) === 0x0d /* \r */ ? newline - 1 : newline;
  const close = run.indexOf('-->', at + 4);
  if (close < 0 || close + 3 > lineEnd) return undefined;
  const before = run.slice(lineStart, at);
  if (/^ {0,3}$/.test(before)) return lineEnd;
  const inside = run.slice(at + 4, close);
  if (inside.startsWith('>') || inside.startsWith('->') || inside.endsWith('-') || inside.includes('--')) return undefined;
  if (/^[ >*+\-\d.)]*$/.test(before) && run.slice(close + 3, lineEnd).trim()) return undefined;
  return close + 3;
}

/** Text, HTML and link nodes covering the run, as mdast splits them; links hold their label's nodes. */
function inlineNodes(
  length: number,
  tags: ReadonlyArray<readonly [number, number]>,
  links: ReadonlyArray<readonly [number, number, number]>,
): InlineNode[] {
  let tag = 0;
  /** Adds the nodes of `[start, end)`, which holds no link, and the tags in it, to `nodes`. */
  const flat = (start: number, end: number, nodes: InlineNode[]): InlineNode[] => {
    let at = start;
    for (; tag < tags.length && tags[tag][0] < end; tag++) {
      const tagStart = tags[tag][0];
      const tagEnd = tags[tag][1];
      if (tagStart > at) nodes.push(node('text', at, tagStart));
      nodes.push(node('html', tagStart, tagEnd));
      at = tagEnd;
    }
    if (end > at) nodes.push(node('text', at, end));
    return nodes;
  };
  const nodes: InlineNode[] = [];
  let at = 0;
  for (let i = 0; i < links.length; i++) {
    const open = links[i][0];
    const close = links[i][1];
    const linkEnd = links[i][2];
    flat(at, open, nodes);
    nodes.push({ ...node('link', open, linkEnd), children: flat(open + 1, close, []) });
    at = linkEnd;
  }
  return flat(at, length, nodes);
}

function node(type: string, start: number, end: number): InlineNode {
  return { type, position: { start: { offset: start }, end: { offset: end } } };
}

/**
 * The start of an HTML block that ends at a blank line (CommonMark's condition 6): at most three
 * spaces, then `<` or `</` and one of micromark's own block tag names, then white space, `>`,
 * `/>` or the line's end.
 */
const HTML_BLOCK_OPEN = new RegExp(`^ {0,3}</?(?:${htmlBlockNames.join('|')})(?:[ \\t\\r\\n>]|/>|$)`, 'i');
/** The first blank line: a line ending, spaces or tabs only, then another line ending or the end. */
const BLANK_LINE = /(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r|\n|$)/;

/**
 * The tree of `run` when it is one HTML block that a blank line ends (see above): a single
 * `html` node from the run's start to the end of its last line before the blank line, as
 * micromark gives it. `undefined` when the run is anything else or holds more after the blank
 * line (which may then be indented code).
 */
export function parseHtmlBlockRun(run: string): InlineNode | undefined {
  if (!HTML_BLOCK_OPEN.test(run)) return undefined;
  const blank = BLANK_LINE.exec(run);
  const end = blank ? blank.index : run.length;
  if (blank && !/^[ \t\r\n]*$/.test(run.slice(end))) return undefined;
  return { type: 'root', children: [node('html', 0, end)] };
}
