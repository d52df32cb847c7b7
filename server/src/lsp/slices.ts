import type { CancellationToken } from 'vscode-languageserver';
import type { Steps } from '../service/markdown/steps';

/** How long one slice of a long computation holds the main thread before letting other work in. */
export const SLICE_MS = 10;

/**
 * The time between two slices, whatever turns of the event loop come in it. The connection
 * handles one message per turn, so a slice at every turn would let one message in per slice: a
 * client sending more than that would see its queue, and every answer's wait, grow.
 */
export const GAP_MS = 2;

/**
 * Runs stepped service computations (see `service/markdown/steps.ts`) a slice at a time. All
 * the computations of one scheduler take turns, one slice per turn of the event loop between
 * them all: each slice lasts {@link SLICE_MS}, then the event loop takes other messages (a hover
 * on another document answers in between) before the next computation's slice. Five requests in
 * progress on a large document thus hold other messages for one slice, not five, and the
 * messages that came during a slice are all handled in the {@link GAP_MS} before the next.
 */
export class SliceScheduler {
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;
  private lastSliceEnd = -Infinity;

  constructor(
    private readonly sliceMs = SLICE_MS,
    private readonly gapMs = GAP_MS,
  ) {}

  /**
   * The computation's value, a slice at a time; `stop` (a cancelled request, a newer text) is
   * checked before each slice. Stopped, it answers `undefined` and the generator is closed.
   */
  async run<T>(steps: Steps<T>, stop: () => boolean): Promise<T | undefined> {
    // The first slice waits its turn too: requests read in one go would otherwise each take one at once.
    for (;;) {
      await this.turn();
      if (stop()) {
        steps.return(undefined as T);
        return undefined;
      }
      const sliceEnd = performance.now() + this.sliceMs;
      try {
        for (;;) {
          const next = steps.next();
          if (next.done) return next.value;
          if (performance.now() >= sliceEnd) break;
        }
      } finally {
        this.lastSliceEnd = performance.now();
      }
    }
  }

  /** Settles at the caller's next turn: the computations waiting go one per turn of the event loop, in order, a gap apart. */
  private turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    nextTurn(() => {
      this.scheduled = false;
      // The other work of these turns (the connection's messages) goes first until the gap is over.
      if (performance.now() - this.lastSliceEnd < this.gapMs) return this.schedule();
      const next = this.waiting.shift();
      // Scheduled from inside this turn, the next computation's slice comes after the messages waiting now.
      if (this.waiting.length) this.schedule();
      next?.();
    });
  }
}

/** After the messages already waiting: setImmediate in Node, a zero timeout in a web worker. */
function nextTurn(run: () => void): void {
  if (typeof setImmediate === 'function') setImmediate(run);
  else setTimeout(run, 0);
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
