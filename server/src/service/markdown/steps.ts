/**
 * Long loops in slices. A computation over every reference or finding of a document is written
 * as a generator that pauses (`yield`) every {@link STEP} items. The CLI and the tests run it to
 * the end at once ({@link runToEnd}); the server runs it a slice at a time, letting other
 * requests in between and stopping when the request is cancelled or the document changed.
 * The service stays transport-free: it never waits, it only pauses.
 */
export type Steps<T> = Generator<void, T, void>;

/** Items between pauses: a pause costs a generator step, so a few hundred items make it free. */
export const STEP = 256;

/** Items between pauses where each item is costly (a finding's fixes rank suggestions, a written name is judged: up to a millisecond). */
export const SMALL_STEP = 16;

/** Runs the steps to the end, without pausing. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Steps that are over at once: a value already at hand, where steps are expected. */
export function* already<T>(value: T): Steps<T> {
  return value;
}

/**
 * One computation in steps that several callers may drive: each caller's steps advance the same
 * generator, and once it is over every caller (and every later one) gets its value.
 */
export function shared<T>(start: () => Steps<T>): () => Steps<T> {
  let steps: Steps<T> | undefined;
  let result: { value: T } | undefined;
  return function* () {
    while (!result) {
      const next = (steps ??= start()).next();
      if (next.done) result = { value: next.value };
      else yield;
    }
    return result.value;
  };
}
