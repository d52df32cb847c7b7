import { DataCallback, Disposable, Message, MessageReader, MessageWriter, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';

/**
 * The stdio transport, with what the library leaves out: when the input stops being a JSON-RPC
 * stream (a header without a Content-Length, a length that is not a number, a body that is not
 * JSON), the reader cannot find the next message, so every later request would go unanswered.
 * The server then says so on stderr and exits, and the editor restarts it, rather than waiting
 * on a server that has stopped listening. The end of the input ends the server, as the library
 * does for its own transport: with 0 after a `shutdown` request, else 1.
 */
export function stdioTransport(stdin = process.stdin, stdout = process.stdout): [MessageReader, MessageWriter] {
  let shutdownReceived = false;
  const reader = new (class extends StreamMessageReader {
    listen(callback: DataCallback): Disposable {
      return super.listen((message: Message) => {
        if ((message as { method?: string }).method === 'shutdown') shutdownReceived = true;
        callback(message);
      });
    }
  })(stdin);
  reader.onError((error) => {
    process.stderr.write(`disarm-language-server: its input is not a readable JSON-RPC stream (${error.message.split('\n')[0]}); exiting so that the editor can restart it.\n`);
    process.exit(1);
  });
  const exit = () => process.exit(shutdownReceived ? 0 : 1);
  stdin.on('end', exit);
  stdin.on('close', exit);
  return [reader, new StreamMessageWriter(stdout)];
}
