/** Fixes for the name findings: the official name, or the ID whose name was written. */
import { IdReference, Span, WrittenName } from '../markdown/document';
import { OffsetEdit } from '../markdown/edits';
import { DisarmObject, FrameworkIndex } from '../framework/framework';
import type { Fix, FixContext } from './fixTypes';
import { replaceId, retargetLink } from './retarget';
import { nameSimilarity, objectsNamed, SAME_NAME } from '../framework/suggest';
import { normalizeName } from '../markdown/text';
import { judgeName, NameBook, nameBook, writtenName } from '../features/names';
import type { Release } from '../framework/releases';

/**
 * An inline clause this unlike the official name may be prose rather than a name
 * (`T0115: this is how they posted`): offered, but never applied without asking.
 */
const PLAUSIBLY_THE_NAME = 0.5;

/**
 * What a name fix works from: the ID's object and the release its name is checked against (a
 * removed ID is named as in the release that had it), and the name written beside it.
 */
function namedReference(context: FixContext, ref: IdReference): { book: NameBook; object?: DisarmObject; checked: Release; name?: WrittenName } {
  const book = nameBook(context.index, context.releases);
  const removed = context.index.objects.has(ref.token) ? undefined : context.releases?.lastHad(ref.token);
  return { book, object: removed?.object ?? context.index.objects.get(ref.token), checked: removed?.release ?? book.target, name: writtenName(ref, book) };
}

/**
 * The fixes for a written name that is not the ID's official name, likeliest first:
 * - `T0097: 109 Romantic Suitor Persona`: a sub-technique's digits slipped past the colon;
 * - `T0097.106: Researcher Persona`: the name is (nearly) another technique's, so the ID is the slip;
 * - otherwise the name is misspelt or outdated: write the official one.
 */
export function nameMismatchFixes(context: FixContext, ref: IdReference): Fix[] {
  const { book, object, checked, name } = namedReference(context, ref);
  if (!object || !name) return [];
  const text = context.model.text;
  const span = writtenSpan(text, name, object.name);
  const own = nameSimilarity(text.slice(span.start, span.end), object.name);
  const rename: Fix = {
    title: `Change the name to "${object.name}"`,
    edits: [{ start: span.start, end: span.end, newText: inlineSafe(text, span.start, object.name) }],
    preferred: false,
  };
  const slip = digitSlip(context.index, text, ref, name);
  if (slip) return [{ ...slip, preferred: true }, rename];
  const alternative = nearlyNamedOther(context.index, name.text, object) ?? leadingOtherName(name, object, checked, book);
  const alternativePreferred = !!alternative && alternative.similarity > own + 0.05;
  const fixes: Fix[] = [{ ...rename, preferred: !alternativePreferred && isAName(text, name, own, object.name) }];
  if (alternative) {
    const edits = replaceId(ref, alternative.object);
    const altSpan = writtenSpan(text, name, alternative.object.name);
    if (normalizeName(text.slice(altSpan.start, altSpan.end)) !== normalizeName(alternative.object.name)) {
      edits.push({ start: altSpan.start, end: altSpan.end, newText: inlineSafe(text, altSpan.start, alternative.object.name) });
    }
    const fix = { title: `Change to ${alternative.object.id} ${alternative.object.name} (the name written)`, edits, preferred: alternativePreferred };
    if (alternativePreferred) fixes.unshift(fix);
    else fixes.push(fix);
  }
  return fixes;
}

/**
 * `outdated-name` and `name-spelling`: the name the ID has in the checked release. Preferred,
 * except for an abbreviation (`T0073 (Determine Target)`): fix all never expands what a writer
 * shortened on purpose.
 */
export function nameSlipFixes(context: FixContext, ref: IdReference): Fix[] {
  const { book, object, checked, name } = namedReference(context, ref);
  if (!object || !name) return [];
  const verdict = judgeName(name, object, checked, book);
  if (!verdict || verdict.code === 'name-mismatch') return [];
  const span = writtenSpan(context.model.text, name, verdict.code === 'outdated-name' ? verdict.name : object.name);
  const abbreviation = verdict.code === 'name-spelling' && verdict.abbreviation;
  return [
    {
      title: abbreviation ? `Write the full name "${object.name}"` : `Change the name to "${object.name}"`,
      edits: [{ start: span.start, end: span.end, newText: inlineSafe(context.model.text, span.start, object.name) }],
      preferred: !abbreviation,
    },
  ];
}

/**
 * Points the reference at `object`: its ID, its page, and (when a name is written) its name in
 * place of the part of the written text that stands for `writtenFor` (the name being replaced).
 */
