/**
 * Data loading and reloading against a running server: `disarm.dataSources` set to the longest
 * list it loads (every published release, the checkout and copies of the releases, up to the
 * cap), reloaded several times while a document is open. The server's main thread must never
 * stall for more than about 50 ms at a stretch while it loads: measured in the server by a timer
 * that records its lateness (lateness.cjs), and from outside by a request sent every 10 ms.
 * The budget is on the median of the loads' longest stalls: on a loaded machine a stall seen in
 * one load only is as likely the process waiting for a core as the server's own work.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MAX_DATA_SOURCES } from '../server/src/node/frameworkData';
import { ServerStatsRequest } from '../server/src/protocol';
import { Session } from '../test/protocol/session';
import { releasesDir } from '../test/realData';
import { epochNow, recordLateness } from './lateness';
import { quantile, row } from './util';

const ROUNDS = 5;

export async function benchDataLoad(checkout: string): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'disarm-sources-'));
  const lateness = recordLateness();
  const server = new Session(lateness.nodeArgs, 'inherit', lateness.env);
  try {
    const bundles = readdirSync(releasesDir()).filter((v) => /^\d/.test(v)).map((v) => path.join(releasesDir(), v, 'DISARM.json'));
    const sources: Array<{ path: string }> = [{ path: checkout }, ...bundles.map((p) => ({ path: p }))];
    for (let i = 0; sources.length < MAX_DATA_SOURCES; i++) {
      const copy = path.join(dir, `copy-${i}`);
      mkdirSync(copy);
      copyFileSync(bundles[i % bundles.length], path.join(copy, 'DISARM.json'));
      sources.push({ path: path.join(copy, 'DISARM.json') });
    }
    await server.initialize(checkout);
    // The first load (the built-in history read too) counts, from the moment it is asked for.
    const windows: Array<[number, number]> = [[epochNow(), 0]];
    void server.connection.sendNotification('initialized', {});
    await server.waitFor((n) => n.method === 'disarm/status' && n.params.state === 'loaded');
    windows[0][1] = epochNow();
    const uri = 'file:///bench/sources/I00114.md';
    server.open(uri, readFileSync(path.join(checkout, 'generated_pages', 'incidents', 'I00114.md'), 'utf8'));

    const answers: number[] = [];
    let releases = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // Every other round lists the sources in the other order: a new setting, a full reload.
      const list = round % 2 ? [...sources].reverse() : sources;
      const from = epochNow();
      const seen = server.received.length;
      let loaded = false;
      const status = server
        .waitFor((n) => server.received.indexOf(n) >= seen && n.method === 'disarm/status' && n.params.state === 'loaded' && (n.params.releases?.length ?? 0) > 8, 120_000)
        .then((n) => {
          loaded = true;
          releases = n.params.releases.length;
        });
      void server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { disarm: { dataSources: list } } });
      // A small request every 10 ms, as a hover would come, answered between the loading's steps.
      while (!loaded) {
        const sent = performance.now();
        await server.connection.sendRequest(ServerStatsRequest);
        answers.push(performance.now() - sent);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await status;
      // The documents are checked again after a load: that is part of it.
      await server.waitFor((n) => server.received.indexOf(n) >= seen && n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri, 60_000);
      windows.push([from, epochNow()]);
    }
    await server.connection.sendRequest('shutdown');
    void server.connection.sendNotification('exit');
    await Promise.race([server.exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    // Each load's longest stall: a stall that repeats in every load is the server's, a lone one may be the machine's (a busy machine deschedules the process).
    const longest = windows.map((w) => lateness.longest([w]));
    const took = windows.slice(1).map(([a, b]) => b - a);
    row(`data load, ${sources.length} sources (${releases} releases), ${ROUNDS} reloads`, `median ${quantile(took, 0.5).toFixed(0)} ms each`, '', true);
    row(
      '  longest main-thread stall per load',
      `median ${quantile(longest, 0.5).toFixed(0)} ms, max ${Math.max(...longest).toFixed(0)} ms (first load, ${ROUNDS} reloads)`,
      'median <= 50 ms',
      quantile(longest, 0.5) <= 50,
    );
    row('  a request sent every 10 ms meanwhile', `p99 ${quantile(answers, 0.99).toFixed(0)} ms, max ${Math.max(...answers).toFixed(0)} ms (${answers.length})`, '', true);
  } finally {
    await server.dispose();
    lateness.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Run alone: `node --import tsx bench/dataLoad.ts` (after `node esbuild.mjs`). */
if (require.main === module) {
  void (async () => {
    const { frameworksDir } = await import('../test/realData');
    await benchDataLoad(frameworksDir());
  })();
}
