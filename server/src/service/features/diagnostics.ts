import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DisarmDocument, IdReference, Span } from '../markdown/document';
import { FrameworkIndex } from '../framework/framework';
import { CHECKED_KINDS, KIND_LABELS } from '../markdown/ids';
import { pageIdOfDestination } from '../framework/pages';
import { incidentTitleOf } from '../markdown/pageLayout';
import { FrameworkSet, Release, releaseName } from '../framework/releases';
import { suppressions } from '../markdown/suppression';
import { techniqueTables } from '../markdown/tables';
import { normalizeName } from '../markdown/text';

/** The stable diagnostic codes; users disable them by code. */
export const DiagnosticCode = {
  UnknownId: 'unknown-id',
  RemovedId: 'removed-id',
  MalformedId: 'malformed-id',
  NameMismatch: 'name-mismatch',
  LinkMismatch: 'link-mismatch',
  NotInTable: 'not-in-table',
  NotChecked: 'not-checked',
} as const;
export type DiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];

export const DIAGNOSTIC_SOURCE = 'disarm';

/** What a quick fix needs to know about a finding. */
export interface DiagnosticData {
  readonly id: string;
  readonly officialName?: string;
}

export interface DiagnosticOptions {
  readonly disabled?: ReadonlySet<string>;
  /**
   * The loaded releases, when there are several (`index` is then `releases.index`): an ID the
   * target lacks but another release has is `removed-id`, not `unknown-id`.
   */
  readonly releases?: FrameworkSet;
}

const SEVERITY: Record<DiagnosticCode, DiagnosticSeverity> = {
  'unknown-id': DiagnosticSeverity.Error,
  'removed-id': DiagnosticSeverity.Warning,
  'malformed-id': DiagnosticSeverity.Error,
  'name-mismatch': DiagnosticSeverity.Warning,
  'link-mismatch': DiagnosticSeverity.Warning,
  'not-in-table': DiagnosticSeverity.Information,
  'not-checked': DiagnosticSeverity.Warning,
};

/**
 * Checks every ID reference of the document against the framework. Without an index only
 * `malformed-id` is reported: the other checks need data, and a guess would be a false alarm.
 * Findings silenced by suppression comments (see `suppression.ts`) are left out.
 */
export function computeDiagnostics(
  document: TextDocument,
  model: DisarmDocument,
  index: FrameworkIndex | undefined,
  options: DiagnosticOptions = {},
): Diagnostic[] {
  const disabled = options.disabled ?? new Set<string>();
  const result: Diagnostic[] = [];
  const report = (code: DiagnosticCode, span: Span, message: string, data?: DiagnosticData): void => {
    if (disabled.has(code)) return;
    result.push({
      range: { start: document.positionAt(span.start), end: document.positionAt(span.end) },
      severity: SEVERITY[code],
      code,
      source: DIAGNOSTIC_SOURCE,
      message,
      ...(data && { data }),
    });
  };
  if (model.givenUp) {
    // Say so on the first line: no findings here would otherwise read as a clean document.
    const firstLine = model.text.search(/[\r\n]|$/);
    report('not-checked', { start: 0, end: firstLine }, 'Not checked for DISARM IDs: parsing the markdown of this document was given up as too costly.');
    return result;
  }
  const declared = declaredIncident(model);
  for (const ref of model.references) {
    // A new incident page names its own ID before the data has it: a declaration, not a citation.
    if (ref === declared && !index?.objects.has(ref.token)) continue;
    checkReference(ref, index, options.releases, report);
  }
  if (index && checkTechniqueTables(model, index, options.releases, report)) {
    result.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }
  if (result.length === 0) return result;
  if (model.directives.length === 0) return result;
  const silenced = suppressions(model.directives);
  return result.filter((d) => !silenced.isSuppressed(String(d.code), d.range.start.line));
}

/** The ID of an incident page's title (`# Incident I00001: Title`), as its reference. */
function declaredIncident(model: DisarmDocument): IdReference | undefined {
  const first = model.references[0];
  if (!first || first.token[0] !== 'I' || /[\r\n]/.test(model.text.slice(0, first.start))) return undefined;
  return incidentTitleOf(model.text)?.id === first.token ? first : undefined;
}

type Reporter = (code: DiagnosticCode, span: Span, message: string, data?: DiagnosticData) => void;

