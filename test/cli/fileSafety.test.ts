import assert from 'node:assert/strict';
import { spawn, spawnSync, SpawnSyncOptions } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AS_ROOT as root, CHECKOUT, CLI, INCIDENT, NOBODY, POSIX as posix, ROOT, tempDirs } from './runCli';

const madeDir = tempDirs('disarm-safety-');

function tempDir(): string {
  const dir = madeDir();
  chmodSync(dir, 0o777); // `nobody` may write here: only the files' own permissions protect them
  return dir;
}

/** Runs the built CLI; `unprivileged`: as `nobody` when the tests run as root. */
function lint(args: string[], unprivileged = false) {
  // Scratch notes on the made-up fixtures: every file checked (--scope all), no built-in history.
  const options: SpawnSyncOptions = { encoding: 'utf8', cwd: ROOT, env: { ...process.env, DISARM_DATA_SNAPSHOT: 'none' } };
  if (unprivileged && root) Object.assign(options, { uid: NOBODY, gid: NOBODY });
  const result = spawnSync(process.execPath, [CLI, '--scope', 'all', ...args], options);
  const stderr = String(result.stderr)
    .split('\n')
    .filter((l) => l && !/^disarm-lint: (cannot read generated_pages|.*duplicate IDs)/.test(l));
  return { code: result.status, stdout: String(result.stdout), stderr };
}

const FIXABLE = 'T0001: Pick Audiences and T0999.\n';

