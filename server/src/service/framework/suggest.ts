/**
 * Which existing IDs a wrong one probably meant: by the shape of the ID (a surplus leading zero,
 * a sub-technique written with too few digits, a one-digit slip) and by the name written beside it.
 */
import { DisarmObject, FrameworkIndex } from './framework';
import { classifyToken, DisarmKind } from '../markdown/ids';
import { normalizeName } from '../markdown/text';

/** One candidate for a wrong ID. */
export interface IdSuggestion {
  readonly object: DisarmObject;
  /** The ID is what the written token becomes once its digit counts are repaired. */
  readonly byShape: boolean;
  /** Edit distance between the written token and the ID. */
  readonly distance: number;
  /** Similarity of the written name to the object's name (0 to 1); 0 when no name is written. */
  readonly nameSimilarity: number;
  readonly score: number;
}

/** A written name that is (nearly) another object's official name. */
export interface NameMatch {
  readonly object: DisarmObject;
  readonly similarity: number;
}

/** A name at least this similar counts as the same name written with a typo. */
export const SAME_NAME = 0.85;

interface Entry {
  readonly object: DisarmObject;
  readonly bigrams: Map<string, number>;
  readonly size: number;
}

/**
 * The objects of one kind, with two inverted indexes built once, so that ranking compares only
 * candidates that can score: a written name is compared with the names that share one of its
 * letter pairs (any other has a Dice coefficient of 0), a token with the IDs that share one of
 * its forms less up to two characters (any ID within two edits does, see {@link deletions}).
 */
interface Entries {
  readonly list: readonly Entry[];
  /** Per letter pair, the entries whose names hold it, with how often. */
  readonly byBigram: ReadonlyMap<string, ReadonlyArray<readonly [Entry, number]>>;
  /** Per ID less up to two characters, the entries whose ID gives it. */
  readonly byDeletion: ReadonlyMap<string, readonly Entry[]>;
  /** The longest ID of the kind: a token more than two characters longer is no ID's slip. */
  readonly longestId: number;
}

/**
 * The indexed objects, per index and kind. Keyed weakly by the index, so a reload simply drops
 * them: this memo is never state a caller has to reset.
 */
const entriesByIndex = new WeakMap<FrameworkIndex, Map<DisarmKind, Entries>>();

/**
 * Answers already given, per index: a note cites the same wrong IDs and names again and again,
 * and fix-all asks for each. Bounded: cleared when full, so a note of distinct names costs a
 * scan each, never memory without end.
 */
const answersByIndex = new WeakMap<FrameworkIndex, Map<string, readonly unknown[]>>();
const MAX_ANSWERS = 10_000;

function remembered<T>(index: FrameworkIndex, key: string, compute: () => T[]): T[] {
  let answers = answersByIndex.get(index);
  if (!answers) answersByIndex.set(index, (answers = new Map()));
  let answer = answers.get(key) as T[] | undefined;
  if (!answer) {
    if (answers.size >= MAX_ANSWERS) answers.clear();
    answers.set(key, (answer = compute()));
  }
  return answer.slice();
}

function entries(index: FrameworkIndex, kind: DisarmKind): Entries {
  let byKind = entriesByIndex.get(index);
  if (!byKind) entriesByIndex.set(index, (byKind = new Map()));
  let indexed = byKind.get(kind);
  if (!indexed) {
    const list = [...index.objects.values()].filter((o) => o.kind === kind).map((object) => ({ object, ...bigramsOf(object.name) }));
    const byBigram = new Map<string, Array<[Entry, number]>>();
    const byDeletion = new Map<string, Entry[]>();
    for (const entry of list) {
      for (const [pair, count] of entry.bigrams) {
        const at = byBigram.get(pair);
        if (at) at.push([entry, count]);
        else byBigram.set(pair, [[entry, count]]);
      }
      for (const form of deletions(entry.object.id)) {
        const at = byDeletion.get(form);
        if (at) at.push(entry);
        else byDeletion.set(form, [entry]);
      }
    }
    indexed = { list, byBigram, byDeletion, longestId: Math.max(0, ...list.map((e) => e.object.id.length)) };
    byKind.set(kind, indexed);
  }
  return indexed;
}

/**
 * `text` and every form of it less one or two characters. Two strings within two edits (optimal
 * string alignment) share one: each edit is undone by deleting at most one character on each
 * side (both sides of a substitution or a swap, one side of an insertion).
 */
