import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Finding, gatherResult } from '../../../server/src/node/lintFiles';

describe('gatherResult', () => {
  it("gathers a large note's half a million findings (a spread of them overflowed the stack)", () => {
    const finding: Finding = { file: 'note.md', line: 1, column: 1, endLine: 1, endColumn: 6, severity: 'warning', code: 'name-mismatch', message: 'm', cited: 'T0001', nth: 1 };
    const findings = Array.from({ length: 500_000 }, () => finding);
    const result = gatherResult(['note.md', 'other.md'], [{ findings }, { unreadable: 'EACCES' }], ['a warning']);
    assert.equal(result.findings.length, 500_000);
    assert.deepEqual(result.unreadable, ['other.md: EACCES']);
    assert.deepEqual(result.warnings, ['a warning']);
  });
});
