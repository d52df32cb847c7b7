import { availableParallelism, loadavg, setPriority } from 'node:os';
import { MessagePort, Worker } from 'node:worker_threads';
import { parseDisarmDocument } from '../service/markdown/document';
import type { DisarmDocument } from '../service/markdown/document';
import { InlineParser } from './inlineParser';
import { Against, checkParsed, CodeOptions, codeOptionsOf, FileOutcome, gatherResult, LintData, lintFile, LintOptions, LintResult, prepareChecks, readToLint, TOO_COSTLY } from './lintFiles';

/**
 * `disarm-lint` without `--fix`: this thread checks files itself (its parse bounded by
 * {@link InlineParser}), and on a machine of N cores, when there are files enough to pay for
 * them, up to N - 1 worker threads check beside it. Each worker loads the data itself, then
 * reads, parses and checks the files it is given, and sends back only their findings.
 *
 * A worker's parse stays bounded as in the language server: it marks in memory it shares with
 * this thread which file it is parsing and since when, and a watchdog here stops a worker whose
 * parse runs over the bound. That file is `not checked`, the worker is replaced (it loads the
 * data again) and the other files it held go to the queue again. Reading the mark from shared
 * memory needs no message, so a busy thread here cannot misread a late one.
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
  | { readonly kind: 'loaded'; readonly generation: number }
  | { readonly kind: 'failed'; readonly generation: number }
  | { readonly kind: 'done'; readonly outcomes: ReadonlyArray<{ readonly id: number; readonly outcome: FileOutcome }> }
  | { readonly kind: 'error'; readonly id: number; readonly message: string };

/**
 * Files per message, each way: every message wakes the other thread, and on a machine with
 * fewer cores than threads a wake-up is a switch away from the work. A worker holds up to
 * three batches, so it never waits while this thread checks its own; few enough that the last
 * files are shared out.
 */
const BATCH = 8;
/**
 * Files this thread parses in one bounded run while no worker waits on it: each run starts and
 * joins a watchdog thread, which on a busy machine costs a millisecond or more. With workers
 * running it takes two batches, so that it comes back to feed them in time.
 */
const HERE_BATCH = 32;
/**
 * At least this many files for each thread past this one: a worker costs its start and a data
 * load (about 250 ms of a core together), a file about 1 ms; fewer, and the worker costs more
 * than it saves (on a busy machine, where no core is idle, it always does).
 */
const FILES_PER_WORKER = 200;
/**
 * Cores a run leaves to V8's own threads (concurrent marking and sweeping, the optimising
 * compiler), which keep one busy beside a thread that checks: a one-thread run over the
 * generated_pages tree used 1.3 to 1.45 cores of a 2-core machine, and two threads there were
 * 1.07x slower than one at a load of 0.8.
 */
const V8_CORES = 1;
/** How often the watchdog looks at the workers' parses. */
const WATCH_MS = 100;

/** The worker's side: serves setups and jobs on `port` until it is stopped. */
export function serveLintJobs(port: MessagePort, { parsing }: LintWorkerData): void {
  lowerThisThread();
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
        // Jobs come only once the data has loaded: this is the check's own failure, which ends the run.
        port.postMessage({ kind: 'error', id: job.id, message: describe(error) } satisfies FromWorker);
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
    const { generation } = message;
    codes = message.codes;
    // Its warnings and failure are those of the main thread's load of the same data, which reports them.
    loading = prepareChecks(message.data, { scope: message.scope }, () => {});
    loading.then(
      () => port.postMessage({ kind: 'loaded', generation } satisfies FromWorker),
      () => port.postMessage({ kind: 'failed', generation } satisfies FromWorker),
    );
  });
}

/**
 * A worker runs below the main thread: on an idle core it runs as fast, and on a busy machine
 * its start and data load (a quarter of a second of a core) take only the time nobody else
 * wants, not the main thread's, which checks what the worker has not come to. Only on Linux,
 * where a thread's nice value is its own; elsewhere it would lower the whole process.
 */
function lowerThisThread(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(WORKER_NICE);
  } catch {
    // Not allowed here: it runs as it is.
  }
}

