import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { BackgroundParser } from '../../../server/src/node/backgroundParser';

// The worker script is the built one: `npm test` builds before it runs the tests.
const WORKER = path.join(__dirname, '..', '..', '..', 'dist', 'parseWorker.js');

describe('BackgroundParser', () => {
  it('drops a waiting version of a document when a newer one comes', async () => {
    const parser = new BackgroundParser(WORKER, 10_000, () => {});
    try {
      const first = parser.parse('A T0001', 'doc', 'doc');
      const second = parser.parse('B T0002', 'doc', 'doc');
      const third = parser.parse('C T0003', 'doc', 'doc');
      const other = parser.parse('D T0004', 'other', 'other');
      assert.deepEqual((await first)?.references.map((r) => r.token), ['T0001'], 'the parse already sent is kept');
      assert.equal(await second, undefined, 'the waiting older version is superseded');
      assert.deepEqual((await third)?.references.map((r) => r.token), ['T0003']);
      assert.deepEqual((await other)?.references.map((r) => r.token), ['T0004'], 'other documents are not touched');
    } finally {
      parser.dispose();
    }
  });

  it('abandons a parse over its bound and goes on with the queue in a new worker', async () => {
    const abandoned: string[] = [];
    const parser = new BackgroundParser(WORKER, 500, (label) => abandoned.push(label), 2);
    try {
      // Nested list markers make micromark super-linear; the code span keeps the plain reader out.
      const costly = parser.parse(`${'- '.repeat(6000)}T0999 \`code\``, 'costly');
      const next = parser.parse('T0115 after', 'next');
      const given = await costly;
      assert.deepEqual([given?.references, given?.givenUp], [[], true]);
      const parsed = await next;
      assert.deepEqual([parsed?.references.map((r) => r.token), parsed?.givenUp], [['T0115'], undefined]);
      assert.deepEqual(abandoned, ['costly']);
    } finally {
      parser.dispose();
    }
  });
});
