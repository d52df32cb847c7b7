import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { AbstractMessageReader, DataCallback, Disposable, Message, MessageReader, MessageWriter, StreamMessageWriter } from 'vscode-languageserver/node';
import { FramedEvent, MessageFramer } from './stdioFraming';

/** Bodies at least this long are parsed on the message thread; shorter ones here, with no thread hop. */
export const OFFLOAD_BYTES = 256 * 1024;

/**
 * The stdio transport, with what the library leaves out:
 *
 * - a large message is decoded and parsed on a thread of its own (`messageParser` next to the
 *   server bundle): the library's reader joins its chunks, decodes and parses it on the main
 *   thread, where a 20 MB note's `didOpen` held every other document's requests for 70-120 ms in
 *   one stretch. Here the main thread frames the input (a body is copied into one buffer of its
 *   length as its chunks come), hands the body over without a copy, and receives the parsed
 *   message; the messages after it wait for it. Without that script the main thread parses all;
 * - when the input stops being a JSON-RPC stream (a header without a Content-Length, a length that
 *   is not a number, a body that is not JSON), the next message cannot be found, so every later
 *   request would go unanswered. The server then says so on stderr and exits, and the editor
 *   restarts it, rather than waiting on a server that has stopped listening. The end of the input
 *   ends the server, as the library does for its own transport: with 0 after a `shutdown` request, else 1.
 */
export function stdioTransport(parserScript?: string, stdin = process.stdin, stdout = process.stdout): [MessageReader, MessageWriter] {
  return [new FramedMessageReader(stdin, parserScript && existsSync(parserScript) ? parserScript : undefined), new StreamMessageWriter(stdout)];
}

class FramedMessageReader extends AbstractMessageReader {
  private callback: DataCallback | undefined;
  private readonly early: Message[] = [];
  private shutdownReceived = false;
  private worker: Worker | undefined;

  constructor(stdin: NodeJS.ReadableStream, parserScript: string | undefined) {
    super();
    const pending = new Map<number, (event: FramedEvent) => void>();
    let nextId = 0;
    const offload = parserScript
      ? {
          minBytes: OFFLOAD_BYTES,
          parse: (body: Buffer): Promise<FramedEvent> => {
            const worker = this.messageWorker(parserScript, pending);
            const id = nextId++;
            return new Promise<FramedEvent>((resolve) => {
              pending.set(id, resolve);
              // A body of this size has an ArrayBuffer of its own (never Buffer's shared pool): it moves, uncopied.
              worker.postMessage({ id, body }, [body.buffer as ArrayBuffer]);
            });
          },
        }
      : undefined;
    // Booted now, so that the first large message does not wait for it (tens of ms on a busy machine).
    if (parserScript) this.messageWorker(parserScript, pending);
    const framer = new MessageFramer((event) => this.handle(event), offload);
    stdin.on('data', (chunk: Buffer) => framer.push(chunk));
    stdin.on('end', () => framer.end());
    stdin.on('close', () => framer.end());
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    for (const message of this.early.splice(0)) callback(message);
    return Disposable.create(() => {
      this.callback = undefined;
    });
  }

  dispose(): void {
    super.dispose();
    void this.worker?.terminate();
  }

  private handle(event: FramedEvent): void {
    if ('message' in event) {
      const message = event.message as Message;
      if ((message as { method?: string }).method === 'shutdown') this.shutdownReceived = true;
      if (this.callback) this.callback(message);
      else this.early.push(message);
    } else if ('error' in event) {
      process.stderr.write(`disarm-language-server: its input is not a readable JSON-RPC stream (${event.error.split('\n')[0]}); exiting so that the editor can restart it.\n`);
      process.exit(1);
    } else process.exit(this.shutdownReceived ? 0 : 1);
  }

  /** The message thread (started with the transport, again after a failure); it does not keep the process alive. */
  private messageWorker(script: string, pending: Map<number, (event: FramedEvent) => void>): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(script);
    worker.unref();
    worker.on('message', ({ id, event }: { id: number; event: FramedEvent }) => {
      const resolve = pending.get(id);
      pending.delete(id);
      resolve?.(event);
    });
    const failed = (reason: string) => {
      for (const resolve of pending.values()) resolve({ error: `its message thread ${reason}` });
      pending.clear();
    };
    worker.on('error', (error) => failed(`failed: ${error.message}`));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      failed('exited');
    });
    return (this.worker = worker);
  }
}
