/**
 * Suppression comments, for findings a person has judged:
 * `<!-- disarm-disable-next-line CODE[, CODE] -->` silences the line after the comment;
 * `<!-- disarm-disable CODE -->` … `<!-- disarm-enable CODE -->` silences the lines between.
 * Without codes a comment applies to every code; text after ` -- ` is a free reason.
 */
import type { Nodes, Parent } from 'mdast';
import { splitBlocks } from './blocks';
import { parseMarkdown } from './document';

export type DirectiveKind = 'disable-next-line' | 'disable' | 'enable';

/** One suppression comment; `line` is the 0-based line on which the comment ends. */
export interface Directive {
  readonly kind: DirectiveKind;
  /** `undefined`: every code. */
  readonly codes?: ReadonlySet<string>;
  readonly line: number;
}

/** Answers whether a finding of `code` that starts on `line` is silenced. */
export interface Suppressions {
  readonly directives: readonly Directive[];
  isSuppressed(code: string, line: number): boolean;
}

const MARKER = 'disarm-';
const COMMENT = /<!--([\s\S]*?)-->/g;
const DIRECTIVE = /^\s*disarm-(disable-next-line|disable|enable)(?:\s+([\s\S]*?))?\s*$/;

/**
 * The suppression comments of a text. Only real HTML comments count: the text is parsed as
 * markdown (only the runs of blocks that mention `disarm-`), so a comment shown in fenced or
 * indented code, or in inline code, silences nothing.
 */
export function findSuppressions(text: string): Suppressions {
  const directives: Directive[] = [];
  if (text.includes(MARKER)) {
    const lineStarts = lineStartsOf(text);
    for (const [start, end] of splitBlocks(text)) {
      const run = text.slice(start, end);
      if (run.includes(MARKER)) collect(parseMarkdown(run), run, start, lineStarts, directives);
    }
  }
  return { directives, isSuppressed: (code, line) => isSuppressed(directives, code, line) };
}

function collect(node: Nodes, run: string, base: number, lineStarts: readonly number[], out: Directive[]): void {
  if (node.type === 'html') {
    const from = node.position?.start.offset;
    const to = node.position?.end.offset;
    if (from === undefined || to === undefined) return;
    // Read the source rather than `node.value`: offsets must map back to document lines.
    for (const comment of run.slice(from, to).matchAll(COMMENT)) {
      const directive = parseDirective(comment[1]);
      if (directive) out.push({ ...directive, line: lineOf(lineStarts, base + from + comment.index + comment[0].length - 1) });
    }
    return;
  }
  if ('children' in node) for (const child of (node as Parent).children) collect(child as Nodes, run, base, lineStarts, out);
}

/** The directive in the body of a comment (between `<!--` and `-->`), if it is one. */
export function parseDirective(body: string): Omit<Directive, 'line'> | undefined {
  const match = DIRECTIVE.exec(body);
  if (!match) return undefined;
  const list = (match[2] ?? '').split(/\s--\s|^--\s|\s--$/)[0];
  const codes = list.split(/[\s,]+/).filter(Boolean);
  return { kind: match[1] as DirectiveKind, codes: codes.length ? new Set(codes) : undefined };
}

/** Directives take effect on the lines after their own; the last one that applies wins. */
function isSuppressed(directives: readonly Directive[], code: string, line: number): boolean {
  let disabled = false;
  for (const directive of directives) {
    if (directive.line >= line) break;
    if (directive.codes && !directive.codes.has(code)) continue;
    if (directive.kind === 'disable-next-line') {
      if (directive.line === line - 1) return true;
    } else {
      disabled = directive.kind === 'disable';
    }
  }
  return disabled;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

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
