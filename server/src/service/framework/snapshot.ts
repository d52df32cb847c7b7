/**
 * The built-in release history (`dist/disarm-data.json`): every object of every DISARM release
 * the build was given, compiled by `node esbuild.mjs` (see `node/buildSnapshot.ts`). This module
 * owns the format both ways and touches no file system, so the server, the CLI and a web worker
 * load it alike.
 *
 * Compact: an ID and each of its names are written once, not once per release. An object holds
 * the runs of releases it is in, and for its name, tactic and phase the release from which each
 * value holds (a change point list). Its summary is the one of the newest release that has it.
 */
import { createFrameworkIndex, DataSource, DisarmObject } from './framework';
import { pagePath } from './pages';
import type { Release } from './releases';
import { classifyToken, DisarmKind, KIND_LABELS } from '../markdown/ids';

export const SNAPSHOT_FORMAT = 1;

export interface SnapshotFile {
  readonly format: typeof SNAPSHOT_FORMAT;
  /** Oldest first; objects refer to releases by their position here. */
  readonly releases: readonly SnapshotRelease[];
  readonly objects: readonly SnapshotObject[];
}

export interface SnapshotRelease {
  /** `1.6`: the folder the release's bundle came from. */
  readonly version: string;
  /** ISO 8601 creation time of the bundle's matrix. */
  readonly created: string;
  /** The bundle's matrix name (`DISARM Framework`). */
  readonly name?: string;
}

/** `[release, value]`: the value holds from that release on, in the releases the object is in, until the next pair. */
export type ChangePoints<T> = ReadonlyArray<readonly [number, T]>;

export interface SnapshotObject {
  readonly id: string;
  readonly kind: DisarmKind;
  /** The releases the object is in, as `[first, last]` runs (inclusive, ascending). */
  readonly in: ReadonlyArray<readonly [number, number]>;
  readonly name: ChangePoints<string>;
  /** Techniques, tasks, counters, detections: the tactic ID (`null` where none is given). */
  readonly tactic?: ChangePoints<string | null>;
  /** Tactics: the phase ID. */
  readonly phase?: ChangePoints<string | null>;
  /** The page below `generated_pages/`, only when it is not the kind's usual one. */
  readonly page?: string;
  /** The summary in the newest release that has the object (plain text). */
  readonly summary?: string;
}

/** One release's objects, as the build reads them from its sources. */
export interface ReleaseObjects {
  readonly version: string;
  readonly created: string;
  readonly name?: string;
  readonly objects: readonly DisarmObject[];
}

/** Compiles releases (any order) into the snapshot; objects sorted by ID so that builds are reproducible. */
export function encodeSnapshot(releases: readonly ReleaseObjects[]): SnapshotFile {
  const ordered = [...releases].sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0));
  const perId = new Map<string, Array<{ at: number; object: DisarmObject }>>();
  ordered.forEach((release, at) => {
    for (const object of release.objects) {
      const entries = perId.get(object.id) ?? [];
      if (entries[entries.length - 1]?.at !== at) entries.push({ at, object });
      perId.set(object.id, entries);
    }
  });
  const objects: SnapshotObject[] = [];
  for (const id of [...perId.keys()].sort()) {
    const entries = perId.get(id)!;
    const newest = entries[entries.length - 1].object;
    const runs: Array<[number, number]> = [];
    for (const { at } of entries) {
      const run = runs[runs.length - 1];
      if (run && run[1] === at - 1) run[1] = at;
      else runs.push([at, at]);
    }
    const tactic = changePoints(entries, (o) => o.tactic ?? null);
    const phase = changePoints(entries, (o) => o.phase ?? null);
    objects.push({
      id,
      kind: newest.kind,
      in: runs,
      name: changePoints(entries, (o) => o.name),
      ...(tactic.some(([, v]) => v !== null) && { tactic }),
      ...(phase.some(([, v]) => v !== null) && { phase }),
      ...(newest.page && newest.page !== pagePath({ id, kind: newest.kind }) && { page: newest.page }),
      ...(newest.summary && { summary: newest.summary }),
    });
  }
  return {
    format: SNAPSHOT_FORMAT,
    releases: ordered.map(({ version, created, name }) => ({ version, created, ...(name && { name }) })),
    objects,
  };
}

function changePoints<T>(entries: ReadonlyArray<{ at: number; object: DisarmObject }>, value: (o: DisarmObject) => T): Array<[number, T]> {
  const points: Array<[number, T]> = [];
  for (const { at, object } of entries) {
    const v = value(object);
    if (!points.length || points[points.length - 1][1] !== v) points.push([at, v]);
  }
  return points;
}

