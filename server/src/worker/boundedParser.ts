import type { DisarmDocument, IdReference } from '../service/markdown/document';
import type { Directive } from '../service/markdown/suppression';
import type { ParseMessage, ParseReply, WorkerReady } from './parseReplies';

export type { ParseMessage, ParseReply } from './parseReplies';

/** How long a new worker may take to boot (load its bundle) before its first job's bound starts. */
const BOOT_MS = 10_000;

/** How long one document's parse may take before it is given up (the largest DISARM incident parses in about 20 ms). */
export const PARSE_TIMEOUT_MS = 3000;

/**
 * The references an open document's model keeps (the largest DISARM incident cites about 200):
 * a model is a few hundred bytes per reference on the server's main thread, and a million of
 * them made every collection of its heap a stall of seconds for every other document.
 */
export const MAX_MODEL_REFERENCES = 100_000;

/** A worker that parses: a Node worker thread, or a web worker; it speaks `parseReplies` (parseReplies.ts). */
export interface ParseWorker {
  post(message: ParseMessage): void;
  /** Its replies, and once, first, {@link WorkerReady}. */
  onReply(listener: (reply: ParseReply | WorkerReady) => void): void;
  /** The worker crashed or exited. */
  onFailure(listener: () => void): void;
  terminate(): void;
}

interface Job {
  readonly id: number;
  readonly text: string;
  /** Names the document in the message about an abandoned parse. */
  readonly label: string;
  /** Jobs with the same key replace each other while they wait: only the newest text matters. */
  readonly key: string | undefined;
  readonly resolve: (model: DisarmDocument | undefined) => void;
}

/**
 * Parses documents in a worker (whatever `spawn` starts), one at a time, with a time bound per document. A parse
 * that runs over the bound is abandoned (the document's model is marked `givenUp`, and the
 * caller is told), the worker is replaced and the queue goes on in the new one.
 *
 * Jobs not yet sent to the worker can still be dropped: when a newer version of a document is
 * queued, an older one still waiting resolves `undefined` (superseded) instead of costing a
 * parse nobody needs any more. With `depth` 1, typing fast costs at most two parses per document
 * (the one running and the newest), whatever the rate of changes.
 */
export class BoundedParser {
  private worker: ParseWorker | undefined;
  private readonly queue: Job[] = [];
  /** How many jobs at the front of the queue the worker has been sent. */
  private posted = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The worker has booted: until then a job's clock also allows for the boot (on a loaded machine, seconds). */
  private ready = false;
  private nextId = 1;
  /** The references and directives of the job in hand received so far (they come in chunks). */
  private received = nothingReceived();
  private disposed = false;
  private markBooted!: () => void;
  private readonly firstBoot = new Promise<void>((resolve) => (this.markBooted = resolve));

  constructor(
    private readonly spawn: () => ParseWorker,
    private readonly timeoutMs: number,
    private readonly onAbandoned: (label: string) => void,
    /** Jobs sent ahead to the worker: 1 keeps every waiting job replaceable; more keep a scan's worker busy. */
    private readonly depth = 1,
    /** At most this many references per model (see `DisarmDocument.truncated`); unset: all (the CLI). */
    private readonly maxReferences?: number,
  ) {}

  /** The model of `text`, or `undefined` when a newer text with the same `key` replaced it first. */
  parse(text: string, label: string, key?: string): Promise<DisarmDocument | undefined> {
    if (this.disposed) return Promise.resolve({ text, references: [], directives: [] });
    return new Promise((resolve) => {
      if (key !== undefined) {
        for (let i = this.queue.length - 1; i >= this.posted; i--) {
          const waiting = this.queue[i];
          if (waiting.key === key) {
            this.queue.splice(i, 1);
            waiting.resolve(undefined);
          }
        }
      }
      this.queue.push({ id: this.nextId++, text, label, key, resolve });
      this.pump();
    });
  }

  /** Settles once the first worker has booted (or the parser is disposed): the start of the parser, not of any document's parse. */
  booted(): Promise<void> {
    return this.firstBoot;
  }

  /** Boots the worker now rather than at the first parse, so that its start overlaps the caller's. */
  start(): void {
    if (!this.disposed) this.ensureWorker();
  }

  dispose(): void {
    this.disposed = true;
    this.markBooted();
    clearTimeout(this.timer);
    this.worker?.terminate();
    this.worker = undefined;
    this.posted = 0;
    this.received = nothingReceived();
    for (const job of this.queue.splice(0)) job.resolve({ text: job.text, references: [], directives: [] });
  }

  /** Sends the worker the next jobs, up to `depth` ahead; the clock runs for the one in hand. */
  private pump(): void {
    if (this.disposed) return;
    const worker = this.queue.length ? this.ensureWorker() : undefined;
    if (!worker) return;
    const wasIdle = this.posted === 0;
    while (this.posted < Math.min(this.depth, this.queue.length)) {
      const job = this.queue[this.posted++];
      worker.post({ id: job.id, text: job.text, maxReferences: this.maxReferences });
    }
    if (wasIdle) this.startClock(worker);
  }

  private startClock(worker: ParseWorker): void {
    clearTimeout(this.timer);
    if (this.posted > 0) this.timer = setTimeout(() => this.abandonRunning(worker), this.ready ? this.timeoutMs : this.timeoutMs + BOOT_MS);
  }

  private ensureWorker(): ParseWorker {
    if (this.worker) return this.worker;
    const worker = this.spawn();
    this.ready = false;
    worker.onReply((reply) => {
      if ('ready' in reply) {
        if (worker !== this.worker) return;
        this.ready = true;
        this.markBooted();
        return this.startClock(worker); // the job in hand is timed from now
      }
      const { id, references, directives, truncated, done } = reply;
      const job = this.queue[0];
      if (worker !== this.worker || this.posted === 0 || job?.id !== id) return;
      // The parse is over once its first chunk comes: the time bound is for the parse, not the transfer.
      clearTimeout(this.timer);
      for (const ref of references) this.received.references.push(ref);
      if (directives) for (const directive of directives) this.received.directives.push(directive);
      // The next chunk is asked for once other work had its turn (see parseReplies.ts).
      if (!done) return void nextTurn(() => worker === this.worker && this.queue[0]?.id === id && worker.post({ more: id }));
      const all = this.received;
      this.received = nothingReceived();
      this.queue.shift();
      this.posted--;
      job.resolve({ text: job.text, ...all, ...(truncated && { truncated }) });
      this.startClock(worker);
      this.pump();
    });
    // A crashed worker is replaced like a slow one: the document in hand gets no references.
    worker.onFailure(() => this.abandonRunning(worker));
    this.worker = worker;
    return worker;
  }

  private abandonRunning(worker: ParseWorker): void {
    if (worker !== this.worker || this.disposed) return;
    clearTimeout(this.timer);
    this.worker = undefined;
    worker.terminate();
    const job = this.posted > 0 ? this.queue.shift() : undefined;
    this.received = nothingReceived();
    // The jobs sent ahead go to the new worker.
    this.posted = 0;
    if (job) {
      this.onAbandoned(job.label);
      job.resolve({ text: job.text, references: [], directives: [], givenUp: true });
    }
    this.pump();
  }
}

/** After the other work now waiting: `setImmediate` on Node, a zero timeout in a web worker. */
const nextTurn: (run: () => void) => void =
  typeof setImmediate === 'function' ? (run) => void setImmediate(run) : (run) => void setTimeout(run, 0);

function nothingReceived(): { references: IdReference[]; directives: Directive[] } {
  return { references: [], directives: [] };
}
