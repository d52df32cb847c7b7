import { BoundedParser, ParseReply, ParseWorker } from '../worker/boundedParser';
import type { WorkerReady } from '../worker/parseReplies';
import { ParseMessage, parseReplies, WORKER_READY } from '../worker/parseReplies';

/** The name the server gives its parse workers; the shared bundle starts as a parser under it. */
export const PARSE_WORKER_NAME = 'disarm-parse';

/** The constructor of a web worker, as the worker globals give it (not in the ES lib this project compiles against). */
type WebWorkerConstructor = new (url: string, options?: { name?: string }) => {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: ParseReply | WorkerReady }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  terminate(): void;
};

/**
 * A {@link BoundedParser} over nested web workers running the server's own bundle (`bundleUrl()`,
 * a `blob:` URL the client made): a document too costly to parse is abandoned after `timeoutMs`
 * by terminating its worker, and the server's own thread never runs the parse. Where no worker
 * can be started (no URL, no `Worker`), the parse runs on the server's thread, without the bound;
 * `onUnbounded` is told once.
 */
export function webParser(
  bundleUrl: () => string | undefined,
  timeoutMs: number,
  onAbandoned: (label: string) => void,
  onUnbounded: (reason: string) => void,
  depth = 1,
  maxReferences?: number,
): BoundedParser {
  let told = false;
  const spawn = (): ParseWorker => {
    const NativeWorker = (globalThis as { Worker?: WebWorkerConstructor }).Worker;
    const url = bundleUrl();
    try {
      if (NativeWorker && url) return webParseWorker(new NativeWorker(url, { name: PARSE_WORKER_NAME }));
      throw new Error(NativeWorker ? 'the client gave no bundle URL' : 'this worker cannot start workers');
    } catch (error) {
      if (!told) onUnbounded(error instanceof Error ? error.message : String(error));
      told = true;
      return inThreadWorker();
    }
  };
  return new BoundedParser(spawn, timeoutMs, onAbandoned, depth, maxReferences);
}

/** Parses on this thread, a turn of the event loop later, as a worker would answer (the same protocol). */
function inThreadWorker(): ParseWorker {
  let reply: ((reply: ParseReply | WorkerReady) => void) | undefined;
  const handle = parseReplies((answer) => reply?.(answer));
  return {
    post: (message) => setTimeout(() => handle(message), 0),
    onReply: (listener) => {
      reply = listener;
      setTimeout(() => reply?.(WORKER_READY), 0);
    },
    onFailure: () => {},
    terminate: () => (reply = undefined),
  };
}

function webParseWorker(worker: InstanceType<WebWorkerConstructor>): ParseWorker {
  const failures: Array<() => void> = [];
  worker.onerror = () => failures.forEach((listener) => listener());
  return {
    post: (job) => worker.postMessage(job),
    onReply: (listener) => (worker.onmessage = (event) => listener(event.data)),
    onFailure: (listener) => failures.push(listener),
    terminate: () => worker.terminate(),
  };
}

/** The parse worker's side, on the worker's global scope: `parseReplies`, as in parseWorker.ts. */
export function serveParses(scope: { onmessage: ((event: { data: ParseMessage }) => void) | null; postMessage(message: unknown): void }): void {
  const handle = parseReplies((reply) => scope.postMessage(reply));
  scope.onmessage = ({ data }) => handle(data);
  scope.postMessage(WORKER_READY);
}
