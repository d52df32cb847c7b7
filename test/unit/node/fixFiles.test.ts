import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readForFix, writeAtomically } from '../../../server/src/node/fixFiles';

function file(text: string): string {
  const target = path.join(mkdtempSync(path.join(tmpdir(), 'disarm-write-')), 'note.md');
  writeFileSync(target, text);
  return target;
}

describe('writeAtomically', () => {
  it('writes when the file holds what was read, through a temporary file that does not stay', () => {
    const target = file('T0001: Pick Audiences\n');
    const read = readForFix(target);
    assert.deepEqual(writeAtomically(target, 'T0001: Pick Audience\n', read.bytes), { carriedOver: 0 });
    assert.equal(readFileSync(target, 'utf8'), 'T0001: Pick Audience\n');
    assert.deepEqual(readdirSync(path.dirname(target)), ['note.md']);
  });

  it('compares the bytes, not size and time: an edit of the same size within the same modification time wins', () => {
    const target = file('T0001: Pick Audiences\n');
    const read = readForFix(target);
    const { atime, mtime } = statSync(target);
    writeFileSync(target, 'T0001: Pick AudienceS\n'); // same size
    utimesSync(target, atime, mtime); // same time, as a coarse clock would leave it
    assert.throws(() => writeAtomically(target, 'T0001: Pick Audience\n', read.bytes), /changed while being fixed/);
    assert.equal(readFileSync(target, 'utf8'), 'T0001: Pick AudienceS\n');
    assert.deepEqual(readdirSync(path.dirname(target)), ['note.md'], 'the temporary file is removed');
  });
});
