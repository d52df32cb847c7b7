import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { splitBlocks } from '../../server/src/service/markdown/blocks';
import { parseMarkdown, runReferences } from '../../server/src/service/markdown/document';
import { InlineNode, parseHtmlBlockRun, parsePlainRun } from '../../server/src/service/markdown/plainRun';
import { frameworksDir } from '../realData';
import { checkProperty, markdown, realLines } from './arbitraries';

/** Pieces of the inline syntax the plain reader models, and of what it must decline. */
const INLINE = [
  '[', ']', '](', '(', ')', '[T0115 Post Content](T0115.md)', '[T0001](../x/T0001.md)', '[](u)', '[ ](u)', '](u)', '[x][y]', '[x]: u',
  '<br>', '<br />', '<i>', '</i>', '< ', '<a href="T0001">', '<http://x/T0002>', '<!--', '-->', '<!-- T0003 -->', '-', '`', '\\', '!', '#', ' #', '  ', '\t', '    ',
  '\n', '\n\n', '\r', '> ', '- ', '1. ', '|', '---', '===', 'T0115', 'T0146.007', ': ', 'Post Content', ', ', 'https://x.org/T0001 ', 'a',
];

/** Whether the plain reader's references equal micromark's on every run it accepts; counts the runs. */
function agree(doc: string, tally: { accepted: number; runs: number }): boolean {
  for (const [start, end] of splitBlocks(doc)) {
    const run = doc.slice(start, end);
    tally.runs++;
    const plain = parsePlainRun(run);
    if (!plain) continue;
    tally.accepted++;
    assert.deepEqual(runReferences(plain, run), runReferences(parseMarkdown(run), run), JSON.stringify(run));
  }
  return true;
}

/** Pieces of HTML blocks: openers of both conditions micromark knows and of none, line ends, blank lines, indentation. */
const HTML = [
  '<table border="1">', '<tr>', '</td>', '<TD>', '<div\tclass="x">', '<p/>', '<tablex>', '<span>', '<pre>', '<!--', '-->', '<!-- disarm-disable -->',
  '<td><a href="techniques/T0002.md">T0002</a></td>', 'T0001', 'T0115: Post Content', '   ', '    ', '\t', '> ', '- ', '\n', '\r\n', '\r', '\n\n', ' \t\n', '\n  \n', '```', 'text',
];

/** The top-level nodes as `type[start,end]`. */
function topLevel(tree: InlineNode): string {
  return (tree.children ?? []).map((n) => `${n.type}[${n.position?.start.offset},${n.position?.end.offset}]`).join(' ');
}

describe('the plain-run reader against micromark', () => {
  let lines: string[];
  before(() => {
    lines = realLines(frameworksDir());
  });

  it('finds the same references on generated documents', () => {
    const tally = { accepted: 0, runs: 0 };
    checkProperty(fc.property(markdown(lines), (doc) => agree(doc, tally)));
    // The comparison means something only if the reader takes a good share of runs.
    assert.ok(tally.accepted > tally.runs / 5, `accepted ${tally.accepted} of ${tally.runs} runs`);
  });

  it('finds the same references on dense inline syntax', () => {
    const tally = { accepted: 0, runs: 0 };
    const doc = fc.array(fc.constantFrom(...INLINE), { maxLength: 40 }).map((parts) => parts.join(''));
    checkProperty(fc.property(doc, (text) => agree(text, tally)));
    assert.ok(tally.accepted > tally.runs / 5, `accepted ${tally.accepted} of ${tally.runs} runs`);
  });

  it('reads HTML blocks as micromark does, node for node', () => {
    let accepted = 0;
    let runs = 0;
    const doc = fc.array(fc.constantFrom(...HTML), { maxLength: 30 }).map((parts) => parts.join(''));
    checkProperty(
      fc.property(doc, (text) => {
        for (const [start, end] of splitBlocks(text)) {
          const run = text.slice(start, end);
          runs++;
          const html = parseHtmlBlockRun(run);
          if (!html) continue;
          accepted++;
          assert.equal(topLevel(html), topLevel(parseMarkdown(run) as InlineNode), JSON.stringify(run));
        }
        return true;
      }),
    );
    assert.ok(accepted > runs / 10, `accepted ${accepted} of ${runs} runs`);
  });
});
