// Preloaded into the language server by the first-data test: the data worker (the one worker
// whose workerData is the list of sources) waits until the file DISARM_TEST_DATA_GATE exists, so
// the test decides when the first data load can finish. At most 30 s, then it goes on.
const { isMainThread, workerData } = require('node:worker_threads');
const { existsSync } = require('node:fs');

const gate = process.env.DISARM_TEST_DATA_GATE;
const isDataWorker = !isMainThread && Array.isArray(workerData) && workerData.every((s) => s && typeof s.kind === 'string' && typeof s.path === 'string');
if (gate && isDataWorker) {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (const until = Date.now() + 30_000; !existsSync(gate) && Date.now() < until; ) Atomics.wait(nap, 0, 0, 20);
}
