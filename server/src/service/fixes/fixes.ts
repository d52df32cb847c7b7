/**
 * The fixes for each finding, as plain data (titles and offset edits). `codeActions.ts` turns
 * them into LSP code actions and the fix-all edit; the CLI applies the same fix-all edits.
 */
import { DiagnosticCode } from '../features/diagnostics';
import { DisarmDocument, IdReference } from '../markdown/document';
import { documentIndex } from '../markdown/documentIndex';
import type { Fix, FixContext } from './fixTypes';
import { nameMismatchFixes, nameSlipFixes, replaceReference } from './nameFixes';
import { pageIdOfDestination } from '../framework/pages';
import { replaceId, retargetLink } from './retarget';
import { addRowFix } from './rowFix';
import { closestByName, confidentSuggestion, suggestIds } from '../framework/suggest';
import { normalizeName } from '../markdown/text';
import { releaseName } from '../framework/releases';

/**
 * The fixes for the finding of `code` at `offset` (where the diagnostic starts). A finding that
 * no longer matches the document (a stale diagnostic from the client) gets none.
 */
export function fixesFor(context: FixContext, code: string, offset: number, id: string | undefined): Fix[] {
  const ref = referenceFor(context.model, code, offset);
  if (!ref || (id !== undefined && ref.token !== id)) return [];
  switch (code as DiagnosticCode) {
    case 'unknown-id':
    case 'malformed-id':
      return didYouMean(context, ref);
    case 'removed-id':
      return successors(context, ref);
    case 'name-mismatch':
      return nameMismatchFixes(context, ref);
    case 'outdated-name':
    case 'name-spelling':
      return nameSlipFixes(context, ref);
    case 'link-mismatch':
      return linkFixes(context, ref);
    case 'not-in-table':
      return addRowFix(context, ref);
    default:
      return [];
  }
}

/** The reference a finding is about: findings start on the token, the written name or the link destination. */
export function referenceFor(model: DisarmDocument, code: string, offset: number): IdReference | undefined {
  const at = code === 'name-mismatch' || code === 'outdated-name' || code === 'name-spelling' ? 'name' : code === 'link-mismatch' ? 'destination' : 'token';
  return documentIndex(model).referenceAt(offset, at);
}

/** Codes whose fixes are never preferred (a person must judge them): fix-all need not compute them. */
const NEVER_PREFERRED: ReadonlySet<string> = new Set<DiagnosticCode>(['removed-id', 'not-in-table']);

/** Whether a finding of `code` can have a preferred fix, the only kind fix-all applies. */
export function mayHavePreferredFix(code: string): boolean {
  return !NEVER_PREFERRED.has(code);
}

/** `unknown-id`, `malformed-id`: the closest existing IDs; the one backed by the ID's shape or its name is preferred. */
function didYouMean(context: FixContext, ref: IdReference): Fix[] {
  const suggestions = suggestIds(ref.token, context.index, ref.name?.text);
  const confident = confidentSuggestion(suggestions);
  return suggestions.map((s) => ({
    title: `Change to ${s.object.id} ${s.object.name}`,
    edits: replaceId(ref, s.object),
    preferred: s === confident,
  }));
}

/**
 * `removed-id`: the target's objects whose names are closest to the removed one's. Never
 * preferred: whether a successor means what the analyst cited is for a person to judge.
 */
function successors(context: FixContext, ref: IdReference): Fix[] {
  const removed = context.releases?.lastHad(ref.token);
  if (!removed) return [];
  return closestByName(removed.object.name, context.index, removed.object.kind).map(({ object }) => ({
    title: `Change to ${object.id} ${object.name} (closest name in ${releaseName(context.releases!.target.label)})`,
    edits: replaceReference(context.model.text, ref, object, removed.object.name),
    preferred: false,
  }));
}

/** `link-mismatch`: point the link at the ID's own page, preferred unless the written name is the linked page's. */
function linkFixes(context: FixContext, ref: IdReference): Fix[] {
  const object = context.index.objects.get(ref.token);
  const url = object && ref.destination && retargetLink(ref.destination.url, object);
  if (!object || !ref.destination || url === undefined || url === ref.destination.url) return [];
  const linked = context.index.objects.get(pageIdOfDestination(ref.destination.url) ?? '');
  const nameIsLinked = !!linked && !!ref.name && normalizeName(ref.name.text) === normalizeName(linked.name);
  return [
    {
      title: `Link to the page of ${object.id} (${url})`,
      edits: [{ start: ref.destination.start, end: ref.destination.end, newText: url }],
      preferred: !nameIsLinked,
    },
  ];
}
