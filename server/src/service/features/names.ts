/**
 * Written names, judged against every loaded release: which words beside an ID are a name (the
 * styles `markdown/names.ts` can only propose), and what a name is (the ID's name in the checked
 * release, its name in another release, another object's name, a slip, or something else).
 */
import { DisarmObject, FrameworkIndex } from '../framework/framework';
import { FrameworkSet, Release } from '../framework/releases';
import { bigramsOf, dice, editDistance, SAME_NAME } from '../framework/suggest';
import type { IdReference, WrittenName } from '../markdown/document';
import type { DisarmKind } from '../markdown/ids';
import { comparableName } from '../markdown/text';
import { runToEnd, shared, STEP, Steps } from '../markdown/steps';

/** An object's name in one release. */
export interface Named {
  readonly object: DisarmObject;
  readonly release: Release;
}

/** Every name of every loaded release, by {@link comparableName}. */
export interface NameBook {
  /** Newest first; the target's index is the one the features use (kinds it lacks filled in). */
  readonly releases: readonly Release[];
  readonly target: Release;
  readonly named: ReadonlyMap<string, readonly Named[]>;
  /** How many IDs use each word (of {@link comparableName}) in their names, over all releases. */
  readonly wordUse: ReadonlyMap<string, number>;
}

const books = new WeakMap<object, () => Steps<NameBook>>();

/** The book of `releases`, or of `index` alone; memoised weakly, so a reload drops it. */
export function nameBook(index: FrameworkIndex, releases?: FrameworkSet): NameBook {
  return runToEnd(nameBookSteps(index, releases));
}

/**
 * {@link nameBook} in steps (see `markdown/steps.ts`): forty releases are forty thousand names
 * to fold, a stall of 150 ms or more on the server's main thread after every load.
 */
export function nameBookSteps(index: FrameworkIndex, releases?: FrameworkSet): Steps<NameBook> {
  const key = releases ?? index;
  let book = books.get(key);
  if (!book) books.set(key, (book = shared(() => buildBook(index, releases))));
  return book();
}

function* buildBook(index: FrameworkIndex, releases: FrameworkSet | undefined): Steps<NameBook> {
  const target: Release = releases ? { ...releases.target, index: releases.index } : { label: index.source.kind, index };
  const all = releases ? releases.releases.map((r) => (r === releases.target ? target : r)) : [target];
  const named = new Map<string, Named[]>();
  const users = new Map<string, Set<string>>();
  // Most names stand unchanged from release to release: an ID's words are counted once per name.
  const counted = new Map<string, string>();
  let step = 0;
  for (const release of all) {
    for (const object of release.index.objects.values()) {
      if (++step % STEP === 0) yield;
      const key = comparableName(object.name);
      const list = named.get(key);
      if (list) list.push({ object, release });
      else named.set(key, [{ object, release }]);
      if (counted.get(object.id) === key) continue;
      counted.set(object.id, key);
      for (const word of key.split(' ')) {
        const ids = users.get(word);
        if (ids) ids.add(object.id);
        else users.set(word, new Set([object.id]));
      }
    }
  }
  const wordUse = new Map([...users].map(([word, ids]) => [word, ids.size]));
  return { releases: all, target, named, wordUse };
}

/** The objects of `kind` named `name` in some release (compared as {@link comparableName}). */
function namedAs(book: NameBook, name: string, kind: DisarmKind): readonly Named[] {
  return (book.named.get(comparableName(name)) ?? []).filter((n) => n.object.kind === kind);
}

/** Column headers under which the next cell is a name. */
const NAME_COLUMN = /^(?:name|technique|technique name|tactic|counter|title|nom|nombre)$/i;

/**
 * The name written beside `ref`, if any: a name in a sure style, or a candidate the data
 * confirms. A bare space is a name only when its first words are a DISARM name of the ID's kind
 * (then only those words); parentheses when capitalised or (close to) a DISARM name; a table
 * cell under a name column or when it reads as (close to) a DISARM name.
 */
export function writtenName(ref: IdReference, book: NameBook): WrittenName | undefined {
  if (ref.name) return ref.name;
  const candidate = ref.candidate;
  if (!candidate || ref.class.type !== 'id') return undefined;
  const kind = ref.class.kind;
  switch (candidate.style) {
    case 'space':
      return leadingName(ref.token, candidate, book, kind);
    case 'paren':
      return looksLikeName(candidate.text) || nearName(ref.token, candidate.text, book, kind) ? candidate : undefined;
    case 'cell':
      return NAME_COLUMN.test(candidate.header?.replace(/[*_]/g, '').trim() ?? '') || nearName(ref.token, candidate.text, book, kind) ? candidate : undefined;
    default:
      return candidate;
  }
}

