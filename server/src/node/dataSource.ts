import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createFrameworkIndex, DataSource, DisarmObject, FrameworkIndex } from '../service/framework/framework';
import { DataError, examples, isCheckout, loadCheckout, LoadOptions } from './loadCheckout';
import { loadStix } from './loadStix';

/** Where to look for the data, in the order the first found wins. */
export interface DiscoveryInput {
  /** The `disarm.dataPath` setting or `initializationOptions.dataPath`. */
  readonly dataPath?: string;
  readonly workspaceFolders: readonly string[];
  /** Folders of open documents, whose ancestors may be a checkout. */
  readonly documentFolders: readonly string[];
}

const BUNDLE_NAME = 'DISARM.json';
const SEARCH_DEPTH = 5;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out']);

/** Finds the data source; a configured path that does not exist is an error, not a fallback. */
export async function discoverSource(input: DiscoveryInput): Promise<DataSource | undefined> {
  if (input.dataPath) {
    const resolved = path.resolve(input.workspaceFolders[0] ?? process.cwd(), expandHome(input.dataPath));
    const stat = await fs.stat(resolved).catch(() => undefined);
    if (!stat) throw new DataError(`disarm.dataPath ${resolved} does not exist.`);
    return { kind: stat.isDirectory() ? 'checkout' : 'stix', path: resolved, origin: 'the disarm.dataPath setting' };
  }
  for (const folder of input.workspaceFolders) {
    if (await isCheckout(folder)) return { kind: 'checkout', path: folder, origin: 'a workspace folder' };
  }
  for (const folder of input.documentFolders) {
    const checkout = await checkoutAncestor(folder);
    if (checkout) return { kind: 'checkout', path: checkout, origin: 'an ancestor folder of an open document' };
  }
  for (const folder of input.workspaceFolders) {
    const bundle = await findBundle(folder, SEARCH_DEPTH);
    if (bundle) return { kind: 'stix', path: bundle, origin: `${BUNDLE_NAME} in the workspace` };
  }
  return undefined;
}

/** Loads a source into an index; throws {@link DataError} with a clear message when it cannot. */
export async function loadSource(source: DataSource, warn: (message: string) => void, options?: LoadOptions): Promise<FrameworkIndex> {
  const objects = source.kind === 'checkout' ? await loadCheckout(source, warn, options) : await loadStix(source, warn);
  return indexObjects(source, objects, warn);
}

/** Indexes loaded objects, warning once about duplicate IDs. */
export function indexObjects(source: DataSource, objects: readonly DisarmObject[], warn: (message: string) => void): FrameworkIndex {
  const duplicates: string[] = [];
  const index = createFrameworkIndex(source, objects, (id) => duplicates.push(id));
  if (duplicates.length) warn(`${source.path}: duplicate IDs, the first of each kept: ${examples(duplicates)}`);
  return index;
}

/** The nearest folder at or above `folder` with the checkout layout. */
export async function checkoutAncestor(folder: string): Promise<string | undefined> {
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    if (await isCheckout(current)) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

async function findBundle(folder: string, depth: number): Promise<string | undefined> {
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
  if (entries.some((e) => e.isFile() && e.name === BUNDLE_NAME)) return path.join(folder, BUNDLE_NAME);
  if (depth === 0) return undefined;
  for (const entry of entries) {
    if (!entry.isDirectory() || SKIPPED_FOLDERS.has(entry.name) || entry.name.startsWith('.')) continue;
    const found = await findBundle(path.join(folder, entry.name), depth - 1);
    if (found) return found;
  }
  return undefined;
}

function expandHome(p: string): string {
  return p.startsWith('~/') ? path.join(process.env.HOME ?? '~', p.slice(2)) : p;
}
