import type { DocumentLink } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DisarmDocument } from '../markdown/document';
import { FrameworkIndex } from '../framework/framework';
import { PageLinker } from '../framework/links';
import { runToEnd, STEP, Steps } from '../markdown/steps';

/**
 * Each known ID in prose becomes a link to its page (the local file or the DISARM GitHub page),
 * so that ctrl+click opens it. IDs that open a link text are skipped: the markdown link is
 * already there and two links over one range would compete. A page's own ID (the title of a
 * technique page) is not linked to the page itself.
 *
 * The tooltip is a plain string in LSP, not markdown, so the name goes in unescaped: escaping
 * would show backslashes in clients that print it as text. At most {@link MAX_DOCUMENT_LINKS}.
 */
export function computeDocumentLinks(
  document: TextDocument,
  model: DisarmDocument,
  index: FrameworkIndex | undefined,
  pages: PageLinker,
): DocumentLink[] {
  return runToEnd(documentLinkSteps(document, model, index, pages));
}

/**
 * At most this many links per document, the first ones: LSP asks for a whole document's links at
 * once, so a note of a million IDs would otherwise cost a million links at every edit.
 */
export const MAX_DOCUMENT_LINKS = 5000;

/** {@link computeDocumentLinks} in steps (see `steps.ts`). */
export function* documentLinkSteps(
  document: TextDocument,
  model: DisarmDocument,
  index: FrameworkIndex | undefined,
  pages: PageLinker,
): Steps<DocumentLink[]> {
  if (!index) return [];
  const links: DocumentLink[] = [];
  const refs = model.references;
  for (let i = 0; i < refs.length && links.length < MAX_DOCUMENT_LINKS; i++) {
    if (i % STEP === STEP - 1) yield;
    const ref = refs[i];
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
