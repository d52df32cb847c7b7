import type { Location } from 'vscode-languageserver-types';
import type { Position, TextDocument } from 'vscode-languageserver-textdocument';
import { DisarmDocument, referenceAt } from '../markdown/document';
import type { WorkspaceIndex } from './workspaceIndex';

/**
 * Every reference to the DISARM ID under the cursor across the workspace. The document itself is
 * answered from its fresh model, not from the index, which may still hold an older version.
 *
 * An ID's declaration is its own page's title (`# Technique T0002: …`). `declarationUri` maps an
 * ID to that page's URI when the pages are local files; with `includeDeclaration` false the first
 * reference of the ID in that page is left out. Without `declarationUri` nothing is left out.
 */
export function computeReferences(
  document: TextDocument,
  model: DisarmDocument,
  position: Position,
  index: WorkspaceIndex,
  includeDeclaration: boolean,
  declarationUri?: (id: string) => string | undefined,
): Location[] {
  const ref = referenceAt(model, document.offsetAt(position));
  if (!ref || ref.class.type !== 'id') return [];
  const id = ref.token;
  const own: Location[] = model.references
    .filter((other) => other.class.type === 'id' && other.token === id)
    .map((other) => ({ uri: document.uri, range: { start: document.positionAt(other.start), end: document.positionAt(other.end) } }));
  const others = index.references(id).filter((location) => location.uri !== document.uri);
  // Sorted by URI like the index's answer, with the current document in its place.
  const all = [...others, ...own].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  if (includeDeclaration) return all;
  const page = declarationUri?.(id);
  const title = page === undefined ? -1 : all.findIndex((location) => location.uri === page);
  return title < 0 ? all : all.filter((_, i) => i !== title);
}
