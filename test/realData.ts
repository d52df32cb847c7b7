import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The real DISARMframeworks checkout the tests run on (`DISARM_FRAMEWORKS_DIR`). Missing data
 * fails the test run loudly: a skipped corpus test would hide a broken CI setup.
 */
export function frameworksDir(): string {
  const dir = process.env.DISARM_FRAMEWORKS_DIR;
  if (!dir) throw new Error('DISARM_FRAMEWORKS_DIR is not set: point it at a DISARMframeworks checkout (CI uses ../shared/disarm-frameworks).');
  const resolved = path.resolve(dir);
  if (!existsSync(path.join(resolved, 'generated_pages', 'techniques'))) {
    throw new Error(`DISARM_FRAMEWORKS_DIR=${dir} is not a DISARMframeworks checkout (no generated_pages/techniques).`);
  }
  return resolved;
}
