/**
 * What the loaded releases say about one ID over time: in which releases it is, when it was
 * removed or added, what it was called. Ranges are counted in the releases loaded, oldest first
 * (`0.1–1.3` is 0.1, 1.0 and 1.3 when no 1.1 or 1.2 is loaded), so they are true of the data.
 */
import { DisarmObject } from './framework';
import { FrameworkSet, historySpan, Release, releaseName, shortName } from './releases';
import { DisarmKind, KIND_LABELS } from '../markdown/ids';
import { normalizeName } from '../markdown/text';

/**
 * The releases that hold objects of `kind`, oldest first, and the position of the one the target
 * stands for: the target, or when it holds none of the kind, the newest that does (the one its
 * index borrows them from). A bundle's missing counters say nothing about counters.
 */
function kindTimeline(set: FrameworkSet, kind: DisarmKind): { timeline: Release[]; target: number } {
  const timeline = set.timeline.filter((release) => release.index.counts[kind]);
  const target = timeline.indexOf(set.target);
  return { timeline, target: target >= 0 ? target : timeline.length - 1 };
}

/** The object's positions in `timeline`, and the object at each. */
function presence(timeline: readonly Release[], id: string): { positions: number[]; objects: Array<DisarmObject | undefined> } {
  const objects = timeline.map((release) => release.index.objects.get(id));
  return { positions: objects.flatMap((o, at) => (o ? [at] : [])), objects };
}

/** `0.1–1.3`, `0.1–1.0 and 1.4–1.5`, `1.7`: the runs of consecutive releases at `positions` (ascending) of the timeline. */
export function rangeText(timeline: readonly Release[], positions: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < positions.length; i++) {
    const first = positions[i];
    while (i + 1 < positions.length && positions[i + 1] === positions[i] + 1) i++;
    const last = positions[i];
    runs.push(first === last ? shortName(timeline[first]) : `${shortName(timeline[first])}–${shortName(timeline[last])}`);
  }
  return runs.length > 1 ? `${runs.slice(0, -1).join(', ')} and ${runs[runs.length - 1]}` : (runs[0] ?? '');
}

/** An ID the target lacks, as the other releases have it. */
export interface Absence {
  /**
   * The ID's definition that matters to the target: in the newest release before the target that
   * has it, else (an ID that came later) in the newest release of all that has it.
   */
  readonly release: Release;
  readonly object: DisarmObject;
  /** The releases that have it, as a range (`0.1–1.3`). */
  readonly range: string;
  /** Removed before the target: the release after the last one before the target that has it, and the range up to there. */
  readonly removedIn?: Release;
  readonly rangeBefore?: string;
  /** The releases after the target that have it (`1.4`), when some do. */
  readonly rangeAfter?: string;
  /** Its first release after the target, when no release before the target has it. */
  readonly addedIn?: Release;
  /** True when it is in every release from `addedIn` on: then nothing more needs saying. */
  readonly sinceAdded?: boolean;
}

/** How the other releases have an ID the target lacks; `undefined` when the target has it or none does. */
export function absence(set: FrameworkSet, id: string): Absence | undefined {
  const had = set.lastHad(id);
  if (!had) return undefined;
  const { timeline, target } = kindTimeline(set, had.object.kind);
  const { positions } = presence(timeline, id);
  const before = positions.filter((at) => at < target);
  const after = positions.filter((at) => at > target);
  const range = rangeText(timeline, positions);
  const rangeAfter = after.length ? rangeText(timeline, after) : undefined;
  if (before.length) {
    const last = before[before.length - 1];
    return { ...had, range, removedIn: timeline[last + 1], rangeBefore: rangeText(timeline, before), rangeAfter };
  }
  const sinceAdded = after.length === timeline.length - after[0];
  return { ...had, range, rangeAfter, addedIn: timeline[after[0]], sinceAdded };
}

/**
 * The `removed-id` message: `T0019 Generate Information Pollution was removed in 1.4 (it was in
 * 0.1–1.3).` An ID that came back after the target says so; an ID newer than the target says when
 * it came.
 */
