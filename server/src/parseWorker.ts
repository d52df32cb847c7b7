import { parentPort } from 'node:worker_threads';
import { parseDisarmDocument } from './service/markdown/document';

/**
 * The markdown parse of the language server, off its main thread: a pathological document
 * (micromark is super-linear on some inputs) then costs this thread, which the server can
 * stop, and never the requests of other documents.
 */
parentPort?.on('message', ({ id, text }: { id: number; text: string }) => {
  const { references, directives } = parseDisarmDocument(text);
  parentPort?.postMessage({ id, references, directives });
});
