import { parentPort } from 'node:worker_threads';
import { parseBody } from './lsp/stdioFraming';

/**
 * The stdio server's large messages, decoded and parsed on this thread (see `lsp/stdioTransport.ts`):
 * a 20 MB note's `didOpen` then costs this thread its `JSON.parse`, and the main thread, which
 * frames the input and answers every document, only the copy of the parsed message. The body
 * comes transferred (not copied) as bytes.
 */
parentPort?.on('message', ({ id, body }: { id: number; body: Uint8Array }) => {
  parentPort?.postMessage({ id, event: parseBody(Buffer.from(body.buffer, body.byteOffset, body.byteLength)) });
});
