import { parseDisarmDocument } from '../service/markdown/document';
import { BoundedParser, ParseReply, ParseWorker } from '../worker/boundedParser';

/** The name the server gives its parse workers; the shared bundle starts as a parser under it. */
export const PARSE_WORKER_NAME = 'disarm-parse';

/** The constructor of a web worker, as the worker globals give it (not in the ES lib this project compiles against). */
type WebWorkerConstructor = new (url: string, options?: { name?: string }) => {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: ParseReply }) => void) | null;
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
  return new BoundedParser(spawn, timeoutMs, onAbandoned, depth);
}

/** Parses on this thread, a turn of the event loop later, as a worker would answer. */
function inThreadWorker(): ParseWorker {
  let reply: ((reply: ParseReply) => void) | undefined;
  return {
    post: ({ id, text }) =>
      setTimeout(() => {
        const { references, directives } = parseDisarmDocument(text);
        reply?.({ id, references, directives });
      }, 0),
    onReply: (listener) => (reply = listener),
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

/** The parse worker's side: one reply per job, on the worker's global scope. */
export function serveParses(scope: { onmessage: ((event: { data: { id: number; text: string } }) => void) | null; postMessage(message: unknown): void }): void {
  scope.onmessage = ({ data: { id, text } }) => {
    const { references, directives } = parseDisarmDocument(text);
    scope.postMessage({ id, references, directives });
  };
}
