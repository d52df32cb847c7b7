import { FSWatcher, watch } from 'node:fs';
import path from 'node:path';
import type { DataStatus } from '../protocol';
import { DataSource, describeIndex, FrameworkIndex } from '../service/framework/framework';
import { chooseTarget, createFrameworkSet, describeRelease, FrameworkSet, historySpan, withHistorySteps } from '../service/framework/releases';
import type { Steps } from '../service/markdown/steps';
import { discoverSource, DiscoveryInput } from './dataSource';
import { downloadedSources, LabelledSource, resolveSpecs, SourceSpec } from './loadReleases';
import { BuiltinHistory, loadSnapshot } from './loadSnapshot';
import { loadReleasesOffThread } from './loadOffThread';

const RELOAD_DELAY_MS = 300;

/** At most this many `disarm.dataSources` entries are loaded (every release is in memory): the rest are named in a warning. */
export const MAX_DATA_SOURCES = 32;

/** Where the releases come from, besides the core's discovery. */
export interface ReleaseInput extends DiscoveryInput {
  /** `disarm.dataSources`: when not empty, these are the sources and discovery is not used. */
  readonly sources?: readonly SourceSpec[];
  /** Where `sources` were listed, for the status (default: the disarm.dataSources setting). */
  readonly sourcesOrigin?: string;
  /** `disarm.targetVersion`: the label of the release to check against (default: the newest). */
  readonly targetVersion?: string;
  /** The folder of downloaded bundles: sources when nothing else is found, or beside several. */
  readonly downloadsFolder?: string;
}

/**
 * Owns the loaded framework for the server: finds the sources, loads them as releases beside the
 * built-in history, chooses the target, watches the sources and reloads on change. A failed load
 * keeps the last good set in use. With no source, the newest built-in release is the target.
 */
export class FrameworkData {
  private current: FrameworkSet | undefined;
  private problem: string | undefined;
  private loading = false;
  private generation = 0;
  private watchers: FSWatcher[] = [];
  private reloadTimer: NodeJS.Timeout | undefined;
  private lastInput: ReleaseInput | undefined;
  private history: Promise<BuiltinHistory> | undefined;
  private builtinNote: string | undefined;
  private settleFirst: () => void = () => {};
  private readonly first = new Promise<void>((resolve) => (this.settleFirst = resolve));

  /**
   * `builtinFile`: the built-in data (`dist/disarm-data.json`), read once; none without it.
   * `workerScript`: the built `dataWorker.js`, so that loading runs off the main thread (without it, in this thread).
   */
  constructor(
    private readonly log: (message: string) => void,
    private readonly onChange: (status: DataStatus) => void,
    private readonly builtinFile?: string,
    private readonly workerScript?: string,
  ) {}

  private builtin(): Promise<BuiltinHistory> {
    this.history ??= loadSnapshot(this.builtinFile, (w) => this.log(`DISARM data: ${w}`)).then((history) => {
      this.builtinNote = history.note;
      this.log(history.note ? `DISARM data: ${history.note}.` : `DISARM data: built-in release history ${historySpan(history.releases)} from ${history.path}.`);
      return history;
    });
    return this.history;
  }

  /** The target's index (with the kinds it lacks filled in from the other releases). */
  index(): FrameworkIndex | undefined {
    return this.current?.index;
  }

  /**
   * Settles once the first load has finished, whatever its outcome: findings computed before it
   * would be only those that need no data, replaced a moment later.
   */
  ready(): Promise<void> {
    return this.first;
  }

  /** Every loaded release and the target. */
  releases(): FrameworkSet | undefined {
    return this.current;
  }

  status(): DataStatus {
    const index = this.current?.index;
    const source = index?.source;
    const noBuiltin = this.builtinNote && `; ${this.builtinNote}`;
    if (this.loading && !index) return { state: 'loading', summary: 'Loading DISARM data…' };
    if (!index) {
      return this.problem
        ? { state: 'error', summary: 'DISARM data could not be loaded', problem: this.problem, builtin: this.builtinNote }
        : {
            state: 'missing',
            summary: `No DISARM data found: set disarm.dataPath to a DISARMframeworks checkout or a DISARM.json bundle, or run "DISARM: Download Framework Data"${noBuiltin ?? ''}.`,
            builtin: this.builtinNote,
          };
    }
    const set = this.current!;
    const targetName = describeRelease(set.target);
    const history = set.timeline.length > 1 ? historySpan(set.timeline) : undefined;
    const from = source && source.kind !== 'builtin' ? ` from ${source.path}` : '';
    return {
      state: this.problem ? 'error' : 'loaded',
      summary: `${targetName}: ${describeIndex(index)}${from}${history ? ` · history ${history} (${set.releases.length} releases)` : this.builtinNote ? ` · no release history: ${this.builtinNote}` : ''}`,
      source: source && { kind: source.kind, path: source.path, origin: source.origin },
      techniqueCount: set.target.index.counts.technique ?? 0,
      problem: this.problem,
      target: set.target.label,
      targetName,
      history,
      builtin: this.builtinNote,
      releases: set.releases.map((r) => ({
        label: r.label,
        kind: r.index.source.kind,
        path: r.index.source.path,
        created: r.created,
        version: r.version,
        techniqueCount: r.index.counts.technique ?? 0,
      })),
    };
  }

