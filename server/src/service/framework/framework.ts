import { DisarmKind, parentTechniqueId } from '../markdown/ids';

/** One object of the DISARM framework, as the loaders read it from the data. */
export interface DisarmObject {
  readonly id: string;
  readonly kind: DisarmKind;
  readonly name: string;
  /** Plain text (tags stripped, entities decoded); may be empty. */
  readonly summary: string;
  /** Techniques, tasks, counters and detections: the tactic they belong to. */
  readonly tactic?: string;
  /** Tactics: their phase. */
  readonly phase?: string;
  /** The object's page below `generated_pages/` (`techniques/T0146.md`), when it has one. */
  readonly page?: string;
}

/** Where the data came from; shown to the user and used to build page links. */
export interface DataSource {
  /** `builtin`: the release history compiled into the build (`dist/disarm-data.json`). */
  readonly kind: 'checkout' | 'stix' | 'builtin';
  /** The checkout folder or the bundle file (a file system path). */
  readonly path: string;
  /** Why this source was chosen (`disarm.dataPath setting`, `workspace folder`, ...). */
  readonly origin: string;
}

/** The loaded framework: every object by ID, plus the orderings features need. */
export interface FrameworkIndex {
  readonly source: DataSource;
  readonly objects: ReadonlyMap<string, DisarmObject>;
  /** Techniques and tactics in ID order, sub-techniques right after their parent (completion). */
  readonly completable: readonly DisarmObject[];
  /** Sub-technique IDs by parent ID. */
  readonly subTechniques: ReadonlyMap<string, readonly string[]>;
  readonly counts: Readonly<Partial<Record<DisarmKind, number>>>;
}

/** Builds the index; later duplicates of an ID are dropped and reported through `onDuplicate`. */
export function createFrameworkIndex(
  source: DataSource,
  objects: Iterable<DisarmObject>,
  onDuplicate: (id: string) => void = () => {},
): FrameworkIndex {
  const byId = new Map<string, DisarmObject>();
  for (const object of objects) {
    if (byId.has(object.id)) onDuplicate(object.id);
    else byId.set(object.id, object);
  }
  const subTechniques = new Map<string, string[]>();
  const counts: Partial<Record<DisarmKind, number>> = {};
  for (const object of byId.values()) {
    counts[object.kind] = (counts[object.kind] ?? 0) + 1;
    const parent = object.kind === 'technique' ? parentTechniqueId(object.id) : undefined;
    if (parent) subTechniques.set(parent, [...(subTechniques.get(parent) ?? []), object.id]);
  }
  for (const ids of subTechniques.values()) ids.sort();
  const completable = [...byId.values()]
    .filter((o) => o.kind === 'technique' || o.kind === 'tactic')
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { source, objects: byId, completable, subTechniques, counts };
}

/** A one-line description of what is loaded, for the status bar and logs. */
export function describeIndex(index: FrameworkIndex): string {
  const c = index.counts;
  return `${c.technique ?? 0} techniques, ${c.tactic ?? 0} tactics, ${c.counter ?? 0} counters, ${c.incident ?? 0} incidents`;
}
