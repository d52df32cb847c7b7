/**
 * Hostile documents against a running server and the CLI, driven as an editor drives them:
 * while one hostile document (generated, see hostileDocuments.ts) is open and being changed, a
 * hover on a normal document must answer within 100 ms at p99; every request on the hostile
 * document must be answered within 1 s, with its result or with the server's own ServerCancelled
 * (the client never cancels); the server stays under 1 GB; and `disarm-lint --fix` stays within
 * 3x the lint at every size.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerStats, ServerStatsRequest } from '../server/src/protocol';
import type { FrameworkIndex } from '../server/src/service/framework/framework';
import { Session } from '../test/protocol/session';
import { HostileDocument, hostileDocuments, incidentNote } from './hostileDocuments';
import { epochNow, recordLateness } from './lateness';
import { quantile, row } from './util';

/** Every request on the hostile document is answered within this, by the server alone. */
const ANSWER_WITHIN_MS = 1000;
/** The bench gives up on a request only after this long, so that a server that never answers still ends the run. */
const GIVE_UP_AFTER_MS = 10_000;
/** LSP 3.17: the server cancelled the request, and the client may send it again. */
const SERVER_CANCELLED = -32802;
const SECONDS_PER_DOCUMENT = 8;

interface Outcome {
  readonly method: string;
  readonly ms: number;
  /** How it ended: answered, ServerCancelled, another error, or given up by the bench. */
  readonly end: 'answered' | 'server-cancelled' | 'error' | 'given up';
}

export async function benchHostile(checkout: string, index: FrameworkIndex, cli: string): Promise<void> {
  const normalText = readFileSync(path.join(checkout, 'generated_pages', 'incidents', 'I00114.md'), 'utf8');
  for (const hostile of hostileDocuments(index)) await againstServer(checkout, hostile, normalText);
  fixAgainstLint(checkout, index, cli);
}

