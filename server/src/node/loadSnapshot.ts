import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Release } from '../service/framework/releases';
import { releasesFromSnapshot, SnapshotError } from '../service/framework/snapshot';

/** The built-in release history and its attribution, beside the bundles in `dist/`. */
export const SNAPSHOT_FILE = 'disarm-data.json';
export const NOTICE_FILE = 'disarm-data.NOTICE.md';
export const BUILTIN_ORIGIN = 'the built-in data';

/** What the built-in history is, for the tools to say. */
export interface BuiltinHistory {
  /** Oldest first; empty when there is none. */
  readonly releases: readonly Release[];
  readonly path?: string;
  /** Why there is none, or why it could not be read. */
  readonly note?: string;
}

/**
 * Where the built-in data is: beside the running bundle (`dist/`), unless `DISARM_DATA_SNAPSHOT`
 * names another file, or is `none` (the tests' way to run as a build without data).
 */
export function snapshotPath(bundleDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const override = env.DISARM_DATA_SNAPSHOT;
  if (override === 'none') return undefined;
  return override ? path.resolve(override) : path.join(bundleDir, SNAPSHOT_FILE);
}

/** Reads the built-in history; a missing or unreadable file is no history, with a note, never an error. */
export async function loadSnapshot(file: string | undefined, warn: (message: string) => void = () => {}): Promise<BuiltinHistory> {
  if (!file) return { releases: [], note: 'the built-in data is turned off' };
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { releases: [], note: code === 'ENOENT' ? 'this build has no built-in data (it was built without DISARM_RELEASES_DIR)' : `cannot read the built-in data ${file}: ${code ?? String(error)}` };
  }
  try {
    const releases = releasesFromSnapshot(JSON.parse(text), { kind: 'builtin', path: file, origin: BUILTIN_ORIGIN }, warn);
    return { releases, path: file };
  } catch (error) {
    const reason = error instanceof SnapshotError ? error.message : `${file} is not valid JSON: ${(error as Error).message}`;
    return { releases: [], note: `the built-in data could not be read: ${reason}` };
  }
}
