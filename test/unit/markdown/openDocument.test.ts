// OpenDocument against vscode-languageserver-textdocument's TextDocument: the same answers for
// every text, position, line and edit sequence (LF, CRLF, lone CR, surrogate pairs, edits that make or
// split a CRLF pair, reversed and out-of-range ranges, full replacements).
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { lineStarts, lineStartSteps, OpenDocument, PIECE_CHARS } from '../../../server/src/service/markdown/openDocument';

/** Text made of the pieces that matter: line breaks of every kind, a surrogate pair, letters; a third of them without \r (read another way). */
const anyBreaks = fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\r', '\r\n', '😀', 'é', '\n\n', '\r\r'), { maxLength: 40 }).map((parts) => parts.join(''));
const lfOnly = fc.array(fc.constantFrom('a', 'b', ' ', '\n', '😀', 'é', '\n\n'), { maxLength: 40 }).map((parts) => parts.join(''));
const text = fc.oneof({ weight: 2, arbitrary: anyBreaks }, { weight: 1, arbitrary: lfOnly });
/** Positions inside, at the ends of and beyond lines (a negative one too). */
const position = fc.record({ line: fc.integer({ min: -1, max: 12 }), character: fc.integer({ min: -1, max: 14 }) });
const change: fc.Arbitrary<TextDocumentContentChangeEvent> = fc.oneof(
  { weight: 9, arbitrary: fc.record({ range: fc.record({ start: position, end: position }), text }) },
  { weight: 1, arbitrary: fc.record({ text }) },
);

/** A change whose lines lie within a text of `lineCount` lines (characters may still run past a line's end). */
const edit = fc
  .tuple(fc.nat(), fc.integer({ min: -1, max: 14 }), fc.nat(), fc.integer({ min: -1, max: 14 }), text)
  .map(([startLine, startCharacter, endLine, endCharacter, inserted]) => (lineCount: number): TextDocumentContentChangeEvent => ({
    range: { start: { line: startLine % lineCount, character: startCharacter }, end: { line: endLine % lineCount, character: endCharacter } },
    text: inserted,
  }));

function ordered(range: { start: { line: number; character: number }; end: { line: number; character: number } }) {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}

/** Every answer of both documents agrees, for every offset and a grid of positions. */
function assertSame(mine: OpenDocument, theirs: TextDocument): void {
  assert.equal(mine.getText(), theirs.getText());
  assert.equal(mine.version, theirs.version);
  assert.equal(mine.lineCount, theirs.lineCount);
  const length = theirs.getText().length;
  for (let offset = -1; offset <= length + 1; offset++) assert.deepEqual(mine.positionAt(offset), theirs.positionAt(offset), `positionAt(${offset})`);
  for (let line = -1; line <= theirs.lineCount + 1; line++) {
    assert.deepEqual(mine.getLineRange(line), theirs.getLineRange(line), `getLineRange(${line})`);
    assert.equal(mine.getEOLCharacters(line), theirs.getEOLCharacters(line), `getEOLCharacters(${line})`);
    for (let character = -1; character <= 12; character++) {
      const at = { line, character };
      assert.equal(mine.offsetAt(at), theirs.offsetAt(at), `offsetAt(${line}:${character})`);
      const range = { start: { line: 0, character: 1 }, end: at };
      assert.equal(mine.getText(range), theirs.getText(range), `getText(0:1-${line}:${character})`);
    }
  }
}

