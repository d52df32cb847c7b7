/**
 * The line structure of DISARM's generated pages: the generator's marker line and the incident
 * title line, read from the text line by line (tables: `tables.ts`). Lines inside fenced code
 * are marked so that a marker or table quoted in a code block is never taken as structure.
 */
import { runToEnd, STEP, Steps } from './steps';

/** The line the page generator writes between its output and the analysts' notes. */
export const GENERATED_MARKER = 'DO NOT EDIT ABOVE THIS LINE - PLEASE ADD NOTES BELOW';

/** One line of a document. */
export interface SourceLine {
  /** Zero-based line number. */
  readonly line: number;
  /** Offset of the line's first character in the text. */
  readonly start: number;
  /** Offset of the line's end, before its line break. */
  readonly end: number;
  /** The line without its line break (`\n`, `\r\n` or `\r`). */
  readonly text: string;
  /** In fenced code, the fence lines included. */
  readonly inCode: boolean;
}

/** A fence may open inside a block quote or a list item; matched loosely, as in `blocks.ts`. */
const FENCE_OPEN = /^[ \t>]*(?:(?:[*+-]|\d+[.)])[ \t]+)?(`{3,}|~{3,})(.*)$/;

/** Splits a document into lines, marking those in fenced code. */
export function scanLines(text: string): SourceLine[] {
  return runToEnd(scanLineSteps(text));
}

/**
 * {@link scanLines} in steps (see `steps.ts`): a 20 MB note has hundreds of thousands of lines,
 * seconds of reading on a thread that must also answer the other documents' requests.
 */
export function* scanLineSteps(text: string): Steps<SourceLine[]> {
  const lines: SourceLine[] = [];
  let fence: string | undefined;
  // Line breaks as TextDocument and LSP count them: \r\n, \n and a lone \r.
  const BREAK = /\r\n?|\n/g;
  for (let start = 0, line = 0; start <= text.length; line++) {
    if (line % STEP === STEP - 1) yield;
    const found = BREAK.exec(text);
    const end = found ? found.index : text.length;
    const lineText = text.slice(start, end);
    const lineStart = start;
    start = found ? BREAK.lastIndex : text.length + 1;
    // Most lines hold no fence characters at all: no expression runs for them.
    const mayFence = lineText.includes('``') || lineText.includes('~~');
    if (fence) {
      const close = mayFence ? /^[ \t>]*(`{3,}|~{3,})[ \t]*$/.exec(lineText)?.[1] : undefined;
      if (close && close[0] === fence[0] && close.length >= fence.length) fence = undefined;
      lines.push({ line, start: lineStart, end, text: lineText, inCode: true });
      continue;
    }
    const open = mayFence ? FENCE_OPEN.exec(lineText) : null;
    // A backtick fence's info string cannot hold a backtick: `` ```a` `` is inline code, not a fence.
    if (open && !(open[1][0] === '`' && open[2].includes('`'))) fence = open[1];
    lines.push({ line, start: lineStart, end, text: lineText, inCode: fence !== undefined });
  }
  return lines;
}

/** The line number of the generator's marker, outside code, if the document has one. */
export function findMarkerLine(lines: readonly SourceLine[]): number | undefined {
  return lines.find((l) => !l.inCode && l.text.trim() === GENERATED_MARKER)?.line;
}

/** The title line of an incident page: `# Incident I00001: Title`. */
export interface IncidentTitle {
  readonly id: string;
  /** The heading text after `# `, as written. */
  readonly heading: string;
  /** The title after the ID and its colon (`Title`). */
  readonly name: string;
}

/** The incident title on the first line, or `undefined` when the document is not an incident page. */
export function findIncidentTitle(lines: readonly Pick<SourceLine, 'text'>[]): IncidentTitle | undefined {
  const first = lines[0]?.text.replace(/^\uFEFF/, '') ?? '';
  const match = /^#[ \t]+(Incident[ \t]+(I\d{5})\b[ \t]*:?[ \t]*(.*))$/.exec(first);
  return match ? { id: match[2], heading: withoutClosingHashes(match[1]), name: withoutClosingHashes(match[3]) } : undefined;
}

/** The incident title of a text, read from its first line only. */
export function incidentTitleOf(text: string): IncidentTitle | undefined {
  const end = text.search(/[\r\n]/);
  return findIncidentTitle([{ text: end < 0 ? text : text.slice(0, end) }]);
}

/** `Title ##` → `Title`, but `C#` stays: a closing sequence follows white space. A loop, not a regex, to stay linear. */
function withoutClosingHashes(heading: string): string {
  const text = heading.trimEnd();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  return end < text.length && /[ \t]/.test(text[end - 1] ?? '') ? text.slice(0, end).trimEnd() : text;
}
