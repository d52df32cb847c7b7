// `disarm-lint` (dist/cli.js): a small loader that runs the engine, dist/lintEngine.js (cli.ts),
// through V8's code cache (node/codeCache.ts), in the main thread and in the lint pool's workers.
import path from 'node:path';
import { requireWithCodeCache } from './node/codeCache';

/** What dist/lintEngine.js exports (cli.ts's `start`). */
interface Engine {
  start(workerScript: string, onChecked?: () => void): void;
}

const engine = requireWithCodeCache(path.join(__dirname, 'lintEngine.js'));
// The pool's workers start this loader too, so that they read the same cache; only a run that
// checked files writes it (see `keep`).
(engine.exports as Engine).start(__filename, engine.keep);
