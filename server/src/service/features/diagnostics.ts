import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DisarmDocument, IdReference, Span } from '../markdown/document';
import { DisarmObject, FrameworkIndex } from '../framework/framework';
import { CHECKED_KINDS, KIND_LABELS } from '../markdown/ids';
import { pageIdOfDestination } from '../framework/pages';
import { IncidentTitle, incidentTitleOf } from '../markdown/pageLayout';
import { FrameworkSet, Release, releaseName } from '../framework/releases';
import { absence, absenceMessage, unknownMessage } from '../framework/history';
import { editDistance } from '../framework/suggest';
import { suppressions } from '../markdown/suppression';
import { judgeName, NameBook, nameBook, nameBookSteps, NameVerdict, objectNamedExactly, otherNameWritten, quoteName, releaseRuns, sameName, writtenName } from './names';
import { DocumentScope, isDisarmDocument } from './scope';
import { documentIndex } from '../markdown/documentIndex';
import { runToEnd, SMALL_STEP, STEP, Steps } from '../markdown/steps';

/** The stable diagnostic codes; users disable them by code. */
export const DiagnosticCode = {
  UnknownId: 'unknown-id',
  RemovedId: 'removed-id',
  MalformedId: 'malformed-id',
  NameMismatch: 'name-mismatch',
  OutdatedName: 'outdated-name',
  NameSpelling: 'name-spelling',
  LinkMismatch: 'link-mismatch',
  NotInTable: 'not-in-table',
  NotChecked: 'not-checked',
  TooManyFindings: 'too-many-findings',
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
  /** Severities that replace a code's default (a project file's `codes`). */
  readonly severities?: ReadonlyMap<string, DiagnosticSeverity>;
  /**
   * The loaded releases, when there are several (`index` is then `releases.index`): an ID the
   * target lacks but another release has is `removed-id`, not `unknown-id`.
   */
  readonly releases?: FrameworkSet;
  /**
   * Where the document lies and which documents are DISARM documents: given, a document that is
   * not one (see `scope.ts`) gets no findings. Without it every document is checked.
   */
  readonly scope?: DocumentScope;
  /**
   * At most this many findings (the first ones, in document order); past it, one information
   * diagnostic on the first line says how many more there are. Unset: all (the CLI).
   */
  readonly maxPerDocument?: number;
  /**
   * Check only the references that start at these offsets, and nothing of the document as a
   * whole (tables): the findings a later `--fix` round can fix, where a fix made them possible.
   */
  readonly onlyAt?: ReadonlySet<number>;
}

/** Each code's severity unless the user sets another. */
export const DEFAULT_SEVERITY: Readonly<Record<DiagnosticCode, DiagnosticSeverity>> = {
  'unknown-id': DiagnosticSeverity.Error,
  'removed-id': DiagnosticSeverity.Warning,
  'malformed-id': DiagnosticSeverity.Error,
  'name-mismatch': DiagnosticSeverity.Warning,
  'outdated-name': DiagnosticSeverity.Information,
  'name-spelling': DiagnosticSeverity.Information,
  'link-mismatch': DiagnosticSeverity.Warning,
  'not-in-table': DiagnosticSeverity.Information,
  'not-checked': DiagnosticSeverity.Warning,
  'too-many-findings': DiagnosticSeverity.Information,
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
  return runToEnd(diagnosticSteps(document, model, index, options));
}

/** A finding before it becomes a diagnostic: its message is written only if it is shown. */
interface Finding {
  readonly code: DiagnosticCode;
  readonly span: Span;
  readonly message: () => string;
  readonly data?: DiagnosticData;
}

