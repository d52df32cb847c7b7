// SliceScheduler: long computations let other work in between their slices, take turns, and stop when told.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SliceScheduler } from '../../../server/src/lsp/slices';
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

/** `steps`, calling `onSlice` at each new slice: a step begun more than `gapMs` after the last one ended. */
function countingSlices(steps: Steps<number>, gapMs: number, onSlice: () => void): Steps<number> {
  return (function* () {
    let last = -1;
    for (;;) {
      const started = performance.now();
      const next = steps.next();
      if (next.done) return next.value;
      if (last < 0 || started - last > gapMs) onSlice();
      last = performance.now();
      yield;
    }
  })();
}

describe('SliceScheduler', () => {
  it('lets other callbacks run between its slices', async () => {
    const seen = { items: 0, closed: false };
    let othersRan = 0;
    let itemsWhenOtherRan = -1;
    // Due from the first slice's end on.
    const other = setTimeout(() => {
      othersRan++;
      itemsWhenOtherRan = seen.items;
    }, 1);
    const result = await new SliceScheduler(5).run(work(4000, seen), () => false);
    clearTimeout(other);
    assert.equal(result, 4000);
    assert.equal(othersRan, 1);
    assert.ok(itemsWhenOtherRan > 0 && itemsWhenOtherRan < 4000, `the other callback ran after ${itemsWhenOtherRan} of 4000 items`);
  });

  it('stops at the next slice once cancelled, and closes the computation', async () => {
    const seen = { items: 0, closed: false };
    // Cancelled after two slices: `stop` is asked before each.
    let asked = 0;
    const result = await new SliceScheduler(5).run(work(100_000, seen), () => ++asked > 2);
    assert.equal(result, undefined);
    assert.ok(seen.items > 0 && seen.items < 100_000, `${seen.items} items done after the cancellation`);
    assert.ok(seen.closed, 'the generator was closed (its finally ran)');
  });

  it('runs one slice per turn of the event loop between all its computations, not one each', async () => {
    const slices = new SliceScheduler(5);
    // Each computation notes its slices: `slicesSince` counts them between two runs of a timer,
    // which comes round once per turn of the event loop (its 1 ms is always due after a 5 ms slice).
    let slicesSince = 0;
    let most = 0;
    const noted = (steps: Steps<number>) => countingSlices(steps, 2, () => slicesSince++);
    let timers = 0;
    let running = true;
    const tick = (): void => {
      most = Math.max(most, slicesSince);
      slicesSince = 0;
      timers++;
      if (running) setTimeout(tick, 1);
    };
    setTimeout(tick, 1);
    const computations = Array.from({ length: 4 }, () => slices.run(noted(work(1500, { items: 0, closed: false })), () => false));
    const results = await Promise.all(computations);
    running = false;
    assert.deepEqual(results, [1500, 1500, 1500, 1500]);
    assert.ok(timers > 10, `the timer ran ${timers} times`);
    assert.ok(most <= 1, `${most} slices ran in one turn of the event loop`);
  });

  it('lets a run of messages handled one per turn, as the connection handles them, all through between two slices', async () => {
    const slices = new SliceScheduler(5);
    let sliceCount = 0;
    const counted = (steps: Steps<number>) => countingSlices(steps, 1, () => sliceCount++);
    const computations = Array.from({ length: 4 }, () => slices.run(counted(work(1000, { items: 0, closed: false })), () => false));
    // Twenty messages, each handled in a turn of its own once the one before is done, from a timer (during the slices).
    const messages = new Promise<{ slicesBetween: number }>((resolve) =>
      setTimeout(() => {
        const first = sliceCount;
        let handled = 0;
        const handle = (): void => {
          if (++handled < 20) setImmediate(handle);
          else resolve({ slicesBetween: sliceCount - first });
        };
        setImmediate(handle);
      }, 20),
    );
    const { slicesBetween } = await messages;
    await Promise.all(computations);
    assert.ok(slicesBetween <= 2, `${slicesBetween} slices ran while 20 messages were handled`);
  });
});
