import assert from 'node:assert/strict';
import { spawn, spawnSync, SpawnSyncOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { cacheFolder, NO_CACHE_ENV } from '../../server/src/node/codeCache';
import { AS_ROOT as root, CHECKOUT, CLI, INCIDENT, NOBODY, POSIX as posix, ROOT, tempDirs } from './runCli';

const tempDir = tempDirs('disarm-code-cache-');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (or `cli`) with a home and a cache folder of the test's own. */
function lint(home: string, args: string[], options: { env?: NodeJS.ProcessEnv; cli?: string; uid?: number } = {}): Run {
  const env = { ...process.env, HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), [NO_CACHE_ENV]: undefined, DISARM_DATA_SNAPSHOT: 'none', NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  const spawnOptions: SpawnSyncOptions = { encoding: 'utf8', cwd: ROOT, env, timeout: 60_000 };
  if (options.uid !== undefined) Object.assign(spawnOptions, { uid: options.uid, gid: options.uid });
  const result = spawnSync(process.execPath, [options.cli ?? CLI, ...args], spawnOptions);
  return { code: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Whether `file` is a cache as the loader writes it: its header, then V8's data with its SHA-256. */
function whole(file: string): boolean {
  const bytes = readFileSync(file);
  const start = bytes.indexOf('\n') + 1 + 32;
  return bytes.subarray(0, start - 32).toString() === 'disarm-v8-cache\n' && createHash('sha256').update(bytes.subarray(start)).digest().equals(bytes.subarray(start - 32, start));
}

/** The cache files in `folder` (the run's `disarm-tools`). */
function caches(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder).filter((n) => n.endsWith('.v8cache')).map((n) => path.join(folder, n)) : [];
}

// A run with findings of every kind shown: errors (exit 1), warnings and information.
const ARGS = ['--data', CHECKOUT, '--severity', 'info', INCIDENT];

describe('disarm-lint code cache', { skip: !posix && 'POSIX permissions' }, () => {
  const plain = () => lint(tempDir(), ARGS, { env: { [NO_CACHE_ENV]: '1' } });

  it('is written by the first run, in a folder of the user own, and used as it is by the next', () => {
    const home = tempDir();
    const folder = path.join(home, '.cache', 'disarm-tools');
    const first = lint(home, ARGS);
    const [file, ...more] = caches(folder);
    assert.ok(file, 'a cache file after the first run');
    assert.deepEqual(more, []);
    assert.match(path.basename(file), new RegExp(`^lintEngine-[0-9a-f]{32}-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8cache$`));
    assert.equal(statSync(folder).mode & 0o777, 0o700);
    assert.equal(statSync(file).mode & 0o077, 0);
    const written = statSync(file);
    const second = lint(home, ARGS);
    const read = statSync(file);
    // Accepted by V8: a cache that was missing or rejected would have been written again.
    assert.equal(read.ino, written.ino);
    assert.equal(read.mtimeMs, written.mtimeMs);
    assert.equal(first.code, 1);
    assert.deepEqual(second, first);
    assert.deepEqual(plain(), first);
  });

  it('replaces a corrupt cache (V8 would crash on it) and one V8 rejects, with the same output', () => {
    const home = tempDir();
    const folder = path.join(home, '.cache', 'disarm-tools');
    const first = lint(home, ARGS);
    const [file] = caches(folder);
    const good = readFileSync(file);
    const flipped = Buffer.from(good);
    for (let i = 0; i < 64; i++) flipped[Math.floor(flipped.length / 2) + i] ^= 0x5a;
    // Bytes changed in the V8 data: release builds of V8 do not check them and die on some.
    writeFileSync(file, flipped);
    assert.deepEqual(lint(home, ARGS), first);
    assert.ok(whole(file), 'rewritten whole');
    // Whole, but not V8's: the header's sum is right, V8 rejects the data.
    const junk = Buffer.alloc(4096, 7);
    writeFileSync(file, Buffer.concat([good.subarray(0, good.indexOf('\n') + 1), createHash('sha256').update(junk).digest(), junk]));
    assert.deepEqual(lint(home, ARGS), first);
    assert.ok(whole(file) && statSync(file).size > 4096 + 64, 'rewritten after V8 rejected it');
    const rewritten = statSync(file);
    assert.deepEqual(lint(home, ARGS), first);
    assert.equal(statSync(file).mtimeMs, rewritten.mtimeMs, 'and then used');
  });

  it('is not written by a run that checked nothing, and is written when the run ends on a closed pipe', async () => {
    const home = tempDir();
    const folder = path.join(home, '.cache', 'disarm-tools');
    assert.equal(lint(home, ['--version']).code, 0);
    assert.equal(lint(home, ['--no-such-flag']).code, 2);
    assert.deepEqual(caches(folder), []);
    const many = path.join(home, 'many.md');
    writeFileSync(many, 'Uses T0009.\nSee DISARM.\n'.repeat(20000));
    const env = { ...process.env, HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), [NO_CACHE_ENV]: undefined, DISARM_DATA_SNAPSHOT: 'none' };
    const child = spawn(process.execPath, [CLI, '--data', CHECKOUT, many], { stdio: ['ignore', 'pipe', 'ignore'], env });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy(); // as `| head -1` does: the run ends in process.exit
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(code, 1);
    assert.equal(caches(folder).length, 1);
  });

  it(`is neither read nor written with ${NO_CACHE_ENV}=1`, () => {
    const home = tempDir();
    const run = lint(home, ARGS, { env: { [NO_CACHE_ENV]: '1' } });
    assert.equal(run.code, 1);
    assert.equal(existsSync(path.join(home, '.cache')), false);
  });

  it('keeps out of a folder it cannot write, a folder others can write, and a link, with the same output and status', () => {
    const expected = plain();
    // The cache folder's place is a file.
    const home = tempDir();
    writeFileSync(path.join(home, '.cache'), '');
    assert.deepEqual(lint(home, ARGS), expected);
    // A disarm-tools that anyone may write to: a cache there could be planted.
    const open = tempDir();
    mkdirSync(path.join(open, '.cache', 'disarm-tools'), { recursive: true });
    chmodSync(path.join(open, '.cache', 'disarm-tools'), 0o777);
    assert.deepEqual(lint(open, ARGS), expected);
    assert.deepEqual(caches(path.join(open, '.cache', 'disarm-tools')), []);
    // In a folder anyone may write to that is not sticky (as /tmp is): ours could be swapped there.
    const shared = tempDir();
    chmodSync(shared, 0o777);
    assert.deepEqual(lint(home, ARGS, { env: { XDG_CACHE_HOME: shared } }), expected);
    assert.deepEqual(caches(path.join(shared, 'disarm-tools')), []);
    chmodSync(shared, 0o1777);
    assert.deepEqual(lint(home, ARGS, { env: { XDG_CACHE_HOME: shared } }), expected);
    assert.equal(caches(path.join(shared, 'disarm-tools')).length, 1, 'sticky: used');
    // A link to another folder.
    const linked = tempDir();
    const elsewhere = tempDir();
    mkdirSync(path.join(linked, '.cache'));
    symlinkSync(elsewhere, path.join(linked, '.cache', 'disarm-tools'));
    assert.deepEqual(lint(linked, ARGS), expected);
    assert.deepEqual(caches(elsewhere), []);
    if (root) {
      // Another user's folder, and a cache folder this user may not create.
      const theirs = tempDir();
      mkdirSync(path.join(theirs, '.cache', 'disarm-tools'), { recursive: true, mode: 0o700 });
      chownSync(path.join(theirs, '.cache', 'disarm-tools'), NOBODY, NOBODY);
      assert.deepEqual(lint(theirs, ARGS), expected);
      assert.deepEqual(caches(path.join(theirs, '.cache', 'disarm-tools')), []);
      const locked = tempDir();
      chmodSync(locked, 0o755);
      mkdirSync(path.join(locked, '.cache'), { mode: 0o755 });
      assert.deepEqual(lint(locked, ARGS, { uid: NOBODY }), expected);
      assert.equal(existsSync(path.join(locked, '.cache', 'disarm-tools')), false);
    }
  });

  it('never runs the cache of another engine, even one of the same length', () => {
    // V8 accepts a cache made for any source of the same length: the file name holds the engine's hash.
    const dist = tempDir();
    chmodSync(dist, 0o755);
    for (const name of ['cli.js', 'lintEngine.js']) copyFileSync(path.join(ROOT, 'dist', name), path.join(dist, name));
    const cli = path.join(dist, 'cli.js');
    const home = tempDir();
    assert.equal(lint(home, ARGS, { cli }).code, 1);
    assert.match(lint(home, ['--help'], { cli }).stdout, /Checks the DISARM IDs/);
    const engine = path.join(dist, 'lintEngine.js');
    const text = readFileSync(engine, 'utf8');
    assert.ok(text.includes('Checks the DISARM IDs'));
    writeFileSync(engine, text.replace('Checks the DISARM IDs', 'Chucks the DISARM IDs'));
    assert.match(lint(home, ['--help'], { cli }).stdout, /Chucks the DISARM IDs/);
    assert.equal(lint(home, ARGS, { cli }).code, 1);
    assert.equal(caches(path.join(home, '.cache', 'disarm-tools')).length, 2);
  });
});

describe('cacheFolder', () => {
  const home = () => '/home/ada';
  it('is the user cache folder of each system, with disarm-tools', () => {
    assert.equal(cacheFolder({ platform: 'linux', env: {}, home }), '/home/ada/.cache/disarm-tools');
    assert.equal(cacheFolder({ platform: 'linux', env: { XDG_CACHE_HOME: '/var/cache/ada' }, home }), '/var/cache/ada/disarm-tools');
    // The XDG specification: a relative path is ignored.
    assert.equal(cacheFolder({ platform: 'linux', env: { XDG_CACHE_HOME: 'cache' }, home }), '/home/ada/.cache/disarm-tools');
    assert.equal(cacheFolder({ platform: 'darwin', env: { XDG_CACHE_HOME: '/x' }, home }), '/home/ada/Library/Caches/disarm-tools');
    assert.equal(cacheFolder({ platform: 'win32', env: { LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, home }), 'C:\\Users\\ada\\AppData\\Local\\disarm-tools');
  });

  it('is none without a home folder (or %LOCALAPPDATA%)', () => {
    assert.equal(cacheFolder({ platform: 'linux', env: {}, home: () => undefined }), undefined);
    assert.equal(cacheFolder({ platform: 'darwin', env: {}, home: () => undefined }), undefined);
    assert.equal(cacheFolder({ platform: 'win32', env: {}, home }), undefined);
  });
});
