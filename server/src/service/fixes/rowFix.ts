/** The fix for `not-in-table`: a row for the cited technique at the end of the techniques table. */
import { DisarmDocument, IdReference } from '../markdown/document';
import type { Fix, FixContext } from './fixTypes';
import { documentPath, GITHUB_PAGES, pageIdOfDestination, pagePath, relativePath } from '../framework/pages';
import { MarkdownTable } from '../markdown/tables';
import { documentIndex } from '../markdown/documentIndex';

/**
 * Adds `| [ID Name](folder/ID.md) |  |` after the table's last row, in the style of the rows
 * already there (the same folder prefix, or bare `ID Name` cells when the rows have no links),
 * with empty description cells for the analyst to fill. Never preferred: it adds content that
 * needs a description, which fix-all on save must not do behind the writer's back.
 */
export function addRowFix(context: FixContext, ref: IdReference): Fix[] {
  const object = context.index.objects.get(ref.token);
  const text = context.model.text;
  const table = documentIndex(context.model).techniqueTables().find((t) => t.rows.some((row) => row.start <= ref.start && ref.start <= row.end));
  if (!object || !table) return [];
  const label = `${object.id} ${object.name}`.replace(/\|/g, '\\|');
  const folder = linkFolder(context, table);
  const cell = folder === undefined ? label : `[${label}](${folder}${pagePath(object).slice(pagePath(object).lastIndexOf('/') + 1)})`;
  const indent = /^[ \t]*/.exec(text.slice(table.header.start, table.header.end))?.[0] ?? '';
  const row = `${indent}| ${cell} |${'  |'.repeat(Math.max(table.headerCells.length - 1, 1))}`;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return [
    {
      title: `Add a row for ${object.id} ${object.name} to the techniques table`,
      edits: [{ start: table.last.end, end: table.last.end, newText: eol + row }],
      preferred: false,
    },
  ];
}

/**
 * The folder prefix of the table's technique links; `undefined` when its rows cite techniques
 * without links. A table with no rows yet takes the document's other technique links, else a
 * path to the loaded checkout, else the DISARM GitHub pages.
 */
function linkFolder(context: FixContext, table: MarkdownTable): string | undefined {
  const { model } = context;
  let bare = false;
  for (const row of table.rows) {
    const first = documentIndex(model).firstReferenceFrom(row.start);
    if (!first || first.start >= row.firstCellEnd) continue;
    const url = first.destination?.url;
    if (url && isTechniquePage(url)) return url.slice(0, url.lastIndexOf('/') + 1);
    if (!first.destination) bare = true;
  }
  return bare ? undefined : documentLinkFolder(context.uri, model, context.pagesFolder);
}

function documentLinkFolder(uri: string, model: DisarmDocument, pagesFolder: string | undefined): string {
  for (const ref of model.references) {
    const url = ref.destination?.url;
    if (url && isTechniquePage(url)) return url.slice(0, url.lastIndexOf('/') + 1);
  }
  const docPath = documentPath(uri);
  if (pagesFolder && docPath) {
    const relative = relativePath(docPath.slice(0, docPath.lastIndexOf('/')), `${pagesFolder}/${pagePath({ id: 'T0000', kind: 'technique' })}`);
    return relative.slice(0, relative.lastIndexOf('/') + 1);
  }
  return `${GITHUB_PAGES}techniques/`;
}

function isTechniquePage(url: string): boolean {
  return /^T\d{4}(\.\d{3})?$/.test(pageIdOfDestination(url) ?? '');
}
