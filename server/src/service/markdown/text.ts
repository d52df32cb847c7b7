/** Small text helpers shared by the loaders and the features. */

/** Folds the differences a name comparison ignores: case, runs of white space, typographic quotes and dashes. */
export function normalizeName(name: string): string {
  // Tested first: few names hold a typographic mark, and a run folds thousands of names.
  if (TYPOGRAPHIC.test(name)) {
    name = name
      .replace(/[\u2018\u2019\u201A\u201B\u2032`]/g, "'")
      .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
      .replace(/[\u2010-\u2015\u2212]/g, '-');
  }
  return name.replace(/\s+/g, ' ').trim().toLowerCase();
}

const TYPOGRAPHIC = /[\u2010-\u2015\u2018-\u201F\u2032\u2033\u2212`]/;

/**
 * The form in which two names are the same name: {@link normalizeName}, less a trailing period,
 * with British -ise, -isation and -yse spellings folded into -ize, -ization and -yze (DISARM
 * moved to British spelling in 1.3: Utilize became Utilise).
 */
export function comparableName(name: string): string {
  let folded = comparable.get(name);
  if (folded === undefined) {
    folded = foldName(name);
    if (name.length <= MAX_KEPT) {
      if (comparable.size >= MAX_KEPT_NAMES) comparable.clear();
      comparable.set(name, folded);
    }
  }
  return folded;
}

/**
 * Folded names already asked for: the checks compare the same official names and the same
 * written ones many times over (every release's name of every cited ID, per reference), and
 * the fold is a chain of Unicode regular expressions. Short names only, and a bounded count,
 * so a long line's rest never stays in memory.
 */
const comparable = new Map<string, string>();
const MAX_KEPT = 200;
const MAX_KEPT_NAMES = 20_000;

function foldName(name: string): string {
  let folded = normalizeName(name);
  if (folded.length >= 2 && folded[0] === '"' && folded[folded.length - 1] === '"') folded = folded.slice(1, -1);
  if (folded.endsWith('.')) folded = folded.slice(0, -1);
  // The Unicode look-behinds are the slow part: asked only of names that hold a suffix they fold
  // (every suffix of -is- starts with e, ing or ation; of -ys-, with e or ing).
  if (ISE.test(folded)) folded = folded.replace(/(?<=\p{L}{2})is(?=(?:e|es|ed|ing|ation|ations|er|ers)\b)/gu, 'iz');
  if (YSE.test(folded)) folded = folded.replace(/(?<=\p{L})ys(?=(?:e|es|ed|ing)\b)/gu, 'yz');
  return folded;
}

const ISE = /is(?:e|ing|ation)/;
const YSE = /ys(?:e|ing)/;

/**
 * A search asked at positions that only grow: `find(from)` (the next hit at or after `from`, or
 * -1) runs again only once `from` has passed its last hit, so a pass over a text costs one
 * search however many positions ask.
 */
export function forwardSearch(find: (from: number) => number): (from: number) => number {
  let at = -2;
  return (from) => {
    if (at !== -1 && at < from) at = find(from);
    return at;
  };
}

/** Whether the next hit of `next` (a {@link forwardSearch}) from `start` lies before `end`. */
export function foundWithin(next: (from: number) => number, start: number, end: number): boolean {
  const at = next(start);
  return at >= 0 && at < end;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Decodes the HTML entities the DISARM pages use (named basics and numeric). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Turns a fragment of the pages' HTML-in-markdown into plain text: `<br>` becomes a line break, other tags go. */
export function htmlToText(html: string): string {
  return decodeEntities(html.replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]*>/g, ''))
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Escapes text so that markdown renders it literally: data files are never trusted as markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, '\\$&');
}
