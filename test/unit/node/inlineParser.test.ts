import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InlineParser } from '../../../server/src/node/inlineParser';
import { DisarmDocument, parseDisarmDocument } from '../../../server/src/service/markdown/document';

// Nested list markers make micromark super-linear; the code span keeps the plain reader out.
const COSTLY = `${'- '.repeat(6000)}T0999 \`code\`\n`;

/** A parse that takes `wait:N` milliseconds of this thread, as a costly document would. */
function slowParse(text: string): DisarmDocument {
  const until = performance.now() + Number(/^wait:(\d+)/.exec(text)?.[1] ?? 0);
  while (performance.now() < until) {
    // busy, as a parse is
  }
  return { text, references: [], directives: [] };
}

describe('InlineParser', () => {
  it('gives up a parse past its bound and parses the texts around it', { timeout: 30_000 }, () => {
    const texts = ['T0001 and T0002\n', COSTLY, '| T0003 | Name |\n'];
    const models = new InlineParser(300).parseAll(texts);
    assert.equal(models.length, 3);
    assert.equal(models[1].givenUp, true);
    assert.equal(models[1].text, COSTLY);
    assert.deepEqual(models[0], parseDisarmDocument(texts[0]));
    assert.deepEqual(models[2], parseDisarmDocument(texts[2]));
  });

  it('gives each text its whole bound, though texts before it in the batch took part of it', { timeout: 30_000 }, () => {
    // The second text is cut off 200 ms into its parse: it had less than the bound, so it runs again.
    const models = new InlineParser(500, slowParse).parseAll(['wait:300', 'wait:300', 'wait:300']);
    assert.deepEqual(
      models.map((m) => m.givenUp ?? false),
      [false, false, false],
    );
  });

  it('lets a parse that fails fail', () => {
    const parser = new InlineParser(500, () => {
      throw new Error('broken parser');
    });
    assert.throws(() => parser.parseAll(['T0001']), /broken parser/);
  });
});
