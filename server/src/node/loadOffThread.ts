import { Worker } from 'node:worker_threads';
import { createFrameworkIndex, DataSource, DisarmObject } from '../service/framework/framework';
import type { Release } from '../service/framework/releases';
import { DataError } from './loadCheckout';
import { LabelledSource, loadReleases } from './loadReleases';

/**
 * The loading worker's heap: a hostile bundle or index page within the size caps still cannot
 * take the server towards a gigabyte; past it the worker dies and the load fails with a message.
 */
const WORKER_HEAP_MB = 384;

/** What the worker posts: one message per release (so that none is one long deserialization), then the end. */
export type LoadMessage =
  | { readonly type: 'release'; readonly label: string; readonly created?: string; readonly version?: string; readonly source: DataSource; readonly objects: DisarmObject[] }
  | { readonly type: 'done'; readonly warnings: string[] }
  | { readonly type: 'failed'; readonly message: string; readonly dataError: boolean };

/**
 * The worker's side: loads the sources and posts each release's objects, then the warnings.
 * The next release is posted only when the parent asks (`next`): messages queued together are
 * all deserialized in one turn of the parent's event loop, which is the stall this avoids.
 */
export async function loadForParent(sources: readonly LabelledSource[], post: (message: LoadMessage) => void, next: () => Promise<void>): Promise<void> {
  const warnings: string[] = [];
  try {
    for (const release of await loadReleases(sources, (w) => warnings.push(w))) {
      const { source, objects } = release.index;
      post({ type: 'release', label: release.label, created: release.created, version: release.version, source, objects: [...objects.values()] });
      await next();
    }
    post({ type: 'done', warnings });
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error), dataError: error instanceof DataError });
  }
}

/**
 * {@link loadReleases} in a worker thread (`script`, the built `dataWorker.js`): reading, JSON
 * parsing and table reading never hold the server's main thread, which only indexes each
 * release as it arrives and yields between them. Without a script it loads in this thread.
 */
export async function loadReleasesOffThread(script: string | undefined, sources: readonly LabelledSource[], warn: (message: string) => void): Promise<Release[]> {
  if (!script) return loadReleases(sources, warn);
  const worker = new Worker(script, { workerData: sources, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  const releases: Release[] = [];
  let chain = Promise.resolve();
  try {
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (message: LoadMessage) => {
        // Each release is indexed on its own turn of the event loop, in order.
        chain = chain.then(async () => {
          await new Promise<void>((next) => setImmediate(next));
          if (message.type === 'release') {
            releases.push({ label: message.label, created: message.created, version: message.version, index: createFrameworkIndex(message.source, message.objects) });
            worker.postMessage('next');
          } else if (message.type === 'done') {
            for (const warning of message.warnings) warn(warning);
            resolve();
          } else {
            reject(message.dataError ? new DataError(message.message) : new Error(message.message));
          }
        });
      });
      worker.on('error', (error) =>
        reject(new DataError(/ERR_WORKER_OUT_OF_MEMORY/.test(String((error as NodeJS.ErrnoException).code ?? error)) ? `loading the data took more than ${WORKER_HEAP_MB} MB; not loaded.` : `the data could not be loaded: ${error.message}`)),
      );
      // After the messages already posted: a worker that ended normally has resolved by then.
      worker.on('exit', (code) => void chain.then(() => reject(new DataError(`the data loader stopped (exit code ${code}).`))));
    });
    await chain;
  } finally {
    void worker.terminate();
  }
  return releases;
}
