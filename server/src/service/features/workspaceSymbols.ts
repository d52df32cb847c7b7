import { SymbolInformation, SymbolKind } from 'vscode-languageserver-types';
import { objectLocationUri } from './definition';
import { DisarmObject, FrameworkIndex } from '../framework/framework';
import { DisarmKind } from '../markdown/ids';
import { normalizeName } from '../markdown/text';

/** More results than anyone scrolls through; the picker narrows as the user types. */
export const WORKSPACE_SYMBOL_LIMIT = 200;

/** How well an object matches a query; lower is better. */
const enum Rank {
  ExactId,
  IdPrefix,
  WordStart,
  Substring,
}

/** Symbol kinds chosen for their icons: phases and tactics group techniques, like namespaces group classes. */
const SYMBOL_KIND: Record<DisarmKind, SymbolKind> = {
  phase: SymbolKind.Package,
  tactic: SymbolKind.Namespace,
  technique: SymbolKind.Class,
  counter: SymbolKind.Interface,
  incident: SymbolKind.Event,
  actortype: SymbolKind.Constructor,
  metatechnique: SymbolKind.Module,
  task: SymbolKind.Function,
  detection: SymbolKind.Property,
  responsetype: SymbolKind.Constant,
};

/**
 * DISARM objects matching a workspace symbol query by ID or name, case-insensitively: `paste`
 * and `#paste` find `Paste Platform`, `t0152` finds T0152 and its sub-techniques. Ranked exact
 * ID, then ID prefix, then a name word starting with the query, then any substring; ties in ID
 * order. At most {@link WORKSPACE_SYMBOL_LIMIT} results; none for an empty query.
 *
 * The symbol name starts with the ID because clients filter the results again by name. Its
 * location is the page file when pages are local, else the `disarm:` virtual document: editors
 * open a symbol as a text document, which they cannot do with a GitHub `https:` page.
 */
export function computeWorkspaceSymbols(
  query: string,
  index: FrameworkIndex | undefined,
  localPagesRoot: string | undefined,
  limit = WORKSPACE_SYMBOL_LIMIT,
): SymbolInformation[] {
  const needle = normalizeName(query.replace(/^\s*#/, ''));
  if (!index || !needle) return [];
  const matches: Array<{ rank: Rank; object: DisarmObject }> = [];
  for (const object of index.objects.values()) {
    const rank = rankObject(object, needle);
    if (rank !== undefined) matches.push({ rank, object });
  }
  matches.sort((a, b) => a.rank - b.rank || (a.object.id < b.object.id ? -1 : a.object.id > b.object.id ? 1 : 0));
  return matches.slice(0, limit).map(({ object }) => toSymbol(object, index, localPagesRoot));
}

/** The rank of an object for a normalised query, or `undefined` when it does not match. */
function rankObject(object: DisarmObject, needle: string): Rank | undefined {
  const id = object.id.toLowerCase();
  if (id === needle) return Rank.ExactId;
  if (id.startsWith(needle)) return Rank.IdPrefix;
  const label = `${id} ${normalizeName(object.name)}`;
  let at = label.indexOf(needle);
  if (at < 0) return undefined;
  for (; at >= 0; at = label.indexOf(needle, at + 1)) {
    if (at === 0 || !/[\p{L}\p{N}]/u.test(label[at - 1])) return Rank.WordStart;
  }
  return Rank.Substring;
}

function toSymbol(object: DisarmObject, index: FrameworkIndex, localPagesRoot: string | undefined): SymbolInformation {
  const start = { line: 0, character: 0 };
  const container = object.tactic ?? object.phase;
  const containerObject = container ? index.objects.get(container) : undefined;
  return {
    name: `${object.id} ${object.name}`,
    kind: SYMBOL_KIND[object.kind],
    location: { uri: objectLocationUri(object, localPagesRoot), range: { start, end: start } },
    containerName: containerObject ? `${containerObject.id} ${containerObject.name}` : container,
  };
}