// Pieces of 1 to 5 characters cut the small texts everywhere: across \r\n pairs, surrogate pairs and edits.
for (const pieceChars of [PIECE_CHARS, 1, 2, 5]) describe(`OpenDocument, pieces of ${pieceChars} characters`, () => {
  const open = (content: string, version = 1) => new OpenDocument('file:///a.md', 'markdown', version, content, pieceChars);

  it('answers as TextDocument does for any text', () => {
    fc.assert(
      fc.property(text, (content) => {
        assertSame(open(content), TextDocument.create('file:///a.md', 'markdown', 1, content));
      }),
      { numRuns: 1500, seed: 1401 },
    );
  });

  it('follows any edit sequence within the lines as TextDocument does, read between edits or not', () => {
    fc.assert(
      fc.property(text, fc.array(fc.tuple(fc.array(edit, { minLength: 1, maxLength: 3 }), fc.boolean()), { maxLength: 8 }), (content, edits) => {
        const mine = open(content);
        const theirs = TextDocument.create('file:///a.md', 'markdown', 1, content);
        let version = 1;
        for (const [makers, read] of edits) {
          // Each change's lines are taken within the text as it is when the change applies.
          const scratch = TextDocument.create('file:///a.md', 'markdown', 1, theirs.getText());
          const changes = makers.map((make) => {
            const c = make(scratch.lineCount);
            TextDocument.update(scratch, [c], 1);
            return c;
          });
          mine.update(changes, ++version);
          TextDocument.update(theirs, changes, version);
          // Reading (or not) between edits decides whether the line offsets are kept or scanned anew.
          if (read) assert.equal(mine.lineCount, theirs.lineCount);
        }
        assertSame(mine, theirs);
      }),
      { numRuns: 1500, seed: 1402 },
    );
  });

  it('keeps its line offsets right for edits past the last line, where TextDocument loses them', () => {
    fc.assert(
      fc.property(text, fc.array(change, { minLength: 1, maxLength: 6 }), (content, changes) => {
        const mine = open(content);
        let expected = content;
        for (const c of changes) {
          mine.update([c], 2);
          // Each change as a fresh document places it: the text's end for a line past the last.
          const before = TextDocument.create('file:///a.md', 'markdown', 1, expected);
          expected = 'range' in c ? expected.slice(0, before.offsetAt(ordered(c.range).start)) + c.text + expected.slice(before.offsetAt(ordered(c.range).end)) : c.text;
        }
        assertSame(mine, TextDocument.create('file:///a.md', 'markdown', 2, expected));
      }),
      { numRuns: 1500, seed: 1403 },
    );
    // The case that corrupts TextDocument's offsets: four lines inserted "on lines 4-8" of an empty text, then an edit on line 1.
    const mine = open('');
    mine.update([{ range: { start: { line: 4, character: 0 }, end: { line: 8, character: 0 } }, text: '\r\r\r\r' }, { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'a\n' }], 2);
    assert.equal(mine.getText(), '\ra\n\r\r\r');
    assert.deepEqual(mine.positionAt(6), { line: 5, character: 0 });
    assert.equal(mine.lineCount, 6);
  });

  it('keeps the line offsets across an edit that makes or splits a CRLF pair', () => {
    const cases: Array<[string, TextDocumentContentChangeEvent]> = [
      ['a\rb', { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n' }],
      ['a\nb', { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, text: '\r' }],
      ['a\r\nb', { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, text: 'x' }],
      ['a\r\r\nb', { range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, text: '' }],
    ];
    for (const [content, edit] of cases) {
      const mine = open(content);
      const theirs = TextDocument.create('file:///a.md', 'markdown', 1, content);
      assert.equal(mine.lineCount, theirs.lineCount);
      mine.update([edit], 2);
      TextDocument.update(theirs, [edit], 2);
      assertSame(mine, theirs);
    }
  });

  it('finds line starts with indexOf as the character scan does, offset by a base', () => {
    for (const sample of ['', '\n', '\r', '\r\n', 'a\r\r\n\nb\r', '\n\r', 'x\r\ny\rz\n']) {
      const expected: number[] = [7];
      for (let i = 0; i < sample.length; i++) {
        const c = sample[i];
        if (c === '\r' && sample[i + 1] === '\n') i++;
        if (c === '\r' || c === '\n') expected.push(7 + i + 1);
      }
      assert.deepEqual(lineStarts(sample, true, 7), expected, JSON.stringify(sample));
      assert.deepEqual(lineStarts(sample, false, 7), expected.slice(1));
    }
  });

  it('keeps a large text\'s line offsets across an edit at its end', () => {
    const big = 'line of text\n'.repeat(200_000);
    const document = open(big);
    const end = document.positionAt(big.length);
    assert.equal(document.lineCount, 200_001);
    document.update([{ range: { start: end, end }, text: 'x' }], 2);
    assert.equal(document.lineCount, 200_001);
    assert.deepEqual(document.positionAt(big.length + 1), { line: 200_000, character: 1 });
  });

  it('finds its line offsets in steps, and answers the same when a read or an edit comes midway', () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `line ${i}${['\n', '\r\n', '\r'][i % 3]}`).join('');
    const edits: TextDocumentContentChangeEvent[][] = [
      [],
      [{ range: { start: { line: 5000, character: 2 }, end: { line: 5001, character: 0 } }, text: 'x\ny' }],
      [{ text: lines.slice(100) }],
    ];
    for (const [n, changes] of edits.entries()) {
      const mine = open(lines);
      const theirs = TextDocument.create('file:///a.md', 'markdown', 1, lines);
      const steps = mine.lineSteps();
      let paused = 0;
      for (let i = 0; i < 2; i++) if (!steps.next().done) paused++;
      assert.equal(paused, 2, 'a scan of 10,000 lines pauses');
      if (changes.length) {
        mine.update(changes, 2);
        TextDocument.update(theirs, changes, 2);
      }
      // The rest of the steps, or none: a read finishes the scan itself.
      if (n === 1) while (!steps.next().done);
      assert.equal(mine.lineCount, theirs.lineCount);
      for (let offset = 0; offset <= theirs.getText().length; offset += 97) assert.deepEqual(mine.positionAt(offset), theirs.positionAt(offset));
      for (let line = 0; line < theirs.lineCount; line += 7) assert.equal(mine.offsetAt({ line, character: 4 }), theirs.offsetAt({ line, character: 4 }));
    }
  });

  it('finds line starts in steps as at once', () => {
    const sample = 'a\r\nb\rc\n'.repeat(5000);
    const steps = lineStartSteps(sample, true, 3);
    let pauses = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) pauses++;
    assert.ok(pauses >= 5, `${pauses} pauses`);
    assert.deepEqual(next.value, lineStarts(sample, true, 3));
  });
});

describe('OpenDocument on a large text', () => {
  it('an edit in the middle copies the pieces it touches, never the whole text', () => {
    // A copy of the text (what flattening a string made by an edit costs) lands in V8's large object spaces.
    const largeObjects = () => v8.getHeapSpaceStatistics().filter((space) => space.space_name.includes('large_object')).reduce((n, space) => n + space.space_used_size, 0);
    const text = 'a line of a large note\n'.repeat(700_000); // 16 MB
    const document = new OpenDocument('file:///large.md', 'markdown', 1, text);
    assert.equal(document.lineCount, 700_001);
    const before = largeObjects();
    for (let version = 2; version < 7; version++) {
      const at = { line: 350_000, character: 3 };
      document.update([{ range: { start: at, end: at }, text: 'x' }], version);
    }
    const grown = largeObjects() - before;
    assert.ok(grown < text.length / 4, `five edits grew the large object spaces by ${(grown / 1048576).toFixed(1)} MB: the whole text was copied`);
    assert.equal(document.getText({ start: { line: 350_000, character: 0 }, end: { line: 350_001, character: 0 } }), 'a lxxxxxine of a large note\n');
    assert.equal(document.getText().length, text.length + 5);
    assert.deepEqual(document.positionAt(text.length + 5), { line: 700_000, character: 0 });
  });
});
