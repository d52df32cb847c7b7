import { FSWatcher, watch } from 'node:fs';
import path from 'node:path';
import type { DataStatus } from '../protocol';
import { DataSource, describeIndex, FrameworkIndex } from '../service/framework';
import { discoverSource, DiscoveryInput, loadSource } from './dataSource';

const RELOAD_DELAY_MS = 300;

/**
 * Owns the loaded framework for the server: discovers the source, loads it, watches it and
 * reloads on change. A failed load keeps the last good index in use.
 */
export class FrameworkData {
  private current: FrameworkIndex | undefined;
  private problem: string | undefined;
  private loading = false;
  private generation = 0;
  private watchers: FSWatcher[] = [];
  private reloadTimer: NodeJS.Timeout | undefined;
  private lastInput: DiscoveryInput | undefined;

  constructor(
    private readonly log: (message: string) => void,
    private readonly onChange: (status: DataStatus) => void,
  ) {}

  index(): FrameworkIndex | undefined {
    return this.current;
  }

  status(): DataStatus {
    const index = this.current;
    const source = index?.source;
    if (this.loading && !index) return { state: 'loading', summary: 'Loading DISARM data…' };
    if (!index) {
      return this.problem
        ? { state: 'error', summary: 'DISARM data could not be loaded', problem: this.problem }
        : { state: 'missing', summary: 'No DISARM data found: set disarm.dataPath to a DISARMframeworks checkout or a DISARM.json bundle.' };
    }
    return {
      state: this.problem ? 'error' : 'loaded',
      summary: `${describeIndex(index)} from ${source!.path}`,
      source: source && { kind: source.kind, path: source.path, origin: source.origin },
      techniqueCount: index.counts.technique ?? 0,
      problem: this.problem,
    };
  }

  /** Discovers and loads; concurrent calls are fine, the newest one wins. */
  async load(input: DiscoveryInput): Promise<DataStatus> {
    const generation = ++this.generation;
    this.lastInput = input;
    this.loading = true;
    const warnings: string[] = [];
    let index: FrameworkIndex | undefined;
    let problem: string | undefined;
    try {
      const source = await discoverSource(input);
      index = source && (await loadSource(source, (w) => warnings.push(w)));
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    if (generation !== this.generation) return this.status();
    this.loading = false;
    for (const warning of warnings) this.log(`DISARM data: ${warning}`);
    this.problem = problem;
    if (problem) this.log(`DISARM data: ${problem}${this.current ? ' (keeping the data loaded before)' : ''}`);
    else this.current = index;
    if (!problem && index) this.log(`DISARM data: loaded ${describeIndex(index)} from ${index.source.path} (${index.source.origin}).`);
    this.watch(this.current?.source);
    const status = this.status();
    this.onChange(status);
    return status;
  }

  dispose(): void {
    clearTimeout(this.reloadTimer);
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
  }

  private watch(source: DataSource | undefined): void {
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
    if (!source) return;
    const folders =
      source.kind === 'checkout'
        ? [path.join(source.path, 'generated_pages'), path.join(source.path, 'generated_pages', 'incidents')]
        : [path.dirname(source.path)];
    const bundleName = path.basename(source.path);
    for (const folder of folders) {
      try {
        const watcher = watch(folder, (_event, file) => {
          if (source.kind === 'stix' && file && file !== bundleName) return;
          this.scheduleReload();
        });
        watcher.on('error', () => this.scheduleReload());
        this.watchers.push(watcher);
      } catch {
        // A folder that cannot be watched only loses live reloads; the command still reloads.
      }
    }
  }

  private scheduleReload(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      if (this.lastInput) void this.load(this.lastInput);
    }, RELOAD_DELAY_MS);
  }
}
