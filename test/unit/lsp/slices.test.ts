// runInSlices: a long computation lets other work in between its slices and stops when told.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runInSlices } from '../../../server/src/lsp/slices';
import type { Steps } from '../../../server/src/service/markdown/steps';

/** `total` items of about 0.05 ms each, pausing every 10; counts what it did and whether it was closed. */
function work(total: number, seen: { items: number; closed: boolean }): Steps<number> {
  return (function* () {
    try {
      for (let i = 0; i < total; i++) {
        const until = performance.now() + 0.05;
        while (performance.now() < until);
        seen.items++;
        if (i % 10 === 9) yield;
      }
      return seen.items;
    } finally {
      seen.closed = true;
    }
  })();
}

describe('runInSlices', () => {
  it('lets other callbacks run between its slices', async () => {
    const seen = { items: 0, closed: false };
    let othersRan = 0;
    let itemsWhenOtherRan = -1;
    const other = setImmediate(() => {
      othersRan++;
      itemsWhenOtherRan = seen.items;
    });
    const result = await runInSlices(work(4000, seen), () => false, 5);
    clearImmediate(other);
    assert.equal(result, 4000);
    assert.equal(othersRan, 1);
    assert.ok(itemsWhenOtherRan > 0 && itemsWhenOtherRan < 4000, `the other callback ran after ${itemsWhenOtherRan} of 4000 items`);
  });

  it('stops at the next slice once cancelled, and closes the computation', async () => {
    const seen = { items: 0, closed: false };
    let cancelled = false;
    setImmediate(() => (cancelled = true));
    const result = await runInSlices(work(100_000, seen), () => cancelled, 5);
    assert.equal(result, undefined);
    assert.ok(seen.items < 100_000, `${seen.items} items done after the cancellation`);
    assert.ok(seen.closed, 'the generator was closed (its finally ran)');
  });
});