  /** Finds and loads the sources; concurrent calls are fine, the newest one wins. */
  async load(input: ReleaseInput): Promise<DataStatus> {
    const generation = ++this.generation;
    this.lastInput = input;
    this.loading = true;
    const warnings: string[] = [];
    let set: FrameworkSet | undefined;
    let problem: string | undefined;
    try {
      const warn = (w: string) => warnings.push(w);
      const [loaded, history] = await Promise.all([findSources(input, warn).then((sources) => loadReleasesOffThread(this.workerScript, sources, warn)), this.builtin()]);
      const releases = await inTurns(withHistorySteps(loaded, history.releases));
      const { target, unmatched } = chooseTarget(releases, input.targetVersion);
      if (unmatched && target) {
        warnings.push(`disarm.targetVersion "${unmatched}" is not a loaded release (${releases.map((r) => r.label).join(', ')}); checking against ${target.label}.`);
      }
      set = target && createFrameworkSet(releases, target);
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    // With nothing loaded before, a source that fails leaves the built-in data in use (the problem still shown).
    const fallback = problem && !this.current ? await this.builtinSet() : undefined;
    if (generation !== this.generation) return this.status();
    this.loading = false;
    this.settleFirst();
    for (const warning of warnings) this.log(`DISARM data: ${warning}`);
    // Each distinct problem once: a folder being restored can fail several reloads in a row.
    if (problem && problem !== this.problem) {
      this.log(`DISARM data: ${problem}${this.current ? ' (keeping the data loaded before)' : fallback ? ` (checking against ${describeRelease(fallback.target)})` : ''}`);
    }
    this.problem = problem;
    if (problem) this.current ??= fallback;
    else this.current = set;
    for (const release of problem ? [] : (set?.releases.filter((r) => !r.builtin || r === set.target) ?? [])) {
      const { source } = release.index;
      this.log(`DISARM data: loaded ${release.label}${release === set?.target ? ' (target)' : ''}: ${describeIndex(release.index)} from ${source.path} (${source.origin}).`);
    }
    this.watch(this.current?.releases.filter((r) => !r.builtin).map((r) => r.index.source) ?? []);
    const status = this.status();
    this.onChange(status);
    return status;
  }

  /** The built-in releases alone, checked against the newest; `undefined` when the build has none. */
  private async builtinSet(): Promise<FrameworkSet | undefined> {
    const { releases } = await this.builtin();
    const { target } = chooseTarget(releases);
    return target && createFrameworkSet(releases, target);
  }

  dispose(): void {
    clearTimeout(this.reloadTimer);
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
  }

  private watch(sources: readonly DataSource[]): void {
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
    for (const source of sources) this.watchSource(source);
  }

  private watchSource(source: DataSource): void {
    if (source.kind === 'stix') return this.watchFolder(path.dirname(source.path), path.basename(source.path));
    this.watchFolder(path.join(source.path, 'generated_pages'));
    this.watchFolder(path.join(source.path, 'generated_pages', 'incidents'));
  }

  /**
   * Watches `folder` (only events for the entry `only`, when given). A folder that is gone is
   * waited for: its nearest existing ancestor is watched for the next name on the way down, and
   * the reload its return triggers arms the watchers again, one level further each time, so a
   * folder deleted and restored is watched again without a manual reload.
   */
  private watchFolder(folder: string, only?: string): void {
    for (let target = folder, awaited = only; ; ) {
      try {
        const watcher = watch(target, (_event, file) => {
          if (awaited && file && String(file) !== awaited) return;
          this.scheduleReload();
        });
        watcher.on('error', () => this.scheduleReload());
        this.watchers.push(watcher);
        return;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const parent = path.dirname(target);
        // Anything but a missing folder (no permission, no watches left) only loses live reloads; the command still reloads.
        if (parent === target || (code !== 'ENOENT' && code !== 'ENOTDIR')) return;
        awaited = path.basename(target);
        target = parent;
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

/**
 * The sources to load: `disarm.dataSources` when set, else what the core's discovery finds.
 * Downloads are sources when nothing else is found, and beside several sources; one found source
 * alone stays alone, so that the core's behaviour does not change under a user who downloaded once.
 */
async function findSources(input: ReleaseInput, warn: (message: string) => void): Promise<LabelledSource[]> {
  let sources: LabelledSource[];
  if (input.sources?.length) {
    let specs = input.sources;
    if (specs.length > MAX_DATA_SOURCES) {
      warn(`disarm.dataSources lists ${specs.length} sources; only the first ${MAX_DATA_SOURCES} are loaded (the rest are ignored: from ${specs[MAX_DATA_SOURCES].path}).`);
      specs = specs.slice(0, MAX_DATA_SOURCES);
    }
    sources = await resolveSpecs(specs, input.workspaceFolders[0] ?? process.cwd(), input.sourcesOrigin ?? 'the disarm.dataSources setting');
  } else {
    const discovered = await discoverSource(input);
    sources = discovered ? [{ source: discovered }] : [];
  }
  if (sources.length === 1) return sources;
  const known = new Set(sources.map((s) => path.resolve(s.source.path)));
  const downloads = (await downloadedSources(input.downloadsFolder)).filter((d) => !known.has(path.resolve(d.path)));
  return [...sources, ...downloads.map((source) => ({ source }))];
}

/** Steps run to the end, letting the event loop in every few milliseconds: a load must not hold the server's thread. */
async function inTurns<T>(steps: Steps<T>, sliceMs = 8): Promise<T> {
  for (let sliceEnd = performance.now() + sliceMs; ; ) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() < sliceEnd) continue;
    await new Promise((resolve) => setImmediate(resolve));
    sliceEnd = performance.now() + sliceMs;
  }
}
