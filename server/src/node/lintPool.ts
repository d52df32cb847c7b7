import { availableParallelism } from 'node:os';
import { MessagePort, Worker } from 'node:worker_threads';
import { parseDisarmDocument } from '../service/markdown/document';
import type { DisarmDocument } from '../service/markdown/document';
import { Against, CodeOptions, codeOptionsOf, FileOutcome, gatherResult, LintData, lintFile, LintOptions, LintResult, prepareChecks, TOO_COSTLY } from './lintFiles';
import { DataError } from './loadCheckout';

/**
 * `disarm-lint` without `--fix`, on worker threads: each worker loads the data itself, then
 * reads, parses and checks the files it is given, and sends back only their findings. The main
 * thread walks the folders and writes the report; on a machine of N cores, N workers check at
 * once, and none waits for the main thread to diagnose.
 *
 * The parse stays bounded as in the language server: a worker marks in memory it shares with
 * the main thread which file it is parsing and since when, and a watchdog on the main thread
 * stops a worker whose parse runs over the bound. That file is `not checked`, the worker is
 * replaced (it loads the data again) and the other files it held go to the queue again. Reading the mark
 * from shared memory needs no message, so a busy main thread cannot misread a late one.
 */

/** A worker's start: what makes `cli.js`, started as a worker, serve lint jobs. */
export interface LintWorkerData {
  readonly role: 'lint';
  /** Int32 at 0: the id of the job being parsed (0: none); Float64 at 8: when its parse began (Date.now()). */
  readonly parsing: SharedArrayBuffer;
}

/** What the workers need to check files: the data to load and the checks' options. */
interface Setup {
  readonly generation: number;
  readonly data: LintData;
  readonly scope: LintOptions['scope'];
  readonly codes: CodeOptions;
}

interface Job {
  readonly id: number;
  readonly file: string;
  readonly text?: string;
}

type ToWorker = ({ readonly kind: 'setup' } & Setup) | { readonly kind: 'jobs'; readonly jobs: readonly Job[] };

type FromWorker =
  | { readonly kind: 'loaded'; readonly generation: number; readonly warnings: readonly string[] }
  | { readonly kind: 'failed'; readonly generation: number; readonly message: string; readonly dataError: boolean }
  | { readonly kind: 'done'; readonly outcomes: ReadonlyArray<{ readonly id: number; readonly outcome: FileOutcome }> }
  | { readonly kind: 'error'; readonly id: number; readonly message: string };

/**
 * Files per message, each way: every message wakes the other thread, and on a machine with
 * fewer cores than threads a wake-up is a switch away from the work. A worker holds two
 * batches, so it never waits for the next; few enough that the last files are shared out.
 */
const BATCH = 8;
/**
 * At least this many files for each worker past the first: a worker costs its start and a data
 * load (about 250 ms of a core together), a file about 1 ms; fewer, and the next worker costs
 * more than it saves (on a busy machine, where no core is idle, it always does).
 */
const FILES_PER_WORKER = 200;
/** How often the watchdog looks at the workers' parses. */
const WATCH_MS = 100;