export function replaceReference(text: string, ref: IdReference, object: DisarmObject, writtenFor: string): OffsetEdit[] {
  const edits = replaceId(ref, object);
  if (!ref.name) return edits;
  const span = writtenSpan(text, ref.name, writtenFor);
  if (normalizeName(text.slice(span.start, span.end)) !== normalizeName(object.name)) {
    edits.push({ start: span.start, end: span.end, newText: inlineSafe(text, span.start, object.name) });
  }
  return edits;
}

/**
 * Whether the written name is surely meant as a name, so that writing the official one in its
 * place loses nothing: a link text, quotes, parentheses or a cell are all name; an inline clause is when it reads like the name,
 * or when it is a short item of a list (`(T0097.110: Member of Political Party Persona, …)`).
 */
function isAName(text: string, name: WrittenName, similarity: number, official: string): boolean {
  if (!runsOn(name) || similarity >= PLAUSIBLY_THE_NAME) return true;
  return isDelimited(text, name) && name.text.split(/\s+/).length <= official.split(/\s+/).length + 2;
}

/** A name after a separator may run on into prose; a link text, quotes, parentheses and a cell hold only the name. */
function runsOn(name: WrittenName): boolean {
  return name.style === 'separator' || name.style === 'after-link';
}

/** A name from the data, written into a table row: a `|` in it would split the cell. */
function inlineSafe(text: string, offset: number, name: string): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*\|/.test(text.slice(lineStart, offset)) ? name.replace(/\|/g, '\\|') : name;
}

/** The clause ends at a list separator or a closing parenthesis, not at the end of a sentence or line. */
function isDelimited(text: string, name: WrittenName): boolean {
  return /^[ \t]*[,;|)]/.test(text.slice(name.end, name.end + 8));
}

/** The one other object of the kind whose name is (nearly) the written name; none when several are. */
function nearlyNamedOther(index: FrameworkIndex, written: string, object: DisarmObject) {
  const others = objectsNamed(written, index, object.kind).filter((m) => m.object.id !== object.id);
  if (others.length === 0 || (others.length > 1 && others[1].similarity >= others[0].similarity)) return undefined;
  return others[0];
}

/** A run-on inline name whose leading words are exactly one other object's name (the finding's reading). */
function leadingOtherName(name: WrittenName, object: DisarmObject, checked: Release, book: NameBook) {
  const verdict = judgeName(name, object, checked, book);
  const leading = verdict?.code === 'name-mismatch' && verdict.other && verdict.sole && verdict.written !== name.text;
  return leading ? { object: verdict.other!.object, similarity: 1 } : undefined;
}

/** `T0097: 109 Romantic Suitor Persona` → `T0097.109: Romantic Suitor Persona`, when that sub-technique has that name. */
function digitSlip(index: FrameworkIndex, text: string, ref: IdReference, name: WrittenName): Omit<Fix, 'preferred'> | undefined {
  const digits = /^(\d{3})[ \t]+/.exec(name.text);
  if (!digits || ref.token.includes('.') || !ref.token.startsWith('T')) return undefined;
  const sub = index.objects.get(`${ref.token}.${digits[1]}`);
  const rest = name.text.slice(digits[0].length);
  if (!sub || nameSimilarity(rest, sub.name) < SAME_NAME) return undefined;
  const written = normalizeName(rest) === normalizeName(sub.name) ? rest : inlineSafe(text, name.start, sub.name);
  const edits: OffsetEdit[] = [{ start: ref.start, end: name.end, newText: `${sub.id}${ref.form === 'link' ? ' ' : ': '}${written}` }];
  const url = ref.destination && retargetLink(ref.destination.url, sub);
  if (ref.destination && url !== undefined && url !== ref.destination.url) {
    edits.push({ start: ref.destination.start, end: ref.destination.end, newText: url });
  }
  return { title: `Change to ${sub.id} ${sub.name} (digits after the colon)`, edits };
}

/**
 * The part of the written name that stands for `official`. A link text is all name; an inline
 * clause may run on (`T0001: Pick Audiences to reach people`), so only its first words, as many
 * as the official name has give or take one, or the whole clause when it is a list item,
 * whichever reads most like the official name, are the name.
 */
function writtenSpan(text: string, name: WrittenName, official: string): Span {
  if (!runsOn(name)) return name;
  const ends = [...text.slice(name.start, name.end).matchAll(/\S+/g)].map((m) => name.start + m.index + m[0].length);
  const count = official.split(/\s+/).filter(Boolean).length;
  // A list item is all name unless a run of its first words is clearly more like the official name.
  const delimited = isDelimited(text, name);
  let best: Span = name;
  let bestSimilarity = delimited ? nameSimilarity(name.text, official) + 0.1 : -1;
  for (const words of [count, count - 1, count + 1]) {
    if (words < 1 || words > ends.length) continue;
    const end = ends[words - 1];
    const similarity = nameSimilarity(text.slice(name.start, end), official);
    if (similarity > bestSimilarity) {
      best = { start: name.start, end };
      bestSimilarity = similarity;
    }
  }
  return best;
}
