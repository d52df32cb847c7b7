import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DataSource, DisarmObject } from '../service/framework/framework';
import { classifyToken, DisarmKind } from '../service/markdown/ids';
import { decodeEntities, htmlToText } from '../service/markdown/text';
import { readIndexTable } from './htmlTable';
import { readFailure, readRegularFile } from './regularFile';

/** The index page of each kind and the column that links it to its tactic or phase. */
const INDEX_PAGES: ReadonlyArray<{ kind: DisarmKind; file: string; required?: boolean }> = [
  { kind: 'technique', file: 'techniques_index.md', required: true },
  { kind: 'tactic', file: 'tactics_index.md', required: true },
  { kind: 'phase', file: 'phases_index.md' },
  { kind: 'counter', file: 'counters_index.md' },
  { kind: 'incident', file: 'incidents_index.md' },
  { kind: 'actortype', file: 'actortypes_index.md' },
  { kind: 'metatechnique', file: 'metatechniques_index.md' },
  { kind: 'task', file: 'tasks_index.md' },
  { kind: 'detection', file: 'detections_index.md' },
  { kind: 'responsetype', file: 'responsetype_index.md' },
];

/** Incident summaries are on the pages, not in the index; the summary line sits in the first few lines. */
const HEADER_BYTES = 16 * 1024;

/** The largest index page read (the real ones are under 200 KB); a larger one is refused unread, as a bundle is. */
export const MAX_INDEX_PAGE_BYTES = 16 * 1024 * 1024;

/** A page whose rows give fewer objects than this share of its table rows is broken, not short. */
const MIN_READ_SHARE = 0.5;

/** At most this many examples in a message about skipped entries: one line for the run, with the count. */
const EXAMPLES = 5;

export class DataError extends Error {}

export interface LoadOptions {
  /** `false` skips what only hovers show and costs a read per page (incident summaries); the CLI needs only IDs and names. */
  readonly summaries?: boolean;
}

/** True when `folder` has the DISARMframeworks layout. */
export async function isCheckout(folder: string): Promise<boolean> {
  return fs.stat(path.join(folder, 'generated_pages', 'techniques')).then((s) => s.isDirectory(), () => false);
}

/**
 * Loads every object kind of a DISARMframeworks checkout from its index pages. Leftover pages
 * that no index lists (old tactics TA03, TA04) are not current objects and are not loaded.
 */
export async function loadCheckout(source: DataSource, warn: (message: string) => void, options: LoadOptions = {}): Promise<DisarmObject[]> {
  const pages = path.join(source.path, 'generated_pages');
  if (!(await isCheckout(source.path))) throw new DataError(`${source.path} is not a DISARMframeworks checkout: it has no generated_pages/techniques folder.`);
  // Settled in INDEX_PAGES order, so the error reported is always the first page's.
  const settled = await Promise.allSettled(INDEX_PAGES.map((entry) => loadKind(pages, entry, warn, options)));
  const perKind = settled.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  });
  // A checkout without techniques or tactics is broken or half written: `loadKind` threw, and the data loaded before is better.
  return perKind.flat();
}

async function loadKind(
  pages: string,
  { kind, file, required }: { kind: DisarmKind; file: string; required?: boolean },
  warn: (message: string) => void,
  options: LoadOptions,
): Promise<DisarmObject[]> {
  const label = `generated_pages/${file}`;
  // A kind the data lacks is absent, not empty: its IDs are then not reported unknown.
  const absent = (problem: string): DisarmObject[] => {
    if (required) throw new DataError(`${path.dirname(pages)}: ${problem}.`);
    warn(`${problem}; no ${kind} objects loaded, so ${kind} IDs are not checked.`);
    return [];
  };
  let html: string;
  try {
    html = (await readRegularFile(path.join(pages, file), { maxBytes: MAX_INDEX_PAGE_BYTES })).bytes.toString('utf8');
  } catch (error) {
    return absent(`cannot read ${label}: ${readFailure(error)}`);
  }
  const table = readIndexTable(html);
  const objects: DisarmObject[] = [];
  const skipped: string[] = [];
  for (const row of table.rows) {
    const cls = classifyToken(row.id);
    if (cls?.type !== 'id' || cls.kind !== kind) {
      skipped.push(row.id);
      continue;
    }
    const link = /href="([^"]+)"/.exec(row.cells.disarm_id ?? '')?.[1];
    objects.push({
      id: row.id,
      kind,
      name: decodeEntities(row.cells.name ?? '').trim(),
      summary: htmlToText(row.cells.summary ?? ''),
      tactic: leadingId(row.cells.tactic_id ?? row.cells.tactic),
      phase: leadingId(row.cells.phase_id),
      page: kind === 'detection' || kind === 'responsetype' ? file : link ? safeDecodeUri(link) : undefined,
    });
  }
  if (skipped.length) warn(`${label}: skipped ${countOf(skipped.length, 'row')} whose ID is not a ${kind} ID (${examples(skipped)}).`);
  if (objects.length === 0) {
    if (!html.trim()) return absent(`${label} is empty`);
    return absent(table.tableRows ? `${label} has no readable ${kind} rows among its ${countOf(table.tableRows, 'table row')}: the page is broken` : `${label} lists no ${kind} rows`);
  }
  if (objects.length < table.tableRows * MIN_READ_SHARE) {
    return absent(`${label}: only ${objects.length} of its ${table.tableRows} table rows are readable ${kind} rows: the page is broken`);
  }
  if (kind === 'incident' && options.summaries !== false) return Promise.all(objects.map((o) => withPageSummary(pages, o)));
  return objects;
}

function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** The first few of `items`, and how many more: a message about a run of entries stays one short line. */
export function examples(items: readonly string[]): string {
  const shown = items.slice(0, EXAMPLES).join(', ');
  return items.length > EXAMPLES ? `${shown} and ${items.length - EXAMPLES} more` : shown;
}

function safeDecodeUri(link: string): string | undefined {
  try {
    return decodeURI(link);
  } catch {
    return undefined;
  }
}

/** `TA01 Strategic Planning` → `TA01`. */
function leadingId(cell: string | undefined): string | undefined {
  return /^\s*([A-Z]+\d+)/.exec(cell ?? '')?.[1];
}

async function withPageSummary(pages: string, object: DisarmObject): Promise<DisarmObject> {
  if (!object.page) return object;
  let head: string;
  try {
    // Only the head is read: the summary sits in the first lines, and a page may be anything.
    head = (await readRegularFile(path.join(pages, object.page), { headBytes: HEADER_BYTES })).bytes.toString('utf8');
  } catch {
    return object;
  }
  const summary = /^\*\s*\*\*Summary:?\*\*:?\s*(.*)$/m.exec(head)?.[1];
  return summary ? { ...object, summary: htmlToText(summary) } : object;
}