describe('disarm-lint file safety', { skip: !posix && 'POSIX permissions and pipes' }, () => {
  it('checks every path it can read and reports every one it cannot, then exits 2', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.md'), 'T0999 in a\n');
    writeFileSync(path.join(dir, 'z.md'), 'T0998 in z\n');
    writeFileSync(path.join(dir, 'locked.md'), 'T0001\n');
    chmodSync(path.join(dir, 'locked.md'), 0);
    mkdirSync(path.join(dir, 'closed'));
    writeFileSync(path.join(dir, 'closed', 'inside.md'), 'T0001\n');
    chmodSync(path.join(dir, 'closed'), 0);
    spawnSync('mkfifo', [path.join(dir, 'pipe.md')]);
    symlinkSync(path.join(dir, 'gone.md'), path.join(dir, 'dangling.md'));
    const { code, stdout, stderr } = lint(['--data', CHECKOUT, dir, path.join(dir, 'missing.md')], true);
    chmodSync(path.join(dir, 'closed'), 0o755);
    assert.equal(code, 2);
    assert.match(stdout, /a\.md:1:1: error unknown-id T0999/);
    assert.match(stdout, /z\.md:1:1: error unknown-id T0998/);
    const reported = (name: string, reason: string) => assert.ok(stderr.some((l) => l.includes(`cannot read ${path.join(dir, name)}: ${reason}`)), `${name}: ${reason}\n${stderr.join('\n')}`);
    reported('locked.md', 'EACCES');
    reported('closed', 'EACCES');
    reported('pipe.md', 'a named pipe, not a regular file');
    reported('dangling.md', 'ENOENT');
    reported('missing.md', 'ENOENT');
  });

  it('--fix leaves a read-only file alone: by its mode, and by access() for a file owned by another user', () => {
    const dir = tempDir();
    const readOnly = path.join(dir, 'read-only.md');
    writeFileSync(readOnly, FIXABLE);
    chmodSync(readOnly, 0o444);
    const others = path.join(dir, 'someone-elses.md');
    writeFileSync(others, FIXABLE);
    chmodSync(others, 0o644);
    const before = [statSync(readOnly), statSync(others)];
    // As root only the mode protects the first; as `nobody`, access() refuses the second too.
    const asRoot = lint(['--data', CHECKOUT, '--fix', readOnly]);
    assert.equal(asRoot.code, 2);
    assert.ok(asRoot.stderr.includes(`disarm-lint: cannot write ${readOnly}: read-only (no write permission in its mode); not fixed`), asRoot.stderr.join('\n'));
    assert.match(asRoot.stdout, /read-only\.md:1:\d+: \w+ \S+/, 'still linted');
    if (root) {
      const asNobody = lint(['--data', CHECKOUT, '--fix', others], true);
      assert.equal(asNobody.code, 2);
      assert.ok(asNobody.stderr.some((l) => l.startsWith(`disarm-lint: cannot write ${others}: not writable (EACCES)`)), asNobody.stderr.join('\n'));
    }
    for (const [i, file] of [readOnly, others].entries()) {
      const now = statSync(file);
      assert.equal(readFileSync(file, 'utf8'), FIXABLE, file);
      assert.equal(now.ino, before[i].ino, `${file} was not replaced`);
      assert.equal(now.mode, before[i].mode);
    }
    assert.deepEqual(readdirSync(dir).sort(), ['read-only.md', 'someone-elses.md'], 'no temporary file');
  });

  it('--fix removes the temporary files a killed run left, and only those', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'x.md'), FIXABLE);
    const gone = spawnSync(process.execPath, ['-e', '']).pid; // a process that has ended
    const leftover = `.x.md.${gone}.${Date.now().toString(36)}.disarm-fix`;
    const kept = [
      `.x.md.${process.pid}.abc.disarm-fix`, // a run still going (this process is alive)
      '.x.md.disarm-fix', // not our pattern
      `x.md.${gone}.abc.disarm-fix`, // no leading dot
      `.x.md.${gone}.abc.disarm-fix.bak`, // more after it
    ];
    for (const name of [leftover, ...kept]) writeFileSync(path.join(dir, name), 'half written');
    mkdirSync(path.join(dir, `.y.md.${gone}.abc.disarm-fix`)); // a folder, not a file
    const { stderr } = lint(['--data', CHECKOUT, '--fix', dir]);
    assert.ok(stderr.includes(`disarm-lint: removed 1 temporary file left by an earlier --fix: ${path.join(dir, leftover)}`), stderr.join('\n'));
    assert.ok(stderr.includes(`${path.join(dir, 'x.md')}: fixed 1 finding`), stderr.join('\n'));
    assert.deepEqual(readdirSync(dir).sort(), [...kept, `.y.md.${gone}.abc.disarm-fix`, 'x.md'].sort());
  });

  it('--fix against a concurrent appender: not one append lost over several rounds', async () => {
    const dir = tempDir();
    const files = ['a.md', 'b.md', 'c.md'].map((name) => path.join(dir, name));
    const base = readFileSync(INCIDENT, 'utf8');
    for (const file of files) writeFileSync(file, base);
    const BURSTS = 24;
    // Bursts of appends to each file in turn, reopening it each time (as `>>` does), then a pause about as long as a run, so
    // that some runs read, fix and write between bursts and others see a burst start as they write. Each line is numbered.
    const appender = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('fs'); const files = ${JSON.stringify(files)}; const pause = new Int32Array(new SharedArrayBuffer(4));
        let n = 0;
        for (let burst = 0; burst < ${BURSTS}; burst++) {
          for (let i = 1 + Math.floor(Math.random() * 30); i > 0; i--, n++) {
            for (const f of files) fs.appendFileSync(f, '- append ' + n + ' cites T0001: Pick Audiences.\\n');
            Atomics.wait(pause, 0, 0, Math.random());
          }
          Atomics.wait(pause, 0, 0, Math.random() * 700);
        }
        process.stdout.write(String(n));`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let appended = '';
    appender.stdout.on('data', (chunk) => (appended += chunk));
    let appending = true;
    const ended = new Promise((resolve) => appender.on('close', () => resolve((appending = false))));
    let written = 0;
    let rounds = 0;
    try {
      // Rounds for as long as it appends (at least three), each run asynchronous so the appender's end is seen.
      while ((appending || rounds < 3) && rounds < 50) {
        const run = spawn(process.execPath, [CLI, '--scope', 'all', '--data', CHECKOUT, '--fix', ...files], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DISARM_DATA_SNAPSHOT: 'none' } });
        let stderr = '';
        run.stderr!.on('data', (chunk) => (stderr += chunk));
        await new Promise((resolve) => run.on('close', resolve));
        written += (stderr.match(/: fixed \d+ findings?$/gm) ?? []).length;
        rounds++;
      }
    } finally {
      await ended;
    }
    const total = Number(appended);
    assert.ok(total > 0, 'the appender ran');
    assert.ok(written > 0, 'some fixes were written while it appended');
    for (const file of files) {
      const seen = [...readFileSync(file, 'utf8').matchAll(/^- append (\d+) cites T0001/gm)].map((m) => Number(m[1]));
      const present = new Set(seen);
      const missing = Array.from({ length: total }, (_, i) => i).filter((i) => !present.has(i));
      assert.deepEqual(missing, [], `${path.basename(file)}: ${missing.length} of ${total} appends lost`);
      assert.equal(seen.length, total, `${path.basename(file)}: every append once`);
    }
  });
});
