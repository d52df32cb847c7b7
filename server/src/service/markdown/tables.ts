/**
 * Pipe tables found line by line, outside fenced code. The parser runs without GFM (see
 * ARCHITECTURE.md), so a table is recognised the way a reader sees it: a header row, a delimiter
 * row, then rows, each line starting with `|`.
 */
import { scanLines, scanLineSteps, SourceLine } from './pageLayout';
import { already, runToEnd, STEP, Steps } from './steps';

export interface TableRow extends SourceLine {
  /** Offset of the `|` that closes the first cell (or the line end when there is none). */
  readonly firstCellEnd: number;
}

/** A pipe table: its header line, delimiter line and body rows. */
export interface MarkdownTable {
  readonly header: SourceLine;
  /** The header's cells, trimmed (`Technique`, `Description given for this incident`). */
  readonly headerCells: readonly string[];
  readonly rows: readonly TableRow[];
  /** The last line of the table (the last row, or the delimiter when there are no rows). */
  readonly last: SourceLine;
}

const ROW = /^[ \t]*\|/;
const TECHNIQUE_HEADER = /^[ \t]*\|[ \t]*Techniques?[ \t]*\|/im;

/**
 * A table's delimiter row: cells of dashes with optional alignment colons. Checked cell by cell,
 * not by one regular expression: nested `[ \t]*` around optional pipes backtracks quadratically
 * on a long line of spaces.
 */
export function isDelimiterRow(line: string): boolean {
  const cells = line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|');
  return cells.every((cell) => /^:?-+:?$/.test(cell.trim()));
}

/** Whether a line can belong to a table: it starts with `|` and is not fenced code. */
function isRow(line: SourceLine | undefined): line is SourceLine {
  return line !== undefined && !line.inCode && ROW.test(line.text);
}

/** The table whose header is line `at`, if one starts there (a `|` line followed by a delimiter row). */
export function tableAt(lines: readonly SourceLine[], at: number): MarkdownTable | undefined {
  const header = lines[at];
  const delimiter = lines[at + 1];
  if (!isRow(header) || !isRow(delimiter) || !isDelimiterRow(delimiter.text)) return undefined;
  const rows: TableRow[] = [];
  for (let i = at + 2; isRow(lines[i]); i++) rows.push({ ...lines[i], firstCellEnd: lines[i].start + firstCell(lines[i].text)!.close });
  const headerCells = header.text.trim().replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim());
  return { header, headerCells, rows, last: rows.at(-1) ?? delimiter };
}

/** Every pipe table of the text; `lines` when the caller has them already (`scanLines(text)`). */
export function findTables(text: string, lines: readonly SourceLine[] = scanLines(text)): MarkdownTable[] {
  return runToEnd(findTableSteps(lines));
}

/** {@link findTables} in steps (see `steps.ts`), over lines already read. */
export function* findTableSteps(lines: readonly SourceLine[]): Steps<MarkdownTable[]> {
  const tables: MarkdownTable[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    if (i % STEP === STEP - 1) yield;
    const table = tableAt(lines, i);
    if (!table) continue;
    tables.push(table);
    i = table.last.line;
  }
  return tables;
}

/** The techniques tables of an incident page: tables whose header's first cell is "Technique". */
export function techniqueTables(text: string, lines?: readonly SourceLine[]): MarkdownTable[] {
  return runToEnd(techniqueTableSteps(text, () => (lines ? already(lines) : scanLineSteps(text))));
}

/**
 * {@link techniqueTables} in steps; `lines` are asked for (read in steps, shared) only when
 * the text has a techniques header at all, as most documents do not.
 */
export function* techniqueTableSteps(text: string, lineSteps: () => Steps<readonly SourceLine[]>): Steps<MarkdownTable[]> {
  if (!TECHNIQUE_HEADER.test(text)) return [];
  const tables = yield* findTableSteps(yield* lineSteps());
  return tables.filter((t) => /^techniques?$/i.test(t.headerCells[0] ?? ''));
}

/** The table that holds line `line`, if any. */
export function tableAtLine(text: string, line: number, lines: readonly SourceLine[] = scanLines(text)): MarkdownTable | undefined {
  if (!isRow(lines[line])) return undefined;
  let first = line;
  while (isRow(lines[first - 1])) first--;
  const table = tableAt(lines, first);
  return table && table.last.line >= line ? table : undefined;
}

/**
 * The first cell of a table line: its trimmed text, where that text sits in the line, and the
 * offset of the `|` closing it (the line's length when none does). `\|` is a pipe in the cell.
 */
export function firstCell(line: string): { text: string; start: number; end: number; close: number } | undefined {
  const open = line.indexOf('|');
  if (open < 0) return undefined;
  let close = open + 1;
  for (; close < line.length && line[close] !== '|'; close++) if (line[close] === '\\') close++;
  close = Math.min(close, line.length);
  const raw = line.slice(open + 1, close);
  const start = open + 1 + (raw.length - raw.trimStart().length);
  const text = raw.trim();
  return { text, start, end: start + text.length, close };
}

/**
 * The header cells of the table a row belongs to, by the row's line start; `undefined` for a
 * line of no table. Memoised over the rows passed, so asking for every row of a table reads
 * each line once.
 */
export function rowHeaders(text: string): (lineStart: number) => readonly string[] | undefined {
  const memo = new Map<number, readonly string[] | null>();
  const lineAt = (start: number) => {
    const end = text.indexOf('\n', start);
    return text.slice(start, end < 0 ? text.length : end);
  };
  const previous = (start: number) => (start === 0 ? -1 : text.lastIndexOf('\n', start - 2) + 1);
  return (lineStart) => {
    const chain: number[] = [];
    let result: readonly string[] | null = null;
    for (let at = lineStart; ; ) {
      const known = memo.get(at);
      if (known !== undefined) {
        result = known;
        break;
      }
      chain.push(at);
      const above = previous(at);
      if (above < 0 || !ROW.test(lineAt(above))) break;
      if (isDelimiterRow(lineAt(above))) {
        const header = previous(above);
        if (header >= 0 && ROW.test(lineAt(header))) result = lineAt(header).trim().replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim());
        break;
      }
      at = above;
    }
    for (const at of chain) memo.set(at, result);
    return result ?? undefined;
  };
}
