/** Changing the ID of a reference, and pointing links at an object's page in the document's own path style. */
import { IdReference } from '../markdown/document';
import { OffsetEdit } from '../markdown/edits';
import { DisarmObject } from '../framework/framework';
import { pageIdOfDestination, pagePath } from '../framework/pages';

/** Replaces the reference's ID; a link that led to the old ID's page (or another) is pointed at the new one's. */
export function replaceId(ref: IdReference, object: DisarmObject): OffsetEdit[] {
  const edits: OffsetEdit[] = [{ start: ref.start, end: ref.end, newText: object.id }];
  if (ref.destination) {
    const url = retargetLink(ref.destination.url, object);
    if (url !== undefined && url !== ref.destination.url) edits.push({ start: ref.destination.start, end: ref.destination.end, newText: url });
  }
  return edits;
}

/** Page folders below `generated_pages/`, to recognise the folder part of a link. */
const PAGE_FOLDERS = new Set(['phases', 'tactics', 'techniques', 'counters', 'incidents', 'actortypes', 'metatechniques', 'tasks']);

/**
 * The link destination with its file name (and, when it names a page folder of another kind,
 * its folder) changed to the object's page; the rest of the path keeps the document's style.
 */
export function retargetLink(url: string, object: Pick<DisarmObject, 'id' | 'kind' | 'page'>): string | undefined {
  const suffixAt = url.search(/[?#]/);
  const path = suffixAt < 0 ? url : url.slice(0, suffixAt);
  const suffix = suffixAt < 0 ? '' : url.slice(suffixAt);
  if (!pageIdOfDestination(path)) return undefined;
  const page = pagePath(object);
  const slash = path.lastIndexOf('/');
  const folderSlash = path.lastIndexOf('/', slash - 1);
  const folder = slash < 0 ? undefined : path.slice(folderSlash + 1, slash);
  const keepUpTo = folder !== undefined && PAGE_FOLDERS.has(folder) ? folderSlash + 1 : slash + 1;
  const target = keepUpTo === slash + 1 ? page.slice(page.lastIndexOf('/') + 1) : page;
  return path.slice(0, keepUpTo) + target + suffix;
}
