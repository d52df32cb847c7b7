/**
 * `node esbuild.mjs` runs this (bundled) to compile the built-in release history into `dist/`:
 * `disarm-data.json` from `DISARM_RELEASES_DIR` (and `DISARM_FRAMEWORKS_DIR` when set), with its
 * attribution `disarm-data.NOTICE.md`. Without `DISARM_RELEASES_DIR` it removes both, so that a
 * build never ships a stale snapshot, and says the tools will run without it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { buildSnapshot, snapshotNotice } from './node/buildSnapshot';
import { NOTICE_FILE, SNAPSHOT_FILE } from './node/loadSnapshot';

export async function writeBuiltinData(outDir: string, env: NodeJS.ProcessEnv, log: (message: string) => void): Promise<void> {
  const data = path.join(outDir, SNAPSHOT_FILE);
  const notice = path.join(outDir, NOTICE_FILE);
  const releasesDir = env.DISARM_RELEASES_DIR;
  if (!releasesDir) {
    await Promise.all([fs.rm(data, { force: true }), fs.rm(notice, { force: true })]);
    log('built-in DISARM data: none (DISARM_RELEASES_DIR is not set); the tools will load data from a checkout, a bundle or a download only.');
    return;
  }
  const started = Date.now();
  const { file, releases } = await buildSnapshot({ releasesDir, frameworksDir: env.DISARM_FRAMEWORKS_DIR || undefined }, (w) => log(`built-in DISARM data: ${w}`));
  const json = JSON.stringify(file);
  await fs.mkdir(outDir, { recursive: true });
  await fs.writeFile(data, json);
  await fs.writeFile(notice, snapshotNotice(releases, !!env.DISARM_FRAMEWORKS_DIR));
  const versions = file.releases.map((r) => r.version);
  log(
    `built-in DISARM data: ${path.relative(process.cwd(), data)}, releases ${versions.join(', ')}, ${file.objects.length} IDs, ${(json.length / 1024).toFixed(0)} KB (${Date.now() - started} ms)`,
  );
}
