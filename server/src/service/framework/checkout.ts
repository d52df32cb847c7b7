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
const HEADER_CHARS = 16 * 1024;

/** Data that cannot be loaded; the message says why, for the user. */
export class DataError extends Error {}

export interface LoadOptions {
  /** `false` skips what only hovers show and costs a read per page (incident summaries); the CLI needs only IDs and names. */
  readonly summaries?: boolean;
}

/**
 * Reads the files of a checkout's `generated_pages/` folder, wherever it is (the disk, a web
 * editor's workspace). `read` takes a `/`-separated path below `generated_pages/` and rejects
 * with a short reason (`ENOENT`) when the file cannot be read.
 */
export interface CheckoutReader {
  read(file: string): Promise<string>;
}

/**
 * Loads every object kind of a DISARMframeworks checkout from its index pages. Leftover pages
 * that no index lists (old tactics TA03, TA04) are not current objects and are not loaded.
 */
export async function readCheckout(source: DataSource, reader: CheckoutReader, warn: (message: string) => void, options: LoadOptions = {}): Promise<DisarmObject[]> {
  // Settled in INDEX_PAGES order, so the error reported is always the first page's.
  const settled = await Promise.allSettled(INDEX_PAGES.map((entry) => loadKind(reader, entry, warn, options)));
  const perKind = settled.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  });
  // A checkout without techniques is broken or half written: better the data loaded before.
  if (perKind[0].length === 0) throw new DataError(`${source.path}: generated_pages/techniques_index.md lists no techniques.`);
  return perKind.flat();
}

async function loadKind(
  reader: CheckoutReader,
  { kind, file, required }: { kind: DisarmKind; file: string; required?: boolean },
  warn: (message: string) => void,
  options: LoadOptions,
): Promise<DisarmObject[]> {
  let html: string;
  try {
    html = await reader.read(file);
  } catch (error) {
    const message = `cannot read generated_pages/${file}: ${(error as { code?: string }).code ?? String(error)}`;
    if (required) throw new DataError(message);
    warn(`${message}; no ${kind} objects loaded.`);
    return [];
  }
  const objects: DisarmObject[] = [];
  for (const row of readIndexTable(html)) {
    const cls = classifyToken(row.id);
    if (cls?.type !== 'id' || cls.kind !== kind) {
      warn(`generated_pages/${file}: skipped row with ID ${row.id}, which is not a ${kind} ID.`);
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
      page: kind === 'detection' || kind === 'responsetype' ? file : link ? decodeURI(link) : undefined,
    });
  }
  if (kind === 'incident' && options.summaries !== false) return Promise.all(objects.map((o) => withPageSummary(reader, o)));
  return objects;
}

/** `TA01 Strategic Planning` → `TA01`. */
function leadingId(cell: string | undefined): string | undefined {
  return /^\s*([A-Z]+\d+)/.exec(cell ?? '')?.[1];
}

async function withPageSummary(reader: CheckoutReader, object: DisarmObject): Promise<DisarmObject> {
  if (!object.page) return object;
  let head: string;
  try {
    // One read per page: the pages are small, and open/read/close round trips cost more than the bytes.
    head = (await reader.read(object.page)).slice(0, HEADER_CHARS);
  } catch {
    return object;
  }
  const summary = /^\*\s*\*\*Summary:?\*\*:?\s*(.*)$/m.exec(head)?.[1];
  return summary ? { ...object, summary: htmlToText(summary) } : object;
}
