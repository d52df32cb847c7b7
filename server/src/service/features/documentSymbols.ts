import { DocumentSymbol, Range, SymbolKind } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { findIncidentTitle, findMarkerLine, incidentTitleOf, scanLineSteps, SourceLine } from '../markdown/pageLayout';
import { already, runToEnd, STEP, Steps } from '../markdown/steps';
import { firstCell, MarkdownTable, tableAt } from '../markdown/tables';

const SUMMARY = /^\s*[*+-]\s+\*\*Summary:?\*\*/;

/**
 * The outline of an incident page (first line `# Incident I00001: Title`): the title over the
 * generated part, with the summary, the references table and the techniques table (one child
 * per technique row, named as written) as children; then "Notes" for any text below the
 * generator's marker line. A sibling, not a child, because it lies outside the title's range.
 *
 * Other markdown gets no symbols: VS Code's markdown extension already outlines headings, and
 * VS Code lists every provider's symbols as a group of its own, so a heading outline from here
 * would show each heading twice. Note headings are left out for the same reason.
 */
export function computeDocumentSymbols(document: TextDocument, lines?: readonly SourceLine[]): DocumentSymbol[] {
  return runToEnd(documentSymbolSteps(document, () => (lines ? already(lines) : scanLineSteps(document.getText()))));
}

/** {@link computeDocumentSymbols} in steps (see `steps.ts`); `lineSteps` reads the document's lines, only for an incident page. */
export function* documentSymbolSteps(document: TextDocument, lineSteps: () => Steps<readonly SourceLine[]>): Steps<DocumentSymbol[]> {
  // Only an incident page has an outline: its first line says so before any other is read.
  if (!incidentTitleOf(document.getText())) return [];
  const lines = yield* lineSteps();
  const title = findIncidentTitle(lines);
  if (!title) return [];
  const marker = findMarkerLine(lines);
  const lastGenerated = lines[(marker ?? lines.length) - 1] ?? lines[0];
  const symbols: DocumentSymbol[] = [
    {
      name: title.heading,
      kind: SymbolKind.File,
      range: span(lines[0], lastGenerated),
      selectionRange: span(lines[0], lines[0]),
      children: yield* sections(lines, lastGenerated.line),
    },
  ];
  const notes = marker === undefined ? undefined : notesSymbol(lines, marker);
  if (notes) symbols.push(notes);
  return symbols;
}

/** Summary and tables between the title line and `last`, in document order. */
function* sections(lines: readonly SourceLine[], last: number): Steps<DocumentSymbol[]> {
  const found: DocumentSymbol[] = [];
  for (let i = 1, step = 0; i <= last; i++) {
    if (++step % STEP === 0) yield;
    const line = lines[i];
    if (line.inCode) continue;
    if (SUMMARY.test(line.text)) {
      const end = paragraphEnd(lines, i, last);
      found.push({ name: 'Summary', kind: SymbolKind.String, range: span(line, end), selectionRange: span(line, line) });
      i = end.line;
      continue;
    }
    const table = tableAt(lines, i);
    if (!table) continue;
    const symbol = tableSymbol(table);
    if (symbol) found.push(symbol);
    i = Math.min(table.last.line, last);
  }
  return found;
}

/** The references table, or the techniques table with a child per row; `undefined` for other tables. */
function tableSymbol(table: MarkdownTable): DocumentSymbol | undefined {
  const heading = (table.headerCells[0] ?? '').toLowerCase();
  const range = span(table.header, table.last);
  const selectionRange = span(table.header, table.header);
  if (heading === 'reference' || heading === 'references') {
    return { name: 'References', detail: count(table.rows.length, 'reference'), kind: SymbolKind.Array, range, selectionRange };
  }
  if (heading !== 'technique' && heading !== 'techniques') return undefined;
  const children = table.rows.map(techniqueRow).filter((row): row is DocumentSymbol => row !== undefined);
  return { name: 'Techniques', detail: count(children.length, 'technique'), kind: SymbolKind.Array, range, selectionRange, children };
}

/** A techniques table row, named by its first cell's link text (or the cell's text when it is no link). */
function techniqueRow(row: SourceLine): DocumentSymbol | undefined {
  const cell = firstCell(row.text);
  if (!cell || !cell.text) return undefined;
  const link = /^\[([^\]]*)\]\(.*\)$/.exec(cell.text);
  const label = link ? link[1].trim() : cell.text;
  if (!label) return undefined;
  const labelStart = link ? cell.start + 1 + (link[1].length - link[1].trimStart().length) : cell.start;
  return {
    name: label,
    kind: SymbolKind.Class,
    range: span(row, row),
    selectionRange: Range.create(row.line, labelStart, row.line, labelStart + label.length),
  };
}

/** "Notes": the marker line to the end, when anything but white space follows the marker. */
function notesSymbol(lines: readonly SourceLine[], marker: number): DocumentSymbol | undefined {
  let i = marker + 1;
  while (i < lines.length && !lines[i].text.trim()) i++;
  if (i === lines.length) return undefined;
  return { name: 'Notes', kind: SymbolKind.String, range: span(lines[marker], lines[lines.length - 1]), selectionRange: span(lines[marker], lines[marker]) };
}

/** The last line of the paragraph or list item starting at `from`, not past `last`. */
function paragraphEnd(lines: readonly SourceLine[], from: number, last: number): SourceLine {
  let end = from;
  while (end < last && lines[end + 1].text.trim() && !/^\s*([*+-]\s|\|)/.test(lines[end + 1].text)) end++;
  return lines[end];
}

function span(first: SourceLine, last: SourceLine): Range {
  return Range.create(first.line, 0, last.line, last.text.length);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