function checkReference(ref: IdReference, index: FrameworkIndex | undefined, releases: FrameworkSet | undefined, report: Reporter): void {
  const data = { id: ref.token };
  if (ref.class.type === 'malformed' || ref.class.type === 'short') {
    report(
      'malformed-id',
      ref,
      `${ref.token} is not a valid DISARM technique ID: a technique is T and four digits (T0115), a sub-technique adds a dot and three digits (T0115.001).`,
      data,
    );
    return;
  }
  if (ref.class.type !== 'id' || !index) return;
  let object = index.objects.get(ref.token);
  // A removed ID is still checked against the release that had it, so its other findings stay as they were.
  const removed = object ? undefined : releases?.lastHad(ref.token);
  let release = '';
  if (removed && releases) {
    object = removed.object;
    release = ` in ${releaseName(removed.release.label)}`;
    report(
      'removed-id',
      ref,
      `${object.id} ${object.name} is in ${releaseName(removed.release.label)} but not in ${releaseName(releases.target.label)}.`,
      { id: object.id, officialName: object.name },
    );
  }
  if (!object) {
    // A kind the data does not have (a bundle's counters, a broken index page) is absent, not empty: nothing to check against.
    if (CHECKED_KINDS.has(ref.class.kind) && index.counts[ref.class.kind]) {
      const kind = KIND_LABELS[ref.class.kind].toLowerCase();
      report('unknown-id', ref, `${ref.token} is not ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} in the loaded DISARM data.`, data);
    }
    return;
  }
  const label = `${object.id} ${object.name}`;
  if (ref.name && !nameMatches(ref, object.name) && !(releases && releaseNaming(ref, releases))) {
    report('name-mismatch', ref.name, `${object.id} is named "${object.name}"${release}, not "${ref.name.text}".`, {
      id: object.id,
      officialName: object.name,
    });
  }
  const target = ref.destination && pageIdOfDestination(ref.destination.url);
  if (ref.destination && target && target !== object.id) {
    const other = index.objects.get(target) ?? releases?.lastHad(target)?.object;
    const where = other ? `${other.id} ${other.name}` : target;
    report('link-mismatch', ref.destination, `The link for ${label} leads to the page of ${where}.`, data);
  }
}

/**
 * Another loaded release in which the ID had the name written beside it: a name from an older
 * release is accepted (no `name-mismatch`), and the hover says which release it comes from.
 */
export function releaseNaming(ref: IdReference, releases: FrameworkSet): Release | undefined {
  if (!ref.name) return undefined;
  return releases.releases.find((r) => {
    const object = r !== releases.target ? r.index.objects.get(ref.token) : undefined;
    return !!object && nameMatches(ref, object.name);
  });
}

/** Link texts must name the object exactly; inline names must start with it (a clause may follow). */
function nameMatches(ref: IdReference, official: string): boolean {
  const expected = normalizeName(official);
  if (!ref.name) return true;
  if (ref.form === 'link') return normalizeName(ref.name.text) === expected;
  const written = normalizeName(ref.name.rest);
  return written.startsWith(expected) && !/[\p{L}\p{N}]/u.test(written.charAt(expected.length));
}

/**
 * `not-in-table`: a technique cited in the description cells of an incident's techniques table
 * that has no row of its own there. Only known techniques count (removed ones too, as in the release
 * that had them): an unknown ID has its own error.
 */
function checkTechniqueTables(model: DisarmDocument, index: FrameworkIndex, releases: FrameworkSet | undefined, report: Reporter): boolean {
  const known = (id: string): boolean => index.objects.has(id) || !!releases?.lastHad(id);
  const tables = techniqueTables(model.text);
  if (tables.length === 0) return false;
  const rows = new Set<string>();
  const cited: IdReference[] = [];
  for (const table of tables) {
    for (const row of table.rows) {
      for (const ref of referencesBetween(model, row.start, row.end)) {
        if (ref.start < row.firstCellEnd) rows.add(ref.token);
        else if (ref.class.type === 'id' && ref.class.kind === 'technique' && known(ref.token)) cited.push(ref);
      }
    }
  }
  for (const ref of cited) {
    if (!rows.has(ref.token)) {
      report('not-in-table', ref, `${ref.token} is cited in the descriptions but has no row of its own in the techniques table.`, { id: ref.token });
    }
  }
  return cited.length > 0;
}

/** The references that start in [start, end), by binary search on the sorted references. */
function referencesBetween(model: DisarmDocument, start: number, end: number): IdReference[] {
  const refs = model.references;
  let lo = 0;
  let hi = refs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (refs[mid].start < start) lo = mid + 1;
    else hi = mid;
  }
  const found: IdReference[] = [];
  for (let i = lo; i < refs.length && refs[i].start < end; i++) found.push(refs[i]);
  return found;
}
