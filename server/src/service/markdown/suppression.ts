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

/** Answers for the directives of a parsed document (sorted by line). */
export function suppressions(directives: readonly Directive[]): Suppressions {
  return { directives, isSuppressed: (code, line) => isSuppressed(directives, code, line) };
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
