import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DisarmDocument, IdReference, Span } from './document';
import { FrameworkIndex } from './framework';
import { CHECKED_KINDS, KIND_LABELS } from './ids';
import { pageIdOfDestination } from './pages';
import { normalizeName } from './text';

/** The stable diagnostic codes; users disable them by code. */
export const DiagnosticCode = {
  UnknownId: 'unknown-id',
  MalformedId: 'malformed-id',
  NameMismatch: 'name-mismatch',
  LinkMismatch: 'link-mismatch',
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
}

/**
 * Checks every ID reference of the document against the framework. Without an index only
 * `malformed-id` is reported: the other checks need data, and a guess would be a false alarm.
 */
export function computeDiagnostics(
  document: TextDocument,
  model: DisarmDocument,
  index: FrameworkIndex | undefined,
  options: DiagnosticOptions = {},
): Diagnostic[] {
  const disabled = options.disabled ?? new Set<string>();
  const result: Diagnostic[] = [];
  const report = (code: DiagnosticCode, span: Span, message: string, data: DiagnosticData): void => {
    if (disabled.has(code)) return;
    result.push({
      range: { start: document.positionAt(span.start), end: document.positionAt(span.end) },
      severity: code === 'unknown-id' || code === 'malformed-id' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      code,
      source: DIAGNOSTIC_SOURCE,
      message,
      data,
    });
  };
  for (const ref of model.references) checkReference(ref, index, report);
  return result;
}

type Reporter = (code: DiagnosticCode, span: Span, message: string, data: DiagnosticData) => void;

function checkReference(ref: IdReference, index: FrameworkIndex | undefined, report: Reporter): void {
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
  const object = index.objects.get(ref.token);
  if (!object) {
    if (CHECKED_KINDS.has(ref.class.kind)) {
      report('unknown-id', ref, `${ref.token} is not a ${KIND_LABELS[ref.class.kind].toLowerCase()} in the loaded DISARM data.`, data);
    }
    return;
  }
  const label = `${object.id} ${object.name}`;
  if (ref.name && !nameMatches(ref, object.name)) {
    report('name-mismatch', ref.name, `${object.id} is named "${object.name}", not "${ref.name.text}".`, {
      id: object.id,
      officialName: object.name,
    });
  }
  const target = ref.destination && pageIdOfDestination(ref.destination.url);
  if (ref.destination && target && target !== object.id) {
    const other = index.objects.get(target);
    const where = other ? `${other.id} ${other.name}` : target;
    report('link-mismatch', ref.destination, `The link for ${label} leads to the page of ${where}.`, data);
  }
}

/** Link texts must name the object exactly; inline names must start with it (a clause may follow). */
function nameMatches(ref: IdReference, official: string): boolean {
  const expected = normalizeName(official);
  if (!ref.name) return true;
  if (ref.form === 'link') return normalizeName(ref.name.text) === expected;
  const written = normalizeName(ref.name.rest);
  return written.startsWith(expected) && !/[\p{L}\p{N}]/u.test(written.charAt(expected.length));
}
