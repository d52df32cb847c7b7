import type { DisarmDocument, IdReference } from '../service/markdown/document';
import { parseDisarmDocument } from '../service/markdown/document';
import type { Directive } from '../service/markdown/suppression';

/** References per message: a message is read on the server's main thread in one go, so none may be large. */
const CHUNK = 5_000;

/** A job for a parse worker: a text to parse, or the next chunk of the last parse's references. */
export type ParseMessage = ParseJob | { readonly more: number };
type ParseJob = { readonly id: number; readonly text: string; readonly maxReferences?: number };

/** What a parse worker posts once it can take jobs: the time bound counts from then, not from its boot. */
export const WORKER_READY = { ready: true } as const;
export type WorkerReady = typeof WORKER_READY;

/** One chunk of a parse's references; the last (`done`) also carries its directives and `truncated`. */
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
  let unsent: { id: number; references: readonly IdReference[]; at: number; rest: Pick<ParseReply, 'directives' | 'truncated'> } | undefined;
  const send = (): void => {
    if (!unsent) return;
    const { id, references, at, rest } = unsent;
    const done = references.length - at <= CHUNK;
    unsent = done ? undefined : { ...unsent, at: at + CHUNK };
    post({ id, references: references.slice(at, at + CHUNK), done, ...(done && rest) });
  };
  const parse = ({ id, text, maxReferences }: ParseJob): void => {
    const parsed = parseDisarmDocument(text);
    const kept = maxReferences !== undefined && parsed.references.length > maxReferences;
    const references = kept ? parsed.references.slice(0, maxReferences) : parsed.references;
    const truncated = kept ? { at: parsed.references[maxReferences].start, total: parsed.references.length } : undefined;
    unsent = { id, references, at: 0, rest: { directives: parsed.directives, ...(truncated && { truncated }) } };
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
