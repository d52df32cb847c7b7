/**
 * JSON-RPC's base protocol read from a byte stream: headers (`Content-Length`, an optional
 * `Content-Type` whose charset must be UTF-8), then the body, decoded and parsed. The server's
 * main thread frames its stdin with it; a large body (a 20 MB note's `didOpen`: 70-150 ms to
 * decode and `JSON.parse`) is parsed by the message thread (`messageParser.ts`).
 *
 * The messages after a body being parsed elsewhere wait for it, with one exception: a request on
 * a document that nothing held ahead of it can change passes them (see {@link MessageFramer.hand}).
 * LSP lets a server answer out of order where the answers cannot differ, and a hover on one
 * document then no longer waits for another document's 20 MB to be read.
 */

/** What the reader hands on, in the order of the input. */
export type FramedEvent = { readonly message: unknown } | { readonly error: string } | { readonly end: true };

/** The most a header block may hold before the input is taken for something else than JSON-RPC. */
const MAX_HEADER_BYTES = 64 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');
/** The longest body read: V8's longest string is about 512 M characters, and no document that long could be checked. */
const MAX_BODY_BYTES = 512 * 1024 * 1024;

/**
 * Frames the chunks it is given into messages, each handed to `emit` once complete. A body
 * longer than its first chunk is copied into a buffer of its length as the chunks come (never a
 * list of chunks joined at the end). The errors say what the library's reader says for the same
 * input; after one, or after {@link end}, nothing more is read.
 */
export class MessageFramer {
  /** Header bytes not yet ended by a blank line. */
  private header: Buffer = Buffer.alloc(0);
  /** The body being filled, and how much of it is. */
  private body: Buffer | undefined;
  private filled = 0;
  private stopped = false;
  /** Events behind a body still being parsed elsewhere, in the input's order (the first is that body's). */
  private readonly waiting: Held[] = [];

  /**
   * `offload`, when given, parses bodies of at least `minBytes` elsewhere (the body thread): the
   * events after such a body are held until it is parsed.
   */
  constructor(
    private readonly emit: (event: FramedEvent) => void,
    private readonly offload?: { readonly minBytes: number; readonly parse: (body: Buffer) => Promise<FramedEvent> },
  ) {}

  push(chunk: Buffer): void {
    let at = 0;
    while (!this.stopped && at < chunk.length) {
      if (this.body) {
        const count = chunk.copy(this.body, this.filled, at);
        this.filled += count;
        at += count;
        if (this.filled === this.body.length) this.parseBody();
        continue;
      }
      // The header may have begun in an earlier chunk: look for its end across the join.
      const joined = this.header.length ? Buffer.concat([this.header, chunk.subarray(at, at + MAX_HEADER_BYTES + HEADER_END.length)]) : chunk.subarray(at);
      const end = joined.indexOf(HEADER_END);
      if (end < 0) {
        if (joined.length > MAX_HEADER_BYTES) return this.fail(`a header block longer than ${MAX_HEADER_BYTES} bytes`);
        this.header = Buffer.from(joined);
        return;
      }
      const headers = parseHeaders(joined.toString('ascii', 0, end));
      if ('error' in headers) return this.fail(headers.error);
      at += end + HEADER_END.length - this.header.length;
      this.header = Buffer.alloc(0);
      this.body = Buffer.allocUnsafe(headers.length);
      this.filled = 0;
      if (headers.length === 0) this.parseBody();
    }
  }

  /** The input ended: the end, or an error when it ended inside a message. */
  end(): void {
    if (this.stopped) return;
    if (this.body || this.header.length) return this.fail('the input ended inside a message');
    this.stopped = true;
    this.hand({ end: true });
  }

  private parseBody(): void {
    const body = this.body!;
    this.body = undefined;
    if (this.offload && body.length >= this.offload.minBytes) {
      const slot: Held = { touches: peekDocument(body) };
      this.waiting.push(slot);
      void this.offload.parse(body).then((event) => {
        slot.event = event;
        if ('error' in event) this.stopped = true;
        this.drain();
      });
      return;
    }
    const event = parseBody(body);
    if ('error' in event) this.stopped = true;
    this.hand(event);
  }

  private fail(error: string): void {
    this.stopped = true;
    this.hand({ error });
  }

