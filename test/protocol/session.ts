// A language server process driven over stdio with JSON-RPC, as an editor drives it.
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { LSPErrorCodes } from 'vscode-languageserver-protocol';

export const SERVER = path.resolve(__dirname, '../../dist/server.js');
const TIMEOUT_MS = 20_000;

/** Fails (never skips) when the data is not there: these tests are meaningless without it. */
export function requireData(): string {
  const dir = process.env.DISARM_FRAMEWORKS_DIR;
  assert.ok(dir, 'DISARM_FRAMEWORKS_DIR is not set: point it at a DISARMframeworks checkout, e.g. DISARM_FRAMEWORKS_DIR=/work/shared/disarm-frameworks');
  assert.ok(existsSync(path.join(dir, 'generated_pages', 'techniques')), `DISARM_FRAMEWORKS_DIR=${dir} is not a DISARMframeworks checkout (no generated_pages/techniques)`);
  assert.ok(existsSync(SERVER), `${SERVER} is missing: build it first with \`node esbuild.mjs\``);
  return dir;
}

export const BUILTIN_DATA = path.resolve(__dirname, '../../dist/disarm-data.json');

/** Fails (never skips) when the build has no built-in data: build with DISARM_RELEASES_DIR set. */
export function requireBuiltinData(): string {
  assert.ok(
    existsSync(BUILTIN_DATA),
    `${BUILTIN_DATA} is missing: build with DISARM_RELEASES_DIR set (e.g. DISARM_RELEASES_DIR=/work/shared/disarm-releases node esbuild.mjs)`,
  );
  return BUILTIN_DATA;
}

/** The built-in data's releases, oldest first, as the build wrote them. */
export function builtinReleases(): Array<{ version: string; created: string }> {
  return (JSON.parse(readFileSync(requireBuiltinData(), 'utf8')) as { releases: Array<{ version: string; created: string }> }).releases;
}

export interface Notification {
  readonly method: string;
  readonly params: any;
}

/** One server process, its connection and every notification it has sent so far. */
export class Session {
  readonly child: ChildProcess;
  readonly connection: MessageConnection;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly received: Notification[] = [];
  private readonly waiters = new Set<(n: Notification) => void>();

  /**
   * `nodeArgs` go to node before the server script; `stderr` 'pipe' keeps the server's stderr for
   * the test; `env` is added to this process's environment (`DISARM_DATA_SNAPSHOT: 'none'` runs
   * the server as a build without built-in data).
   */
  constructor(nodeArgs: string[] = [], stderr: 'inherit' | 'pipe' = 'inherit', env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, [...nodeArgs, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', stderr], env: { ...process.env, ...env } });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    const reader = new StreamMessageReader(this.child.stdout!);
    // The reader re-arms a partial-message timer forever, even after dispose: a server killed
    // mid-message kept this test process alive. The tests do not use partial-message events.
    reader.partialMessageTimeout = 0;
    this.connection = createMessageConnection(reader, new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification((method: string, params: unknown) => {
      const n = { method, params };
      this.received.push(n);
      for (const waiter of this.waiters) waiter(n);
    });
    this.connection.listen();
  }

  /** The first notification, already received or still to come, that matches; bounded, never a fixed sleep. */
  waitFor(predicate: (n: Notification) => boolean, timeoutMs = TIMEOUT_MS): Promise<Notification> {
    const seen = this.received.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = (n: Notification): void => {
        if (!predicate(n)) return;
        this.waiters.delete(waiter);
        clearTimeout(timer);
        resolve(n);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const methods = this.received.map((n) => n.method).slice(-10).join(', ');
        reject(new Error(`no matching notification within ${timeoutMs} ms (last received: ${methods || 'none'})`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /**
   * A request on a document, asked again while the server answers ServerCancelled (-32802), as a
   * client may: on a machine busy enough, a request can pass its 800 ms deadline. The deadline
   * itself is tested with the connection's own `sendRequest`.
   */
  async request<R = any>(method: string, params: unknown, tries = 5): Promise<R> {
    for (let left = tries; ; left--) {
      try {
        return await this.connection.sendRequest<R>(method, params);
      } catch (error) {
        if ((error as { code?: number }).code !== LSPErrorCodes.ServerCancelled || left <= 1) throw error;
      }
    }
  }

  /** Diagnostics for one version of a document: a version filter tells an old publish from a new one. */
  diagnostics(uri: string, version: number): Promise<any[]> {
    const match = (n: Notification) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri && n.params.version === version;
    return this.waitFor(match).then((n) => n.params.diagnostics);
  }

  initialize(dataPath: string): Promise<any> {
    return this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      initializationOptions: { dataPath },
      capabilities: {
        workspace: { configuration: false },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { resolveSupport: { properties: ['documentation'] } } },
        },
      },
    });
  }

  /** Initializes with `dataPath`, sends `initialized` and waits until the data is loaded. */
  async start(dataPath: string): Promise<void> {
    await this.initialize(dataPath);
    void this.connection.sendNotification('initialized', {});
    await this.waitFor((n) => n.method === 'disarm/status' && n.params.state === 'loaded');
  }

  /**
   * Initializes with `folder` as the one workspace folder (no dataPath: the server finds the
   * checkout) and work-done progress supported; progress `end` sets {@link indexed}.
   */
  async initializeWorkspace(folder: string): Promise<void> {
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
      this.progress.push(p.value);
      if (p.value?.kind === 'end') this.indexed = true;
    });
    const uri = pathToFileURL(folder).href;
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(folder) }],
      capabilities: { window: { workDoneProgress: true }, workspace: { configuration: false } },
    });
    void this.connection.sendNotification('initialized', {});
    await this.waitFor((n) => n.method === 'disarm/status' && n.params.state === 'loaded');
  }

  /** Work-done progress values received; `$/progress` does not reach the generic handler. */
  readonly progress: unknown[] = [];
  /** True once a work-done progress has ended (the workspace index is built). */
  indexed = false;

  open(uri: string, text: string): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  }

  async dispose(): Promise<void> {
    this.connection.dispose();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
    await this.exited;
  }
}

/** Line and character of the first `needle` in `text` (plus `delta` characters). */
export function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} not found`);
  return { line, character: lines[line].indexOf(needle) + delta };
}

