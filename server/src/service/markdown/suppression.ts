/**
 * Suppression comments, for findings a person has judged:
 * `<!-- disarm-disable-next-line CODE[, CODE] -->` silences the line after the comment;
 * `<!-- disarm-disable CODE -->` … `<!-- disarm-enable CODE -->` silences the lines between.
 * Without codes a comment applies to every code; text after ` -- ` is a free reason.
 */
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

/** What every suppression comment holds: runs without it need no look for comments. */
export const SUPPRESSION_MARKER = 'disarm-';
const COMMENT = /<!--([\s\S]*?)-->/g;
const DIRECTIVE = /^\s*disarm-(disable-next-line|disable|enable)(?:\s+([\s\S]*?))?\s*$/;

/**
 * The directives of the HTML comments in `html`, the source of one HTML node of the parsed
 * document (`parseDisarmDocument` collects them, so a comment shown in code silences nothing),
 * each with the offset just past its end.
 */
export function directivesInHtml(html: string): Array<Omit<Directive, 'line'> & { end: number }> {
  const found: Array<Omit<Directive, 'line'> & { end: number }> = [];
  if (!html.includes(SUPPRESSION_MARKER)) return found;
  for (const comment of html.matchAll(COMMENT)) {
    const directive = parseDirective(comment[1]);
    if (directive) found.push({ ...directive, end: comment.index + comment[0].length });
  }
  return found;
}

/**
 * Answers for the directives of a parsed document (sorted by line), each question by binary
 * search: the directives are sorted once into a list per code (plus one for the comments that name
 * no code), so a document with many comments and many findings costs (findings x log comments).
 */
export function suppressions(directives: readonly Directive[]): Suppressions {
  const ranges = new Map<string | undefined, Switch[]>();
  const nextLine = new Map<number, { all: boolean; codes: Set<string> }>();
  directives.forEach((directive, order) => {
    if (directive.kind === 'disable-next-line') {
      let silenced = nextLine.get(directive.line + 1);
      if (!silenced) nextLine.set(directive.line + 1, (silenced = { all: false, codes: new Set() }));
      if (!directive.codes) silenced.all = true;
      else for (const code of directive.codes) silenced.codes.add(code);
      return;
    }
    const change: Switch = { line: directive.line, order, disabled: directive.kind === 'disable' };
    for (const code of directive.codes ?? [undefined]) {
      let list = ranges.get(code);
      if (!list) ranges.set(code, (list = []));
      list.push(change);
    }
  });
  return {
    directives,
    isSuppressed: (code, line) => {
      const silenced = nextLine.get(line);
      if (silenced && (silenced.all || silenced.codes.has(code))) return true;
      // The last disable or enable before the line that applies to the code wins: its own or a code-less one.
      const own = lastBefore(ranges.get(code), line);
      const any = lastBefore(ranges.get(undefined), line);
      const last = !own ? any : !any ? own : own.order > any.order ? own : any;
      return last?.disabled ?? false;
    },
  };
}

/** A `disable` or `enable` comment, in a per-code list sorted by line; `order` is its place in the document. */
interface Switch {
  readonly line: number;
  readonly order: number;
  readonly disabled: boolean;
}

/** The last switch on a line before `line`, by binary search. */
function lastBefore(list: readonly Switch[] | undefined, line: number): Switch | undefined {
  if (!list) return undefined;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].line < line) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? list[lo - 1] : undefined;
}

/** The directive in the body of a comment (between `<!--` and `-->`), if it is one. */
export function parseDirective(body: string): Omit<Directive, 'line'> | undefined {
  const match = DIRECTIVE.exec(body);
  if (!match) return undefined;
  const list = (match[2] ?? '').split(/\s--\s|^--\s|\s--$/)[0];
  const codes = list.split(/[\s,]+/).filter(Boolean);
  return { kind: match[1] as DirectiveKind, codes: codes.length ? new Set(codes) : undefined };
}
