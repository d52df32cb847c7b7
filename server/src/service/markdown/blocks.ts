/**
 * Splits markdown into runs of blocks that parse the same alone as in the whole document, so that
 * runs without any ID-like token need not be parsed at all.
 *
 * A split is made only at a blank line that cannot be inside a construct spanning blank lines:
 * fenced code and the HTML blocks that end on a marker (`<pre>`, `<script>`, `<style>`,
 * `<textarea>`, comments, processing instructions, declarations, CDATA), and never before an
 * indented line, which may continue a list item or an indented code block. Openers are matched
 * loosely (any indentation, inside quotes or list items): a false opener only means fewer
 * splits, never a wrong one.
 */
import { forwardSearch, foundWithin } from './text';

const FENCE_OPEN = /^[\s>*+\-\d.)]*?(`{3,}|~{3,})/;
const HTML_OPEN: ReadonlyArray<readonly [RegExp, RegExp]> = [
  [/^[\s>*+\-\d.)]*<(?:script|pre|style|textarea)(?:\s|>|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^[\s>*+\-\d.)]*<!--/, /-->/],
  [/^[\s>*+\-\d.)]*<\?/, /\?>/],
  [/^[\s>*+\-\d.)]*<![A-Za-z]/, />/],
  [/^[\s>*+\-\d.)]*<!\[CDATA\[/, /\]\]>/],
];

/** Start and end offsets of independent runs of blocks, covering the whole text in order. */
export function splitBlocks(text: string): Array<readonly [number, number]> {
  const runs: Array<readonly [number, number]> = [];
  let runStart = 0;
  let fence: string | undefined;
  let htmlEnd: RegExp | undefined;
  let afterBlank = false;
  // Most lines are looked at without being cut out of the text: only the lines of fences and
  // HTML, and the lines that may open them, are.
  const ticks = forwardSearch((from) => text.indexOf('```', from));
  const tildes = forwardSearch((from) => text.indexOf('~~~', from));
  const angles = forwardSearch((from) => text.indexOf('<', from));
  for (let lineStart = 0; lineStart < text.length; ) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline + 1;
    if (fence) {
      if (text.slice(lineStart, lineEnd).trimStart().replace(/^[>\s]*/, '').startsWith(fence)) fence = undefined;
    } else if (htmlEnd) {
      if (htmlEnd.test(text.slice(lineStart, lineEnd))) htmlEnd = undefined;
    } else if (blankAt(text, lineStart)) {
      afterBlank = true;
    } else {
      const indented = text.startsWith('    ', lineStart) || text.charCodeAt(lineStart) === 0x09; /* tab */
      if (afterBlank && !indented && lineStart > runStart) {
        runs.push([runStart, lineStart]);
        runStart = lineStart;
      }
      afterBlank = false;
      // Cheap first: every opener holds a fence's three marks or a `<`.
      const open = foundWithin(ticks, lineStart, lineEnd) || foundWithin(tildes, lineStart, lineEnd) ? FENCE_OPEN.exec(text.slice(lineStart, lineEnd)) : null;
      if (open) {
        fence = open[1][0].repeat(open[1].length);
      } else if (foundWithin(angles, lineStart, lineEnd)) {
        const line = text.slice(lineStart, lineEnd);
        const html = HTML_OPEN.find(([start]) => start.test(line));
        if (html && !html[1].test(line.slice(line.indexOf('<') + 2))) htmlEnd = html[1];
      }
    }
    lineStart = lineEnd;
  }
  if (runStart < text.length) runs.push([runStart, text.length]);
  return runs;
}

/** Whether the line at `lineStart` is white space only: `/^\s*$/` over the line, without cutting it out. */
function blankAt(text: string, lineStart: number): boolean {
  BLANK.lastIndex = lineStart;
  return BLANK.test(text);
}

const BLANK = /[^\S\n]*(?:\n|$)/y;