/** The worker's side: serves setups and jobs on `port` until it is stopped. */
export function serveLintJobs(port: MessagePort, { parsing }: LintWorkerData): void {
  const id = new Int32Array(parsing, 0, 1);
  const since = new Float64Array(parsing, 8, 1);
  const parse = (job: number) => (text: string): Promise<DisarmDocument> => {
    since[0] = Date.now();
    Atomics.store(id, 0, job);
    try {
      return Promise.resolve(parseDisarmDocument(text));
    } finally {
      Atomics.store(id, 0, 0);
    }
  };
  let loading: Promise<Against> | undefined;
  let codes: CodeOptions = {};
  const jobs: Job[] = [];
  let running = false;
  const run = async (): Promise<void> => {
    if (running) return;
    running = true;
    let outcomes: Array<{ id: number; outcome: FileOutcome }> = [];
    while (jobs.length) {
      const job = jobs.shift()!;
      const against = loading!;
      try {
        outcomes.push({ id: job.id, outcome: await lintFile(job.file, against, parse(job.id), codes, job.text) });
      } catch (error) {
        // A failed load is reported once, by its setup; the run ends with it.
        if (await against.then(() => true, () => false)) port.postMessage({ kind: 'error', id: job.id, message: describe(error) } satisfies FromWorker);
        outcomes = [];
        continue;
      }
      if (outcomes.length >= BATCH || !jobs.length) {
        port.postMessage({ kind: 'done', outcomes } satisfies FromWorker);
        outcomes = [];
      }
    }
    running = false;
  };
  port.on('message', (message: ToWorker) => {
    if (message.kind === 'jobs') {
      jobs.push(...message.jobs);
      void run();
      return;
    }
    const warnings: string[] = [];
    const { generation } = message;
    codes = message.codes;
    loading = prepareChecks(message.data, { scope: message.scope }, (w) => warnings.push(w));
    loading.then(
      () => port.postMessage({ kind: 'loaded', generation, warnings } satisfies FromWorker),
      (error: unknown) => port.postMessage({ kind: 'failed', generation, message: error instanceof DataError ? error.message : describe(error), dataError: error instanceof DataError } satisfies FromWorker),
    );
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** One place for a worker: the worker now in it (replaced when stopped) and what it holds. */
interface Slot {
  worker: Worker;
  /** The worker's parse mark (see {@link LintWorkerData}). */
  parsingId: Int32Array;
  parsingSince: Float64Array;
  /** Jobs sent to it without an outcome yet, in the order it takes them. */
  held: number[];
  /** The worker now in it has reported a data load: it started. */
  started: boolean;
}

/** One run's files and where their outcomes go. */
interface Run {
  readonly setup: Setup;
  readonly files: readonly string[];
  readonly texts: ReadonlyMap<string, string> | undefined;
  readonly outcomes: FileOutcome[];
  /** Job ids (index + 1 + base) not yet sent to a worker, first first. */
  readonly pending: number[];
  readonly base: number;
  left: number;
  warnings?: readonly string[];
  readonly finish: (error?: Error) => void;
}

/**
 * The lint workers of one `disarm-lint` run. Started before the files are known (one worker,
 * so that its start overlaps the folder walk); `lint` adds workers as the number of files and
 * the machine's cores warrant, and checks one group of files against one data setup.
 */
export class LintPool {
  private readonly slots: Slot[] = [];
  private run: Run | undefined;
  private generation = 0;
  private nextBase = 0;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private disposed = false;

  constructor(
    /** `cli.js`: the bundle that serves lint jobs when it is started as a worker. */
    private readonly script: string,
    private readonly timeoutMs: number,
    private readonly maxWorkers = availableParallelism(),
    private readonly filesPerWorker = FILES_PER_WORKER,
  ) {
    this.slots.push(this.start());
  }

  /** Checks `files` against `data`, `options.fix` aside; the outcomes keep the files' order. */
  lint(data: LintData, files: readonly string[], options: LintOptions = {}): Promise<LintResult> {
    if (this.disposed || this.run) return Promise.reject(new Error('the lint pool is not ready for another run'));
    const wanted = Math.max(1, Math.min(this.maxWorkers, 1 + Math.floor((files.length - 1) / this.filesPerWorker)));
    while (this.slots.length < wanted) this.slots.push(this.start());
    const setup: Setup = { generation: ++this.generation, data, scope: options.scope, codes: codeOptionsOf(options) };
    const base = this.nextBase;
    this.nextBase += files.length;
    return new Promise<LintResult>((resolve, reject) => {
      const run: Run = {
        setup,
        files,
        texts: options.texts,
        outcomes: new Array<FileOutcome>(files.length),
        pending: files.map((_, i) => base + i + 1),
        base,
        left: files.length,
        finish: (error) => {
          if (this.run !== run) return;
          this.run = undefined;
          clearInterval(this.watchdog);
          if (error) reject(error);
          else resolve(gatherResult(files, run.outcomes, run.warnings ?? []));
        },
      };
      this.run = run;
      for (const slot of this.slots) this.setUp(slot);
      this.watchdog = setInterval(() => this.watch(), Math.min(WATCH_MS, this.timeoutMs / 4));
      this.pump();
    });
  }

  /** Stops every worker; an unfinished run is left unanswered. */
  dispose(): void {
    this.disposed = true;
    clearInterval(this.watchdog);
    for (const slot of this.slots) void slot.worker.terminate();
    this.slots.length = 0;
  }

  /** Starts a worker in `slot` (a new slot when none is given). */
  private start(slot?: Slot): Slot {
    const parsing = new SharedArrayBuffer(16);
    const worker = new Worker(this.script, { workerData: { role: 'lint', parsing } satisfies LintWorkerData });
    const place: Slot = slot ?? { worker, parsingId: new Int32Array(1), parsingSince: new Float64Array(1), held: [], started: false };
    place.worker = worker;
    place.started = false;
    place.parsingId = new Int32Array(parsing, 0, 1);
    place.parsingSince = new Float64Array(parsing, 8, 1);
    worker.on('message', (message: FromWorker) => place.worker === worker && this.receive(place, message));
    // A crash is taken like a parse over the bound: the file in hand is not checked. A worker
    // that fails before it has loaded the data could not start, and would not the next time.
    const failed = (error?: unknown) => {
      if (place.worker !== worker) return;
      if (place.started || !this.run) this.replace(place);
      else this.fail(place, `a lint worker did not start: ${error instanceof Error ? error.message : `it exited with code ${String(error)}`}`);
    };
    worker.on('error', failed);
    worker.on('exit', failed);
    return place;
  }

  private setUp(slot: Slot): void {
    if (this.run) slot.worker.postMessage({ kind: 'setup', ...this.run.setup } satisfies ToWorker);
  }

  private receive(slot: Slot, message: FromWorker): void {
    if (message.kind === 'loaded' || message.kind === 'failed') slot.started = true;
    const run = this.run;
    if (!run) return;
    switch (message.kind) {
      case 'loaded':
        if (message.generation === run.setup.generation) {
          run.warnings ??= message.warnings;
          this.settle(run);
        }
        return;
      case 'failed':
        if (message.generation === run.setup.generation) run.finish(message.dataError ? new DataError(message.message) : Object.assign(new Error(message.message), { stack: message.message }));
        return;
      case 'error':
        run.finish(Object.assign(new Error(message.message), { stack: message.message }));
        return;
      case 'done': {
        const done = new Set(message.outcomes.map((o) => o.id));
        slot.held = slot.held.filter((id) => !done.has(id));
        for (const { id, outcome } of message.outcomes) this.record(run, id, outcome);
        this.pump();
      }
    }
  }

  private record(run: Run, id: number, outcome: FileOutcome): void {
    const index = id - run.base - 1;
    if (index < 0 || index >= run.files.length || run.outcomes[index]) return;
    run.outcomes[index] = outcome;
    run.left--;
    this.settle(run);
  }

  /** Done once every file has its outcome and the data's load was reported (its warnings, or its failure). */
  private settle(run: Run): void {
    if (run.left === 0 && run.warnings) run.finish();
  }

  /** Sends a batch of files to each worker that holds at most one. */
  private pump(): void {
    const run = this.run;
    if (!run) return;
    for (const slot of this.slots) {
      while (slot.held.length <= BATCH && run.pending.length) {
        const ids = run.pending.splice(0, BATCH);
        slot.held.push(...ids);
        const jobs = ids.map((id) => {
          const file = run.files[id - run.base - 1];
          return { id, file, text: run.texts?.get(file) };
        });
        slot.worker.postMessage({ kind: 'jobs', jobs } satisfies ToWorker);
      }
    }
  }

  private watch(): void {
    const now = Date.now();
    for (const slot of this.slots) {
      const id = Atomics.load(slot.parsingId, 0);
      const since = slot.parsingSince[0];
      if (id !== 0 && now - since > this.timeoutMs && Atomics.load(slot.parsingId, 0) === id) this.replace(slot, id);
    }
  }

  /**
   * Stops the slot's worker and starts another in its place. The file it was on (`parsing`,
   * else the first it held) is not checked; the others it held go back to the front of the queue.
   */
  private replace(slot: Slot, parsing?: number): void {
    const inHand = parsing ?? (Atomics.load(slot.parsingId, 0) || slot.held[0]);
    const rest = slot.held.filter((id) => id !== inHand);
    slot.held = [];
    void slot.worker.terminate();
    if (this.disposed) return;
    const run = this.run;
    if (!run) {
      // Between runs: the next run starts the workers it needs.
      this.slots.splice(this.slots.indexOf(slot), 1);
      return;
    }
    this.start(slot);
    run.pending.unshift(...rest);
    this.setUp(slot);
    if (inHand !== undefined) this.record(run, inHand, { unchecked: TOO_COSTLY });
    this.pump();
  }

  /** Ends the run with an internal error, its workers stopped. */
  private fail(slot: Slot, message: string): void {
    void slot.worker.terminate();
    this.run?.finish(new Error(message));
  }
}