  /**
   * Emits now, or after the bodies being parsed elsewhere. A request on one document passes what
   * is held when none of it can change that document: each held message is about another
   * document, or is a cancellation. The request is then answered as if it had come first, which
   * its client cannot tell from the order it was sent in. Anything else keeps its place.
   */
  private hand(event: FramedEvent): void {
    if (!this.waiting.length) return this.emit(event);
    const message = 'message' in event ? event.message : undefined;
    const reads = documentRequest(message);
    if (reads !== undefined && this.waiting.every(({ touches }) => touches === 'nothing' || (touches !== 'anything' && touches.document !== reads))) return this.emit(event);
    this.waiting.push({ event, touches: touchesOf(message) });
  }

  private drain(): void {
    while (this.waiting.length && this.waiting[0].event) {
      const { event } = this.waiting.shift()!;
      this.emit(event!);
      // Nothing is read after an error: what came behind it is dropped.
      if ('error' in event!) this.waiting.length = 0;
    }
  }
}

/** A held event, and what it may change once handled. */
interface Held {
  event?: FramedEvent;
  readonly touches: Touches;
}

/** What handling a message may change: one document's state, nothing the others read, or anything. */
type Touches = { readonly document: string } | 'nothing' | 'anything';

type Incoming = { readonly id?: unknown; readonly method?: unknown; readonly params?: { readonly textDocument?: { readonly uri?: unknown } } } | undefined;

/** The document a `textDocument/...` message is about, or undefined. */
function documentOf(message: unknown): string | undefined {
  const m = message as Incoming;
  if (m === null || typeof m !== 'object' || typeof m.method !== 'string' || !m.method.startsWith('textDocument/')) return undefined;
  const uri = m.params?.textDocument?.uri;
  return typeof uri === 'string' ? uri : undefined;
}

/** The document a request about one document reads (`textDocument/...` requests change no state), or undefined. */
function documentRequest(message: unknown): string | undefined {
  return (message as Incoming)?.id !== undefined ? documentOf(message) : undefined;
}

function touchesOf(message: unknown): Touches {
  // A cancellation, and a request on a document (held because something ahead changes it), change nothing others read.
  if ((message as Incoming)?.method === '$/cancelRequest' || documentRequest(message) !== undefined) return 'nothing';
  const uri = documentOf(message);
  return uri !== undefined ? { document: uri } : 'anything';
}

/**
 * The start of a body as clients built on vscode-jsonrpc (VS Code's among them) write a document's
 * message: the method, then `params.textDocument.uri`. Read off the bytes, outside any string by
 * construction, so the uri is the message's own.
 */
const DOCUMENT_MESSAGE_START =
  /^\s*\{\s*"jsonrpc"\s*:\s*"2\.0"\s*,\s*"method"\s*:\s*"(textDocument\/[^"\\]+)"\s*,\s*"params"\s*:\s*\{\s*"textDocument"\s*:\s*\{\s*"uri"\s*:\s*("(?:[^"\\]|\\.)*")/;
const PEEK_BYTES = 4096;

/** What a body not yet parsed may change: its document, when its start says which; else anything. */
export function peekDocument(body: Buffer): Touches {
  const start = DOCUMENT_MESSAGE_START.exec(body.toString('utf8', 0, Math.min(body.length, PEEK_BYTES)));
  if (!start) return 'anything';
  try {
    return { document: JSON.parse(start[2]) as string };
  } catch {
    return 'anything';
  }
}

/** A body's message, or why it is not JSON. */
export function parseBody(body: Buffer): FramedEvent {
  try {
    return { message: JSON.parse(body.toString('utf8')) };
  } catch (error) {
    return { error: `a body that is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** The body's length from a header block, or why the block is not JSON-RPC's. */
export function parseHeaders(block: string): { readonly length: number } | { readonly error: string } {
  let length: string | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) return { error: `a header line without a colon: ${JSON.stringify(line.slice(0, 80))}` };
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') length = value;
    else if (name === 'content-type') {
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(value)?.[1].toLowerCase();
      if (charset && charset !== 'utf-8' && charset !== 'utf8') return { error: `an unsupported charset ${charset}` };
    }
  }
  if (length === undefined) return { error: 'Header must provide a Content-Length property.' };
  if (!/^\d+$/.test(length)) return { error: `Content-Length value must be a number. Got ${length}` };
  if (Number(length) > MAX_BODY_BYTES) return { error: `a Content-Length of ${length} bytes, over the ${MAX_BODY_BYTES} this server reads` };
  return { length: Number(length) };
}
