/** The edit storm of the load test, for ten seconds, with its figures printed. */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { editStorm } from '../test/load/editStorm';
import { Session } from '../test/protocol/session';
import { quantile, row } from './util';

export async function benchEditStorm(checkout: string): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'disarm-storm-'));
  const incident = path.join(dir, 'I00114.md');
  copyFileSync(path.join(checkout, 'generated_pages', 'incidents', 'I00114.md'), incident);
  const server = new Session(['--expose-gc']);
  try {
    await server.start(checkout);
    const r = await editStorm(server, incident, 10);
    row('edit storm, 10 s on a 30 KB incident', `${r.changes} changes, ${r.requests} requests`, '1,000 changes/s', r.changes >= 9000);
    row('  answered (not cancelled)', `${r.answered} of ${r.requests - r.cancelled}`, 'all', r.answered === r.requests - r.cancelled);
    row('  latency while typing', `median ${quantile(r.latencies, 0.5).toFixed(1)} ms, p99 ${quantile(r.latencies, 0.99).toFixed(1)} ms`, '', true);
    row('  cancelled requests that stopped early', `${r.cancelledEmpty} of ${r.cancelled}`, '', true);
    row('  stale diagnostics published', String(r.stalePublishes), '0', r.stalePublishes === 0);
    row('  final diagnostics match the final text', String(r.finalMatches), 'true', r.finalMatches);
    row('  server heap before / after (GC)', `${(r.heapBefore / 1048576).toFixed(1)} MB / ${(r.heapAfter / 1048576).toFixed(1)} MB`, 'back to baseline', r.heapAfter < r.heapBefore + 20 * 1048576);
  } finally {
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
