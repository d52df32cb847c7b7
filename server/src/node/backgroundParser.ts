import { Worker } from 'node:worker_threads';
import { BoundedParser, ParseReply, ParseWorker } from '../worker/boundedParser';
import type { WorkerReady } from '../worker/parseReplies';

export { MAX_MODEL_REFERENCES, PARSE_TIMEOUT_MS } from '../worker/boundedParser';

/** A {@link BoundedParser} whose workers are Node worker threads running `script` (dist/parseWorker.js). */
export class BackgroundParser extends BoundedParser {
  constructor(script: string, timeoutMs: number, onAbandoned: (label: string) => void, depth = 1, maxReferences?: number) {
    super(() => nodeParseWorker(script), timeoutMs, onAbandoned, depth, maxReferences);
  }
}

function nodeParseWorker(script: string): ParseWorker {
  const worker = new Worker(script);
  return {
    post: (message) => worker.postMessage(message),
    onReply: (listener) => worker.on('message', (reply: ParseReply | WorkerReady) => listener(reply)),
    onFailure: (listener) => {
      worker.on('error', listener);
      worker.on('exit', listener);
    },
    terminate: () => void worker.terminate(),
  };
}
