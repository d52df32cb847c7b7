import type { DocumentLink } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DisarmDocument } from '../markdown/document';
import { FrameworkIndex } from '../framework/framework';
import { PageLinker } from '../framework/links';

/**
 * Each known ID in prose becomes a link to its page (the local file or the DISARM GitHub page),
 * so that ctrl+click opens it. IDs that open a link text are skipped: the markdown link is
 * already there and two links over one range would compete. A page's own ID (the title of a
 * technique page) is not linked to the page itself.
 *
 * The tooltip is a plain string in LSP, not markdown, so the name goes in unescaped: escaping
 * would show backslashes in clients that print it as text.
 */
export function computeDocumentLinks(
  document: TextDocument,
  model: DisarmDocument,
  index: FrameworkIndex | undefined,
  pages: PageLinker,
): DocumentLink[] {
  if (!index) return [];
  const links: DocumentLink[] = [];
  for (const ref of model.references) {
    if (ref.form === 'link' || ref.class.type !== 'id') continue;
    const object = index.objects.get(ref.token);
    if (!object) continue;
    const target = pages.pageUri(object);
    if (target === document.uri) continue;
    links.push({
      range: { start: document.positionAt(ref.start), end: document.positionAt(ref.end) },
      target,
      tooltip: `Open ${object.id} ${object.name}`,
    });
  }
  return links;
}
