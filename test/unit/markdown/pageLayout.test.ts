import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findIncidentTitle, findMarkerLine, scanLines } from '../../../server/src/service/markdown/pageLayout';
import { firstCell, tableAt } from '../../../server/src/service/markdown/tables';
import { joinLines } from '../../fixtures/markdown';

const MARKER = 'DO NOT EDIT ABOVE THIS LINE - PLEASE ADD NOTES BELOW';

describe('pageLayout', () => {
  it('gives each line its offsets, with line breaks as TextDocument counts them', () => {
    const text = 'a\r\nbc\n\nd\re\r';
    assert.deepEqual(
      scanLines(text).map((l) => [l.start, l.end, text.slice(l.start, l.end) === l.text]),
      [[0, 1, true], [3, 5, true], [6, 6, true], [7, 8, true], [9, 10, true], [11, 11, true]],
    );
  });

  it('marks fenced code, fence lines included, in quotes and list items too', () => {
    const text = joinLines('a', '```md', 'in', '````', 'b', '> ~~~', '> in', '> ~~~', '- ```', '  in', '  ```', '```a`', 'c');
    assert.deepEqual(scanLines(text).map((l) => (l.inCode ? 'C' : '.')).join(''), '.CCC.CCCCCC..');
  });

  it('finds the marker outside code only', () => {
    assert.equal(findMarkerLine(scanLines(joinLines('```', MARKER, '```', `  ${MARKER}  `))), 3);
    assert.equal(findMarkerLine(scanLines(`${MARKER} and more`)), undefined);
  });

  it('reads incident titles', () => {
    const title = (line: string) => findIncidentTitle(scanLines(line));
    assert.deepEqual(title('# Incident I00001: A Title ##'), { id: 'I00001', heading: 'Incident I00001: A Title', name: 'A Title' });
    assert.deepEqual(title('\uFEFF# Incident I00002: Learning C#'), { id: 'I00002', heading: 'Incident I00002: Learning C#', name: 'Learning C#' });
    assert.equal(title('# Incident I00003')?.name, '');
    assert.equal(title('## Incident I00001: nested'), undefined);
    assert.equal(title('# Incident : empty'), undefined);
    assert.equal(title('# Technique T0001: x'), undefined);
  });

  it('finds tables and first cells', () => {
    const lines = scanLines(joinLines('| A | B |', '|:--|--:|', '| 1 | 2 |', 'after'));
    const table = tableAt(lines, 0)!;
    assert.deepEqual(table.headerCells, ['A', 'B']);
    assert.deepEqual(table.rows.map((r) => r.line), [2]);
    assert.equal(tableAt(scanLines(joinLines('| A |', 'not a delimiter')), 0), undefined);
    assert.deepEqual(firstCell('|  a \\| b | c |'), { text: 'a \\| b', start: 3, end: 9, close: 10 });
    assert.deepEqual(firstCell('| a \\\\| b |'), { text: 'a \\\\', start: 2, end: 6, close: 6 }, 'an escaped backslash does not escape the pipe');
  });

  it('stays fast on pathological lines', () => {
    const long = ' '.repeat(100_000);
    const start = performance.now();
    findIncidentTitle(scanLines(`# Incident I00001${long}x${long}`));
    tableAt(scanLines(joinLines('| a |', `|${long}-${long}x`)), 0);
    assert.ok(performance.now() - start < 200);
  });
});
