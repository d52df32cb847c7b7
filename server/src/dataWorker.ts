import { parentPort, workerData } from 'node:worker_threads';
import { loadForParent } from './node/loadOffThread';
import type { LabelledSource } from './node/loadReleases';

/**
 * Loads the framework data off the language server's main thread: a large or hostile data
 * folder then costs this thread, and the server keeps answering requests meanwhile.
 */
const asked: Array<() => void> = [];
parentPort?.on('message', () => asked.shift()?.());
void loadForParent(
  workerData as LabelledSource[],
  (message) => parentPort?.postMessage(message),
  () => new Promise<void>((resolve) => asked.push(resolve)),
);
