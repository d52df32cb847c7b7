import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildSnapshot } from '../server/src/node/buildSnapshot';
import { loadReleases } from '../server/src/node/loadReleases';
import { createFrameworkSet, FrameworkSet, Release, withHistory } from '../server/src/service/framework/releases';
import { releasesFromSnapshot } from '../server/src/service/framework/snapshot';

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

/**
 * The real DISARM 1.7 STIX bundle, beside the checkout: `DISARM_STIX_17`, else
 * `<DISARM_FRAMEWORKS_DIR>/../disarm-stix-1.7/DISARM.json` (CI places ../shared beside the repo).
 * Missing data fails loudly, like the checkout.
 */
export function stix17Path(): string {
  const file = process.env.DISARM_STIX_17 ? path.resolve(process.env.DISARM_STIX_17) : path.join(frameworksDir(), '..', 'disarm-stix-1.7', 'DISARM.json');
  if (!existsSync(file)) throw new Error(`The DISARM 1.7 bundle is not at ${file}: set DISARM_STIX_17, or place disarm-stix-1.7/DISARM.json beside DISARM_FRAMEWORKS_DIR.`);
  return file;
}

/**
 * The published releases, one `<version>/DISARM.json` each: `DISARM_RELEASES_DIR`, else
 * `disarm-releases/` beside the checkout. Missing data fails loudly, like the checkout.
 */
export function releasesDir(): string {
  const dir = process.env.DISARM_RELEASES_DIR ? path.resolve(process.env.DISARM_RELEASES_DIR) : path.join(frameworksDir(), '..', 'disarm-releases');
  if (!existsSync(dir)) throw new Error(`The DISARM releases are not at ${dir}: set DISARM_RELEASES_DIR, or place disarm-releases/ beside DISARM_FRAMEWORKS_DIR.`);
  return dir;
}

/**
 * The checkout as the tools load it in it: the target, with the built-in history of the published
 * releases (compiled here from {@link releasesDir}) beside it.
 */
export async function checkoutWithHistory(): Promise<{ checkout: Release; set: FrameworkSet }> {
  const root = frameworksDir();
  const [checkout] = await loadReleases([{ source: { kind: 'checkout', path: root, origin: 'DISARM_FRAMEWORKS_DIR' } }], () => {});
  const { file } = await buildSnapshot({ releasesDir: releasesDir(), frameworksDir: root }, () => {});
  const releases = withHistory([checkout], releasesFromSnapshot(file, { kind: 'builtin', path: 'disarm-data.json', origin: 'test' }));
  return { checkout, set: createFrameworkSet(releases, releases[0]) };
}