const WORKER_NICE = 10;

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
  /** Job ids (index + 1 + base) not yet taken by a thread, first first. */
  readonly pending: number[];
  readonly base: number;
  left: number;
  /** The data as this thread loaded it, and the load's warnings once it is done. */
  readonly against: Promise<Against>;
  warnings?: readonly string[];
  readonly finish: (error?: Error) => void;
}

/** Job `id` of `run` has been checked, by whichever thread came to it first. */
function hasOutcome(run: Run, id: number): boolean {
  return run.outcomes[id - run.base - 1] !== undefined;
}

export interface PoolOptions {
  /** Threads at most, this one included (the cores). */
  readonly maxThreads?: number;
  /** Files for each worker past this thread. */
  readonly filesPerWorker?: number;
  /** This thread checks files too (the tests turn it off to drive the workers alone). */
  readonly here?: boolean;
  /** The machine's load (the 1-minute load average). */
  readonly load?: () => number;
  /** Cores left to V8's own threads (the tests set none, to drive workers on any machine). */
  readonly reservedCores?: number;
}

/**
 * The threads of one `disarm-lint` run: this one, and the workers that `lint` starts as the
 * number of files and the machine's cores warrant. A worker is handed files only once it has
 * loaded the data, so a slow start never holds files this thread could check.
 */
export class LintPool {
  private readonly slots: Slot[] = [];
  private readonly inline: InlineParser;
  private run: Run | undefined;
  private generation = 0;
  private nextBase = 0;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  /** This thread's next batch is due (a `setImmediate`, so that workers' messages come between batches). */
  private localDue = false;
  private disposed = false;
  private readonly options: Required<PoolOptions>;

  constructor(
    /** `cli.js`: the bundle that serves lint jobs when it is started as a worker. */
    private readonly script: string,
    private readonly timeoutMs: number,
    options: PoolOptions = {},
  ) {
    this.inline = new InlineParser(timeoutMs);
    this.options = { maxThreads: availableParallelism(), filesPerWorker: FILES_PER_WORKER, here: true, load: () => loadavg()[0], reservedCores: V8_CORES, ...options };
  }