/** {@link computeDiagnostics} in steps (see `steps.ts`), for the server to run in slices. */
export function* diagnosticSteps(
  document: TextDocument,
  model: DisarmDocument,
  index: FrameworkIndex | undefined,
  options: DiagnosticOptions = {},
): Steps<Diagnostic[]> {
  const disabled = options.disabled ?? new Set<string>();
  let findings: Finding[] = [];
  const report: Reporter = (code, span, message, data) => {
    if (!disabled.has(code)) findings.push({ code, span, message, data });
  };
  if (model.givenUp) {
    // Say so on the first line: no findings here would otherwise read as a clean document.
    const firstLine = model.text.search(/[\r\n]|$/);
    report('not-checked', { start: 0, end: firstLine }, () => 'Not checked for DISARM IDs: parsing the markdown of this document was given up as too costly.');
    return findings.map((f) => toDiagnostic(document, f, options.severities));
  }
  if (model.truncated) {
    const { at, total } = model.truncated;
    const line = document.positionAt(at).line + 1;
    report('not-checked', { start: 0, end: model.text.search(/[\r\n]|$/) }, () =>
      `Checked up to line ${line.toLocaleString('en-US')} only: this document cites ${total.toLocaleString('en-US')} DISARM IDs, more than the editor reads in one document (${model.references.length.toLocaleString('en-US')}). disarm-lint checks them all.`,
    );
  }
  const book = index && (yield* nameBookSteps(index, options.releases));
  if (options.scope && !isDisarmDocument(model, options.scope, book)) return [];
  const declared = declaredIncident(model);
  // A new incident page names its own ID before the data has it: a declaration, not a citation,
  // unless its title is another incident's name (a copied page, or a slip in the ID).
  const declaration = declared && !index?.objects.has(declared.ref.token) && !(book && objectNamedExactly(book, declared.title.name, declared.ref.token, 'incident')) ? declared.ref : undefined;
  const refs = model.references;
  for (let i = 0; i < refs.length; i++) {
    // A written name is judged against every release's names and their slips: a step of a few.
    if (i % SMALL_STEP === SMALL_STEP - 1) yield;
    const ref = refs[i];
    if (ref === declaration) continue;
    if (options.onlyAt && !options.onlyAt.has(ref.start)) continue;
    checkReference(ref, index, book, options.releases, report);
  }
  if (index && book && !options.onlyAt && (yield* checkTechniqueTables(model, index, book, options.releases, report))) {
    findings.sort((a, b) => a.span.start - b.span.start);
  }
  if (findings.length > 0 && model.directives.length > 0) {
    const silenced = suppressions(model.directives);
    const kept: Finding[] = [];
    for (let i = 0; i < findings.length; i++) {
      if (i % STEP === STEP - 1) yield;
      const f = findings[i];
      if (!silenced.isSuppressed(f.code, document.positionAt(f.span.start).line)) kept.push(f);
    }
    findings = kept;
  }
  const max = options.maxPerDocument ?? Infinity;
  const shown = findings.length > max ? findings.slice(0, max) : findings;
  const result: Diagnostic[] = [];
  if (shown.length < findings.length && !disabled.has('too-many-findings')) result.push(tooMany(model, findings.length - shown.length, max, options.severities));
  for (let i = 0; i < shown.length; i++) {
    if (i % STEP === STEP - 1) yield;
    result.push(toDiagnostic(document, shown[i], options.severities));
  }
  return result;
}

function toDiagnostic(document: TextDocument, { code, span, message, data }: Finding, severities?: ReadonlyMap<string, DiagnosticSeverity>): Diagnostic {
  return {
    range: { start: document.positionAt(span.start), end: document.positionAt(span.end) },
    severity: severities?.get(code) ?? DEFAULT_SEVERITY[code],
    code,
    source: DIAGNOSTIC_SOURCE,
    message: message(),
    ...(data && { data }),
  };
}

/** The cap, said once on the first line: how many findings are not shown, and where to see them all. */
function tooMany(model: DisarmDocument, more: number, max: number, severities?: ReadonlyMap<string, DiagnosticSeverity>): Diagnostic {
  const firstLine = model.text.search(/[\r\n]|$/);
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine } },
    severity: severities?.get('too-many-findings') ?? DEFAULT_SEVERITY['too-many-findings'],
    code: 'too-many-findings',
    source: DIAGNOSTIC_SOURCE,
    message: `${more.toLocaleString('en-US')} more DISARM findings in this document are not shown: at most ${max.toLocaleString('en-US')} are (disarm.diagnostics.maxPerDocument). disarm-lint reports them all.`,
  };
}

