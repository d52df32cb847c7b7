import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerStats, ServerStatsRequest } from '../../server/src/protocol';
import type { Session } from '../protocol/session';

/** What an edit storm against a running server showed. */
export interface StormResult {
  readonly changes: number;
  readonly requests: number;
  readonly answered: number;
  readonly cancelled: number;
  /** Cancelled requests answered with a cancellation error or an empty result. */
  readonly cancelledEmpty: number;
  readonly latencies: number[];
  /** Publishes for a version older than one already published: must be 0. */
  readonly stalePublishes: number;
  /** The diagnostics of the final version arrived and equal those of the final text sent whole. */
  readonly finalMatches: boolean;
  /** The server's heap after a collection, before the storm and after it (documents closed). */
  readonly heapBefore: number;
  readonly heapAfter: number;
}

/** The server's used heap after a garbage collection (the server runs with --expose-gc in these tests). */
async function heapUsed(server: Session): Promise<number> {
  const stats = await server.connection.sendRequest<ServerStats>(ServerStatsRequest);
  return stats.heapUsed;
}

/**
 * Sends `changesPerSecond` small incremental edits to the largest real incident for `seconds`,
 * with a hover or completion request every 5 ms, a tenth of them cancelled at once. On a slow
 * machine it goes on until `minChanges` were sent, so a test checks a storm of the same size anywhere.
 */
export async function editStorm(server: Session, incidentFile: string, seconds: number, changesPerSecond = 1000, minChanges = 0): Promise<StormResult> {
  const uri = pathToFileURL(incidentFile).href;
  const text = readFileSync(incidentFile, 'utf8');
  let document = TextDocument.create(uri, 'markdown', 1, text);
  server.open(uri, text);
  await server.diagnostics(uri, 1);
  const heapBefore = await heapUsed(server);

  const firstNotification = server.received.length;

  const latencies: number[] = [];
  let requests = 0;
  let answered = 0;
  let cancelled = 0;
  let cancelledEmpty = 0;
  const pending: Promise<void>[] = [];
  const ask = (n: number): void => {
    const offset = (n * 7919) % document.getText().length;
    const position = document.positionAt(offset);
    const method = n % 2 ? 'textDocument/hover' : 'textDocument/completion';
    const source = new CancellationTokenSource();
    const started = performance.now();
    requests++;
    const cancel = n % 10 === 0;
    if (cancel) cancelled++;
    pending.push(
      server.connection.sendRequest(method, { textDocument: { uri }, position }, source.token).then(
        (result: unknown) => {
          if (cancel) cancelledEmpty += result === null ? 1 : 0;
          else {
            answered++;
            latencies.push(performance.now() - started);
          }
        },
        () => {
          if (cancel) cancelledEmpty++;
        },
      ),
    );
    if (cancel) source.cancel();
  };

  const start = Date.now();
  const end = start + seconds * 1000;
  const batch = Math.max(1, Math.round(changesPerSecond / 200));
  let changes = 0;
  let n = 0;
  while (Date.now() < end || changes < minChanges) {
    const tickEnd = Date.now() + 5;
    // The changes due by now at the rate asked: a tick that comes late (timers are late on a busy
    // machine) sends what the late one missed, so the rate is the one asked, not the timers'; at
    // most two ticks' worth, so that a sender slowed down for long sends no bursts.
    const due = Math.min(changes + 2 * batch, Math.max(changes + 1, Math.floor(((Date.now() - start) * changesPerSecond) / 1000)));
    for (let i = changes; i < due; i++) {
      const at = document.positionAt(((changes * 104729) % (document.getText().length - 10)) + 1);
      const insert = changes % 2 === 0;
      const change = insert ? { range: { start: at, end: at }, text: 'T0115: Post Content ' } : { range: { start: at, end: document.positionAt(document.offsetAt(at) + 1) }, text: '' };
      document = TextDocument.update(document, [change], document.version + 1);
      void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: document.version }, contentChanges: [change] });
      changes++;
    }
    ask(n++);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, tickEnd - Date.now())));
  }
  await Promise.all(pending);
  const finalDiagnostics = await server.diagnostics(uri, document.version);
  const wholeUri = pathToFileURL(path.join(path.dirname(incidentFile), 'storm-whole.md')).href;
  server.open(wholeUri, document.getText());
  const whole = await server.diagnostics(wholeUri, 1);
  const key = (ds: Array<{ code: string; range: { start: { line: number; character: number } } }>) =>
    ds.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`).sort().join(',');
  // Publishes in the order they arrived: a version older than one already published is stale.
  let newestPublished = 0;
  let stalePublishes = 0;
  for (const n of server.received.slice(firstNotification)) {
    if (n.method !== 'textDocument/publishDiagnostics' || n.params.uri !== uri || n.params.version === undefined) continue;
    if (n.params.version < newestPublished) stalePublishes++;
    newestPublished = Math.max(newestPublished, n.params.version);
  }
  for (const closing of [uri, wholeUri]) void server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: closing } });
  // The close notifications are handled before the stats request that follows them.
  await server.connection.sendRequest('disarm/dataStatus');
  return {
    changes,
    requests,
    answered,
    cancelled,
    cancelledEmpty,
    latencies,
    stalePublishes,
    finalMatches: key(finalDiagnostics) === key(whole),
    heapBefore,
    heapAfter: await heapUsed(server),
  };
}