export function deletions(text: string): Set<string> {
  const forms = new Set<string>([text]);
  for (let i = 0; i < text.length; i++) {
    const once = text.slice(0, i) + text.slice(i + 1);
    forms.add(once);
    for (let j = i; j < once.length; j++) forms.add(once.slice(0, j) + once.slice(j + 1));
  }
  return forms;
}

/**
 * The letter pairs each name shares with `written` (counted as {@link dice} counts them), for the
 * names that share any: the only ones with a Dice coefficient above 0. Read off the index, so a
 * name is never compared pair by pair.
 */
function sharedPairs(indexed: Entries, written: { bigrams: Map<string, number> }): Map<Entry, number> {
  const shared = new Map<Entry, number>();
  for (const [pair, count] of written.bigrams) {
    for (const [entry, theirs] of indexed.byBigram.get(pair) ?? []) shared.set(entry, (shared.get(entry) ?? 0) + Math.min(count, theirs));
  }
  return shared;
}

/** The letter pairs of a name (after `normalizeName`, punctuation as spaces), for {@link dice}. */
export function bigramsOf(name: string): { bigrams: Map<string, number>; size: number } {
  const text = normalizeName(name).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const bigrams = new Map<string, number>();
  for (let i = 0; i + 1 < text.length; i++) {
    const pair = text.slice(i, i + 2);
    bigrams.set(pair, (bigrams.get(pair) ?? 0) + 1);
  }
  return { bigrams, size: Math.max(text.length - 1, 0) };
}

/**
 * The bigram counts a name can have and still be `minimum` alike to one of `size` bigrams: the
 * Dice coefficient is at most 2 min(a, b) / (a + b), so most names are ruled out by size alone.
 */
function sizesAsSimilar(size: number, minimum: number): [number, number] {
  if (minimum <= 0) return [0, Infinity];
  return [(size * minimum) / (2 - minimum), (size * (2 - minimum)) / minimum];
}

/** The Dice coefficient of two names' letter pairs, from 0 to 1. */
export function dice(a: { bigrams: Map<string, number>; size: number }, b: { bigrams: Map<string, number>; size: number }): number {
  if (a.size + b.size === 0) return 1;
  let common = 0;
  for (const [pair, count] of a.bigrams) common += Math.min(count, b.bigrams.get(pair) ?? 0);
  return (2 * common) / (a.size + b.size);
}

/** How alike two names are, from 0 to 1 (Dice coefficient of letter pairs, after `normalizeName`). */
export function nameSimilarity(a: string, b: string): number {
  return dice(bigramsOf(a), bigramsOf(b));
}

/** Objects of `kind` whose official name is (nearly) `written`, best first. */
export function objectsNamed(written: string, index: FrameworkIndex, kind: DisarmKind = 'technique', minimum = SAME_NAME): NameMatch[] {
  return remembered(index, `named\0${kind}\0${minimum}\0${written}`, () => scanNamed(written, index, kind, minimum));
}

function scanNamed(written: string, index: FrameworkIndex, kind: DisarmKind, minimum: number): NameMatch[] {
  const target = bigramsOf(written);
  const matches: NameMatch[] = [];
  const [shortest, longest] = sizesAsSimilar(target.size, minimum);
  const indexed = entries(index, kind);
  if (minimum > 0 && target.size > 0) {
    // A name sharing no letter pair has a Dice coefficient of 0, below the minimum: only those that share one are looked at.
    for (const [entry, common] of sharedPairs(indexed, target)) {
      if (entry.size < shortest || entry.size > longest) continue;
      const similarity = (2 * common) / (target.size + entry.size);
      if (similarity >= minimum) matches.push({ object: entry.object, similarity });
    }
  } else {
    for (const entry of indexed.list) {
      if (entry.size < shortest || entry.size > longest) continue;
      const similarity = dice(target, entry);
      if (similarity >= minimum) matches.push({ object: entry.object, similarity });
    }
  }
  return matches.sort((a, b) => b.similarity - a.similarity || compareIds(a.object.id, b.object.id));
}

/** Names less alike than this share too little to be worth offering as a successor. */
const RELATED_NAME = 0.3;

/**
 * The objects of `kind` whose names are closest to `name`, best first: the candidates for a
 * removed ID (DISARM 1.7 moved "Reframe Context" from T0023.001 to T0162). For a person to judge.
 */
export function closestByName(name: string, index: FrameworkIndex, kind: DisarmKind, limit = 3): NameMatch[] {
  return objectsNamed(name, index, kind, RELATED_NAME).slice(0, limit);
}