/** The ID of an incident page's title (`# Incident I00001: Title`), as its reference, with the title. */
function declaredIncident(model: DisarmDocument): { ref: IdReference; title: IncidentTitle } | undefined {
  const first = model.references[0];
  if (!first || first.token[0] !== 'I' || /[\r\n]/.test(model.text.slice(0, first.start))) return undefined;
  const title = incidentTitleOf(model.text);
  return title?.id === first.token ? { ref: first, title } : undefined;
}

type Reporter = (code: DiagnosticCode, span: Span, message: () => string, data?: DiagnosticData) => void;

function checkReference(ref: IdReference, index: FrameworkIndex | undefined, book: NameBook | undefined, releases: FrameworkSet | undefined, report: Reporter): void {
  if (ref.class.type === 'malformed' || ref.class.type === 'short') {
    report(
      'malformed-id',
      ref,
      () => `${ref.token} is not a valid DISARM technique ID: a technique is T and four digits (T0115), a sub-technique adds a dot and three digits (T0115.001).`,
      { id: ref.token },
    );
    return;
  }
  if (ref.class.type === 'foreign') {
    if (index && book && citesDisarm(ref, index, releases, book)) {
      report('unknown-id', ref, () => (releases && unknownMessage(releases, ref.token, 'technique')) ?? `${ref.token} is not a technique in the loaded DISARM data.`, { id: ref.token });
    }
    return;
  }
  if (ref.class.type !== 'id' || !index || !book) return;
  let object = index.objects.get(ref.token);
  // A removed ID is still checked against the release that had it, so its other findings stay as they were.
  const removed = object || !releases ? undefined : absence(releases, ref.token);
  let release = '';
  if (removed && releases) {
    object = removed.object;
    release = ` in ${releaseName(removed.release.label)}`;
    const was = removed.object;
    const message = absenceMessage(releases, removed);
    report('removed-id', ref, () => message, { id: was.id, officialName: was.name });
  }
  if (!object) {
    // A kind the data does not have (a bundle's counters, a broken index page) is absent, not empty: nothing to check against.
    if (CHECKED_KINDS.has(ref.class.kind) && index.counts[ref.class.kind]) {
      const kind = KIND_LABELS[ref.class.kind].toLowerCase();
      const idKind = ref.class.kind;
      const set = releases;
      report('unknown-id', ref, () => (set && unknownMessage(set, ref.token, idKind)) ?? `${ref.token} is not ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} in the loaded DISARM data.`, { id: ref.token });
    }
    return;
  }
  const name = writtenName(ref, book);
  const verdict = name && judgeName(name, object, removed?.release ?? book.target, book);
  if (name && verdict) {
    // A slip in the first words of a name that runs on into prose is reported on those words.
    const written = verdict.code === 'outdated-name' ? name.text : (verdict.written ?? name.text);
    const span = { start: name.start, end: name.start + written.length };
    report(verdict.code, span, () => nameMessage(verdict, object, written, release, book), { id: object.id, officialName: object.name });
  }
  const target = ref.destination && pageIdOfDestination(ref.destination.url);
  if (ref.destination && target && target !== object.id) {
    const other = index.objects.get(target) ?? releases?.lastHad(target)?.object;
    const where = other ? `${other.id} ${other.name}` : target;
    report('link-mismatch', ref.destination, () => `The link for ${object.id} ${object.name} leads to the page of ${where}.`, { id: ref.token });
  }
}

/**
 * Whether an ID of ATT&CK's shape (`T1052.004`) is a DISARM citation with a slip in its digits: its
 * link leads to a DISARM technique's page, or its name is a DISARM technique's whose ID is at most
 * two edits from it. An ATT&CK citation has neither (an ATT&CK name shared with DISARM comes
 * with an ID far from that technique's).
 */
function citesDisarm(ref: IdReference, index: FrameworkIndex, releases: FrameworkSet | undefined, book: NameBook): boolean {
  const page = ref.destination && pageIdOfDestination(ref.destination.url);
  if (page && knownObject(page, index, releases)?.kind === 'technique') return true;
  const named = ref.name && objectNamedExactly(book, ref.name.text, ref.token, 'technique');
  return !!named && editDistance(named.other.object.id, ref.token, 3) <= 2;
}

