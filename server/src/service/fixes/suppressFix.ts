/** The quick fix that silences one finding with a suppression comment (see `suppression.ts`). */
import { OffsetEdit } from '../markdown/edits';
import type { Fix } from './fixTypes';
import { scanLines, SourceLine } from '../markdown/pageLayout';
import { tableAtLine } from '../markdown/tables';

const NEXT_LINE = /^([ \t]*(?:>[ \t]?)*)<!--\s*disarm-disable-next-line\s+([^>]*?)\s*-->[ \t]*$/;

/**
 * A comment line above the finding's line, with that line's indentation and block-quote markers
 * so it stays in the same container. In a table a comment line would end the table (an HTML
 * block interrupts it in GFM renderers) and orphan the rows below, so there the whole table is
 * wrapped in `disarm-disable` / `disarm-enable` for the code instead: wider, but the table
 * renders as before. A `disarm-disable-next-line` comment already above the line gets the code added.
 */
export function suppressionFix(text: string, line: number, code: string, lines: readonly SourceLine[] = scanLines(text)): Fix | undefined {
  const target = lines[line];
  if (!target) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const table = tableAtLine(text, line, lines);
  if (table) {
    const indent = /^[ \t]*/.exec(text.slice(table.header.start, table.header.end))?.[0] ?? '';
    const edits: OffsetEdit[] = [
      { start: table.header.start, end: table.header.start, newText: `${indent}<!-- disarm-disable ${code} -->${eol}` },
      { start: table.last.end, end: table.last.end, newText: `${eol}${indent}<!-- disarm-enable ${code} -->` },
    ];
    return { title: `Suppress ${code} in this table`, edits, preferred: false };
  }
  const previous = lines[line - 1];
  const existing = previous && NEXT_LINE.exec(text.slice(previous.start, previous.end));
  if (existing) {
    // Keep a free reason (`-- why`) after the codes; a comment without codes already silences all.
    const reasonAt = existing[2].search(/(^|\s)--(\s|$)/);
    const list = reasonAt < 0 ? existing[2] : existing[2].slice(0, reasonAt);
    const reason = reasonAt < 0 ? '' : existing[2].slice(reasonAt);
    const codes = list.split(/[\s,]+/).filter(Boolean);
    if (codes.length === 0 || codes.includes(code)) return undefined;
    const comment = `${existing[1]}<!-- disarm-disable-next-line ${[...codes, code].join(', ')}${reason ? ` ${reason.trim()}` : ''} -->`;
    return { title: `Suppress ${code} on this line`, edits: [{ start: previous.start, end: previous.end, newText: comment }], preferred: false };
  }
  const prefix = /^[ \t]*(?:>[ \t]?)*/.exec(text.slice(target.start, target.end))?.[0] ?? '';
  return {
    title: `Suppress ${code} on this line`,
    edits: [{ start: target.start, end: target.start, newText: `${prefix}<!-- disarm-disable-next-line ${code} -->${eol}` }],
    preferred: false,
  };
}
