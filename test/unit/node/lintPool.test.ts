import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LintData, lintFiles, TOO_COSTLY } from '../../../server/src/node/lintFiles';
import { LintPool } from '../../../server/src/node/lintPool';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';

// The workers run the built CLI bundle: `npm test` builds before it runs the tests.
const CLI = path.join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const CHECKOUT = path.join(__dirname, '..', '..', 'fixtures', 'checkout');
const DATA: LintData = { sources: [{ source: { kind: 'checkout', path: CHECKOUT, origin: 'test' } }] };
// Nested list markers make micromark super-linear; the code span keeps the plain reader out.
/** An idle machine, whatever this one's load: the tests drive the workers. */
const IDLE = () => 0;
const COSTLY = `${'- '.repeat(6000)}T0999 \`code\`\n`;

describe('LintPool', () => {
  let folder: string;
  let files: string[];
  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'lint-pool-'));
    files = Array.from({ length: 40 }, (_, i) => {
      const file = path.join(folder, `doc${String(i).padStart(2, '0')}.md`);
      writeFileSync(file, i === 17 ? COSTLY : `# DISARM notes ${i}\n\nT0001: Wrong Name ${i}, T0${900 + i} and [T0002](x.md).\n`);
      return file;
    });
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  for (const here of [true, false]) {
    it(`finds on several ${here ? 'threads' : 'workers alone'} what the in-process loop finds, in the files order, and gives up a parse over its bound`, { timeout: 60_000 }, async () => {
      const pool = new LintPool(CLI, 1000, { maxThreads: 3, filesPerWorker: 1, here, load: IDLE, reservedCores: 0 });
      let pooled;
      try {
        pooled = await pool.lint(DATA, [...files, path.join(folder, 'missing.md')], { scope: 'all' });
      } finally {
        pool.dispose();
      }
      assert.deepEqual(pooled.unchecked, [`${files[17]}: ${TOO_COSTLY}`]);
      assert.match(pooled.unreadable.join('\n'), /missing\.md: ENOENT/);
      // The same files in process, the costly one left out (it would take seconds, unbounded).
      const others = files.filter((_, i) => i !== 17);
      const inProcess = await lintFiles(DATA, others, async (text) => parseDisarmDocument(text), { scope: 'all' });
      assert.ok(inProcess.findings.length >= 39, `${inProcess.findings.length} findings`);
      assert.deepEqual(new Set(inProcess.findings.map((f) => f.code)), new Set(["unknown-id", "name-mismatch"]));
      assert.deepEqual(pooled.findings, inProcess.findings);
      assert.deepEqual(pooled.warnings, inProcess.warnings);
    });
  }

  it('checks a few files on this thread alone', { timeout: 60_000 }, async () => {
    const pool = new LintPool(CLI, 1000, { maxThreads: 4, load: IDLE });
    try {
      const result = await pool.lint(DATA, files.slice(0, 3), { scope: 'all' });
      assert.equal(result.findings.length >= 3, true);
      assert.equal((pool as unknown as { slots: unknown[] }).slots.length, 0);
    } finally {
      pool.dispose();
    }
  });

  it('checks here what a worker holds and has not come to, so a stalled worker holds up nothing', { timeout: 60_000 }, async () => {
    // A worker that says its data loaded, then takes files and never answers: starved by a busy machine.
    const stalled = path.join(folder, 'stalled-worker.js');
    writeFileSync(stalled, `require('node:worker_threads').parentPort.on('message', (m) => { if (m.kind === 'setup') require('node:worker_threads').parentPort.postMessage({ kind: 'loaded', generation: m.generation }); });`);
    const pool = new LintPool(stalled, 1000, { maxThreads: 2, filesPerWorker: 1, load: IDLE, reservedCores: 0 });
    // Enough work that the worker has loaded (and been handed files) before this thread is through.
    const others = Array.from({ length: 200 }, (_, i) => {
      const file = path.join(folder, `long${i}.md`);
      writeFileSync(file, `# DISARM notes ${i}\n\n${`T0001: Wrong Name ${i}, T0${900 + (i % 99)} and [T0002](x.md).\n\n`.repeat(100)}`);
      return file;
    });
    try {
      const result = await Promise.race([
        pool.lint(DATA, others, { scope: 'all' }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the run waited on the stalled worker')), 20_000)),
      ]);
      const inProcess = await lintFiles(DATA, others, async (text) => parseDisarmDocument(text), { scope: 'all' });
      assert.deepEqual(result.findings, inProcess.findings);
      assert.ok((pool as unknown as { slots: Array<{ held: unknown[] }> }).slots[0].held.length > 0, 'the worker was never handed a file: this test tests nothing');
    } finally {
      pool.dispose();
    }
  });

  it('starts a worker only while the load leaves it a core past the one V8 keeps busy, as make -l does', { timeout: 60_000 }, async () => {
    const workersAt = async (load: number, maxThreads = 3) => {
      const pool = new LintPool(CLI, 1000, { maxThreads, filesPerWorker: 1, load: () => load });
      try {
        await pool.lint(DATA, files.slice(0, 4), { scope: 'all' });
        return (pool as unknown as { slots: unknown[] }).slots.length;
      } finally {
        pool.dispose();
      }
    };
    assert.equal(await workersAt(0.3), 1);
    assert.equal(await workersAt(1.2), 0);
    // Two cores: one checks, V8 has the other.
    assert.equal(await workersAt(0, 2), 0);
  });

  it('reports a data load that fails as the in-process loop does', { timeout: 60_000 }, async () => {
    const pool = new LintPool(CLI, 1000, { maxThreads: 2, filesPerWorker: 1, load: IDLE, reservedCores: 0 });
    try {
      await assert.rejects(pool.lint({ sources: [] }, files.slice(0, 3)), /no DISARM data found/);
    } finally {
      pool.dispose();
    }
  });
});