/** The object of `id` in the target, or in the last release that had it. */
function knownObject(id: string, index: FrameworkIndex, releases: FrameworkSet | undefined): DisarmObject | undefined {
  return index.objects.get(id) ?? releases?.lastHad(id)?.object;
}

/** The message of a name finding; `release` is ` in <release>` for a removed ID, else empty. */
function nameMessage(verdict: NameVerdict, object: DisarmObject, written: string, release: string, book: NameBook): string {
  const quoted = quoteName(written);
  switch (verdict.code) {
    case 'outdated-name':
      return `${object.id} is "${object.name}" since ${verdict.since.label}; "${quoteName(verdict.name)}" is its name in ${releaseRuns(book, verdict.releases)}.`;
    case 'name-spelling':
      return `${object.id} is named "${object.name}"${release} (written "${quoted}").`;
    case 'name-mismatch':
      if (verdict.other) {
        const where = verdict.other.release === book.target ? '' : ` in ${verdict.other.release.label}`;
        return `"${quoteName(verdict.other.object.name)}" is the name of ${verdict.other.object.id}${where}; ${object.id} is "${object.name}"${release}.`;
      }
      return `${object.id} is named "${object.name}"${release}, not "${quoted}".`;
  }
}

/**
 * Another loaded release in which the ID had the name written beside it (the hover says so).
 */
export function releaseNaming(ref: IdReference, releases: FrameworkSet): Release | undefined {
  const book = nameBook(releases.index, releases);
  const name = writtenName(ref, book);
  if (!name) return undefined;
  return releases.releases.find((r) => {
    const object = r !== releases.target ? r.index.objects.get(ref.token) : undefined;
    return !!object && sameName(name, object.name);
  });
}

/**
 * `not-in-table`: a technique cited in the description cells of an incident's techniques table
 * that has no row of its own there. Only known techniques count (removed ones too, as in the release
 * that had them): an unknown ID has its own error. A row is the row of its ID, and of the technique
 * its link leads to or its name names when they are not its ID's: a slip in a row's ID is that
 * row's finding, not also one on every citation of the technique the row is for.
 */
function* checkTechniqueTables(model: DisarmDocument, index: FrameworkIndex, book: NameBook, releases: FrameworkSet | undefined, report: Reporter): Steps<boolean> {
  const objectOf = (id: string): DisarmObject | undefined => knownObject(id, index, releases);
  // Read once per version: the publish and fix-all of one text share them.
  const tables = yield* documentIndex(model).techniqueTableSteps();
  if (tables.length === 0) return false;
  const rows = new Set<string>();
  const cited: IdReference[] = [];
  let step = 0;
  for (const table of tables) {
    for (const row of table.rows) {
      if (++step % STEP === 0) yield;
      for (const ref of referencesBetween(model, row.start, row.end)) {
        if (ref.start < row.firstCellEnd) {
          rows.add(ref.token);
          for (const id of meantOtherwise(ref, book, objectOf)) rows.add(id);
        } else if (ref.class.type === 'id' && ref.class.kind === 'technique' && objectOf(ref.token)) cited.push(ref);
      }
    }
  }
  for (const ref of cited) {
    // A citation whose link or name is another technique's has a slip in its ID, its own finding:
    // the table is judged on what the citation meant once that is fixed.
    if (!rows.has(ref.token) && meantOtherwise(ref, book, objectOf).length === 0) {
      report('not-in-table', ref, () => `${ref.token} is cited in the descriptions but has no row of its own in the techniques table.`, { id: ref.token });
    }
  }
  return cited.length > 0;
}

/** The techniques a reference's link leads to and its written name names, where they are not its ID's. */
function meantOtherwise(ref: IdReference, book: NameBook, objectOf: (id: string) => DisarmObject | undefined): string[] {
  const ids: string[] = [];
  const page = ref.destination && pageIdOfDestination(ref.destination.url);
  if (page && page !== ref.token) ids.push(page);
  const name = writtenName(ref, book);
  const own = objectOf(ref.token);
  const named = name && !(own && sameName(name, own.name)) && otherNameWritten(name, ref.token, 'technique', book);
  if (named) ids.push(named.other.object.id);
  return ids;
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
