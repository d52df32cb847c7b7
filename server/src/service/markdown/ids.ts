/** The DISARM ID grammar: which tokens are IDs, of which kind, and which are malformed. */

export type DisarmKind =
  | 'phase'
  | 'tactic'
  | 'technique'
  | 'counter'
  | 'incident'
  | 'actortype'
  | 'metatechnique'
  | 'task'
  | 'detection'
  | 'responsetype';

export const KIND_LABELS: Record<DisarmKind, string> = {
  phase: 'Phase',
  tactic: 'Tactic',
  technique: 'Technique',
  counter: 'Counter',
  incident: 'Incident',
  actortype: 'Actor type',
  metatechnique: 'Metatechnique',
  task: 'Task',
  detection: 'Detection',
  responsetype: 'Response type',
};

/**
 * What a token is:
 * - `id`: a well-formed DISARM ID of `kind`;
 * - `malformed`: meant as a technique ID but not of its form (always an error);
 * - `short`: `T` with three digits, an error only where it is used as an ID;
 * - `foreign`: a MITRE ATT&CK technique ID (T1xxx, or T08xx of ATT&CK for ICS): a reference only
 *   with a sure name or as a link text, and judged only where it is used as DISARM's (see `diagnostics.ts`).
 */
export type TokenClass =
  | { readonly type: 'id'; readonly kind: DisarmKind }
  | { readonly type: 'malformed' | 'short' | 'foreign' };

/** Kinds whose absence from the data is an `unknown-id` error; other kinds only get hovers. */
export const CHECKED_KINDS: ReadonlySet<DisarmKind> = new Set(['technique', 'tactic', 'counter', 'incident']);

/**
 * Candidate tokens. The look-behind keeps IDs inside paths, file names and words out
 * (`techniques/T0001.md`, `AT0001`); the look-ahead keeps `T0001a` out but lets a
 * sentence end in `T0001.` and a link text continue with a name.
 */
export const TOKEN_PATTERN = /(?<![\w/.\\])(?:TA\d+|TK\d+|T\d+(?:\.\d+)?|[PCIAMFD]\d+)(?![\w])/g;

const FIXED_KINDS: ReadonlyArray<readonly [RegExp, DisarmKind]> = [
  [/^TA\d{2}$/, 'tactic'],
  [/^TK\d{4}$/, 'task'],
  [/^P\d{2}$/, 'phase'],
  [/^C\d{5}$/, 'counter'],
  [/^I\d{5}$/, 'incident'],
  [/^A\d{3}$/, 'actortype'],
  [/^M\d{3}$/, 'metatechnique'],
  [/^F\d{5}$/, 'detection'],
  [/^D\d{2}$/, 'responsetype'],
];

/** Classifies a token matched by {@link TOKEN_PATTERN}; `undefined` for tokens that are not IDs at all. */
export function classifyToken(token: string): TokenClass | undefined {
  // Documents cite the same IDs over and over: each distinct token is classified once.
  let known = classified.get(token);
  if (known === undefined) {
    if (classified.size >= MAX_CLASSIFIED) classified.clear();
    classified.set(token, (known = classifyNew(token) ?? NOT_AN_ID));
  }
  return known === NOT_AN_ID ? undefined : known;
}

/** Tokens already classified; a document of a million distinct tokens only empties it now and then. */
const classified = new Map<string, TokenClass | typeof NOT_AN_ID>();
const MAX_CLASSIFIED = 4096;
const NOT_AN_ID = Symbol('not an ID');

// Shared by every reference of their class: frozen.
const FOREIGN: TokenClass = Object.freeze({ type: 'foreign' });
const MALFORMED: TokenClass = Object.freeze({ type: 'malformed' });
const SHORT: TokenClass = Object.freeze({ type: 'short' });
const OF_KIND = new Map((Object.keys(KIND_LABELS) as DisarmKind[]).map((kind) => [kind, Object.freeze({ type: 'id', kind }) as TokenClass]));

function classifyNew(token: string): TokenClass | undefined {
  const technique = /^T(\d+)(?:\.(\d+))?$/.exec(token);
  if (technique) {
    const [, digits, sub] = technique;
    if (digits.length === 4) {
      // ATT&CK: T1xxx (Enterprise) and T0800–T0899 (ICS, which has no sub-techniques), ranges DISARM never used.
      if (digits[0] !== '0' || (digits[1] === '8' && sub === undefined)) return FOREIGN;
      if (sub !== undefined && sub.length !== 3) return MALFORMED;
      return OF_KIND.get('technique');
    }
    if (digits.length >= 5 && digits[0] === '0') return MALFORMED;
    if (digits.length === 3) return SHORT;
    return undefined;
  }
  for (const [pattern, kind] of FIXED_KINDS) {
    if (pattern.test(token)) return OF_KIND.get(kind);
  }
  return undefined;
}

/** The parent technique of a sub-technique ID (`T0146.007` → `T0146`). */
export function parentTechniqueId(id: string): string | undefined {
  const dot = id.indexOf('.');
  return id.startsWith('T') && dot > 0 ? id.slice(0, dot) : undefined;
}