export function absenceMessage(set: FrameworkSet, found: Absence): string {
  const label = `${found.object.id} ${found.object.name}`;
  if (found.removedIn) {
    const back = found.rangeAfter ? `; it is in ${found.rangeAfter} again` : '';
    return `${label} was removed in ${shortName(found.removedIn)} (it was in ${found.rangeBefore}${back}).`;
  }
  const added = `${label} is not in ${releaseName(set.target.label)}: it was added in ${shortName(found.addedIn!)}`;
  return found.sinceAdded ? `${added}.` : `${added} (it is in ${found.range}).`;
}

/**
 * The `unknown-id` message for an ID no loaded release has: `T0013.001 is not in any DISARM
 * release (0.1–1.7).` A kind only some releases hold (a checkout's counters) is said of those.
 * `undefined` with a single release: the message is then the core's own.
 */
export function unknownMessage(set: FrameworkSet, id: string, kind: DisarmKind): string | undefined {
  const timeline = set.timeline;
  if (timeline.length < 2) return undefined;
  const label = KIND_LABELS[kind].toLowerCase();
  const holding = timeline.flatMap((release, at) => (release.index.counts[kind] ? [at] : []));
  if (holding.length === timeline.length) {
    return `${id} is not in any DISARM release (${historySpan(timeline)}).`;
  }
  const article = /^[aeiou]/.test(label) ? 'an' : 'a';
  if (holding.length === 0) return `${id} is not ${article} ${label} in the loaded DISARM data.`;
  if (holding.length === 1) return `${id} is not ${article} ${label} in DISARM ${shortName(timeline[holding[0]])}, the only loaded release with ${label}s.`;
  return `${id} is not ${article} ${label} in any DISARM release with ${label}s (${rangeText(timeline, holding)}).`;
}

/**
 * The hover's line on an ID the target has: `In DISARM since 1.0; named "Hijack Existing
 * Hashtag" in 1.0–1.3.` Names that differ only in case, spacing or -ize/-ise spelling count as
 * one, shown as the newest wrote it. `undefined` when there is no history to tell.
 */
export function historyLine(set: FrameworkSet, object: DisarmObject): string | undefined {
  const { timeline } = kindTimeline(set, object.kind);
  if (timeline.length < 2) return undefined;
  const { positions, objects } = presence(timeline, object.id);
  if (!positions.length) return undefined;
  const last = positions[positions.length - 1];
  let line: string;
  if (last < timeline.length - 1) line = `In DISARM ${rangeText(timeline, positions)}; removed in ${shortName(timeline[last + 1])}`;
  else {
    // The run that reaches the newest release reads "since"; the runs before it are ranges.
    let from = positions.length - 1;
    while (from > 0 && positions[from - 1] === positions[from] - 1) from--;
    const before = positions.slice(0, from);
    line = `In DISARM ${before.length ? `${rangeText(timeline, before)} and ` : ''}since ${shortName(timeline[positions[from]])}`;
  }
  const current = nameKey(object.name);
  const groups: Array<{ key: string; name: string; positions: number[] }> = [];
  for (const at of positions) {
    const key = nameKey(objects[at]!.name);
    const group = groups[groups.length - 1];
    if (group?.key === key) {
      group.name = objects[at]!.name;
      group.positions.push(at);
    } else groups.push({ key, name: objects[at]!.name, positions: [at] });
  }
  const renamed = groups.filter((g) => g.key !== current).map((g) => `"${g.name}" in ${rangeText(timeline, g.positions)}`);
  if (renamed.length) line += `; named ${renamed.join(', ')}`;
  return `${line}.`;
}

/** A name as compared across releases: case, spacing, quotes and dashes, and British or American -ize/-yze spelling ignored. */
function nameKey(name: string): string {
  return normalizeName(name).replace(/(?<=\p{L}{2})(is|ys)(e|es|ed|ing|ation|ations)\b/gu, (_m, s: string, end: string) => `${s[0]}z${end}`);
}
