import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitBlocks } from '../../../server/src/service/markdown/blocks';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { joinLines } from '../../fixtures/markdown';

const runs = (text: string) => splitBlocks(text).map(([s, e]) => text.slice(s, e));
const tokens = (text: string) => parseDisarmDocument(text).references.map((r) => `${r.token}@${r.start}`);

describe('splitBlocks', () => {
  it('splits at blank lines and covers the whole text', () => {
    const text = joinLines('# Title', '', 'para one', 'still one', '', '', 'two');
    assert.deepEqual(runs(text), ['# Title\n\n', 'para one\nstill one\n\n\n', 'two']);
    assert.equal(runs(text).join(''), text);
  });

  it('never splits inside fenced code or HTML blocks that span blank lines', () => {
    const fenced = joinLines('```', 'a', '', 'T0001', '```', '', 'b');
    assert.deepEqual(runs(fenced), ['```\na\n\nT0001\n```\n\n', 'b']);
    const nested = joinLines('- item', '  ~~~~', '', '  T0001', '  ~~~~', '', 'b');
    assert.equal(runs(nested).length, 2);
    const comment = joinLines('<!--', '', 'T0001', '-->', '', 'b');
    assert.deepEqual(runs(comment), ['<!--\n\nT0001\n-->\n\n', 'b']);
    assert.equal(runs(joinLines('<pre>', '', 'x', '</pre>', '', 'b')).length, 2);
  });

  it('keeps an indented line with what it may continue', () => {
    assert.deepEqual(runs(joinLines('- item', '', '    continued T0001', '', 'next')), ['- item\n\n    continued T0001\n\n', 'next']);
  });

  it('gives the same references as parsing the text whole', () => {
    const text = joinLines(
      'Intro T0001: Pick Audience.',
      '',
      '```',
      'T0002 in code',
      '',
      'T0003 in code',
      '```',
      '',
      '<!-- T0004',
      '',
      'T0005 -->',
      '',
      '- list T0006',
      '',
      '    T0007 continues the item',
      '',
      '[T0008 Name](x/T0008.md) and `T0009`',
    );
    assert.deepEqual(tokens(text), ['T0001@6', `T0006@${text.indexOf('T0006')}`, `T0007@${text.indexOf('T0007')}`, `T0008@${text.indexOf('T0008')}`]);
    const link = parseDisarmDocument(text).references.at(-1)!;
    assert.equal(text.slice(link.destination!.start, link.destination!.end), 'x/T0008.md');
    assert.equal(text.slice(link.name!.start, link.name!.end), 'Name');
  });
});
