import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { readRegularTextSync, SkippedFile } from '../../../server/src/node/regularFile';

describe('readRegularTextSync', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'disarm-read-'));
  after(() => rmSync(folder, { recursive: true, force: true }));
  const file = (name: string, content: string | Buffer) => {
    const at = path.join(folder, name);
    writeFileSync(at, content);
    return at;
  };

  it('reads each file whole, a short one after a long one without the long one\'s bytes', () => {
    const long = `# Long\n\n${'T0001: Name. '.repeat(10_000)}\n`;
    assert.equal(readRegularTextSync(file('long.md', long)), long);
    assert.equal(readRegularTextSync(file('short.md', 'T0002\n')), 'T0002\n');
    assert.equal(readRegularTextSync(file('empty.md', '')), '');
  });

  it('reads a file over the shared buffer\'s size, and decodes bad UTF-8 as U+FFFD', () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    assert.equal(readRegularTextSync(file('big.md', big)), big);
    assert.equal(readRegularTextSync(file('bad.md', Buffer.from([0x54, 0xff, 0x30]))), 'T\ufffd0');
  });

  it('refuses what is not a regular file', () => {
    assert.throws(() => readRegularTextSync(folder), SkippedFile);
  });
});
