/**
 * Pipe tables found line by line. The parser runs without GFM (see ARCHITECTURE.md), so a table
 * is recognised the way a reader sees it: a header row, a delimiter row, then rows, each line
 * starting with `|`.
 */

/** One line of a table, as offsets into the document text. */
export interface TableLine {
  readonly line: number;
  readonly start: number;
  /** End of the line's text, before its line break. */
  readonly end: number;
}

export interface TableRow extends TableLine {
  /** Offset of the `|` that closes the first cell (or the line end when there is none). */
  readonly firstCellEnd: number;
}

/** A pipe table: its header line, delimiter line and body rows. */
export interface MarkdownTable {
  readonly header: TableLine;
  readonly headerCells: readonly string[];
  readonly rows: readonly TableRow[];
  /** The last line of the table (the last row, or the delimiter when there are no rows). */
  readonly last: TableLine;
}

const ROW = /^[ \t]*\|/;
/**
 * A table's delimiter row: cells of dashes with optional alignment colons. Checked cell by cell,
 * not by one regular expression: nested `[ \t]*` around optional pipes backtracks quadratically
 * on a long line of spaces.
 */
export function isDelimiterRow(line: string): boolean {
  const cells = line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|');
  return cells.every((cell) => /^:?-+:?$/.test(cell.trim()));
}
const TECHNIQUE_HEADER = /^[ \t]*\|[ \t]*Techniques?[ \t]*\|/im;

/** The lines of a text with their offsets. */
export function textLines(text: string): TableLine[] {
  const lines: TableLine[] = [];
  for (let start = 0, line = 0; start <= text.length; line++) {
    const newline = text.indexOf('\n', start);
    const next = newline < 0 ? text.length + 1 : newline + 1;
    const end = newline < 0 ? text.length : newline > start && text[newline - 1] === '\r' ? newline - 1 : newline;
    lines.push({ line, start, end });
    start = next;
  }
  return lines;
}

/** Every pipe table of the text. */
export function findTables(text: string): MarkdownTable[] {
  const lines = textLines(text);
  const tables: MarkdownTable[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const table = tableStartingAt(text, lines, i);
    if (!table) continue;
    tables.push(table);
    i = table.last.line;
  }
  return tables;
}

/** The techniques tables of an incident page: tables whose header's first cell is "Technique". */
export function techniqueTables(text: string): MarkdownTable[] {
  if (!TECHNIQUE_HEADER.test(text)) return [];
  return findTables(text).filter((t) => /^techniques?$/i.test(t.headerCells[0] ?? ''));
}

/** The table that holds line `line`, if any. */
export function tableAtLine(text: string, line: number): MarkdownTable | undefined {
  const lines = textLines(text);
  if (!lines[line] || !ROW.test(slice(text, lines[line]))) return undefined;
  let first = line;
  while (first > 0 && ROW.test(slice(text, lines[first - 1]))) first--;
  const table = tableStartingAt(text, lines, first);
  return table && table.last.line >= line ? table : undefined;
}

function tableStartingAt(text: string, lines: readonly TableLine[], i: number): MarkdownTable | undefined {
  const header = lines[i];
  const delimiter = lines[i + 1];
  if (!delimiter || !ROW.test(slice(text, header)) || !isDelimiterRow(slice(text, delimiter)) || !slice(text, delimiter).includes('-')) return undefined;
  const rows: TableRow[] = [];
  for (let j = i + 2; j < lines.length && ROW.test(slice(text, lines[j])); j++) {
    rows.push({ ...lines[j], firstCellEnd: firstCellEnd(text, lines[j]) });
  }
  const headerCells = slice(text, header).trim().replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim());
  return { header, headerCells, rows, last: rows[rows.length - 1] ?? delimiter };
}

function firstCellEnd(text: string, line: TableLine): number {
  const open = text.indexOf('|', line.start);
  for (let at = open + 1; at < line.end; at++) {
    if (text[at] === '\\') at++;
    else if (text[at] === '|') return at;
  }
  return line.end;
}

function slice(text: string, line: TableLine): string {
  return text.slice(line.start, line.end);
}
