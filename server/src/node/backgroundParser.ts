import { Worker } from 'node:worker_threads';
import { BoundedParser, ParseReply, ParseWorker } from '../worker/boundedParser';

export { PARSE_TIMEOUT_MS } from '../worker/boundedParser';

/** A {@link BoundedParser} whose workers are Node worker threads running `script` (dist/parseWorker.js). */
export class BackgroundParser extends BoundedParser {
  constructor(script: string, timeoutMs: number, onAbandoned: (label: string) => void, depth = 1) {
    super(() => nodeParseWorker(script), timeoutMs, onAbandoned, depth);
  }
}

function nodeParseWorker(script: string): ParseWorker {
  const worker = new Worker(script);
  return {
    post: (job) => worker.postMessage(job),
    onReply: (listener) => worker.on('message', (reply: ParseReply) => listener(reply)),
    onFailure: (listener) => {
      worker.on('error', listener);
      worker.on('exit', listener);
    },
    terminate: () => void worker.terminate(),
  };
}
