import { parentPort } from 'node:worker_threads';
import type { IdReference } from './service/markdown/document';
import { parseDisarmDocument } from './service/markdown/document';

/** References per message: a message is read on the server's main thread in one go, so none may be large. */
const CHUNK = 5_000;

type Job = { id: number; text: string; maxReferences?: number };

/** The references of the last parse still to send, when the server asks for them one chunk at a time. */
let unsent: { id: number; references: readonly IdReference[]; at: number; rest: object } | undefined;

/**
 * Jobs sent ahead (the CLI and the workspace scan keep several in hand), parsed only once the
 * job before has sent its last chunk: a parse started earlier would replace its unsent chunks.
 */
const waiting: Job[] = [];

/**
 * The markdown parse of the language server, off its main thread: a pathological document
 * (micromark is super-linear on some inputs) then costs this thread, which the server can
 * stop, and never the requests of other documents. The references go back in chunks, each sent
 * when the server asks for the next (`{ more: id }`): chunks sent all at once would be read in
 * one go, and reading a model of many references would hold the main thread for long.
 */
parentPort?.on('message', (message: Job | { more: number }) => {
  if ('more' in message) {
    if (unsent?.id === message.more) send();
  } else {
    waiting.push(message);
  }
  while (!unsent && waiting.length) parse(waiting.shift()!);
});

function parse({ id, text, maxReferences }: Job): void {
  const parsed = parseDisarmDocument(text);
  const kept = maxReferences !== undefined && parsed.references.length > maxReferences;
  const references = kept ? parsed.references.slice(0, maxReferences) : parsed.references;
  const truncated = kept ? { at: parsed.references[maxReferences].start, total: parsed.references.length } : undefined;
  unsent = { id, references, at: 0, rest: { directives: parsed.directives, truncated } };
  send();
}

function send(): void {
  if (!unsent) return;
  const { id, references, at, rest } = unsent;
  const done = references.length - at <= CHUNK;
  parentPort?.postMessage({ id, references: references.slice(at, at + CHUNK), done, ...(done && rest) });
  unsent = done ? undefined : { ...unsent, at: at + CHUNK };
}
