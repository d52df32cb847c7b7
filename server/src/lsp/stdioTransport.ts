import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { AbstractMessageReader, DataCallback, Disposable, Message, MessageReader, MessageWriter, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import type { FramedEvent } from './stdioFraming';

/**
 * The stdio transport, with what the library leaves out:
 *
 * - the input is read, framed, decoded and parsed on a thread of its own (`stdinReader` next to
 *   the server bundle, see `stdioFraming.ts`): the library's reader does it on the main thread,
 *   where a 20 MB note's `didOpen` held every other document's requests for 70-120 ms in one
 *   stretch (joining its chunks, decoding, `JSON.parse`). Here the main thread only receives the
 *   parsed message. Without that script (a bundle run from elsewhere) the library's reader is used;
 * - when the input stops being a JSON-RPC stream (a header without a Content-Length, a length that
 *   is not a number, a body that is not JSON), the next message cannot be found, so every later
 *   request would go unanswered. The server then says so on stderr and exits, and the editor
 *   restarts it, rather than waiting on a server that has stopped listening. The end of the input
 *   ends the server, as the library does for its own transport: with 0 after a `shutdown` request, else 1.
 */
export function stdioTransport(readerScript?: string, stdout = process.stdout): [MessageReader, MessageWriter] {
  let shutdownReceived = false;
  const seen = (message: Message) => {
    if ((message as { method?: string }).method === 'shutdown') shutdownReceived = true;
  };
  const exit = () => process.exit(shutdownReceived ? 0 : 1);
  const unreadable = (reason: string) => {
    process.stderr.write(`disarm-language-server: its input is not a readable JSON-RPC stream (${reason.split('\n')[0]}); exiting so that the editor can restart it.\n`);
    process.exit(1);
  };
  if (readerScript && existsSync(readerScript)) return [new ThreadMessageReader(new Worker(readerScript), seen, unreadable, exit), new StreamMessageWriter(stdout)];

  const reader = new (class extends StreamMessageReader {
    listen(callback: DataCallback): Disposable {
      return super.listen((message: Message) => {
        seen(message);
        callback(message);
      });
    }
  })(process.stdin);
  reader.onError((error) => unreadable(error.message));
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
  return [reader, new StreamMessageWriter(stdout)];
}

/**
 * Messages from the stdin reader thread, in their order; those that come before `listen` wait
 * for it. An error or the end of the input is final: the thread has stopped reading.
 */
class ThreadMessageReader extends AbstractMessageReader {
  private callback: DataCallback | undefined;
  private readonly early: Message[] = [];

  constructor(
    private readonly worker: Worker,
    private readonly seen: (message: Message) => void,
    unreadable: (reason: string) => void,
    ended: () => void,
  ) {
    super();
    worker.on('message', (event: FramedEvent) => {
      if ('message' in event) {
        const message = event.message as Message;
        this.seen(message);
        if (this.callback) this.callback(message);
        else this.early.push(message);
      } else if ('error' in event) unreadable(event.error);
      else ended();
    });
    worker.on('error', (error) => unreadable(`its reader failed: ${error.message}`));
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
    void this.worker.terminate();
  }
}
