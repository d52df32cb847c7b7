import { parentPort } from 'node:worker_threads';
import { parseReplies, WORKER_READY } from './worker/parseReplies';

/**
 * The markdown parse of the language server, off its main thread: a pathological document
 * (micromark is super-linear on some inputs) then costs this thread, which the server can
 * stop, and never the requests of other documents. The protocol (references in chunks, each
 * asked for) is `worker/parseReplies.ts`, shared with the web parse worker.
 */
const handle = parseReplies((reply) => parentPort?.postMessage(reply));
parentPort?.on('message', handle);
parentPort?.postMessage(WORKER_READY);
