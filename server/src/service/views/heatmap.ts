import { countByTactic } from './coverage';
import { FrameworkIndex } from '../framework/framework';
import type { WorkspaceIndex } from '../features/workspaceIndex';

/** A technique cited by incidents of a folder: the heat of its cell. */
export interface HeatCell {
  readonly id: string;
  /** Number of incident documents of the folder citing it. */
  readonly count: number;
  /** Their URIs, sorted (a click on the cell lists them). */
  readonly documents: readonly string[];
}

/** The coverage of a set of incidents (a folder): the model of the heat map. */
export interface FolderCoverage {
  readonly kind: 'folder';
  readonly folderUri: string;
  /** Incident documents indexed below the folder (cited or not). */
  readonly incidents: number;
  readonly techniques: readonly HeatCell[];
  /** Tactic ID → number of distinct techniques of it cited by any incident of the folder. */
  readonly tactics: Readonly<Record<string, number>>;
  /** The largest `count`, 0 when nothing is cited. */
  readonly max: number;
}

/**
 * Counts, for each known technique, the incident documents below `folderUri` that cite it, from
 * the workspace index. Only incident pages count (first line `# Incident I…`), as in the
 * explorer: the framework's own pages cite every technique and would flatten the picture.
 */
export function computeFolderCoverage(workspace: WorkspaceIndex, index: FrameworkIndex | undefined, folderUri: string): FolderCoverage {
  const prefix = comparable(folderUri.endsWith('/') ? folderUri : `${folderUri}/`);
  const inFolder = (uri: string) => comparable(uri).startsWith(prefix) && workspace.isIncident(uri);
  let incidents = 0;
  for (const uri of workspace.uris()) if (inFolder(uri)) incidents++;
  const techniques: HeatCell[] = [];
  for (const object of index?.objects.values() ?? []) {
    if (object.kind !== 'technique') continue;
    const documents = workspace.documentsCiting(object.id).filter(inFolder).sort();
    if (documents.length) techniques.push({ id: object.id, count: documents.length, documents });
  }
  techniques.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const max = techniques.reduce((m, t) => Math.max(m, t.count), 0);
  return { kind: 'folder', folderUri, incidents, techniques, tactics: countByTactic(techniques.map((t) => t.id), index), max };
}

/** Workspace incidents citing `id` exactly: the explorer's count. */
export function incidentCount(workspace: WorkspaceIndex, id: string): number {
  return workspace.documentsCiting(id).filter((uri) => workspace.isIncident(uri)).length;
}

/** The editor and the server's scanner may percent-encode a file URI differently (`%3A`, `%20`). */
function comparable(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}
