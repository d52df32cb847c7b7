import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DataSource, DisarmObject } from '../service/framework/framework';
import { classifyToken, DisarmKind } from '../service/markdown/ids';
import { decodeEntities, htmlToText } from '../service/markdown/text';
import { readIndexTable } from './htmlTable';

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
  // A checkout without techniques is broken or half written: better the data loaded before.
  if (perKind[0].length === 0) throw new DataError(`${source.path}: generated_pages/techniques_index.md lists no techniques.`);
  return perKind.flat();
}

async function loadKind(
  pages: string,
  { kind, file, required }: { kind: DisarmKind; file: string; required?: boolean },
  warn: (message: string) => void,
  options: LoadOptions,
): Promise<DisarmObject[]> {
  let html: string;
  try {
    html = await fs.readFile(path.join(pages, file), 'utf8');
  } catch (error) {
    const message = `cannot read generated_pages/${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
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
  if (kind === 'incident' && options.summaries !== false) return Promise.all(objects.map((o) => withPageSummary(pages, o)));
  return objects;
}

/** `TA01 Strategic Planning` → `TA01`. */
function leadingId(cell: string | undefined): string | undefined {
  return /^\s*([A-Z]+\d+)/.exec(cell ?? '')?.[1];
}

async function withPageSummary(pages: string, object: DisarmObject): Promise<DisarmObject> {
  if (!object.page) return object;
  let head: string;
  try {
    // One read per page: the pages are small, and open/read/close round trips cost more than the bytes.
    head = (await fs.readFile(path.join(pages, object.page), 'utf8')).slice(0, HEADER_CHARS);
  } catch {
    return object;
  }
  const summary = /^\*\s*\*\*Summary:?\*\*:?\s*(.*)$/m.exec(head)?.[1];
  return summary ? { ...object, summary: htmlToText(summary) } : object;
}
