import { DataSource, DisarmObject } from '../service/framework/framework';
import { parseStixBundle, StixBundle } from '../service/framework/stix';
import { DataError } from './loadCheckout';
import { readFailure, readRegularFile } from './regularFile';

export { type StixBundle } from '../service/framework/stix';

/** Larger bundles are not DISARM data; refuse them rather than stall the server. */
export const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

/** Loads the techniques (attack-patterns) and tactics (x-mitre-tactic) of a STIX 2.1 bundle. */
export async function loadStix(source: DataSource, warn: (message: string) => void): Promise<DisarmObject[]> {
  return (await loadStixBundle(source, warn)).objects;
}

/** {@link loadStix}, with the matrix name and creation time that label the release (parseStixBundle reads the text). */
export async function loadStixBundle(source: DataSource, warn: (message: string) => void): Promise<StixBundle> {
  let text: string;
  try {
    text = (await readRegularFile(source.path, { maxBytes: MAX_BUNDLE_BYTES })).bytes.toString('utf8');
  } catch (error) {
    // `cannot read DISARM.json: a named pipe, not a regular file` or `: 70000000 bytes, over the 67108864-byte cap`.
    throw new DataError(`cannot read ${source.path}: ${readFailure(error)}`);
  }
  return parseStixBundle(text, source.path, warn);
}
