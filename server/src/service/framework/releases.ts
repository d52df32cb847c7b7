/**
 * Several DISARM releases side by side, one of them the target that documents are checked
 * against. DISARM publishes no revoked or deprecated flags: an ID absent from the target but
 * present in another loaded release was removed, and these are the releases that say so.
 */
import { createFrameworkIndex, DisarmObject, FrameworkIndex } from './framework';
import type { DisarmKind } from '../markdown/ids';

/** One loaded release: its data and what to call it. */
export interface Release {
  /** Unique among the loaded releases: the user's label, or one made from the data. */
  readonly label: string;
  /** ISO 8601 creation time of the data (the bundle's matrix or newest object), when known. */
  readonly created?: string;
  readonly index: FrameworkIndex;
}

/** Where a release's object was found, for an ID the target does not have. */
export interface ReleaseObject {
  readonly release: Release;
  readonly object: DisarmObject;
}

/** The loaded releases and the target; built by {@link createFrameworkSet}. */
export interface FrameworkSet {
  /** Every loaded release, newest first (by `created`; undated ones last, in the order given). */
  readonly releases: readonly Release[];
  readonly target: Release;
  /**
   * The target's index as the features use it: the target's objects, plus those of kinds the
   * target holds none of (a STIX bundle has only techniques and tactics) from the newest release
   * that has them. Without it, adding a bundle beside a checkout would make every counter unknown.
   */
  readonly index: FrameworkIndex;
  /** The newest release other than the target that has `id`; `undefined` when the target has it or none does. */
  lastHad(id: string): ReleaseObject | undefined;
}

/** `DISARM V2 Observations Framework 2026-01-21` reads as is; `workspace checkout` becomes `DISARM workspace checkout`. */
export function releaseName(label: string): string {
  return /^disarm\b/i.test(label) ? label : `DISARM ${label}`;
}

/** The label of a bundle without one given: its matrix name and creation date (`DISARM Framework 2024-11-22`). */
export function bundleLabel(matrixName: string | undefined, created: string | undefined): string {
  const name = matrixName?.trim() || 'DISARM bundle';
  const date = created?.slice(0, 10);
  return date ? `${name} ${date}` : name;
}

/** Makes labels unique in order: a second `workspace checkout` becomes `workspace checkout (2)`. */
export function uniqueLabels(labels: readonly string[]): string[] {
  const used = new Set<string>();
  return labels.map((label) => {
    let unique = label;
    for (let n = 2; used.has(unique); n++) unique = `${label} (${n})`;
    used.add(unique);
    return unique;
  });
}

/** Newest first by creation time; undated releases after the dated ones, in their given order. */
export function newestFirst(releases: readonly Release[]): Release[] {
  return releases
    .map((release, order) => ({ release, order }))
    .sort((a, b) => {
      const x = a.release.created ?? '';
      const y = b.release.created ?? '';
      return x === y ? a.order - b.order : x < y ? 1 : -1;
    })
    .map((entry) => entry.release);
}

/**
 * The target: the release labelled `targetLabel` (compared case-insensitively) when there is
 * one, else the newest. `unmatched` is set when a label was asked for but no release has it.
 */
export function chooseTarget(releases: readonly Release[], targetLabel?: string): { target: Release | undefined; unmatched?: string } {
  const wanted = targetLabel?.trim();
  const newest = newestFirst(releases)[0];
  if (!wanted) return { target: newest };
  const named = releases.find((r) => r.label.toLowerCase() === wanted.toLowerCase());
  return named ? { target: named } : { target: newest, unmatched: wanted };
}

/** The set of `releases` checked against `target` (one of them). */
export function createFrameworkSet(releases: readonly Release[], target: Release): FrameworkSet {
  const ordered = newestFirst(releases);
  const others = ordered.filter((r) => r !== target);
  const lacking = new Set<DisarmKind>();
  for (const other of others) {
    for (const kind of Object.keys(other.index.counts) as DisarmKind[]) if (!target.index.counts[kind]) lacking.add(kind);
  }
  const index = lacking.size ? fillIn(target, others, lacking) : target.index;
  return {
    releases: ordered,
    target,
    index,
    lastHad(id) {
      if (index.objects.has(id)) return undefined;
      for (const release of others) {
        const object = release.index.objects.get(id);
        if (object) return { release, object };
      }
      return undefined;
    },
  };
}

/** The target's objects plus, per kind it lacks, the objects of the newest other release that has the kind. */
function fillIn(target: Release, others: readonly Release[], lacking: ReadonlySet<DisarmKind>): FrameworkIndex {
  const objects = [...target.index.objects.values()];
  for (const kind of lacking) {
    const donor = others.find((r) => r.index.counts[kind]);
    for (const object of donor?.index.objects.values() ?? []) if (object.kind === kind) objects.push(object);
  }
  return createFrameworkIndex(target.index.source, objects);
}

/** A set of one release: what the core's single source is. */
export function singleRelease(index: FrameworkIndex, label: string): FrameworkSet {
  const release: Release = { label, index };
  return createFrameworkSet([release], release);
}
