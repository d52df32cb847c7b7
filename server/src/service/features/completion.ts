import { CompletionItem, CompletionItemKind, CompletionList, MarkupKind } from 'vscode-languageserver-types';
import type { Position, TextDocument } from 'vscode-languageserver-textdocument';
import { DisarmDocument } from '../markdown/document';
import { documentIndex } from '../markdown/documentIndex';
import { FrameworkIndex } from '../framework/framework';
import { describeObject } from './hover';
import { PageLinker } from '../framework/links';
import { documentPath, GITHUB_PAGES, pageIdOfDestination, pagePath, relativePath } from '../framework/pages';

/** Where a technique table row's links should point, when the document has no link to copy the style from. */
export interface CompletionContext {
  readonly index: FrameworkIndex | undefined;
  readonly pages: PageLinker;
  /** `/`-separated absolute path of the checkout's `generated_pages` folder, when the data is a checkout. */
  readonly pagesFolder?: string;
}

/** A typed prefix of a technique or tactic ID at the end of the text before the cursor; `[` opens a link. */
const PREFIX = /(\[?)(?<![\w/.\\])(T(?:A\d{0,2}|(?:0\d{0,3}(?:\.\d{0,3})?)?))$/;

/**
 * Completes technique and tactic IDs. Inline the item inserts `ID: Name`; in the first cell of a
 * techniques table row it inserts the link form with a path to the technique's page.
 */
export function computeCompletions(
  document: TextDocument,
  model: DisarmDocument,
  position: Position,
  context: CompletionContext,
): CompletionList | null {
  const { index } = context;
  if (!index) return null;
  const lineStart = document.offsetAt({ line: position.line, character: 0 });
  const offset = document.offsetAt(position);
  const before = model.text.slice(lineStart, offset);
  const match = PREFIX.exec(before);
  if (!match) return null;
  const [whole, bracket, prefix] = match;
  const start = offset - (bracket ? whole.length : prefix.length);
  const range = { start: document.positionAt(start), end: position };
  const tableRow = /^\s*\|\s*$/.test(before.slice(0, before.length - whole.length)) && inTechniqueTable(model, position.line);
  const linkFolder = tableRow ? techniqueLinkFolder(document, model, context) : undefined;

  const items: CompletionItem[] = [];
  for (const object of index.completable) {
    if (!object.id.startsWith(prefix)) continue;
    const label = `${object.id} ${object.name}`;
    const linkForm = linkFolder !== undefined && object.kind === 'technique';
    items.push({
      label: object.id,
      labelDetails: { description: object.name },
      detail: object.name,
      kind: object.kind === 'technique' ? CompletionItemKind.Reference : CompletionItemKind.Folder,
      filterText: linkForm || bracket ? `${bracket}${label}` : label,
      sortText: object.id,
      textEdit: {
        range,
        newText: linkForm ? `[${label}](${linkFolder}${object.id}.md)` : `${bracket}${object.id}: ${object.name}`,
      },
      data: { id: object.id },
    });
  }
  return { isIncomplete: false, items };
}

/** Adds the documentation that `computeCompletions` leaves out to keep the list cheap. */
export function resolveCompletion(item: CompletionItem, context: CompletionContext): CompletionItem {
  const id = (item.data as { id?: unknown } | undefined)?.id;
  const object = typeof id === 'string' ? context.index?.objects.get(id) : undefined;
  if (object && context.index) {
    item.documentation = { kind: MarkupKind.Markdown, value: describeObject(object, context.index, context.pages) };
  }
  return item;
}

/**
 * The text completion would insert for `id` at `position` with nothing typed: the link form in
 * the first cell of a techniques table row (after `| `), else `ID: Name`. The framework
 * explorer's insert action uses it, so both insert the same thing.
 */
export function referenceText(
  document: TextDocument,
  model: DisarmDocument,
  position: Position,
  id: string,
  context: CompletionContext,
): string | undefined {
  const object = context.index?.objects.get(id);
  if (!object) return undefined;
  const lineStart = document.offsetAt({ line: position.line, character: 0 });
  const before = model.text.slice(lineStart, document.offsetAt(position));
  if (object.kind === 'technique' && /^\s*\|\s*$/.test(before) && inTechniqueTable(model, position.line)) {
    return `[${object.id} ${object.name}](${techniqueLinkFolder(document, model, context)}${object.id}.md)`;
  }
  return `${object.id}: ${object.name}`;
}

/** True when line `line` belongs to a table whose header's first cell names techniques. */
function inTechniqueTable(model: DisarmDocument, line: number): boolean {
  // The techniques tables are read once per version (in steps on the server), not at every keystroke in a table.
  return documentIndex(model).techniqueTables().some((table) => table.header.line <= line && line <= table.last.line);
}

/** The folder prefix for technique links: the document's own style if it has one, else a path to the data. */
function techniqueLinkFolder(document: TextDocument, model: DisarmDocument, context: CompletionContext): string {
  for (const ref of model.references) {
    const url = ref.destination?.url;
    if (url && /^T\d{4}(\.\d{3})?$/.test(pageIdOfDestination(url) ?? '')) return url.slice(0, url.lastIndexOf('/') + 1);
  }
  const docPath = documentPath(document.uri);
  if (context.pagesFolder && docPath) {
    const folder = docPath.slice(0, docPath.lastIndexOf('/'));
    const target = `${context.pagesFolder}/${pagePath({ id: 'T0000', kind: 'technique' })}`;
    const relative = relativePath(folder, target);
    return relative.slice(0, relative.lastIndexOf('/') + 1);
  }
  return `${GITHUB_PAGES}techniques/`;
}