export async function againstServer(checkout: string, hostile: HostileDocument, normalText: string, nodeArgs: string[] = []): Promise<void> {
  // The server's own stalls, apart from this process's (reading large answers can hold it too).
  const lateness = recordLateness();
  // Without --expose-gc: its RSS samples would each force a full collection, a stall of 30-80 ms
  // (more on a busy machine) that no editor causes, in the middle of the hovers measured. The
  // samples are then the RSS as it stands, never below what a collection would leave.
  const server = new Session([...lateness.nodeArgs, ...nodeArgs], 'inherit', lateness.env);
  try {
    await server.start(checkout);
    const normalUri = 'file:///bench/normal/I00114.md';
    server.open(normalUri, normalText);
    await server.diagnostics(normalUri, 1);
    const normal = TextDocument.create(normalUri, 'markdown', 1, normalText);
    const hoverAt = [...normalText.matchAll(/T\d{4}/g)].map((m) => normal.positionAt(m.index + 1));

    const uri = 'file:///bench/hostile/note.md';
    // The client's own copy is not kept up to date (that would cost this process what it measures):
    // the edits append at the end, whose position is counted here.
    const document = TextDocument.create(uri, 'markdown', 1, hostile.text);
    const lastLine = document.lineCount - 1;
    let lastLineLength = hostile.text.length - document.offsetAt({ line: lastLine, character: 0 });
    let version = 1;
    // Until the open is written (into the pipe, which the server reads as it comes), this process
    // is busy encoding and writing 20 MB: a hover it sends meanwhile waits for its own client, which
    // no server can shorten. The budget is on the hovers sent after; the row shows all as well.
    let openWritten = Infinity;
    void server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: hostile.text } }).then(() => (openWritten = performance.now()));
    let maxRss = 0;
    const sampleRss = async () => {
      maxRss = Math.max(maxRss, (await server.connection.sendRequest<ServerStats>(ServerStatsRequest)).rss);
    };

    const hovers: number[] = [];
    const hoversAfterOpen: number[] = [];
    const outcomes: Outcome[] = [];
    // The session keeps every notification (a handler of our own here would take them from it).
    const diagnosticsSeen = () => server.received.filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri).map((n) => n.params.diagnostics.length);
    const from = epochNow();
    const end = performance.now() + SECONDS_PER_DOCUMENT * 1000;
    let n = 0;
    const pending: Promise<unknown>[] = [];
    while (performance.now() < end) {
      n++;
      // An edit at the end of the note every 250 ms, as someone typing now and then.
      if (n % 25 === 0) {
        const at = { line: lastLine, character: lastLineLength++ };
        const change = { range: { start: at, end: at }, text: 'x' };
        void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [change] });
      }
      const started = performance.now();
      pending.push(
        server.connection.sendRequest('textDocument/hover', { textDocument: { uri: normalUri }, position: hoverAt[n % hoverAt.length] }).then(() => {
          hovers.push(performance.now() - started);
          if (started > openWritten) hoversAfterOpen.push(performance.now() - started);
        }),
      );
      if (n % 50 === 0) pending.push(...requestsOnHostile(server, document, outcomes));
      if (n % 100 === 0) pending.push(sampleRss());
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await Promise.all(pending);
    const window: [number, number] = [from, epochNow()];
    // Once the edits stop, the last text is checked within the parse bound, or given up (not-checked).
    const final = await server.diagnostics(uri, version).catch(() => undefined);
    const givenUp = final?.some((d: { code?: string; message: string }) => d.code === 'not-checked' && /given up/.test(d.message));
    await sampleRss();
    const slowest = outcomes.reduce<Outcome | undefined>((a, b) => (!a || b.ms > a.ms ? b : a), undefined);
    row(
      `${hostile.name}: hover on another document`,
      `p99 ${quantile(hoversAfterOpen, 0.99).toFixed(0)} ms, max ${Math.max(...hoversAfterOpen).toFixed(0)} ms (${hoversAfterOpen.length}); with the ${hovers.length - hoversAfterOpen.length} sent while this process wrote the open: p99 ${quantile(hovers, 0.99).toFixed(0)} ms, max ${Math.max(...hovers).toFixed(0)} ms`,
      'p99 < 100 ms',
      quantile(hoversAfterOpen, 0.99) < 100,
    );
    const count = (end: Outcome['end']) => outcomes.filter((o) => o.end === end).length;
    const others = count('error') + count('given up');
    row(
      '  requests on it: answered by the server',
      slowest
        ? `max ${slowest.ms.toFixed(0)} ms (${slowest.method}); ${outcomes.length} requests, ${count('server-cancelled')} ServerCancelled${others ? `, ${count('error')} other errors, ${count('given up')} unanswered` : ''}`
        : 'none',
      '< 1 s, result or ServerCancelled',
      !!slowest && slowest.ms < ANSWER_WITHIN_MS && !others,
    );
    row('  checked once the edits stop', final ? (givenUp ? 'no: parse given up, said by not-checked' : `yes, ${final.length} findings`) : 'no answer', 'answered', !!final);
    row('  server RSS, highest sample', `${(maxRss / 1048576).toFixed(0)} MB; ${diagnosticsSeen().length} publishes, last ${diagnosticsSeen().at(-1) ?? 0}`, '< 1 GB', maxRss < 1024 * 1048576);
    await server.connection.sendRequest('shutdown');
    void server.connection.sendNotification('exit');
    await Promise.race([server.exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    row('  server main thread: longest stall', `${lateness.longest([window]).toFixed(0)} ms (timer lateness)`, '', true);
  } finally {
    await server.dispose();
    lateness.dispose();
  }
}

