import { createReadStream, fstatSync } from 'node:fs';
import { Socket } from 'node:net';
import { parentPort } from 'node:worker_threads';
import { MessageFramer } from './lsp/stdioFraming';

/**
 * The stdio server's input, read on this thread (started by `lsp/stdioTransport.ts`): it frames
 * each JSON-RPC message, decodes and parses it, and posts it to the main thread. A large message
 * (a 20 MB note's `didOpen`) then costs this thread its reading and parsing, and the main thread
 * only the copy of the parsed message. The reads are asynchronous: a read blocked on stdin would
 * keep the process from exiting.
 */
const framer = new MessageFramer((event) => parentPort?.postMessage(event));
const stat = fstatSync(0);
// A pipe or socket (what editors give) as the main thread's process.stdin would read it; a file through fs.
const input = stat.isFIFO() || stat.isSocket() ? new Socket({ fd: 0, readable: true, writable: false }) : createReadStream('', { fd: 0 });
input.on('data', (chunk: Buffer | string) => framer.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
input.on('end', () => framer.end());
input.on('error', (error: Error) => parentPort?.postMessage({ error: `stdin could not be read (${error.message})` }));
