import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedParser } from '../../../server/src/worker/boundedParser';
import { DIRECTIVES_PER_MESSAGE, ParseReply, parseReplies, REFERENCES_PER_MESSAGE, WORKER_READY } from '../../../server/src/worker/parseReplies';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';

/** A note with 2,500 references and 12,000 directives: more than one message of each. */
const NOTE = [
  'Notes citing DISARM.',
  '',
  ...Array.from({ length: 2_500 }, (_, i) => `Seen: T${String(1 + (i % 150)).padStart(4, '0')} and more.`),
  '',
  ...Array.from({ length: 12_000 }, () => '<!-- disarm-disable-next-line unknown-id -->'),
  '',
].join('\n');

describe('parseReplies', () => {
  it('sends a large model in small messages: references, then directives, each under its limit', () => {
    const replies: ParseReply[] = [];
    const handle = parseReplies((reply) => replies.push(reply));
    handle({ id: 1, text: NOTE });
    while (!replies.at(-1)!.done) handle({ more: 1 });
    const expected = parseDisarmDocument(NOTE);
    assert.ok(expected.references.length === 2_500 && expected.directives.length === 12_000, 'the fixture has what it says');
    for (const reply of replies) {
      assert.ok(reply.references.length <= REFERENCES_PER_MESSAGE, `${reply.references.length} references in one message`);
      assert.ok((reply.directives?.length ?? 0) <= DIRECTIVES_PER_MESSAGE, `${reply.directives?.length} directives in one message`);
    }
    assert.deepEqual(replies.flatMap((r) => r.references), expected.references);
    assert.deepEqual(replies.flatMap((r) => r.directives ?? []), expected.directives);
    assert.deepEqual(replies.map((r) => r.done), [...replies.slice(1).map(() => false), true]);
  });

  it('is put together again by the bounded parser, truncated or not', async () => {
    const replies: ParseReply[] = [];
    const parser = new BoundedParser(() => {
      let listener: (reply: ParseReply | typeof WORKER_READY) => void = () => {};
      const handle = parseReplies((reply) => {
        replies.push(reply);
        setTimeout(() => listener(reply), 0);
      });
      setTimeout(() => listener(WORKER_READY), 0);
      return { post: handle, onReply: (l) => (listener = l), onFailure: () => {}, terminate: () => {} };
    }, 10_000, () => {}, 1, 2_000);
    try {
      const model = await parser.parse(NOTE, 'note');
      const expected = parseDisarmDocument(NOTE);
      assert.deepEqual(model?.references, expected.references.slice(0, 2_000));
      assert.deepEqual(model?.directives, expected.directives);
      assert.deepEqual(model?.truncated, { at: expected.references[2_000].start, total: 2_500 });
      assert.ok(replies.length >= 2 + Math.ceil(12_000 / DIRECTIVES_PER_MESSAGE), `${replies.length} messages`);
    } finally {
      parser.dispose();
    }
  });
});
