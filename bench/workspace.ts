/**
 * The workspace-scale rows of `npm run bench`: a synthetic workspace of ten copies of the real
 * incident pages, generated in the OS temporary folder at run time and deleted afterwards. It
 * measures the workspace index build (the scanner with the synchronous parse and with the
 * server's worker parse), the memory after indexing, references and workspace symbols on it, and
 * hover and completion response times while the index builds.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { build as bundle } from 'esbuild';
import { ParserPool } from '../server/src/node/parserPool';
import { fileUri, ScannerOptions, ScanResult, WorkspaceScanner } from '../server/src/node/workspaceScanner';
import { computeCompletions } from '../server/src/service/features/completion';
import { DisarmDocument, parseDisarmDocument } from '../server/src/service/markdown/document';
import { FrameworkIndex } from '../server/src/service/framework/framework';
import { computeHover } from '../server/src/service/features/hover';
import { createPageLinker } from '../server/src/service/framework/links';
import { computeReferences } from '../server/src/service/features/references';
import { WorkspaceIndex } from '../server/src/service/features/workspaceIndex';
import { computeWorkspaceSymbols } from '../server/src/service/features/workspaceSymbols';
import { quantile, row, spread, time } from './util';

const COPIES = 10;
/** A request every 2 ms while the index builds: far more than a typing user sends. */
const REQUEST_INTERVAL_MS = 2;
const SYMBOL_QUERIES = ['paste', '#paste', 't0152', 'persona', 'account', 'a', 't0', 'ta0'];

export interface WorkspaceBenchInput {
  /** Paths of the real incident pages. */
  readonly incidents: readonly string[];
  readonly index: FrameworkIndex;
  /** `dist/parseWorker.js`, built by `npm run bench`. */
  readonly parseWorker: string;
  /** The DISARMframeworks checkout, for the server-shaped process. */
  readonly checkout: string;
}