/**
 * Parenthesised words that read as a name: capitalised, more than one word (a lone `(Russia)` or
 * `(Telegram)` is context unless it is a DISARM name), not a label in capitals (`(DISARM BLUE)`),
 * and not about the framework itself (no DISARM name holds the word DISARM).
 */
function looksLikeName(text: string): boolean {
  return /^\p{Lu}\S*\s+\S/u.test(text) && /\p{Ll}/u.test(text) && !/\b(?:DISARM|AMITT)\b/i.test(text);
}

/** The longest run of leading whole words of `candidate` that is a name of `kind` in some release. */
function leadingName(id: string, candidate: WrittenName, book: NameBook, kind: DisarmKind): WrittenName | undefined {
  const ends = [...candidate.text.matchAll(/\S+/g)].map((m) => m.index + m[0].length);
  // The whole clause is the ID's own name spelt right (DISARM's typo corrected): a name, not a shorter one followed by prose.
  // Each of the ID's names once: most releases share it.
  const names = new Set<string>();
  for (const release of book.releases) {
    const object = release.index.objects.get(id);
    if (object) names.add(object.name);
  }
  for (const name of names) if (correctsTypo(candidate.text, name, book)) return candidate;
  for (let i = Math.min(ends.length, 16) - 1; i >= 0; i--) {
    const text = candidate.text.slice(0, ends[i]);
    if (namedAs(book, text, kind).length) return { ...candidate, text, rest: text, end: candidate.start + text.length };
  }
  return undefined;
}

/** A DISARM name of `kind` in some release, or close to one: nearly the same letters, or a slip of the ID's own name. */
function nearName(id: string, text: string, book: NameBook, kind: DisarmKind): boolean {
  if (namedAs(book, text, kind).length) return true;
  const own = book.releases.some((r) => {
    const object = r.index.objects.get(id);
    return !!object && slipOf(text, object.name) !== undefined;
  });
  return own || nearAnyName(book, text, kind);
}

interface Letters {
  readonly bigrams: Map<string, number>;
  readonly size: number;
}

/** Per book and kind: the distinct names of all releases as letter pairs, by size; and answers already given. */
const nearCache = new WeakMap<NameBook, Map<DisarmKind, { names: Letters[]; answers: Map<string, boolean> }>>();

/**
 * Whether `text` is nearly (Dice of letter pairs at least SAME_NAME) a name of `kind` in some
 * release. Each distinct name is compared once, and only names whose size could reach the bound
 * (a Dice of d needs the smaller size to be at least d / (2 - d) of the larger); answers are kept
 * per book, so a table of the same words is judged once.
 */
function nearAnyName(book: NameBook, text: string, kind: DisarmKind): boolean {
  let byKind = nearCache.get(book);
  if (!byKind) nearCache.set(book, (byKind = new Map()));
  let entry = byKind.get(kind);
  if (!entry) {
    const names = [...book.named.values()].filter((list) => list.some((n) => n.object.kind === kind)).map((list) => bigramsOf(list[0].object.name));
    byKind.set(kind, (entry = { names: names.sort((a, b) => a.size - b.size), answers: new Map() }));
  }
  const key = comparableName(text);
  const known = entry.answers.get(key);
  if (known !== undefined) return known;
  const written = bigramsOf(text);
  const ratio = SAME_NAME / (2 - SAME_NAME);
  const answer = entry.names.some((name) => name.size >= written.size * ratio && written.size >= name.size * ratio && dice(written, name) >= SAME_NAME);
  if (entry.answers.size < 10_000) entry.answers.set(key, answer);
  return answer;
}

/** What a written name is, when it is not the checked release's name. */
export type NameVerdict =
  /** The ID's name in `releases` (older than the checked one), `current` since `since`. */
  | { readonly code: 'outdated-name'; readonly name: string; readonly releases: readonly Release[]; readonly since: Release }
  /**
   * The exact name of another object (in `other.release`; `sole`: no third object has it), written
   * as `written` (the name's leading words, when it runs on).
   */
  | { readonly code: 'name-mismatch'; readonly other?: Named; readonly sole?: boolean; readonly written?: string }
  /** Within two edits of the official name, or its leading words (`abbreviation`); `written`: the slip as written. */
  | { readonly code: 'name-spelling'; readonly abbreviation: boolean; readonly written: string };

