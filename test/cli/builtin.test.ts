import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { BUILTIN_DATA, requireBuiltinData } from '../protocol/session';
import { lintWith } from './runCli';

/** `disarm-lint` with no `--data` and no checkout above the files: the build's built-in data. */
describe('disarm-lint with the built-in data', () => {
  const file = () => {
    const notes = path.join(mkdtempSync(path.join(tmpdir(), 'disarm-builtin-')), 'notes.md');
    writeFileSync(notes, 'Seen: T0019, T0013.001 and T0049.002: Flood Existing Hashtag.\n');
    return notes;
  };

  it('checks against the newest built-in release, with the history', () => {
    requireBuiltinData();
    const newest = (JSON.parse(readFileSync(BUILTIN_DATA, 'utf8')) as { releases: Array<{ version: string }> }).releases.at(-1)!.version;
    const notes = file();
    const { code, stdout, stderr } = lintWith({}, notes);
    assert.equal(code, 1, stderr);
    assert.equal(stderr, '1 file checked: 1 error, 1 warning\n', 'no warning about the data, only the summary');
    assert.deepEqual(stdout.trim().split('\n').map((l) => l.slice(notes.length + 1)), [
      '1:7: warning removed-id T0019 Generate Information Pollution was removed in 1.4 (it was in 0.1–1.3).',
      `1:14: error unknown-id T0013.001 is not in any DISARM release (0.1–${newest}).`,
    ]);
  });

  it('says so when the build has none, and exits 2 without other data', () => {
    const { code, stderr } = lintWith({ DISARM_DATA_SNAPSHOT: path.join(tmpdir(), 'no-such-disarm-data.json') }, file());
    assert.equal(code, 2);
    assert.match(stderr, /no DISARM data found: pass --data .*\(this build has no built-in data/);
  });
});
