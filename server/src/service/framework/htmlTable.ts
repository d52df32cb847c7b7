/**
 * Reads the HTML tables of the DISARMframeworks index pages (`techniques_index.md` and kin):
 * one `<tr>` per object, `<td>` cells in header order. These generated tables are the
 * framework's own list of current objects, so the loader reads them instead of every page.
 */
export interface IndexRow {
  readonly id: string;
  /** Cells by header name (`name`, `summary`, `tactic_id`, ...), raw HTML. */
  readonly cells: Readonly<Record<string, string>>;
}

/** The rows with an ID, and how many table rows (`<tr>` with cells) the page has: far fewer IDs than rows is a broken page. */
export interface IndexTable {
  readonly rows: IndexRow[];
  readonly tableRows: number;
}

/**
 * Every scan is an `indexOf` that moves forward, so a page of any content is read in linear
 * time: lazy regular expressions over unclosed tags (`<td>` without `</td>`) would rescan the
 * rest of the page at every opening.
 */
export function readIndexTable(html: string): IndexTable {
  const headers = elements(html, 0, html.length, '<th>', '</th>').map((h) => h.trim());
  const rows: IndexRow[] = [];
  let tableRows = 0;
  const starts = rowStarts(html);
  for (let i = 0; i < starts.length; i++) {
    const cells = elements(html, starts[i], i + 1 < starts.length ? starts[i + 1] : html.length, '<td>', '</td>');
    if (cells.length === 0) continue;
    tableRows++;
    const id = /^(?:<a [^>]*>)?\s*([A-Z]+\d+(?:\.\d+)?)\s*(?:<\/a>)?$/.exec(cells[0].trim())?.[1];
    if (!id) continue;
    const byHeader: Record<string, string> = {};
    headers.forEach((header, j) => (byHeader[header] = cells[j] ?? ''));
    rows.push({ id, cells: byHeader });
  }
  return { rows, tableRows };
}

/** Where each row's content starts: just after its `<tr ...>` tag. */
function rowStarts(html: string): number[] {
  const starts: number[] = [];
  for (let at = html.indexOf('<tr'); at !== -1; ) {
    const close = html.indexOf('>', at + 3);
    if (close === -1) break;
    // `<tr>` or `<tr attributes>`, not `<track>`.
    if (html[at + 3] === '>' || /\s/.test(html[at + 3])) starts.push(close + 1);
    at = html.indexOf('<tr', close + 1);
  }
  return starts;
}

/** The contents of the `open`…`close` elements between `from` and `to`. */
function elements(html: string, from: number, to: number, open: string, close: string): string[] {
  const found: string[] = [];
  for (let at = html.indexOf(open, from); at !== -1 && at < to; ) {
    const end = html.indexOf(close, at + open.length);
    if (end === -1 || end + close.length > to) break;
    found.push(html.slice(at + open.length, end));
    at = html.indexOf(open, end + close.length);
  }
  return found;
}
