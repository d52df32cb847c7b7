// ModelCache: one parse per text; after a parse given up, a document's texts wait until one stands.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ModelCache } from '../../../server/src/lsp/modelCache';
import type { DisarmDocument } from '../../../server/src/service/markdown/document';

/** A cache whose parse records each text it is asked for; texts starting with `costly` are given up. */
function cache(retryMs: number): { models: ModelCache; parsed: string[] } {
  const parsed: string[] = [];
  const models = new ModelCache(async (document) => {
    const text = document.getText();
    parsed.push(text);
    return { text, references: [], directives: [], ...(text.startsWith('costly') && { givenUp: true as const }) } satisfies DisarmDocument;
  }, retryMs);
  return { models, parsed };
}

const at = (text: string, version: number) => TextDocument.create('file:///a.md', 'markdown', version, text);

describe('ModelCache', () => {
  it('parses every text of a document whose parses succeed', async () => {
    const { models, parsed } = cache(200);
    await models.replace(at('one', 1));
    await models.replace(at('two', 2));
    assert.deepEqual(parsed, ['one', 'two']);
  });

  it('after a parse given up, parses only a text that stood for the retry time, and again each text once one succeeds', async () => {
    const { models, parsed } = cache(100);
    assert.equal((await models.replace(at('costly 1', 1))).givenUp, true);
    // Typing: each text replaces the last before the retry time is over.
    const typed = [2, 3, 4, 5].map((v) => models.replace(at(`costly ${v}`, v)));
    const models5 = await Promise.all(typed);
    assert.deepEqual(parsed, ['costly 1', 'costly 5'], 'the texts typed over were never parsed');
    assert.deepEqual(models5.slice(0, 3).map((m) => [m.references.length, m.givenUp]), [[0, undefined], [0, undefined], [0, undefined]]);
    assert.equal(models5[3].givenUp, true);
    // A text that parses ends the wait: the next ones are parsed at once.
    const started = performance.now();
    await models.replace(at('cheap', 6));
    assert.ok(performance.now() - started >= 90, 'still waited: the last parse was given up');
    const again = performance.now();
    await models.replace(at('cheap again', 7));
    assert.ok(performance.now() - again < 50);
    assert.deepEqual(parsed.slice(2), ['cheap', 'cheap again']);
  });

  it('forgets a closed document\'s given-up parse', async () => {
    const { models, parsed } = cache(5000);
    await models.replace(at('costly', 1));
    models.delete('file:///a.md');
    const started = performance.now();
    await models.replace(at('costly reopened', 1));
    assert.ok(performance.now() - started < 1000);
    assert.deepEqual(parsed, ['costly', 'costly reopened']);
  });
});