/** One of each request an editor sends for a visible document, never cancelled by the client (given up only at 10 s). */
function requestsOnHostile(server: Session, document: TextDocument, outcomes: Outcome[]): Promise<unknown>[] {
  const textDocument = { uri: document.uri };
  const middle = document.positionAt(document.getText().length >> 1);
  const visible = { start: { line: Math.max(0, middle.line - 30), character: 0 }, end: { line: middle.line + 30, character: 0 } };
  const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const requests: Array<[string, unknown]> = [
    ['textDocument/hover', { textDocument, position: middle }],
    ['textDocument/completion', { textDocument, position: middle }],
    ['textDocument/inlayHint', { textDocument, range: visible }],
    ['textDocument/documentLink', { textDocument }],
    ['textDocument/codeLens', { textDocument }],
    ['textDocument/documentSymbol', { textDocument }],
    ['textDocument/codeAction', { textDocument, range: visible, context: { diagnostics: [] } }],
    ['textDocument/codeAction', { textDocument, range: top, context: { diagnostics: [], only: ['source.fixAll.disarm'] } }],
  ];
  return requests.map(([method, params]) => {
    const source = new CancellationTokenSource();
    let givenUp = false;
    const timer = setTimeout(() => {
      givenUp = true;
      source.cancel();
    }, GIVE_UP_AFTER_MS);
    const started = performance.now();
    const label = method === 'textDocument/codeAction' && JSON.stringify(params).includes('fixAll') ? 'fix-all' : method.replace('textDocument/', '');
    return server.connection.sendRequest(method, params, source.token).then(
      () => {
        clearTimeout(timer);
        outcomes.push({ method: label, ms: performance.now() - started, end: givenUp ? 'given up' : 'answered' });
      },
      (error: { code?: number }) => {
        clearTimeout(timer);
        outcomes.push({ method: label, ms: performance.now() - started, end: givenUp ? 'given up' : error?.code === SERVER_CANCELLED ? 'server-cancelled' : 'error' });
      },
    );
  });
}

/**
 * The note sizes (MB) of the `--fix` comparison: `BENCH_FIX_SIZES=1,5` skips the largest; the
 * default run includes 50 MB. `BENCH_FIX_RUNS`: pairs of runs per size (default 3).
 */
function fixSizes(): number[] {
  const sizes = (process.env.BENCH_FIX_SIZES ?? '1,5,20,50').split(',').map(Number).filter((n) => n > 0);
  return sizes.length ? sizes : [1, 5, 20, 50];
}

/**
 * `disarm-lint --fix` against the lint on incident notes of growing size, whole process each:
 * the two in turn (lint, fix, lint, fix ...) on a fresh copy each time, so that the machine's
 * drift falls on both; the ratio is the median of the pairs' ratios.
 */
export function fixAgainstLint(checkout: string, index: FrameworkIndex, cli: string): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'disarm-hostile-'));
  const runs = Math.max(1, Number(process.env.BENCH_FIX_RUNS ?? 3) || 3);
  try {
    for (const megabytes of fixSizes()) {
      const file = path.join(dir, `note-${megabytes}.md`);
      const pristine = `${file}.orig`;
      writeFileSync(pristine, incidentNote(index, megabytes * 1048576));
      const run = (args: string[]) => {
        copyFileSync(pristine, file);
        const started = performance.now();
        const result = spawnSync(process.execPath, [cli, '--data', checkout, ...args, file], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
        return { ms: performance.now() - started, out: `${result.stdout}${result.stderr}` };
      };
      const lints: number[] = [];
      const fixes: number[] = [];
      const ratios: number[] = [];
      let givenUp = 0;
      let fixed = '';
      for (let i = 0; i < runs; i++) {
        const lint = run([]);
        const fix = run(['--fix']);
        lints.push(lint.ms);
        fixes.push(fix.ms);
        ratios.push(fix.ms / lint.ms);
        if (/too costly|cannot check/i.test(fix.out + lint.out)) givenUp++;
        else fixed = /fixed (\d+) findings?/.exec(fix.out)?.[1] ?? '0';
      }
      const ratio = quantile(ratios, 0.5);
      row(
        `disarm-lint --fix, ${megabytes} MB note`,
        `${quantile(fixes, 0.5).toFixed(0)} ms vs lint ${quantile(lints, 0.5).toFixed(0)} ms (${ratio.toFixed(1)}x, median of ${runs})${fixed ? `, ${fixed} fixed` : ''}${givenUp ? `, parse given up in ${givenUp} of ${runs} pairs` : ''}`,
        '<= 3x the lint',
        ratio <= 3,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Run alone: `node --import tsx bench/hostile.ts` (after `node esbuild.mjs`). */
if (require.main === module) {
  void (async () => {
    const { loadSource } = await import('../server/src/node/dataSource');
    const { frameworksDir } = await import('../test/realData');
    const root = frameworksDir();
    const index = await loadSource({ kind: 'checkout', path: root, origin: 'bench' }, () => {});
    await benchHostile(root, index, path.join(__dirname, '..', 'dist', 'cli.js'));
  })();
}
