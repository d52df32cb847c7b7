import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkUrl, downloadBundle, DownloadError, LOOPBACK_HTTP_ENV } from '../../../client/src/download';
import { loadStix } from '../../../server/src/node/loadStix';
import { stix17Path } from '../../realData';

/**
 * The download against a local HTTP server (plain HTTP is allowed to loopback only through the
 * explicit test hook). The real 1.7 bundle is read at test time, never stored in the repository.
 */
describe('downloadBundle', () => {
  let bundle: Buffer;
  let server: http.Server;
  let base: string;

  before(async () => {
    bundle = readFileSync(stix17Path());
    server = http.createServer((request, response) => {
      const send = (status: number, body: Buffer | string, headers: http.OutgoingHttpHeaders = {}) => {
        response.writeHead(status, headers);
        response.end(body);
      };
      switch (request.url) {
        case '/DISARM.json':
          return send(200, bundle, { 'content-type': 'application/json', 'content-length': bundle.length });
        case '/truncated.json':
          return send(200, bundle.subarray(0, Math.floor(bundle.length / 2)));
        case '/page.html':
          return send(200, '<!doctype html><title>Not here</title>');
        case '/not-disarm.json':
          return send(200, JSON.stringify({ type: 'bundle', objects: [{ type: 'identity', name: 'x' }] }));
        case '/streamed.json':
          // No content length: the cap must hold while streaming.
          response.writeHead(200, { 'content-type': 'application/json' });
          response.write(bundle.subarray(0, 600_000));
          return response.end(bundle.subarray(600_000));
        case '/moved':
          return send(302, '', { location: '/DISARM.json' });
        case '/to-plain-http':
          return send(302, '', { location: 'http://example.com/DISARM.json' });
        default:
          return send(404, 'not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const folderState = (folder: string) => readdirSync(folder).sort().map((name) => `${name}:${readFileSync(path.join(folder, name)).length}`);
  const download = (folder: string, url: string, maxBytes?: number) => downloadBundle({ url: `${base}${url}`, folder, allowLoopbackHttp: true, maxBytes });

  it('downloads the real 1.7 bundle into DISARM-<date>.json, with progress, loadable by the server', async () => {
    const folder = path.join(mkdtempSync(path.join(tmpdir(), 'disarm-dl-')), 'downloads');
    const progress: number[] = [];
    const result = await downloadBundle({ url: `${base}/DISARM.json`, folder, allowLoopbackHttp: true, onProgress: (received) => progress.push(received) });
    assert.equal(result.file, path.join(folder, 'DISARM-2026-01-21.json'));
    assert.deepEqual([result.matrixName, result.techniques, result.tactics], ['DISARM V2 Observations Framework', 445, 15]);
    assert.equal(progress.at(-1), bundle.length);
    assert.deepEqual(readFileSync(result.file), bundle);
    assert.deepEqual(readdirSync(folder), ['DISARM-2026-01-21.json'], 'no temp file left');
    const objects = await loadStix({ kind: 'stix', path: result.file, origin: 'a download' }, () => {});
    assert.equal(objects.filter((o) => o.kind === 'technique').length, 445);
    // A redirect to the same host is followed.
    assert.equal((await download(folder, '/moved')).techniques, 445);
  });

  it('each failure says what went wrong and leaves the earlier download in place', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'disarm-dl-'));
    await download(folder, '/DISARM.json');
    const before = folderState(folder);
    const failures: Array<[string, number | undefined, RegExp]> = [
      ['/truncated.json', undefined, /not valid JSON.*truncated/],
      ['/page.html', undefined, /not valid JSON/],
      ['/not-disarm.json', undefined, /0 DISARM techniques and 0 tactics/],
      ['/DISARM.json', 100_000, /is \d+ bytes, more than the 100000/],
      ['/streamed.json', 100_000, /passed 100000 bytes/],
      ['/missing.json', undefined, /answered 404/],
      ['/to-plain-http', undefined, /only https: URLs/],
    ];
    for (const [url, maxBytes, message] of failures) {
      await assert.rejects(download(folder, url, maxBytes), (e) => e instanceof DownloadError && message.test(e.message), url);
      assert.deepEqual(folderState(folder), before, `${url} changed the folder`);
    }
  });

  it('fetches https only; plain http to loopback only through the test hook', async () => {
    assert.equal(checkUrl('https://raw.githubusercontent.com/x/DISARM.json').protocol, 'https:');
    for (const url of ['http://example.com/DISARM.json', 'ftp://example.com/DISARM.json', 'file:///etc/passwd', 'not a url']) {
      assert.throws(() => checkUrl(url, true), DownloadError, url);
    }
    assert.throws(() => checkUrl(`${base}/DISARM.json`), /only https: URLs/);
    assert.equal(checkUrl(`${base}/DISARM.json`, true).hostname, '127.0.0.1');
    const folder = mkdtempSync(path.join(tmpdir(), 'disarm-dl-'));
    await assert.rejects(downloadBundle({ url: `${base}/DISARM.json`, folder, allowLoopbackHttp: false }), /only https: URLs/);
    assert.deepEqual(readdirSync(folder), []);
    const saved = process.env[LOOPBACK_HTTP_ENV];
    process.env[LOOPBACK_HTTP_ENV] = '1';
    try {
      assert.equal((await downloadBundle({ url: `${base}/DISARM.json`, folder })).techniques, 445);
    } finally {
      if (saved === undefined) delete process.env[LOOPBACK_HTTP_ENV];
      else process.env[LOOPBACK_HTTP_ENV] = saved;
    }
  });
});
