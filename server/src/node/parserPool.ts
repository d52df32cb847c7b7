import { availableParallelism } from 'node:os';
import type { DisarmDocument } from '../service/markdown/document';
import { BackgroundParser } from './backgroundParser';

/**
 * Several {@link BackgroundParser}s taking documents in turn, for the workspace scan: the parse
 * is most of the index build, and on a machine with spare cores it spreads over them. Separate
 * from the parser of open documents, so an opened document never waits behind the scan.
 */
export class ParserPool {
  private readonly parsers: BackgroundParser[];
  private next = 0;

  /** `size` defaults to the cores left after the server's own thread, at least 1 and at most 4. */
  constructor(script: string, timeoutMs: number, onAbandoned: (label: string) => void, size = Math.min(4, Math.max(1, availableParallelism() - 1))) {
    // Several jobs ahead keep the worker busy while replies travel back.
    this.parsers = Array.from({ length: size }, () => new BackgroundParser(script, timeoutMs, onAbandoned, 4));
  }

  /** Number of worker parsers. */
  get size(): number {
    return this.parsers.length;
  }

  parse(text: string, label: string): Promise<DisarmDocument> {
    const parser = this.parsers[this.next];
    this.next = (this.next + 1) % this.parsers.length;
    // No key: scan jobs never replace each other, so a model always comes back.
    return parser.parse(text, label) as Promise<DisarmDocument>;
  }

  dispose(): void {
    for (const parser of this.parsers) parser.dispose();
  }
}
