import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DataError, LoadOptions, readCheckout } from '../service/framework/checkout';
import { DataSource, DisarmObject } from '../service/framework/framework';

export { DataError, type LoadOptions } from '../service/framework/checkout';

/** True when `folder` has the DISARMframeworks layout. */
export async function isCheckout(folder: string): Promise<boolean> {
  return fs.stat(path.join(folder, 'generated_pages', 'techniques')).then((s) => s.isDirectory(), () => false);
}

/** Loads a checkout on disk ({@link readCheckout} does the reading of its pages). */
export async function loadCheckout(source: DataSource, warn: (message: string) => void, options: LoadOptions = {}): Promise<DisarmObject[]> {
  const pages = path.join(source.path, 'generated_pages');
  if (!(await isCheckout(source.path))) throw new DataError(`${source.path} is not a DISARMframeworks checkout: it has no generated_pages/techniques folder.`);
  return readCheckout(source, { read: (file) => fs.readFile(path.join(pages, file), 'utf8') }, warn, options);
}
