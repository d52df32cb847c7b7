import { DisarmObject, FrameworkIndex } from './framework';
import { parentTechniqueId } from '../markdown/ids';
import { normalizeName } from '../markdown/text';

/**
 * One node of the framework explorer: a phase, a tactic, a technique (sub-techniques are its
 * children) or a `group` that gathers tactics without a known phase or techniques without a
 * known tactic (a STIX bundle has no phases). Plain data: it crosses the wire as JSON.
 */
export interface FrameworkTreeNode {
  /** Empty for a group. */
  readonly id: string;
  readonly kind: 'phase' | 'tactic' | 'technique' | 'group';
  readonly name: string;
  /** Plain text, as loaded; the client shows it as text, never as markup. */
  readonly summary: string;
  /** Techniques: the number of workspace incident documents citing exactly this ID. */
  readonly incidents?: number;
  readonly children: readonly FrameworkTreeNode[];
}

/** The explorer's content; `loaded` is false while no data is loaded (then `roots` is empty). */
export interface FrameworkTree {
  readonly loaded: boolean;
  readonly roots: readonly FrameworkTreeNode[];
  /** The filter applied, as given. */
  readonly filter?: string;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The red framework as a tree: phases in ID order, each with its tactics in ID order, each with
 * its techniques and their sub-techniques. `incidents(id)` counts the incidents citing an ID.
 * With a `filter`, a node stays when its ID starts with the filter or its name contains it
 * (case and spacing ignored), with its whole subtree; other nodes stay only as ancestors of one.
 */
export function buildFrameworkTree(index: FrameworkIndex | undefined, incidents: (id: string) => number, filter?: string): FrameworkTree {
  if (!index) return { loaded: false, roots: [], filter };
  const objects = [...index.objects.values()];
  const phases = objects.filter((o) => o.kind === 'phase').sort(byId);
  const tactics = objects.filter((o) => o.kind === 'tactic').sort(byId);
  const techniques = objects.filter((o) => o.kind === 'technique' && !parentTechniqueId(o.id)).sort(byId);

  const techniqueNode = (object: DisarmObject): FrameworkTreeNode => ({
    id: object.id,
    kind: 'technique',
    name: object.name,
    summary: object.summary,
    incidents: incidents(object.id),
    children: (index.subTechniques.get(object.id) ?? [])
      .map((id) => index.objects.get(id))
      .filter((o): o is DisarmObject => !!o)
      .map(techniqueNode),
  });
  const techniquesOf = (tactic: string | undefined) => techniques.filter((t) => t.tactic === tactic).map(techniqueNode);
  const tacticNode = (object: DisarmObject): FrameworkTreeNode => ({
    id: object.id,
    kind: 'tactic',
    name: object.name,
    summary: object.summary,
    children: techniquesOf(object.id),
  });

  const tacticIds = new Set(tactics.map((t) => t.id));
  const phaseIds = new Set(phases.map((p) => p.id));
  let roots: FrameworkTreeNode[];
  if (phases.length) {
    roots = phases.map((phase) => ({
      id: phase.id,
      kind: 'phase',
      name: phase.name,
      summary: phase.summary,
      children: tactics.filter((t) => t.phase === phase.id).map(tacticNode),
    }));
    const unphased = tactics.filter((t) => !t.phase || !phaseIds.has(t.phase)).map(tacticNode);
    if (unphased.length) roots.push(group('Tactics without a phase', unphased));
  } else {
    roots = tactics.map(tacticNode);
  }
  const orphans = techniques.filter((t) => !t.tactic || !tacticIds.has(t.tactic)).map(techniqueNode);
  if (orphans.length) roots.push(group('Techniques without a tactic', orphans));

  const wanted = filter?.trim() ? filter.trim() : undefined;
  return { loaded: true, roots: wanted ? filterNodes(roots, wanted) : roots, filter };
}

/** The tactics of a tree in display order: the matrix's columns. */
export function tacticColumns(tree: FrameworkTree): FrameworkTreeNode[] {
  const columns: FrameworkTreeNode[] = [];
  const walk = (nodes: readonly FrameworkTreeNode[]) => {
    for (const node of nodes) {
      if (node.kind === 'tactic') columns.push(node);
      else if (node.kind !== 'technique') walk(node.children);
    }
  };
  walk(tree.roots);
  return columns;
}

function group(name: string, children: FrameworkTreeNode[]): FrameworkTreeNode {
  return { id: '', kind: 'group', name, summary: '', children };
}

function filterNodes(nodes: readonly FrameworkTreeNode[], filter: string): FrameworkTreeNode[] {
  const idPrefix = filter.toUpperCase();
  const name = normalizeName(filter);
  const kept: FrameworkTreeNode[] = [];
  for (const node of nodes) {
    const matches = (node.id && node.id.startsWith(idPrefix)) || normalizeName(node.name).includes(name);
    if (matches && node.kind !== 'group') {
      kept.push(node);
      continue;
    }
    const children = filterNodes(node.children, filter);
    if (children.length) kept.push({ ...node, children });
  }
  return kept;
}
