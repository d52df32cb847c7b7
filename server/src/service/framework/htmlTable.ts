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

export function readIndexTable(html: string): IndexRow[] {
  const headers = [...html.matchAll(/<th>([\s\S]*?)<\/th>/g)].map((m) => m[1].trim());
  const rows: IndexRow[] = [];
  for (const row of html.split(/<tr[^>]*>/).slice(1)) {
    const cells = [...row.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1]);
    if (cells.length === 0) continue;
    const id = /^(?:<a [^>]*>)?\s*([A-Z]+\d+(?:\.\d+)?)\s*(?:<\/a>)?$/.exec(cells[0].trim())?.[1];
    if (!id) continue;
    const byHeader: Record<string, string> = {};
    headers.forEach((header, i) => (byHeader[header] = cells[i] ?? ''));
    rows.push({ id, cells: byHeader });
  }
  return rows;
}
