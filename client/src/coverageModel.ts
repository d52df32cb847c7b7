import type { DocumentCoverage, FolderCoverage, FrameworkTree } from '../../server/src/protocol';
import { tacticColumns } from '../../server/src/service/framework/frameworkTree';

/** One cell of the matrix: a technique, with its sub-techniques when it has any. */
export interface MatrixCell {
  readonly id: string;
  readonly name: string;
  readonly summary: string;
  readonly subs: readonly MatrixCell[];
}

/** What the coverage webview draws; plain data posted to it (all text is set with textContent there). */
export interface CoverageViewModel {
  readonly mode: 'document' | 'folder';
  readonly title: string;
  readonly subtitle: string;
  readonly columns: ReadonlyArray<{ readonly id: string; readonly name: string; readonly cells: readonly MatrixCell[] }>;
  /** Technique ID → citations in the document, or incidents citing it in the folder. */
  readonly values: Readonly<Record<string, number>>;
  /** Tactic ID → distinct techniques cited. */
  readonly tactics: Readonly<Record<string, number>>;
  readonly max: number;
}

/** Messages from the webview to the extension. */
export type CoverageMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'reveal'; readonly id: string }
  | { readonly type: 'saveSvg'; readonly svg: string }
  | { readonly type: 'savePng'; readonly base64: string }
  | { readonly type: 'exportLayer'; readonly ids: readonly string[] }
  | { readonly type: 'error'; readonly message: string };

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Joins the framework's columns with a document's or a folder's coverage into the webview's model. */
export function coverageViewModel(tree: FrameworkTree, coverage: DocumentCoverage | FolderCoverage, title: string): CoverageViewModel {
  const cell = (node: FrameworkTree['roots'][number]): MatrixCell => ({ id: node.id, name: node.name, summary: node.summary, subs: node.children.map(cell) });
  const columns = tacticColumns(tree).map((tactic) => ({ id: tactic.id, name: tactic.name, cells: tactic.children.map(cell) }));
  const values: Record<string, number> = {};
  for (const t of coverage.techniques) values[t.id] = t.count;
  const tacticCount = Object.keys(coverage.tactics).length;
  const subtitle =
    coverage.kind === 'document'
      ? `${plural(coverage.techniques.length, 'technique')} across ${plural(tacticCount, 'tactic')}`
      : `${plural(coverage.incidents, 'incident')}: ${plural(coverage.techniques.length, 'technique')} across ${plural(tacticCount, 'tactic')}`;
  const max = coverage.kind === 'folder' ? coverage.max : Math.max(0, ...coverage.techniques.map((t) => t.count));
  return { mode: coverage.kind, title, subtitle, columns, values, tactics: coverage.tactics, max };
}