/**
 * The well-formed IDs a malformed technique token was probably meant as: `T00145.006` →
 * `T0145.006` (surplus leading zeros), `T0115.12` → `T0115.012`, `T115` → `T0115`.
 */
export function repairShape(token: string): string | undefined {
  const match = /^T(\d+)(?:\.(\d+))?$/.exec(token);
  if (!match) return undefined;
  const fit = (digits: string, width: number) => {
    const trimmed = digits.replace(/^0+(?=\d)/, '');
    return trimmed.length <= width ? trimmed.padStart(width, '0') : undefined;
  };
  const main = fit(match[1], 4);
  const sub = match[2] === undefined ? '' : fit(match[2], 3);
  if (main === undefined || sub === undefined || !main.startsWith('0')) return undefined;
  const repaired = sub ? `T${main}.${sub}` : `T${main}`;
  return repaired === token ? undefined : repaired;
}

/**
 * The closest existing IDs to an unknown or malformed token, best first. Without a written name
 * only IDs within two edits (or the repaired shape) are candidates; with one, any object of the
 * kind whose name is (nearly) the written name is one too, however far its ID.
 */
export function suggestIds(token: string, index: FrameworkIndex, writtenName?: string, limit = 3): IdSuggestion[] {
  return remembered(index, `ids\0${limit}\0${token}\0${writtenName ?? ''}`, () => scanIds(token, index, writtenName, limit));
}

function scanIds(token: string, index: FrameworkIndex, writtenName: string | undefined, limit: number): IdSuggestion[] {
  const cls = classifyToken(token);
  const kind: DisarmKind = cls?.type === 'id' ? cls.kind : 'technique';
  const repaired = repairShape(token);
  const written = writtenName ? bigramsOf(writtenName) : undefined;
  const [shortest, longest] = sizesAsSimilar(written?.size ?? 0, SAME_NAME);
  const found: IdSuggestion[] = [];
  const indexed = entries(index, kind);
  const shared = written && written.size > 0 ? sharedPairs(indexed, written) : undefined;
  for (const entry of candidatesFor(indexed, token, repaired, shared)) {
    const { id } = entry.object;
    if (id === token) continue;
    const byShape = id === repaired;
    const distance = editDistance(token, id, 3);
    // Only a name at least SAME_NAME alike makes a far ID a candidate; a near one's score needs the exact value.
    const named = written && written.size > 0 && (byShape || distance <= 2 || (entry.size >= shortest && entry.size <= longest));
    const nameSimilarityValue = named ? (2 * (shared?.get(entry) ?? 0)) / (written.size + entry.size) : 0;
    if (!byShape && distance > 2 && nameSimilarityValue < SAME_NAME) continue;
    const idScore = byShape ? 1 : distance === 1 ? 0.7 : distance === 2 ? 0.4 : 0;
    const score = written ? 0.6 * nameSimilarityValue + 0.4 * idScore : idScore;
    found.push({ object: entry.object, byShape, distance, nameSimilarity: nameSimilarityValue, score });
  }
  return found.sort((a, b) => b.score - a.score || a.distance - b.distance || compareIds(a.object.id, b.object.id)).slice(0, limit);
}

/**
 * The only entries {@link scanIds} can keep: IDs within two edits of the token, the repaired
 * shape, and names that share a letter pair with the written one (a name sharing none is 0 alike).
 */
function candidatesFor(indexed: Entries, token: string, repaired: string | undefined, shared: Map<Entry, number> | undefined): Set<Entry> {
  const candidates = new Set<Entry>();
  if (token.length <= indexed.longestId + 2) {
    for (const form of deletions(token)) for (const entry of indexed.byDeletion.get(form) ?? []) candidates.add(entry);
  }
  if (repaired !== undefined) for (const entry of indexed.byDeletion.get(repaired) ?? []) if (entry.object.id === repaired) candidates.add(entry);
  if (shared) for (const entry of shared.keys()) candidates.add(entry);
  return candidates;
}

/**
 * The suggestion that is safe to apply without asking: the one candidate backed by the repaired
 * shape or by the written name. Several such candidates, or a shape pointing one way and the
 * name another, is ambiguous.
 */
export function confidentSuggestion(suggestions: readonly IdSuggestion[]): IdSuggestion | undefined {
  const backed = suggestions.filter((s) => s.byShape || s.nameSimilarity >= SAME_NAME);
  return backed.length === 1 ? backed[0] : undefined;
}

/** Optimal string alignment distance, giving up (returning `limit`) once it cannot be below it. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best >= limit) return limit;
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length], limit);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
