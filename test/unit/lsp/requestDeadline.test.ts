// answerByDeadline: a request on a document answers within its deadline whatever the document
// costs (a parse that takes seconds, work that runs in slices for seconds), with ServerCancelled;
// a client's cancellation ends the work at the next slice; a kept answer goes on for the retry.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { answerByDeadline, RequestDeadline } from '../../../server/src/lsp/requestDeadline';
import { SliceScheduler } from '../../../server/src/lsp/slices';
import type { Steps } from '../../../server/src/service/markdown/steps';

/** About `ms` of work in steps of 1 ms; counts the steps taken and says whether it was closed early. */
function slowWork(ms: number, seen: { steps: number; closed: boolean }): Steps<string> {
  return (function* () {
    try {
      for (let i = 0; i < ms; i++) {
        const until = performance.now() + 1;
        while (performance.now() < until);
        seen.steps++;
        yield;
      }
      return 'done';
    } finally {
      seen.closed = seen.steps < ms;
    }
  })();
}

const never = new Promise<string>(() => {});
const isServerCancelled = (answer: unknown): boolean => answer instanceof ResponseError && answer.code === LSPErrorCodes.ServerCancelled;

describe('answerByDeadline', () => {
  it('answers ServerCancelled at the deadline while the model is still being read', async () => {
    const started = performance.now();
    const answer = await answerByDeadline('hover', new CancellationTokenSource().token, new RequestDeadline(100), never, () => false, () => 'unreachable');
    const took = performance.now() - started;
    assert.ok(isServerCancelled(answer), String(answer));
    assert.match((answer as ResponseError<void>).message, /Not answered within \d+ ms \(hover: the document is still being read\); ask again/);
    assert.ok(took >= 95 && took < 300, `answered after ${took.toFixed(0)} ms`);
  });

  it('stops work run in slices at the deadline, and answers ServerCancelled then', async () => {
    const slices = new SliceScheduler();
    const seen = { steps: 0, closed: false };
    const started = performance.now();
    const answer = await answerByDeadline('completion', new CancellationTokenSource().token, new RequestDeadline(100), Promise.resolve('model'), () => false, (_, { stop }) =>
      slices.run(slowWork(2000, seen), stop),
    );
    const took = performance.now() - started;
    assert.ok(isServerCancelled(answer), String(answer));
    assert.ok(took < 300, `answered after ${took.toFixed(0)} ms`);
    // The work ends at its next slice, not at its end.
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(seen.closed, 'the work was closed');
    assert.ok(seen.steps < 400, `${seen.steps} steps of 2,000 taken`);
  });

  it('ends the work at the next slice when the client cancels, answering nothing', async () => {
    const slices = new SliceScheduler();
    const seen = { steps: 0, closed: false };
    const source = new CancellationTokenSource();
    setTimeout(() => source.cancel(), 50);
    const started = performance.now();
    const answer = await answerByDeadline('code lens', source.token, new RequestDeadline(5000), Promise.resolve('model'), () => false, (_, { stopKept }) =>
      slices.run(slowWork(2000, seen), stopKept),
    );
    assert.equal(answer, undefined);
    assert.ok(performance.now() - started < 300);
    assert.ok(seen.closed && seen.steps < 300, `${seen.steps} steps taken`);
  });

  it('lets a kept answer go on past the deadline, so that the retry gets it', async () => {
    const slices = new SliceScheduler();
    const seen = { steps: 0, closed: false };
    let kept: Promise<string | undefined> | undefined;
    const request = (deadlineMs: number) =>
      answerByDeadline('fix-all', new CancellationTokenSource().token, new RequestDeadline(deadlineMs), Promise.resolve('model'), () => false, (_, { stopKept }) =>
        (kept ??= slices.run(slowWork(300, seen), stopKept)),
      );
    assert.ok(isServerCancelled(await request(50)));
    assert.equal(await request(2000), 'done');
    assert.equal(seen.steps, 300);
  });

  it('answers undefined at once when the text was replaced, as for a cancellation', async () => {
    const slices = new SliceScheduler();
    const seen = { steps: 0, closed: false };
    let replaced = false;
    setTimeout(() => (replaced = true), 30);
    const answer = await answerByDeadline('symbols', new CancellationTokenSource().token, new RequestDeadline(5000), Promise.resolve('model'), () => replaced, (_, { stop }) =>
      slices.run(slowWork(2000, seen), stop),
    );
    assert.equal(answer, undefined);
    assert.ok(seen.closed);
  });

  it('answers the work\'s value when it is done in time', async () => {
    const answer = await answerByDeadline('hover', new CancellationTokenSource().token, new RequestDeadline(1000), Promise.resolve(2), () => false, (model) => model * 21);
    assert.equal(answer, 42);
  });
});
