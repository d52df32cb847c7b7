/**
 * A process shaped like the language server after its workspace scan: the framework data
 * loaded, the workspace indexed through the worker parser pool. `bench/workspace.ts` bundles it
 * (as esbuild bundles the server) and runs it with plain node, so its memory is not inflated by
 * the TypeScript loader of the benchmark. Prints one JSON line.
 *
 * Arguments: <DISARMframeworks checkout> <workspace folder> <parseWorker.js> [pool size]
 */
import { loadSource } from '../server/src/node/dataSource';
import { ParserPool } from '../server/src/node/parserPool';
import { WorkspaceScanner } from '../server/src/node/workspaceScanner';
import { WorkspaceIndex } from '../server/src/service/features/workspaceIndex';

async function main(): Promise<void> {
  const [checkout, folder, worker, size] = process.argv.slice(2);
  const framework = await loadSource({ kind: 'checkout', path: checkout, origin: 'bench' }, () => {});
  const pool = new ParserPool(worker, 3000, () => {}, size ? Number(size) : undefined);
  const index = new WorkspaceIndex();
  const scanner = new WorkspaceScanner({ index, parse: (text, label) => pool.parse(text, label), isOpen: () => false });
  const started = performance.now();
  const result = await scanner.scan([folder]);
  const ms = performance.now() - started;
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  // Measured with the workers alive, as in the server; the references keep both in use until here.
  console.log(JSON.stringify({ ms, rss, heapUsed, files: result.files, indexed: index.size, objects: framework.objects.size, workers: pool.size }));
  pool.dispose();
}

void main();
