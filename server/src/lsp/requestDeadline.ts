import { CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { untilCancelled } from './slices';

/**
 * How long a request on a document may take, from the moment its handler starts, before the
 * server gives up on it: under the 1 s within which every request must be answered, with room
 * for the message's queueing, the last slice and the write.
 */
export const REQUEST_DEADLINE_MS = 800;

/** The deadline came before the value. */
export const OVERDUE: unique symbol = Symbol('overdue');

/** A request's deadline, counted from its creation. */
export class RequestDeadline {
  private readonly at: number;

  constructor(ms = REQUEST_DEADLINE_MS) {
    this.at = performance.now() + ms;
  }

  passed(): boolean {
    return performance.now() >= this.at;
  }

  /** The promise's value, or {@link OVERDUE} as soon as the deadline passes. */
  race<T>(promise: Promise<T>): Promise<T | typeof OVERDUE> {
    const left = this.at - performance.now();
    if (left <= 0) return Promise.resolve(OVERDUE);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const overdue = new Promise<typeof OVERDUE>((resolve) => (timer = setTimeout(() => resolve(OVERDUE), left)));
    return Promise.race([promise, overdue]).finally(() => clearTimeout(timer));
  }
}

/** When to stop a request's computation (see {@link answerByDeadline}). */
export interface RequestStops {
  /** For an answer computed for this request alone: cancelled, the text replaced, or past the deadline. */
  readonly stop: () => boolean;
  /**
   * For an answer kept per model and shared with later requests: cancelled or the text replaced.
   * The deadline ends only this request's wait, and a retry finds the answer done or further on.
   */
  readonly stopKept: () => boolean;
}

/**
 * Answers a request on a document within its deadline: the model (its parse may take seconds),
 * then the work on it (run in slices that check `stop` between them). Cancelled by the client,
 * or the text replaced, it answers `undefined` at the next slice; past the deadline it answers
 * the LSP error `ServerCancelled` (the client may ask again), whatever is still running.
 */
export async function answerByDeadline<M, R>(
  what: string,
  token: CancellationToken,
  deadline: RequestDeadline,
  model: Promise<M>,
  replaced: () => boolean,
  work: (model: M, stops: RequestStops) => R | undefined | Promise<R | undefined>,
): Promise<R | undefined | ResponseError<void>> {
  const parsed = await untilCancelled(deadline.race(model), token);
  if (parsed === OVERDUE) return serverCancelled(`${what}: the document is still being read`);
  if (parsed === undefined) return undefined;
  const stopKept = () => token.isCancellationRequested || replaced();
  const stop = () => stopKept() || deadline.passed();
  const answer = await deadline.race(Promise.resolve(work(parsed, { stop, stopKept })));
  // A computation that saw the deadline at its last slice answers undefined just before the race would.
  if (answer === OVERDUE || (answer === undefined && deadline.passed() && !stopKept())) return serverCancelled(`${what}: this document takes longer than that`);
  return answer;
}

/** The LSP 3.17 error for a request the server gave up on and the client may send again. */
export function serverCancelled(reason: string): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.ServerCancelled, `Not answered within ${REQUEST_DEADLINE_MS} ms (${reason}); ask again.`);
}
