import type { DisarmDocument, IdReference } from '../service/markdown/document';
import { parseDisarmDocument } from '../service/markdown/document';
import type { Directive } from '../service/markdown/suppression';

/**
 * References, then directives, per message: a message is read (deserialized) on the server's
 * main thread in one go, so none may be large. 5,000 references took 19-28 ms to read there, and
 * 20,000 directives in one message 24-47 ms; a thousand references, or 5,000 directives (smaller
 * objects), are a few ms.
 */
export const REFERENCES_PER_MESSAGE = 1_000;
export const DIRECTIVES_PER_MESSAGE = 5_000;

/** A job for a parse worker: a text to parse, or the next chunk of the last parse's references. */
export type ParseMessage = ParseJob | { readonly more: number };
type ParseJob = { readonly id: number; readonly text: string; readonly maxReferences?: number };

/** What a parse worker posts once it can take jobs: the time bound counts from then, not from its boot. */
export const WORKER_READY = { ready: true } as const;
export type WorkerReady = typeof WORKER_READY;

/** One chunk of a parse's references, or (once they are all sent) of its directives; the last (`done`) also carries `truncated`. */
export interface ParseReply {
  readonly id: number;
  readonly references: readonly IdReference[];
  readonly done: boolean;
  readonly directives?: readonly Directive[];
  readonly truncated?: DisarmDocument['truncated'];
}

/**
 * The parse worker's side of the protocol, the same for a Node worker thread and a web worker:
 * a job is parsed at once (keeping at most `maxReferences`), and its references go back in
 * chunks, each sent when the server asks for the next (`{ more: id }`). Chunks sent all at once
 * would be read in one go, and reading a model of many references would hold the main thread long.
 */
export function parseReplies(post: (reply: ParseReply) => void): (message: ParseMessage) => void {
  let unsent: { id: number; references: readonly IdReference[]; directives: readonly Directive[]; at: number; truncated?: DisarmDocument['truncated'] } | undefined;
  const send = (): void => {
    if (!unsent) return;
    const { id, references, directives, at, truncated } = unsent;
    // `at` counts the references, then the directives.
    const chunk =
      at < references.length
        ? { references: references.slice(at, at + REFERENCES_PER_MESSAGE) }
        : { references: [], directives: directives.slice(at - references.length, at - references.length + DIRECTIVES_PER_MESSAGE) };
    const next = at + (chunk.directives ? chunk.directives.length : chunk.references.length);
    const done = next >= references.length + directives.length;
    unsent = done ? undefined : { ...unsent, at: next };
    post({ id, ...chunk, done, ...(done && truncated && { truncated }) });
  };
  const parse = ({ id, text, maxReferences }: ParseJob): void => {
    const parsed = parseDisarmDocument(text);
    const kept = maxReferences !== undefined && parsed.references.length > maxReferences;
    const references = kept ? parsed.references.slice(0, maxReferences) : parsed.references;
    const truncated = kept ? { at: parsed.references[maxReferences].start, total: parsed.references.length } : undefined;
    unsent = { id, references, directives: parsed.directives, at: 0, truncated };
    send();
  };
  // Jobs sent ahead (the CLI and the workspace scan keep several in hand) wait until the job
  // before has sent its last chunk: parsing one earlier would replace that job's unsent chunks.
  const waiting: ParseJob[] = [];
  return (message) => {
    if ('more' in message) {
      if (unsent?.id === message.more) send();
    } else {
      waiting.push(message);
    }
    while (!unsent && waiting.length) parse(waiting.shift()!);
  };
}
