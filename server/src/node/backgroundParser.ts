import { Worker } from 'node:worker_threads';
import type { DisarmDocument, IdReference } from '../service/document';

interface Job {
  readonly id: number;
  readonly text: string;
  /** Names the document in the message about an abandoned parse. */
  readonly label: string;
  readonly resolve: (model: DisarmDocument) => void;
}

/**
 * Parses documents in a worker thread, one at a time, with a time bound per document. A parse
 * that runs over the bound is abandoned (the document gets no references, and the caller is
 * told), the worker is replaced and the queued documents go on in the new one.
 */
export class BackgroundParser {
  private worker: Worker | undefined;
  private readonly queue: Job[] = [];
  private timer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly script: string,
    private readonly timeoutMs: number,
    private readonly onAbandoned: (label: string) => void,
  ) {}

  parse(text: string, label: string): Promise<DisarmDocument> {
    if (this.disposed) return Promise.resolve({ text, references: [] });
    return new Promise((resolve) => {
      const job = { id: this.nextId++, text, label, resolve };
      this.queue.push(job);
      this.ensureWorker().postMessage({ id: job.id, text });
      if (this.queue.length === 1) this.startClock();
    });
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    void this.worker?.terminate();
    this.worker = undefined;
    for (const job of this.queue.splice(0)) job.resolve({ text: job.text, references: [] });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.on('message', ({ id, references }: { id: number; references: IdReference[] }) => {
      const job = this.queue[0];
      if (worker !== this.worker || job?.id !== id) return;
      this.queue.shift();
      job.resolve({ text: job.text, references });
      this.startClock();
    });
    // A crashed worker is replaced like a slow one: the document in hand gets no references.
    worker.on('error', () => this.abandonHead(worker));
    worker.on('exit', () => this.abandonHead(worker));
    this.worker = worker;
    return worker;
  }

  private startClock(): void {
    clearTimeout(this.timer);
    const head = this.queue[0];
    if (!head) return;
    const worker = this.worker;
    this.timer = setTimeout(() => worker && this.abandonHead(worker), this.timeoutMs);
  }

  private abandonHead(worker: Worker): void {
    if (worker !== this.worker || this.disposed) return;
    clearTimeout(this.timer);
    this.worker = undefined;
    void worker.terminate();
    const head = this.queue.shift();
    if (head) {
      this.onAbandoned(head.label);
      head.resolve({ text: head.text, references: [] });
    }
    if (this.queue.length === 0) return;
    const replacement = this.ensureWorker();
    for (const job of this.queue) replacement.postMessage({ id: job.id, text: job.text });
    this.startClock();
  }
}
