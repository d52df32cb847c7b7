import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundedParser, ParseWorker } from '../../../server/src/worker/boundedParser';
import { parseReplies, WORKER_READY } from '../../../server/src/worker/parseReplies';

/** A worker that takes `bootMs` to say it is ready (as a loaded machine takes to load the bundle), then parses at once. */
function slowBootingWorker(bootMs: number): ParseWorker {
  let listener: Parameters<ParseWorker['onReply']>[0] = () => {};
  const inbox: Parameters<ParseWorker['post']>[0][] = [];
  let booted = false;
  const handle = parseReplies((reply) => setTimeout(() => listener(reply), 0));
  setTimeout(() => {
    booted = true;
    listener(WORKER_READY);
    for (const message of inbox.splice(0)) handle(message);
  }, bootMs);
  return {
    post: (message) => (booted ? handle(message) : inbox.push(message)),
    onReply: (l) => (listener = l),
    onFailure: () => {},
    terminate: () => {},
  };
}

describe('BoundedParser', () => {
  it('times a parse from when its worker is ready, not from its boot', async () => {
    const abandoned: string[] = [];
    const parser = new BoundedParser(() => slowBootingWorker(300), 100, (label) => abandoned.push(label));
    try {
      const model = await parser.parse('Uses T0001.', 'doc');
      assert.deepEqual([model?.references.map((r) => r.token), model?.givenUp], [['T0001'], undefined]);
      assert.deepEqual(abandoned, []);
    } finally {
      parser.dispose();
    }
  });

  it('still gives up a worker that never becomes ready', { timeout: 20_000 }, async () => {
    const silent: ParseWorker = { post: () => {}, onReply: () => {}, onFailure: () => {}, terminate: () => {} };
    const parser = new BoundedParser(() => silent, 50, () => {});
    try {
      const model = await parser.parse('Uses T0001.', 'doc');
      assert.equal(model?.givenUp, true);
    } finally {
      parser.dispose();
    }
  });

  it('says when its first worker has booted, which request deadlines start from', async () => {
    const parser = new BoundedParser(() => slowBootingWorker(150), 1000, () => {});
    try {
      let booted = false;
      void parser.booted().then(() => (booted = true));
      parser.start();
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(booted, false, 'settled before the worker said it was ready');
      const started = performance.now();
      await parser.booted();
      assert.ok(performance.now() - started > 50);
    } finally {
      parser.dispose();
    }
  });
});
