import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

export const ROOT = path.join(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const CHECKOUT = path.join(ROOT, 'test', 'fixtures', 'checkout');
export const INCIDENT = path.join(CHECKOUT, 'generated_pages', 'incidents', 'I00001.md');

export const POSIX = process.platform !== 'win32';
/** Root reads and writes every file: the permission cases run the CLI as `nobody`. */
export const AS_ROOT = process.getuid?.() === 0;
export const NOBODY = 65534;

/** A maker of temporary folders named `prefix…`, removed once the calling test file's tests are done. */
export function tempDirs(prefix: string): () => string {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}

/**
 * Runs the built `disarm-lint` as a user would, from the repository root, as a build without
 * built-in data: the made-up fixtures are not a release of the real history.
 */
export function lint(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  return lintIn({}, ...args);
}

/** {@link lint} with `env` added to the environment (`{}`: the build's own built-in data). */
export function lintWith(env: NodeJS.ProcessEnv, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  return lintIn({ env: { DISARM_DATA_SNAPSHOT: undefined, ...env } }, ...args);
}

/** Runs it with standard input, another working folder or more environment variables (a build without built-in data unless `env` sets DISARM_DATA_SNAPSHOT). */
export function lintIn(
  options: { input?: string; cwd?: string; env?: Record<string, string | undefined> },
  ...args: string[]
): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, DISARM_DATA_SNAPSHOT: 'none', ...options.env };
  // A bound, so that a CLI that hangs fails its test (status null) instead of holding the suite.
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: options.cwd ?? ROOT, input: options.input, env, timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