/**
 * Judges `name`, written for `object` as it is in `checked` (the target, or for a removed ID
 * the last release that had it). `undefined`: the checked name, or the ID's name in a newer
 * release than the checked one (the writer follows a later release). The first rule that fits
 * wins: outdated, another object's exact name (the whole name, or the leading words of one that
 * runs on, unless a longer slip of the ID's own name reads better), a slip, anything else.
 */
export function judgeName(name: WrittenName, object: DisarmObject, checked: Release, book: NameBook): NameVerdict | undefined {
  if (sameName(name, object.name)) return undefined;
  const order = book.releases;
  // The book's target carries the features' index; labels are unique among the releases.
  const at = order.findIndex((r) => r.label === checked.label);
  const named = (exact: boolean) =>
    order.filter((r) => {
      const own = r.index.objects.get(object.id);
      return r !== order[at] && !!own && (exact ? foldedOf(name).text === comparableName(own.name) : sameName(name, own.name));
    });
  // `Flooding the Commons` is 1.2's name exactly, not 0.9's `Flooding` followed by prose.
  const exact = named(true);
  const having = exact.length ? exact : named(false);
  if (having.length) {
    const older = having.filter((r) => order.indexOf(r) > at);
    if (older.length < having.length) return undefined;
    return { code: 'outdated-name', name: older[0].index.objects.get(object.id)!.name, releases: older, since: since(book, object, at) };
  }
  const another = otherNameWritten(name, object.id, object.kind, book);
  if (another?.written === name.text) return { code: 'name-mismatch', ...another };
  if (correctsTypo(name.text, object.name, book)) return undefined;
  const slip = slipOfAny(name, object, book);
  // Leading words that are another's exact name come before a slip of no more words
  // (`Post Content because …` for `Host Content`), not before a longer one (`Social Media Pletform`).
  if (another && !(slip && slip.written.length > another.written.length)) return { code: 'name-mismatch', ...another };
  if (slip) return { code: 'name-spelling', abbreviation: slip.kind === 'abbreviation', written: slip.written };
  return { code: 'name-mismatch' };
}

/**
 * Careful writers silently correct DISARM's own typos ("Defend Reputaton"): a written name that
 * differs from the official one only in words no other ID's name uses, each written as a word
 * other names do use, is the official name spelt right.
 */
function correctsTypo(written: string, official: string, book: NameBook): boolean {
  const a = comparableName(written).split(' ');
  const b = comparableName(official).split(' ');
  if (a.length !== b.length) return false;
  let corrected = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if ((book.wordUse.get(b[i]) ?? 0) > 1 || !book.wordUse.has(a[i]) || editDistance(a[i], b[i], 3) > 2) return false;
    // A plural for a singular is the writer's slip, not a correction (`Video` for `Videos`).
    if (a[i].replace(/e?s$/, '') === b[i].replace(/e?s$/, '')) return false;
    corrected++;
  }
  return corrected > 0;
}

/** The oldest release of the unbroken run, up to the checked one, in which the ID has its checked name. */
function since(book: NameBook, object: DisarmObject, at: number): Release {
  const order = book.releases;
  let first = order[at];
  for (let i = at + 1; i < order.length; i++) {
    const own = order[i].index.objects.get(object.id);
    if (!own || comparableName(own.name) !== comparableName(object.name)) break;
    first = order[i];
  }
  return first;
}

/**
 * Whether the written name is `official`. A sure inline name may run on into prose
 * (`T0002: Write Posts to friends`): it is the name when it starts with it, up to a word's end.
 */
export function sameName(name: WrittenName, official: string): boolean {
  // Written as the data has it (most names are): the same name, without folding either.
  if (name.text === official) return true;
  const expected = comparableName(official);
  const written = foldedOf(name);
  if (written.text === expected) return true;
  if (name.style !== 'separator' && name.style !== 'after-link') return false;
  const rest = (written.rest ??= comparableName(name.rest));
  const after = rest.charAt(expected.length);
  if (!rest.startsWith(expected) || /[\p{L}\p{N}]/u.test(after)) return false;
  // Punctuation closes the name (`Write Posts: Friends share them`).
  if (after !== ' ') return true;
  // Prose may follow (`Write Posts to friends`); a capitalised word goes on with the name (`Online Polls Manipulation`).
  const next = name.rest.split(/\s+/)[official.trim().split(/\s+/).length];
  return !next || !/^\p{Lu}/u.test(next);
}

/**
 * A written name folded, once: it is held against the ID's name in every release, and its rest
 * runs to the end of the line, longer than the fold's memo keeps.
 */
