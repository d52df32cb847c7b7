// Preloaded into a process the benchmark drives (`node --require bench/lateness.cjs ...`): a
// timer due every few milliseconds records how late it ran, i.e. how long the main thread held
// the event loop. At exit it writes the stalls ([start, end] in epoch ms) to LATENESS_FILE.
const { writeFileSync } = require('node:fs');

const PERIOD_MS = 5;
const RECORDED_MS = 20;
const stalls = [];
const now = () => performance.timeOrigin + performance.now();
let last = now();
setInterval(() => {
  const at = now();
  if (at - last - PERIOD_MS > RECORDED_MS) stalls.push([last, at]);
  last = at;
}, PERIOD_MS).unref();
process.on('exit', () => {
  if (process.env.LATENESS_FILE) writeFileSync(process.env.LATENESS_FILE, JSON.stringify(stalls));
});
