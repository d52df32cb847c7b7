import { DataSource, DisarmObject } from './framework';
import { readIndexTable } from './htmlTable';
import { classifyToken, DisarmKind } from '../markdown/ids';
import { decodeEntities, htmlToText } from '../markdown/text';

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

/** Data that cannot be loaded; the message says why, for the user. */
export class DataError extends Error {}

export interface LoadOptions {
  /** `false` skips what only hovers show and costs a read per page (incident summaries); the CLI needs only IDs and names. */
  readonly summaries?: boolean;
}

/** How much of a file to read: a larger file is refused unread (`maxBytes`), or only its head is read (`headBytes`). */
export interface ReadLimits {
  readonly maxBytes?: number;
  readonly headBytes?: number;
}

/**
 * Reads the files of a checkout's `generated_pages/` folder, wherever it is (the disk, a web
 * editor's workspace). `read` takes a `/`-separated path below `generated_pages/` and keeps to
 * `limits`; it rejects when the file cannot be read, with the short reason in the error's
 * `reason` or `code` (`ENOENT`), else its message.
 */
export interface CheckoutReader {
  read(file: string, limits: ReadLimits): Promise<string>;
}

/** The short reason of a failed read, for messages. */
export function readReason(error: unknown): string {
  const { reason, code, message } = (error ?? {}) as { reason?: unknown; code?: unknown; message?: unknown };
  for (const value of [reason, code, message]) if (typeof value === 'string' && value) return value;
  return String(error);
}

/** The first few of `items`, and how many more: a message about a run of entries stays one short line. */
export function examples(items: readonly string[]): string {
  const shown = items.slice(0, EXAMPLES).join(', ');
  return items.length > EXAMPLES ? `${shown} and ${items.length - EXAMPLES} more` : shown;
}

/**
 * Runs `load` on every item at once and settles each, in the items' order; what each warns is
 * said in that order too, whichever finished first, so that two loads of the same data say the same.
 */
export async function settleInOrder<T, R>(items: readonly T[], load: (item: T, warn: (message: string) => void) => Promise<R>, warn: (message: string) => void): Promise<PromiseSettledResult<R>[]> {
  const notes = items.map((): string[] => []);
  const settled = await Promise.allSettled(items.map((item, i) => load(item, (message) => notes[i].push(message))));
  for (const said of notes) said.forEach(warn);
  return settled;
}

/**
 * Loads every object kind of a DISARMframeworks checkout from its index pages. Leftover pages
 * that no index lists (old tactics TA03, TA04) are not current objects and are not loaded.
 */
export async function readCheckout(source: DataSource, reader: CheckoutReader, warn: (message: string) => void, options: LoadOptions = {}): Promise<DisarmObject[]> {
  // In INDEX_PAGES order, so the error reported is always the first page's.
  const settled = await settleInOrder(INDEX_PAGES, (entry, said) => loadKind(source, reader, entry, said, options), warn);
  const perKind = settled.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  });
  // A checkout without techniques or tactics is broken or half written: `loadKind` threw, and the data loaded before is better.
  return perKind.flat();
}

async function loadKind(
  source: DataSource,
  reader: CheckoutReader,
  { kind, file, required }: { kind: DisarmKind; file: string; required?: boolean },
  warn: (message: string) => void,
  options: LoadOptions,
): Promise<DisarmObject[]> {
  const label = `generated_pages/${file}`;
  // A kind the data lacks is absent, not empty: its IDs are then not reported unknown.
  const absent = (problem: string): DisarmObject[] => {
    if (required) throw new DataError(`${source.path}: ${problem}.`);
    warn(`${problem}; no ${kind} objects loaded, so ${kind} IDs are not checked.`);
    return [];
  };
  let html: string;
  try {
    html = await reader.read(file, { maxBytes: MAX_INDEX_PAGE_BYTES });
  } catch (error) {
    return absent(`cannot read ${label}: ${readReason(error)}`);
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
  if (kind === 'incident' && options.summaries !== false) return Promise.all(objects.map((o) => withPageSummary(reader, o)));
  return objects;
}

function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
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

async function withPageSummary(reader: CheckoutReader, object: DisarmObject): Promise<DisarmObject> {
  if (!object.page) return object;
  let head: string;
  try {
    // Only the head is read: the summary sits in the first lines, and a page may be anything.
    head = await reader.read(object.page, { headBytes: HEADER_BYTES });
  } catch {
    return object;
  }
  const summary = /^\*\s*\*\*Summary:?\*\*:?\s*(.*)$/m.exec(head)?.[1];
  return summary ? { ...object, summary: htmlToText(summary) } : object;
}
