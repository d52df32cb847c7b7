import { createHash } from 'node:crypto';
import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import { Script } from 'node:vm';

/**
 * Loads a CommonJS bundle through V8's code cache: the bytecode of the functions a run compiled,
 * kept in a file of the user's own, so that the next run deserializes them instead of parsing and
 * compiling the bundle again (a few tens of milliseconds of a `disarm-lint` run).
 *
 * The cache is made at the process's exit, with `Script.createCachedData()`, so that it holds the
 * functions the run compiled lazily as well as those compiled at the start; a cache made at compile
 * time (`produceCachedData`, v8-compile-cache, Node's own `module.enableCompileCache()`) holds
 * the top level only. It is written once, after a run that `keep` calls for, and again only when
 * V8 rejects it.
 *
 * Nothing here changes what the bundle does: any failure (no home folder, a read-only or full disk,
 * a folder another user could write to, a corrupt or rejected cache) falls back to a plain compile.
 */

/** Set (to anything but `0`), no cache is read or written. */
export const NO_CACHE_ENV = 'DISARM_LINT_NO_CACHE';

/** The cache file starts with this, then the SHA-256 of the V8 data that follows. */
const MAGIC = Buffer.from('disarm-v8-cache\n');
const HEADER_BYTES = MAGIC.length + 32;
/** Another file of ours in the cache folder that nothing has read or written for this long is removed. */
const UNUSED_MS = 30 * 24 * 60 * 60 * 1000;

export interface CodeCacheOptions {
  /** The environment (`process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** The platform (`process.platform`). */
  readonly platform?: NodeJS.Platform;
  /** The user's home folder (`os.homedir()`); `undefined`: none. */
  readonly home?: () => string | undefined;
}

export interface CachedModule {
  /** The bundle's `module.exports`. */
  readonly exports: unknown;
  /**
   * Asks for the cache to be written when the process exits, if it was missing or rejected: called
   * once the run has compiled the code worth keeping (a check, not a `--help`).
   */
  readonly keep: () => void;
}

/**
 * The folder of the user's own caches: `$XDG_CACHE_HOME` (an absolute path) or `~/.cache` on Linux
 * and the other Unixes, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows; then `disarm-tools`.
 */
export function cacheFolder(options: CodeCacheOptions = {}): string | undefined {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const home = (options.home ?? homeFolder)();
  // The platform's own paths, whatever this one's (the tests ask for each).
  const paths = platform === 'win32' ? path.win32 : path.posix;
  let base: string | undefined;
  if (platform === 'win32') base = env.LOCALAPPDATA && paths.isAbsolute(env.LOCALAPPDATA) ? env.LOCALAPPDATA : undefined;
  else if (platform === 'darwin') base = home && paths.join(home, 'Library', 'Caches');
  else base = env.XDG_CACHE_HOME && paths.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : home && paths.join(home, '.cache');
  return base ? paths.join(base, 'disarm-tools') : undefined;
}

function homeFolder(): string | undefined {
  try {
    return homedir() || undefined;
  } catch {
    return undefined;
  }
}

/** The cache file of `source` (the bundle `file`'s text) for this Node and machine. */
export function cacheFileName(file: string, source: string): string {
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 32);
  return `${path.basename(file, '.js')}-${hash}-${process.version}-${process.arch}.v8cache`;
}

/**
 * Runs the bundle `file` as `require` would (its own `module`, `exports` and `__dirname`), through
 * the code cache unless the environment opts out or no safe folder is found.
 */
export function requireWithCodeCache(file: string, options: CodeCacheOptions = {}): CachedModule {
  const env = options.env ?? process.env;
  const optedOut = !!env[NO_CACHE_ENV] && env[NO_CACHE_ENV] !== '0';
  const folder = optedOut ? undefined : cacheFolder(options);
  if (!folder) return { exports: createRequire(__filename)(file), keep: () => {} };

  const source = readFileSync(file, 'utf8');
  const cacheFile = path.join(folder, cacheFileName(file, source));
  const cachedData = readCache(folder, cacheFile);
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  const stale = !cachedData || script.cachedDataRejected === true;

  const module = new Module(file, require.main);
  module.filename = file;
  module.paths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(path.dirname(file));
  const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;

  let kept = false;
  const keep = () => {
    if (kept || !stale) return;
    kept = true;
    // Synchronous, at the very end: `process.exit` (a closed pipe, for one) runs it too.
    process.once('exit', () => writeCache(folder, cacheFile, script));
  };
  return { exports: module.exports, keep };
}

/** The V8 data in `cacheFile`, if the folder is the user's own and the file whole; else nothing. */
function readCache(folder: string, cacheFile: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    if (!safeFolder(folder)) return undefined;
    fd = openSync(cacheFile, 'r');
    if (!ownedFile(fstatSync(fd))) return undefined;
    const bytes = readFileSync(fd);
    if (bytes.length <= HEADER_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    const data = bytes.subarray(HEADER_BYTES);
    const sum = createHash('sha256').update(data).digest();
    // Release builds of V8 check a cache's version and source length, not its bytes.
    return sum.equals(bytes.subarray(MAGIC.length, HEADER_BYTES)) ? data : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The cache, written whole or not at all (a temporary file, then a rename); failures are ignored. */
function writeCache(folder: string, cacheFile: string, script: Script): void {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    if (!safeFolder(folder)) return;
    const data = script.createCachedData();
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      for (const chunk of [MAGIC, createHash('sha256').update(data).digest(), data]) writeAll(fd, chunk);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, cacheFile);
    removeUnused(folder, cacheFile);
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Never made: the folder is not there, or is not one.
    }
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
}

/** Other caches of ours (other versions of the bundle or of Node) nobody has used for a month, and stray temporary files. */
function removeUnused(folder: string, keep: string): void {
  const prefix = `${path.basename(keep).split('-')[0]}-`;
  const now = Date.now();
  for (const name of readdirSync(folder)) {
    const file = path.join(folder, name);
    if (file === keep || !name.startsWith(prefix) || !/\.v8cache(\.\d+\.tmp)?$/.test(name)) continue;
    try {
      const stat = statSync(file);
      if (now - Math.max(stat.atimeMs, stat.mtimeMs) > UNUSED_MS) rmSync(file, { force: true });
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

/**
 * A cache someone else could plant is code run as this user: the folder must be a real folder
 * (not a link), this user's, writable by no one else, in a folder where no one else could swap it
 * (not world-writable, or sticky as /tmp is). Windows' `%LOCALAPPDATA%` is the user's own.
 */
function safeFolder(folder: string): boolean {
  const stat = lstatSync(folder);
  if (!stat.isDirectory() || !ownedFile(stat)) return false;
  const parent = statSync(path.dirname(folder)).mode;
  return process.platform === 'win32' || !(parent & 0o002) || !!(parent & 0o1000);
}

function ownedFile(stat: { uid: number; mode: number }): boolean {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return true;
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}
