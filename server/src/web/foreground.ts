import type { DataCallback, Message, MessageReader } from 'vscode-languageserver/browser';

/**
 * When the editor last asked about a document or changed one. The web server's background work
 * (the workspace scan: reads through the client, parses in a nested worker) waits for a quiet
 * moment, because it shares the client's thread and the machine's cores with what a person is
 * waiting for: the hover on the incident just opened.
 */
export class Foreground {
  private last = Number.NEGATIVE_INFINITY;

  touch(): void {
    this.last = Date.now();
  }

  /** Resolves once nothing came from the editor for `quietMs`. */
  async quiet(quietMs = QUIET_MS): Promise<void> {
    for (let wait = this.last + quietMs - Date.now(); wait > 0; wait = this.last + quietMs - Date.now()) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** `reader`, telling this of every document request and notification it reads. */
  watch(reader: MessageReader): MessageReader {
    return {
      onError: reader.onError,
      onClose: reader.onClose,
      onPartialMessage: reader.onPartialMessage,
      listen: (callback: DataCallback) =>
        reader.listen((message: Message) => {
          if (isDocumentMessage(message)) this.touch();
          callback(message);
        }),
      dispose: () => reader.dispose(),
    };
  }
}

const QUIET_MS = 500;

function isDocumentMessage(message: Message): boolean {
  const { method } = message as { method?: unknown };
  return typeof method === 'string' && method.startsWith('textDocument/');
}
