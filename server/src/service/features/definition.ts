import type { Location } from 'vscode-languageserver-types';
import type { Position, TextDocument } from 'vscode-languageserver-textdocument';
import { DisarmDocument, referenceAt } from '../markdown/document';
import { DisarmObject, FrameworkIndex } from '../framework/framework';
import { createPageLinker } from '../framework/links';
import { virtualDocumentUri } from './virtualDocument';

/**
 * Where an editor should open an object: its page file when the checkout's pages are local,
 * else the server-rendered virtual document. Not the GitHub page: an editor cannot open an
 * `https:` URI as a text document, so a definition or symbol pointing there would go nowhere.
 *
 * `localPagesRoot` is the `file:` URI of the checkout's `generated_pages/` folder, ending in `/`.
 */
export function objectLocationUri(object: Pick<DisarmObject, 'id' | 'kind' | 'page'>, localPagesRoot: string | undefined): string {
  return localPagesRoot ? createPageLinker(localPagesRoot).pageUri(object) : virtualDocumentUri(object);
}

/** Go to definition on a known DISARM ID: the start of its page (see {@link objectLocationUri}). */
export function computeDefinition(
  document: TextDocument,
  model: DisarmDocument,
  position: Position,
  index: FrameworkIndex | undefined,
  localPagesRoot: string | undefined,
): Location | null {
  const ref = referenceAt(model, document.offsetAt(position));
  if (!ref || !index || ref.class.type !== 'id') return null;
  const object = index.objects.get(ref.token);
  if (!object) return null;
  const start = { line: 0, character: 0 };
  return { uri: objectLocationUri(object, localPagesRoot), range: { start, end: start } };
}
