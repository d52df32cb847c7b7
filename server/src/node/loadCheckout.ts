import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DataError, LoadOptions, readCheckout } from '../service/framework/checkout';
import { DataSource, DisarmObject } from '../service/framework/framework';
import { readRegularFile } from './regularFile';

export { DataError, examples, MAX_INDEX_PAGE_BYTES, settleInOrder, type LoadOptions } from '../service/framework/checkout';

/** True when `folder` has the DISARMframeworks layout. */
export async function isCheckout(folder: string): Promise<boolean> {
  return fs.stat(path.join(folder, 'generated_pages', 'techniques')).then((s) => s.isDirectory(), () => false);
}

/**
 * Loads a checkout on disk ({@link readCheckout} does the reading of its pages): only regular
 * files are read (never a pipe or device, see regularFile.ts), within the reader's size limits.
 */
export async function loadCheckout(source: DataSource, warn: (message: string) => void, options: LoadOptions = {}): Promise<DisarmObject[]> {
  const pages = path.join(source.path, 'generated_pages');
  if (!(await isCheckout(source.path))) throw new DataError(`${source.path} is not a DISARMframeworks checkout: it has no generated_pages/techniques folder.`);
  const reader = { read: async (file: string, limits: { maxBytes?: number; headBytes?: number }) => (await readRegularFile(path.join(pages, file), limits)).bytes.toString('utf8') };
  return readCheckout(source, reader, warn, options);
}