/** The snapshot was not one this version can read. */
export class SnapshotError extends Error {}

/**
 * The releases of a parsed snapshot, oldest first, labelled by version and marked built in.
 * `source` says where it was read (its path or URI). Objects that fail their type guard are
 * skipped and counted in `warn`; a file of another format, or without releases, throws
 * {@link SnapshotError}.
 */
export function releasesFromSnapshot(json: unknown, source: DataSource, warn: (message: string) => void = () => {}): Release[] {
  const file = json as Partial<SnapshotFile> | null;
  if (!file || typeof file !== 'object' || file.format !== SNAPSHOT_FORMAT) {
    throw new SnapshotError(`${source.path} is not a DISARM data snapshot of format ${SNAPSHOT_FORMAT}.`);
  }
  const releases = Array.isArray(file.releases) ? file.releases.filter(isRelease) : [];
  if (!releases.length) throw new SnapshotError(`${source.path} holds no releases.`);
  const perRelease: DisarmObject[][] = releases.map(() => []);
  let skipped = 0;
  for (const entry of Array.isArray(file.objects) ? file.objects : []) {
    if (!isObject(entry, releases.length)) {
      skipped++;
      continue;
    }
    const newest = entry.in[entry.in.length - 1][1];
    const name = cursor(entry.name);
    const tactic = cursor(entry.tactic);
    const phase = cursor(entry.phase);
    // Releases share one object while its name, tactic and phase stand (the newest alone has the summary).
    let object: DisarmObject | undefined;
    for (const [first, last] of entry.in) {
      for (let at = first; at <= last; at++) {
        const named = name(at) ?? '';
        const inTactic = tactic(at) ?? undefined;
        const inPhase = phase(at) ?? undefined;
        if (at === newest || object?.name !== named || object.tactic !== inTactic || object.phase !== inPhase) {
          object = { id: entry.id, kind: entry.kind, name: named, summary: at === newest ? (entry.summary ?? '') : '', tactic: inTactic, phase: inPhase, page: entry.page };
        }
        perRelease[at].push(object);
      }
    }
  }
  if (skipped) warn(`${source.path}: skipped ${skipped} malformed object${skipped === 1 ? '' : 's'}.`);
  return releases.map((release, at) => ({
    label: release.version,
    version: release.version,
    created: release.created,
    builtin: true,
    index: createFrameworkIndex(source, perRelease[at]),
  }));
}

/** The value at release `at` of a change point list, for `at` ascending (amortised constant time). */
function cursor<T>(points: ChangePoints<T> | undefined): (at: number) => T | undefined {
  let i = 0;
  return (at) => {
    if (!points) return undefined;
    while (i + 1 < points.length && points[i + 1][0] <= at) i++;
    return points[i][0] <= at ? points[i][1] : undefined;
  };
}

function isRelease(value: unknown): value is SnapshotRelease {
  const r = value as SnapshotRelease | null;
  return !!r && typeof r.version === 'string' && r.version !== '' && typeof r.created === 'string';
}

const KINDS = new Set(Object.keys(KIND_LABELS));

function isObject(value: unknown, releaseCount: number): value is SnapshotObject {
  const o = value as SnapshotObject | null;
  if (!o || typeof o.id !== 'string' || !KINDS.has(o.kind)) return false;
  const cls = classifyToken(o.id);
  if (cls?.type !== 'id' || cls.kind !== o.kind) return false;
  if (!Array.isArray(o.in) || !o.in.length) return false;
  let previous = -1;
  for (const run of o.in) {
    if (!Array.isArray(run) || !Number.isInteger(run[0]) || !Number.isInteger(run[1]) || run[0] <= previous || run[1] < run[0] || run[1] >= releaseCount) return false;
    previous = run[1];
  }
  const points = (list: unknown, nullable: boolean) =>
    Array.isArray(list) &&
    list.length > 0 &&
    list.every((p) => Array.isArray(p) && Number.isInteger(p[0]) && (typeof p[1] === 'string' || (nullable && p[1] === null)));
  if (!points(o.name, false) || o.name[0][0] > o.in[0][0]) return false;
  if (o.tactic !== undefined && !points(o.tactic, true)) return false;
  if (o.phase !== undefined && !points(o.phase, true)) return false;
  return (o.page === undefined || typeof o.page === 'string') && (o.summary === undefined || typeof o.summary === 'string');
}