  /** Checks `files` against `data`, `options.fix` aside; the outcomes keep the files' order. */
  lint(data: LintData, files: readonly string[], options: LintOptions = {}): Promise<LintResult> {
    if (this.disposed || this.run) return Promise.reject(new Error('the lint pool is not ready for another run'));
    // As `make -l` does: a worker starts only while the load leaves it a core (its start alone is a
    // quarter of a second of one), past the cores V8 keeps busy; on a busy machine this thread is faster alone.
    const { maxThreads, filesPerWorker, here, load, reservedCores } = this.options;
    const spare = Math.max(0, Math.ceil(maxThreads - 1 - reservedCores - load()));
    const workers = Math.min(maxThreads - 1, spare, Math.floor((files.length - 1) / filesPerWorker));
    while (this.slots.length < Math.max(workers, here ? 0 : 1)) this.slots.push(this.start());
    const setup: Setup = { generation: ++this.generation, data, scope: options.scope, codes: codeOptionsOf(options) };
    const base = this.nextBase;
    this.nextBase += files.length;
    return new Promise<LintResult>((resolve, reject) => {
      const warnings: string[] = [];
      const run: Run = {
        setup,
        files,
        texts: options.texts,
        outcomes: new Array<FileOutcome>(files.length),
        pending: files.map((_, i) => base + i + 1),
        base,
        left: files.length,
        against: prepareChecks(data, { scope: options.scope }, (w) => warnings.push(w)),
        finish: (error) => {
          if (this.run !== run) return;
          this.run = undefined;
          clearInterval(this.watchdog);
          if (error) reject(error);
          else resolve(gatherResult(files, run.outcomes, run.warnings ?? []));
        },
      };
      run.against.then(
        () => {
          run.warnings = warnings;
          this.settle(run);
        },
        (error: unknown) => run.finish(error instanceof Error ? error : new Error(String(error))),
      );
      this.run = run;
      for (const slot of this.slots) this.setUp(slot);
      if (this.slots.length) this.watchdog = setInterval(() => this.watch(), Math.min(WATCH_MS, this.timeoutMs / 4));
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
    // that fails before it has loaded the data could not start, and would not the next time: it
    // held no files, and this thread checks them without it.
    const failed = () => {
      if (place.worker !== worker) return;
      if (place.started) this.replace(place);
      else this.drop(place);
    };
    worker.on('error', failed);
    worker.on('exit', failed);
    return place;
  }

  private setUp(slot: Slot): void {
    if (this.run) slot.worker.postMessage({ kind: 'setup', ...this.run.setup } satisfies ToWorker);
  }

  private receive(slot: Slot, message: FromWorker): void {
    const run = this.run;
    if (!run) return;
    switch (message.kind) {
      case 'loaded':
        // The same data as this thread's: its warnings are this thread's too.
        if (message.generation === run.setup.generation) slot.started = true;
        this.pump();
        return;
      case 'failed':
        // Seen by this thread's load as well, which reports it (the same message).
        if (message.generation === run.setup.generation) slot.started = true;
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
    if (index < 0 || index >= run.files.length || hasOutcome(run, id)) return;
    run.outcomes[index] = outcome;
    run.left--;
    this.settle(run);
  }

  /** Done once every file has its outcome and the data's load was reported (its warnings, or its failure). */
  private settle(run: Run): void {
    if (run.left === 0 && run.warnings) run.finish();
  }

  /** Sends a batch of files to each started worker that holds at most one, and has this thread check the next batch. */
  private pump(): void {
    const run = this.run;
    if (!run) return;
    if (this.options.here && !this.localDue && (run.pending.length || this.stealable(run).length)) {
      this.localDue = true;
      setImmediate(() => {
        this.localDue = false;
        void this.checkHere(run);
      });
    }
    for (const slot of this.slots) {
      while (slot.started && slot.held.length <= 2 * BATCH && run.pending.length) {
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

  /** Reads, parses (within the bound) and checks the next batch of files on this thread. */
  private async checkHere(run: Run): Promise<void> {
    if (this.run !== run) return;
    const ids = run.pending.length ? run.pending.splice(0, this.slots.some((slot) => slot.started) ? 2 * BATCH : HERE_BATCH) : this.stealable(run);
    if (!ids.length) return;
    const files = ids.map((id) => run.files[id - run.base - 1]);
    const reads = files.map((file) => readToLint(file, run.texts?.get(file)));
    const readable = reads.filter((read) => read.text !== undefined);
    let outcomes: FileOutcome[];
    try {
      // The parse needs no framework data: the first batch is parsed while the data loads.
      const models = this.inline.parseAll(readable.map((read) => read.text!));
      let against: Against;
      try {
        against = await run.against;
      } catch {
        return; // the run has ended with the load's failure
      }
      let next = 0;
      outcomes = reads.map((read, i) => (read.text === undefined ? read : checkParsed(files[i], read.text, models[next++], against, run.setup.codes)));
    } catch (error) {
      run.finish(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (this.run !== run) return;
    ids.forEach((id, i) => this.record(run, id, outcomes[i]));
    this.pump();
  }

  /**
   * With nothing left to hand out, files a worker holds and has not come to, from the end of its
   * list (it works from the front): a worker slowed by a busy machine does not hold up the run.
   * Whichever thread checks a file first gives its outcome; the other's is dropped.
   */
  private stealable(run: Run): number[] {
    for (const slot of this.slots) {
      const left = slot.held.filter((id) => !hasOutcome(run, id));
      if (left.length) return left.slice(-BATCH);
    }
    return [];
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
      this.drop(slot);
      return;
    }
    this.start(slot);
    run.pending.unshift(...rest.filter((id) => !hasOutcome(run, id)));
    this.setUp(slot);
    if (inHand !== undefined) this.record(run, inHand, { unchecked: TOO_COSTLY });
    this.pump();
  }

  /** Stops the slot's worker for good. */
  private drop(slot: Slot): void {
    void slot.worker.terminate();
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
  }
}