/** Creates the synthetic workspace, runs the rows, deletes the workspace. */
export async function benchWorkspace(input: WorkspaceBenchInput): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'disarm-bench-workspace-'));
  try {
    const texts = input.incidents.map((file) => ({ name: path.basename(file, '.md'), text: readFileSync(file, 'utf8') }));
    for (let copy = 0; copy < COPIES; copy++) {
      const folder = path.join(root, `copy-${copy}`);
      mkdirSync(folder);
      for (const { name, text } of texts) writeFileSync(path.join(folder, `${name}-${copy}.md`), text);
    }
    await runRows(root, texts.length * COPIES, input);
    await serverProcessRows(root, texts.length * COPIES, input);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function runRows(root: string, fileCount: number, input: WorkspaceBenchInput): Promise<void> {
  const gc = exposeGc();
  const editor = busiestDocument(root, input);

  const idle = await build(root, input, editor, undefined);
  responseRows('no indexing (harness floor)', idle);
  // One file at a time: a synchronous parse then blocks the event loop for one file, not eight.
  const sync = await build(root, input, editor, (text) => parseDisarmDocument(text), 1);
  row(`index build, ${fileCount} files, synchronous parse`, `${sync.ms.toFixed(0)} ms (${sync.index.referenceCount} refs)`, '< 2000 ms', sync.ms < 2000);
  responseRows('synchronous parse', sync);
  // Only the server's index counts in the memory figures below.
  sync.index.clear();

  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const poolSize = process.env.BENCH_PARSE_WORKERS ? Number(process.env.BENCH_PARSE_WORKERS) : undefined;
  const parser = new ParserPool(input.parseWorker, 3000, (label) => console.error(`bench: parse abandoned for ${label}`), poolSize);
  const worker = await build(root, input, editor, (text, label) => parser.parse(text, label));
  row(`index build, ${fileCount} files, ${parser.size} parse worker(s)`, `${worker.ms.toFixed(0)} ms`, '< 2000 ms', worker.ms < 2000);
  responseRows(`${parser.size} parse worker(s)`, worker);

  gc();
  const memory = process.memoryUsage();
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
  row('memory after indexing, bench process (tsx)', `RSS ${mb(memory.rss)} MB, heap ${mb(memory.heapUsed)} MB`, '', true);
  row('  heap of the workspace index', `${((memory.heapUsed - heapBefore) / 1024 / 1024).toFixed(1)} MB`, '', true);
  parser.dispose();

  const index = worker.index;
  const ids = [...input.index.objects.keys()];
  const lookups: number[] = [];
  for (let round = 0; round < 5; round++) for (const id of ids) lookups.push(time(() => index.references(id)));
  const most = Math.max(...ids.map((id) => index.references(id).length));
  row(`references, ${ids.length} IDs x5 (index)`, spread(lookups), '< 50 ms', quantile(lookups, 0.99) < 50);
  const cursor: number[] = [];
  for (const ref of editor.model.references) {
    const position = editor.document.positionAt(ref.start + 1);
    cursor.push(time(() => computeReferences(editor.document, editor.model, position, index, true)));
  }
  row(`references at cursor, ${cursor.length} requests`, spread(cursor), '< 50 ms', quantile(cursor, 0.99) < 50);
  row('  largest answer', `${most} locations`, '', true);

  const symbols: number[] = [];
  for (let round = 0; round < 20; round++) for (const query of SYMBOL_QUERIES) symbols.push(time(() => computeWorkspaceSymbols(query, input.index, undefined)));
  row(`workspace symbols, ${symbols.length} queries`, spread(symbols), '< 50 ms', quantile(symbols, 0.99) < 50);
}

/**
 * The memory that counts is the server's: a bundled process that loads the data and indexes the
 * workspace with the worker pool, measured fresh (cold start included in its build time).
 */
async function serverProcessRows(root: string, fileCount: number, input: WorkspaceBenchInput): Promise<void> {
  const script = path.join(root, 'indexProcess.js');
  await bundle({ entryPoints: [path.join(__dirname, 'indexProcess.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: script, logLevel: 'silent' });
  const args = ['--expose-gc', script, input.checkout, root, input.parseWorker, ...(process.env.BENCH_PARSE_WORKERS ? [process.env.BENCH_PARSE_WORKERS] : [])];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`bench: the index process failed: ${run.stderr}`);
  const figures = JSON.parse(run.stdout) as { ms: number; rss: number; heapUsed: number; indexed: number; workers: number };
  if (figures.indexed !== fileCount) throw new Error(`bench: the index process indexed ${figures.indexed} of ${fileCount} files`);
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
  row(`server-shaped process: cold index build`, `${figures.ms.toFixed(0)} ms, ${figures.workers} worker(s)`, '< 2000 ms', figures.ms < 2000);
  row(`server-shaped process: memory after indexing`, `RSS ${mb(figures.rss)} MB, heap ${mb(figures.heapUsed)} MB`, 'RSS < 250 MB', figures.rss < 250 * 1024 * 1024);
}

interface Editor {
  readonly document: TextDocument;
  readonly model: DisarmDocument;
}

/** The incident with most references, as the document open in the editor (a copy's URI). */
function busiestDocument(root: string, input: WorkspaceBenchInput): Editor {
  let best: Editor | undefined;
  for (const file of input.incidents) {
    const text = readFileSync(file, 'utf8');
    const model = parseDisarmDocument(text);
    if (best && best.model.references.length >= model.references.length) continue;
    const uri = fileUri(path.join(root, 'copy-0', `${path.basename(file, '.md')}-0.md`));
    best = { document: TextDocument.create(uri, 'markdown', 1, text), model };
  }
  return best!;
}

interface Build {
  readonly ms: number;
  readonly index: WorkspaceIndex;
  /** From the request's due time to its answer: waiting for the event loop included. */
  readonly hoverResponse: number[];
  readonly completionResponse: number[];
  /** The computation alone, as the core budget rows measure it. */
  readonly hoverCompute: number[];
  readonly completionCompute: number[];
}

/**
 * Builds the index with `parse` (none: an idle second, the floor of the measure) while a simulated client sends a hover or a completion every
 * {@link REQUEST_INTERVAL_MS}. A request's response time counts from when it was due, so a
 * long synchronous parse that delays it shows.
 */
async function build(root: string, input: WorkspaceBenchInput, editor: Editor, parse: ScannerOptions['parse'] | undefined, concurrency?: number): Promise<Build> {
  const index = new WorkspaceIndex();
  const pages = createPageLinker(undefined);
  const hoverResponse: number[] = [];
  const completionResponse: number[] = [];
  let scanning = true;
  const hoverCompute: number[] = [];
  const completionCompute: number[] = [];
  const request = (i: number, due: number) => {
    const ref = editor.model.references[i % editor.model.references.length];
    const started = performance.now();
    if (i % 2) {
      computeHover(editor.document, editor.model, editor.document.positionAt(ref.start + 1), input.index, pages);
      hoverCompute.push(performance.now() - started);
      hoverResponse.push(performance.now() - due);
    } else {
      const position = editor.document.positionAt(ref.start + Math.min(3, ref.token.length));
      computeCompletions(editor.document, editor.model, position, { index: input.index, pages });
      completionCompute.push(performance.now() - started);
      completionResponse.push(performance.now() - due);
    }
  };
  // Requests arrive on schedule whether or not the event loop is free; those that fell due
  // while it was busy are answered together when it is free again, as a server would.
  const client = async () => {
    const start = performance.now();
    let sent = 0;
    while (scanning) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + (sent + 1) * REQUEST_INTERVAL_MS - performance.now())));
      while (scanning && start + (sent + 1) * REQUEST_INTERVAL_MS <= performance.now()) {
        sent++;
        request(sent, start + sent * REQUEST_INTERVAL_MS);
      }
    }
  };
  const started = performance.now();
  const requests = client();
  // Without a parse, the client runs for a second on an idle event loop.
  const result = parse
    ? await new WorkspaceScanner({ index, parse, concurrency, isOpen: (uri) => uri === editor.document.uri }).scan([root])
    : await new Promise<ScanResult>((resolve) => setTimeout(() => resolve({ files: 0, cancelled: false, truncated: false }), 1000));
  const ms = performance.now() - started;
  scanning = false;
  await requests;
  if (result.cancelled || result.truncated) throw new Error('bench: the scan did not complete');
  return { ms, index, hoverResponse, completionResponse, hoverCompute, completionCompute };
}

/** Compute time against the core budget; response time (event-loop wait included) for comparison with the floor. */
function responseRows(mode: string, result: Build): void {
  const { hoverCompute, completionCompute, hoverResponse, completionResponse } = result;
  console.log(`      while indexing, ${mode}: ${hoverCompute.length + completionCompute.length} requests, one every ${REQUEST_INTERVAL_MS} ms`);
  row('    hover, compute', spread(hoverCompute), 'p99 < 5 ms', quantile(hoverCompute, 0.99) < 5);
  row('    completion, compute', spread(completionCompute), 'p99 < 5 ms', quantile(completionCompute, 0.99) < 5);
  row('    hover, response (incl. event-loop wait)', spread(hoverResponse), '', true);
  row('    completion, response (incl. event-loop wait)', spread(completionResponse), '', true);
}

/** A full garbage collection before reading memory, so the figures do not depend on GC timing. */
function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
