import type { CancellationToken } from 'vscode-languageserver';
import type { Steps } from '../service/markdown/steps';

/** How long one slice of a long computation holds the main thread before letting other work in. */
export const SLICE_MS = 10;

/**
 * Runs a stepped service computation (see `service/markdown/steps.ts`) a slice at a time: after
 * each {@link SLICE_MS} it lets the event loop take other messages (a hover on another document
 * answers in between) and then checks `stop` (a cancelled request, a newer text). Stopped, it
 * answers `undefined` and the generator is closed.
 */
export async function runInSlices<T>(steps: Steps<T>, stop: () => boolean, sliceMs = SLICE_MS): Promise<T | undefined> {
  let sliceEnd = performance.now() + sliceMs;
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() < sliceEnd) continue;
    await nextTurn();
    if (stop()) {
      steps.return(undefined as T);
      return undefined;
    }
    sliceEnd = performance.now() + sliceMs;
  }
}

/** After the messages already waiting: setImmediate in Node, a zero timeout in a web worker. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

/** The value of `promise`, or `undefined` as soon as the request is cancelled (a parse may take seconds). */
export function untilCancelled<T>(promise: Promise<T>, token: CancellationToken): Promise<T | undefined> {
  if (token.isCancellationRequested) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const listener = token.onCancellationRequested(() => resolve(undefined));
    promise.then(
      (value) => {
        listener.dispose();
        resolve(value);
      },
      (error: unknown) => {
        listener.dispose();
        reject(error);
      },
    );
  });
}
