import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { requireData, Session } from '../protocol/session';
import { quantile } from '../../bench/util';
import { editStorm } from './editStorm';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A short storm for CI; `npm run bench` runs the ten-second one and prints the figures. */
describe('an edit storm', { timeout: 120_000 }, () => {
  let server: Session;
  let incident: string;

  before(async () => {
    const data = requireData();
    // A copy, so that the file URI is not the checkout's (nothing is written to it either way).
    incident = path.join(mkdtempSync(path.join(tmpdir(), 'disarm-storm-')), 'I00114.md');
    copyFileSync(path.join(data, 'generated_pages', 'incidents', 'I00114.md'), incident);
    server = new Session(['--expose-gc']);
    await server.start(data);
  });
  after(() => server?.dispose());

  it('answers every request, publishes nothing stale, ends right and gives its memory back', async () => {
    const result = await editStorm(server, incident, Number(process.env.STORM_SECONDS ?? 3), 1000, 2000);
    assert.equal(result.answered, result.requests - result.cancelled, 'every request that was not cancelled was answered');
    assert.ok(result.cancelledEmpty >= result.cancelled * 0.8, `${result.cancelledEmpty} of ${result.cancelled} cancelled requests stopped early`);
    assert.equal(result.stalePublishes, 0, 'no diagnostics older than ones already published');
    assert.ok(result.finalMatches, 'the final diagnostics are those of the final text');
    assert.ok(quantile(result.latencies, 0.99) < 1000, `p99 latency ${quantile(result.latencies, 0.99).toFixed(0)} ms`);
    // The document is closed again: what the storm allocated must be collectable.
    assert.ok(result.heapAfter < result.heapBefore + 20 * 1024 * 1024, `heap ${mb(result.heapBefore)} before, ${mb(result.heapAfter)} after`);
  });
});