function foldedOf(name: WrittenName): { readonly text: string; rest?: string } {
  let folded = foldedNames.get(name);
  if (!folded) foldedNames.set(name, (folded = { text: comparableName(name.text) }));
  return folded;
}

const foldedNames = new WeakMap<WrittenName, { readonly text: string; rest?: string }>();

/** Another object of the kind than `id` whose exact name (in some release) is `text`, the target's first; `sole` when no third has it. */
export function objectNamedExactly(book: NameBook, text: string, id: string, kind: DisarmKind): { other: Named; sole: boolean } | undefined {
  const others = namedAs(book, text, kind).filter((n) => n.object.id !== id);
  const other = others.find((n) => n.release === book.target) ?? others[0];
  return other && { other, sole: others.every((n) => n.object.id === other.object.id) };
}

/**
 * Another object of the kind whose exact name is written: the whole name, or for a sure inline
 * name that runs on into prose (`T0145.002: Stock Image Account Imagery because …`) its longest
 * leading run of two or more words; `written` is the text that is that name.
 */
export function otherNameWritten(name: WrittenName, id: string, kind: DisarmKind, book: NameBook): { other: Named; sole: boolean; written: string } | undefined {
  const whole = objectNamedExactly(book, name.text, id, kind);
  if (whole) return { ...whole, written: name.text };
  if (name.style !== 'separator' && name.style !== 'after-link') return undefined;
  const ends = [...name.text.matchAll(/\S+/g)].map((m) => m.index + m[0].length);
  for (let i = Math.min(ends.length - 1, 16) - 1; i >= 1; i--) {
    const written = name.text.slice(0, ends[i]);
    const found = objectNamedExactly(book, written, id, kind);
    if (found) return { ...found, written };
  }
  return undefined;
}

/**
 * A slip of the ID's checked name, or the leading words of its name in some release, and the
 * written text it covers. A sure inline name may run on into prose (`T0001: Pick Audiences to
 * reach people`): its first words, as many as the official name has, may be the slip.
 */
export function slipOfAny(name: WrittenName, object: DisarmObject, book: NameBook): { kind: 'edit' | 'abbreviation'; written: string } | undefined {
  const edit = slipOf(name.text, object.name);
  if (edit === 'edit') return { kind: edit, written: name.text };
  if (name.style === 'separator' || name.style === 'after-link') {
    const count = object.name.split(/\s+/).length;
    const lead = new RegExp(`^\\S+(?:\\s+\\S+){${count - 1}}(?=\\s)`).exec(name.text)?.[0];
    if (lead && slipOf(lead, object.name) === 'edit') return { kind: 'edit', written: lead };
  }
  for (const release of book.releases) {
    const own = release.index.objects.get(object.id);
    if (own && slipOf(name.text, own.name) === 'abbreviation') return { kind: 'abbreviation', written: name.text };
  }
  return edit && { kind: edit, written: name.text };
}

/**
 * `edit`: at most two character edits from a name of 8 or more characters, one from a name of 5
 * to 7 (`Herass` for `Harass`); `abbreviation`: its leading words, not all of them.
 */
export function slipOf(written: string, official: string): 'edit' | 'abbreviation' | undefined {
  const a = comparableName(written);
  const b = comparableName(official);
  if (a === b) return undefined;
  // A changed number is another name, not a slip (`OPSEC for TA03` for `OPSEC for TA15`).
  const digits = (s: string) => s.replace(/\D+/g, ' ').trim();
  const edits = b.length >= 8 ? 2 : b.length >= 5 ? 1 : 0;
  if (edits && editDistance(a, b, 3) <= edits && digits(a) === digits(b)) return 'edit';
  const words = a.split(' ');
  const full = b.split(' ');
  if (words.length < full.length && words.every((word, i) => word === full[i])) return 'abbreviation';
  return undefined;
}

/** At most 60 characters of a written name, for a message. */
export function quoteName(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** `1.0–1.3`, `0.1, 1.3–1.4`: releases (any order) as runs of the loaded order, oldest first. */
export function releaseRuns(book: NameBook, releases: readonly Release[]): string {
  const order = [...book.releases].reverse();
  const picked = new Set(releases);
  const runs: string[] = [];
  for (let i = 0; i < order.length; i++) {
    if (!picked.has(order[i])) continue;
    let j = i;
    while (j + 1 < order.length && picked.has(order[j + 1])) j++;
    runs.push(i === j ? order[i].label : `${order[i].label}\u2013${order[j].label}`);
    i = j;
  }
  return runs.join(', ');
}
