import { promises as fs } from 'node:fs';
import { DataSource, DisarmObject } from '../service/framework/framework';
import { parseStixBundle, StixBundle } from '../service/framework/stix';
import { DataError } from './loadCheckout';

export { bundleMatrix, type StixBundle } from '../service/framework/stix';

/** Larger bundles are not DISARM data; refuse them rather than stall the server. */
export const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

/** Loads the techniques (attack-patterns) and tactics (x-mitre-tactic) of a STIX 2.1 bundle. */
export async function loadStix(source: DataSource, warn: (message: string) => void): Promise<DisarmObject[]> {
  return (await loadStixBundle(source, warn)).objects;
}

/** {@link loadStix}, with the matrix name and creation time that label the release. */
export async function loadStixBundle(source: DataSource, warn: (message: string) => void): Promise<StixBundle> {
  let text: string;
  try {
    const stat = await fs.stat(source.path);
    if (!stat.isFile()) throw new DataError(`${source.path} is not a file.`);
    if (stat.size > MAX_BUNDLE_BYTES) throw new DataError(`${source.path} is ${stat.size} bytes, more than a DISARM bundle can be.`);
    text = await fs.readFile(source.path, 'utf8');
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(`cannot read ${source.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseStixBundle(text, source.path, warn);
}
