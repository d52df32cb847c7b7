/**
 * Several DISARM releases side by side, one of them the target that documents are checked
 * against. DISARM publishes no revoked or deprecated flags: an ID absent from the target but
 * present in another loaded release was removed, and these are the releases that say so.
 */
import { createFrameworkIndex, DisarmObject, FrameworkIndex } from './framework';
import { knownVersion } from './knownReleases';
import type { DisarmKind } from '../markdown/ids';
import { runToEnd, Steps } from '../markdown/steps';

/** One loaded release: its data and what to call it. */
export interface Release {
  /** Unique among the loaded releases: the user's label, or one made from the data. */
  readonly label: string;
  /** ISO 8601 creation time of the data (the bundle's matrix or newest object), when known. */
  readonly created?: string;
  /** The DISARM version (`1.6`), when the release is a known one or the built-in data names it. */
  readonly version?: string;
  /** From the built-in release history (`dist/disarm-data.json`), not from a source the user has. */
  readonly builtin?: boolean;
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
  /** The same releases oldest first (undated ones last): the history that ranges such as `0.1–1.3` count in. */
  readonly timeline: readonly Release[];
  readonly target: Release;
  /**
   * The target's index as the features use it: the target's objects, plus those of kinds the
   * target holds none of (a STIX bundle has only techniques and tactics) from the newest release
   * that has them. Without it, adding a bundle beside a checkout would make every counter unknown.
   */
  readonly index: FrameworkIndex;
  /**
   * For an ID the target lacks, the release whose definition matters: the newest release older
   * than the target that has it (the one it was removed after), else the newest that has it (an
   * ID that came later). `undefined` when the target has it or none does.
   */
  lastHad(id: string): ReleaseObject | undefined;
}

/** `DISARM V2 Observations Framework 2026-01-21` reads as is; `workspace checkout` becomes `DISARM workspace checkout`. */
export function releaseName(label: string): string {
  return /^disarm\b/i.test(label) ? label : `DISARM ${label}`;
}

/**
 * The label of a bundle without one given: its version when it is a known release (`1.6`), else
 * its matrix name and creation date (`DISARM Framework 2024-11-22`).
 */
export function bundleLabel(matrixName: string | undefined, created: string | undefined): string {
  const version = knownVersion(created);
  if (version) return version;
  const name = matrixName?.trim() || 'DISARM bundle';
  const date = created?.slice(0, 10);
  return date ? `${name} ${date}` : name;
}

/** The label of a checkout without one given: `1.6 (checkout)` when its bundle dates it as a known release. */
export function checkoutLabel(created: string | undefined): string {
  const version = knownVersion(created);
  return version ? `${version} (checkout)` : 'workspace checkout';
}

/** What ranges and short messages call a release: its version (`1.3`), else its label. */
export function shortName(release: Release): string {
  return release.version ?? release.label;
}

/** The span of releases, oldest first: `0.1–1.7` (one release: its name); undated ones count only when all are. */
export function historySpan(releases: readonly Release[]): string {
  const dated = releases.filter((r) => r.created);
  const timeline = dated.length ? dated : releases;
  if (!timeline.length) return '';
  const first = shortName(timeline[0]);
  const last = shortName(timeline[timeline.length - 1]);
  return first === last ? first : `${first}–${last}`;
}

/** How the status and messages name a release: `DISARM 1.6 (checkout)`, `DISARM 1.7 (built in)`. */
export function describeRelease(release: Release): string {
  return releaseName(release.builtin ? `${release.label} (built in)` : release.label);
}

/**
 * The loaded releases with the built-in history beside them. A built-in release of a version that
 * a loaded one also has gives way to it (the user's data wins), lending it only the kinds it
 * lacks (a 1.6 bundle gets the 1.6 counters); labels stay unique, the loaded ones unchanged.
 */
export function withHistory(loaded: readonly Release[], history: readonly Release[]): Release[] {
  return runToEnd(withHistorySteps(loaded, history));
}

/** {@link withHistory} in steps, one per release: each lending re-indexes a release. */
export function* withHistorySteps(loaded: readonly Release[], history: readonly Release[]): Steps<Release[]> {
  const byVersion = new Map(loaded.filter((r) => r.version).map((r) => [r.version!, r]));
  const result: Release[] = [];
  for (const release of loaded) {
    const builtin = release.version ? history.find((h) => h.version === release.version) : undefined;
    result.push(builtin ? lendKinds(release, builtin) : release);
    yield;
  }
  const labels = new Set(loaded.map((r) => r.label));
  for (const release of history) {
    if (release.version && byVersion.has(release.version)) continue;
    let label = release.label;
    for (let n = 2; labels.has(label); n++) label = `${release.label} (${n})`;
    labels.add(label);
    result.push(label === release.label ? release : { ...release, label });
  }
  return result;
}

/** `release` plus the objects of the kinds it holds none of from `donor` (the same version). */
function lendKinds(release: Release, donor: Release): Release {
  const kinds = (Object.keys(donor.index.counts) as DisarmKind[]).filter((kind) => !release.index.counts[kind]);
  if (!kinds.length) return release;
  const objects = [...release.index.objects.values(), ...[...donor.index.objects.values()].filter((o) => kinds.includes(o.kind))];
  return { ...release, index: createFrameworkIndex(release.index.source, objects) };
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
 * one, else the newest of the user's sources, else (with none) the newest built-in release.
 * `unmatched` is set when a label was asked for but no release has it.
 */
export function chooseTarget(releases: readonly Release[], targetLabel?: string): { target: Release | undefined; unmatched?: string } {
  const wanted = targetLabel?.trim();
  const ordered = newestFirst(releases);
  const newest = ordered.find((r) => !r.builtin) ?? ordered[0];
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
  // Oldest first; an undated release (a checkout without its bundle) is most likely current: last.
  const timeline = [...ordered.filter((r) => r.created).reverse(), ...ordered.filter((r) => !r.created)];
  // Older releases first, newest of them first; then the newer ones, newest first.
  const at = timeline.indexOf(target);
  const searchOrder = [...timeline.slice(0, Math.max(at, 0)).reverse(), ...timeline.slice(at + 1).reverse()];
  return {
    releases: ordered,
    timeline,
    target,
    index,
    lastHad(id) {
      if (index.objects.has(id)) return undefined;
      for (const release of searchOrder) {
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
