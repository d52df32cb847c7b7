/**
 * Downloading a DISARM STIX bundle into a folder: HTTPS only, a size cap, the JSON and its shape
 * validated before anything is written, then an atomic write (temp file + rename) that keeps
 * earlier downloads. Node only, no `vscode` import, so that it is tested against a local server;
 * `downloadCommand.ts` wraps it for the editor. The language server makes no network requests.
 */
import { promises as fs } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';

/** Larger bodies are not a DISARM bundle (1.7 is about 1 MB); refuse them rather than fill the disk. */
export const MAX_DOWNLOAD_BYTES = 50 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const TIMEOUT_MS = 60_000;
/**
 * Test only: `DISARM_ALLOW_LOOPBACK_HTTP=1` lets plain HTTP reach 127.0.0.1 and localhost, so
 * that the tests can serve bundles locally. Never set it outside tests.
 */
export const LOOPBACK_HTTP_ENV = 'DISARM_ALLOW_LOOPBACK_HTTP';

export class DownloadError extends Error {}

export interface DownloadOptions {
  readonly url: string;
  /** The downloads folder (created when missing). */
  readonly folder: string;
  readonly maxBytes?: number;
  /** Allow `http:` to loopback hosts; default: the {@link LOOPBACK_HTTP_ENV} test hook. */
  readonly allowLoopbackHttp?: boolean;
  readonly signal?: AbortSignal;
  /** Bytes received so far, and the announced total when the server sent one. */
  readonly onProgress?: (received: number, total: number | undefined) => void;
}

/** What a valid bundle holds. */
export interface BundleSummary {
  readonly matrixName?: string;
  readonly created?: string;
  readonly techniques: number;
  readonly tactics: number;
}

export interface DownloadResult extends BundleSummary {
  /** The file written: `<folder>/DISARM-<date>.json`. */
  readonly file: string;
}

/** Downloads, validates and writes the bundle; throws {@link DownloadError} saying what went wrong, leaving the folder as it was. */
export async function downloadBundle(options: DownloadOptions): Promise<DownloadResult> {
  const allowLoopbackHttp = options.allowLoopbackHttp ?? process.env[LOOPBACK_HTTP_ENV] === '1';
  const body = await fetchBody(checkUrl(options.url, allowLoopbackHttp), options, allowLoopbackHttp, 0);
  const summary = validateBundle(body);
  const date = (summary.created ?? new Date().toISOString()).slice(0, 10);
  const file = path.join(options.folder, `DISARM-${date}.json`);
  await writeAtomically(file, body);
  return { ...summary, file };
}

/** The URL if it may be fetched: `https:`, or `http:` to a loopback host when the test hook allows it. */
export function checkUrl(url: string, allowLoopbackHttp = false): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DownloadError(`"${url}" is not a URL.`);
  }
  if (parsed.protocol === 'https:') return parsed;
  const loopback = parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost' || parsed.hostname === '[::1]';
  if (parsed.protocol === 'http:' && loopback && allowLoopbackHttp) return parsed;
  throw new DownloadError(`only https: URLs are downloaded, not ${parsed.protocol}${parsed.hostname ? ` (${parsed.hostname})` : ''}.`);
}

function fetchBody(url: URL, options: DownloadOptions, allowLoopbackHttp: boolean, redirects: number): Promise<string> {
  const max = options.maxBytes ?? MAX_DOWNLOAD_BYTES;
  return new Promise((resolve, reject) => {
    const get = url.protocol === 'https:' ? https.get : http.get;
    const request = get(url, { signal: options.signal, timeout: TIMEOUT_MS, headers: { accept: 'application/json' } }, (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        if (redirects >= MAX_REDIRECTS) return reject(new DownloadError(`more than ${MAX_REDIRECTS} redirects from ${options.url}.`));
        try {
          // A redirect is checked like the URL itself: no way round the HTTPS rule.
          const next = checkUrl(new URL(response.headers.location, url).href, allowLoopbackHttp);
          return resolve(fetchBody(next, options, allowLoopbackHttp, redirects + 1));
        } catch (error) {
          return reject(error);
        }
      }
      if (status !== 200) {
        response.resume();
        return reject(new DownloadError(`the server answered ${status} ${response.statusMessage ?? ''}`.trimEnd() + ` for ${url.href}.`));
      }
      const announced = Number(response.headers['content-length']);
      const total = Number.isFinite(announced) && announced > 0 ? announced : undefined;
      if (total !== undefined && total > max) {
        response.destroy();
        return reject(new DownloadError(`the file is ${total} bytes, more than the ${max} a DISARM bundle can be.`));
      }
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > max) {
          response.destroy();
          reject(new DownloadError(`the download passed ${max} bytes, more than a DISARM bundle can be; stopped.`));
          return;
        }
        chunks.push(chunk);
        options.onProgress?.(received, total);
      });
      response.on('error', (error) => reject(new DownloadError(`the download broke off: ${error.message}`)));
      response.on('end', () => {
        if (total !== undefined && received < total) reject(new DownloadError(`the download broke off after ${received} of ${total} bytes.`));
        else resolve(Buffer.concat(chunks).toString('utf8'));
      });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    request.on('error', (error) => reject(error instanceof DownloadError ? error : new DownloadError(`cannot fetch ${url.href}: ${error.message}`)));
  });
}

/** Parses and checks the body: a STIX bundle with DISARM techniques and tactics. Throws {@link DownloadError}. */
export function validateBundle(text: string): BundleSummary {
  let bundle: unknown;
  try {
    bundle = JSON.parse(text);
  } catch (error) {
    throw new DownloadError(`the download is not valid JSON (${(error as Error).message}); it may be truncated or not a bundle at all.`);
  }
  const objects = (bundle as { objects?: unknown } | null)?.objects;
  if (!Array.isArray(objects)) throw new DownloadError('the download is JSON but not a STIX bundle: it has no "objects" array.');
  let techniques = 0;
  let tactics = 0;
  let matrix: { name?: unknown; created?: unknown } | undefined;
  for (const object of objects as Array<Record<string, unknown> | null>) {
    if (typeof object !== 'object' || object === null) continue;
    const id = externalId(object.external_references);
    if (object.type === 'attack-pattern' && typeof object.name === 'string' && id && /^T\d{4}(\.\d{3})?$/.test(id)) techniques++;
    if (object.type === 'x-mitre-tactic' && typeof object.name === 'string' && id && /^TA\d{2}$/.test(id)) tactics++;
    if (object.type === 'x-mitre-matrix') matrix = object;
  }
  if (techniques === 0 || tactics === 0) {
    throw new DownloadError(`the bundle holds ${techniques} DISARM techniques and ${tactics} tactics: it is not DISARM framework data.`);
  }
  const created = typeof matrix?.created === 'string' && /^\d{4}-\d{2}-\d{2}/.test(matrix.created) ? matrix.created : undefined;
  return { matrixName: typeof matrix?.name === 'string' ? matrix.name : undefined, created, techniques, tactics };
}

function externalId(references: unknown): string | undefined {
  if (!Array.isArray(references)) return undefined;
  for (const ref of references) {
    const id = (ref as { external_id?: unknown } | null)?.external_id;
    if (typeof id === 'string') return id;
  }
  return undefined;
}

/** Temp file beside the target, then rename: a reader sees the old file or the new one, never half of one. */
async function writeAtomically(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(temp, text, { encoding: 'utf8', flag: 'wx' });
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw new DownloadError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
