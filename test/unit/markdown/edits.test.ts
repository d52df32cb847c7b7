import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addIfDisjoint, applyOffsetEdits, applyTextEdits, OffsetEdit, shiftOffsets } from '../../../server/src/service/markdown/edits';
import { findTables, tableAtLine, techniqueTables } from '../../../server/src/service/markdown/tables';
import { joinLines } from '../../fixtures/markdown';

const at = (line: number, character: number) => ({ line, character });

describe('applyTextEdits', () => {
  it('applies edits given in any order, as one change', () => {
    const text = 'one two\nthree';
    const edits = [
      { range: { start: at(1, 0), end: at(1, 5) }, newText: '3' },
      { range: { start: at(0, 0), end: at(0, 0) }, newText: '<' },
      { range: { start: at(0, 4), end: at(0, 7) }, newText: '2' },
    ];
    assert.equal(applyTextEdits(text, edits), '<one 2\n3');
    assert.equal(applyTextEdits(text, []), text);
  });

  it('throws on overlapping edits', () => {
    const edits = [
      { range: { start: at(0, 0), end: at(0, 3) }, newText: 'x' },
      { range: { start: at(0, 2), end: at(0, 4) }, newText: 'y' },
    ];
    assert.throws(() => applyTextEdits('abcdef', edits), /overlapping/);
  });
});

describe('addIfDisjoint', () => {
  it('takes a fix all or nothing, sharing identical edits', () => {
    const accepted: OffsetEdit[] = [{ start: 0, end: 5, newText: 'a' }];
    assert.equal(addIfDisjoint(accepted, [{ start: 10, end: 12, newText: 'b' }, { start: 4, end: 6, newText: 'c' }]), false);
    assert.equal(accepted.length, 1);
    assert.equal(addIfDisjoint(accepted, [{ start: 0, end: 5, newText: 'a' }, { start: 5, end: 6, newText: 'd' }]), true);
    assert.equal(accepted.length, 2);
    assert.equal(addIfDisjoint(accepted, [{ start: 8, end: 8, newText: 'e' }]), true);
    assert.equal(addIfDisjoint(accepted, [{ start: 8, end: 8, newText: 'f' }]), false, 'two insertions at one point');
  });
});

describe('tables', () => {
  const text = joinLines('Intro', '| Technique | Description |', '|:--|--:|', '| [T0001 X](a/T0001.md) | d \\| e |', '| T0002 Y |', '', '| a |', '| - |');
  it('finds pipe tables with their rows and first cells', () => {
    const [first, second] = findTables(text);
    assert.deepEqual(first.headerCells, ['Technique', 'Description']);
    assert.deepEqual(first.rows.map((r) => r.line), [3, 4]);
    assert.equal(text.slice(first.rows[0].start, first.rows[0].firstCellEnd), '| [T0001 X](a/T0001.md) ');
    assert.equal(second.rows.length, 0);
    assert.equal(techniqueTables(text).length, 1);
  });

  it('finds the table around a line, not a paragraph of pipes', () => {
    assert.equal(tableAtLine(text, 4)?.header.line, 1);
    assert.equal(tableAtLine(text, 0), undefined);
    assert.equal(tableAtLine('| not | a table |\n| at all |', 1), undefined);
  });

  it('never finds a table in fenced code', () => {
    const fenced = joinLines('```md', '| Technique | Description |', '| --- | --- |', '| T0001 | x |', '```');
    assert.deepEqual(findTables(fenced), []);
    assert.deepEqual(techniqueTables(fenced), []);
    assert.equal(tableAtLine(fenced, 3), undefined);
  });
});

describe('shiftOffsets', () => {
  it('moves offsets past the edits before them, and one inside a replaced range to where its replacement starts', () => {
    const text = 'T00145 and T1 then T0002 end';
    const edits: OffsetEdit[] = [
      { start: 0, end: 6, newText: 'T0145' },
      { start: 11, end: 13, newText: 'T0001' },
      { start: 18, end: 18, newText: '!' },
    ];
    const after = applyOffsetEdits(text, edits);
    assert.equal(after, 'T0145 and T0001 then! T0002 end');
    const [first, second, inside, third] = shiftOffsets(edits, [0, 11, 12, 19]);
    assert.equal(after.slice(first, first + 5), 'T0145');
    assert.equal(after.slice(second, second + 5), 'T0001');
    assert.equal(inside, second, 'inside the replaced range: its start');
    assert.equal(after.slice(third, third + 5), 'T0002', 'after an insertion just before it');
  });
});
