import type { FileEvent } from 'vscode-languageserver';
import type { DataStatus } from '../protocol';
import { DataError, LoadOptions, readCheckout, ReadLimits } from '../service/framework/checkout';
import { createFrameworkIndex, DataSource, describeIndex, DisarmObject, FrameworkIndex } from '../service/framework/framework';
import { knownVersion } from '../service/framework/knownReleases';
import { bundleLabel, checkoutLabel, chooseTarget, createFrameworkSet, describeRelease, FrameworkSet, historySpan, Release, uniqueLabels, withHistory } from '../service/framework/releases';
import { releasesFromSnapshot } from '../service/framework/snapshot';
import { bundleCreated, parseStixBundle } from '../service/framework/stix';
import type { DataRequest, ServerData } from '../lsp/startServer';
import { ClientFiles, isInside, isUri, joinUri, parentUri } from './clientFiles';

const BUNDLE_NAME = 'DISARM.json';
const SEARCH_DEPTH = 5;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out']);
/** Larger bundles are not DISARM data (as on the desktop). */
const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;
const CHECKOUT_BUNDLE = 'generated_files/DISARM_STIX/DISARM.json';
const RELOAD_DELAY_MS = 300;

interface LabelledSource {
  readonly source: DataSource;
  readonly label?: string;
}

/**
 * The web worker server's data: the desktop's discovery order (settings, a workspace folder that
 * is a checkout, a checkout above an open document, a `DISARM.json` in the workspace) over the
 * client's `workspace.fs`. Source paths are URIs. A failed load keeps the last good set. The
 * sources are not watched by the platform: file events under a checkout's pages reload it.
 */
export class WebFrameworkData implements ServerData {
  private current: FrameworkSet | undefined;
  /**
   * While the first load still looks for a source (each probe a round trip through the editor's
   * file system, a second or more at a web editor's start), the built-in history answers hovers
   * and completion instead of leaving them waiting; diagnostics and the status wait for the load.
   * Dropped as soon as a source is found: its own data is then what is worth waiting for.
   */
  private interim: FrameworkSet | undefined;
  /** The built-in release history (dist/disarm-data.json, read by the client once); empty without it. */
  private history: Promise<Release[]> | undefined;
  private problem: string | undefined;
  private loading = false;
  private generation = 0;
  private lastRequest: DataRequest | undefined;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private loadingNow: { key: string; loaded: Promise<DataStatus> } | undefined;
  private markLoaded: () => void = () => {};
  /** Pending until the first load has finished (the server asks for it when initialized). */
  private inFlight: Promise<unknown> = new Promise<void>((resolve) => (this.markLoaded = resolve));

  constructor(
    private readonly files: ClientFiles,
    private readonly log: (message: string) => void,
    private readonly onChange: (status: DataStatus) => void,
  ) {}

  index(): FrameworkIndex | undefined {
    return this.releases()?.index;
  }

  releases(): FrameworkSet | undefined {
    return this.current ?? this.interim;
  }

  status(): DataStatus {
    const set = this.current;
    if (this.loading && !set) return { state: 'loading', summary: 'Loading DISARM data…' };
    if (!set) {
      return this.problem
        ? { state: 'error', summary: 'DISARM data could not be loaded', problem: this.problem }
        : { state: 'missing', summary: 'No DISARM data found: open a DISARMframeworks checkout, add a DISARM.json bundle to the workspace, or set disarm.dataPath.' };
    }
    // As the desktop says it (node/frameworkData.ts): the target by name, and the history's span.
    const { index, target, releases } = set;
    const source = index.source;
    const targetName = describeRelease(target);
    const history = set.timeline.length > 1 ? historySpan(set.timeline) : undefined;
    const from = source.kind !== 'builtin' ? ` from ${source.path}` : '';
    return {
      state: this.problem ? 'error' : 'loaded',
      summary: `${targetName}: ${describeIndex(index)}${from}${history ? ` · history ${history} (${releases.length} releases)` : ''}`,
      source: { kind: source.kind, path: source.path, origin: source.origin },
      techniqueCount: target.index.counts.technique ?? 0,
      problem: this.problem,
      target: target.label,
      targetName,
      history,
      releases: releases.map((r) => ({ label: r.label, kind: r.index.source.kind, path: r.index.source.path, created: r.created, version: r.version, techniqueCount: r.index.counts.technique ?? 0 })),
    };
  }

  load(request: DataRequest): Promise<DataStatus> {
    // The same request again while it loads (the server's start and the client's first settings
    // both ask) shares that load: every read is a round trip through the client.
    const key = JSON.stringify(request);
    if (this.loadingNow?.key === key) return this.loadingNow.loaded;
    const loaded = this.loadNow(request);
    this.loadingNow = { key, loaded };
    void loaded.finally(() => this.loadingNow?.loaded === loaded && (this.loadingNow = undefined)).catch(() => {});
    const settled = loaded.catch(() => undefined);
    settled.then(this.markLoaded);
    this.inFlight = settled;
    return loaded;
  }

  ready(): Promise<void> {
    return this.idle().then(() => undefined);
  }

  /** Resolves when the first load, and the load last started, have finished: the workspace scan waits, the reads of both share one client. */
  idle(): Promise<unknown> {
    return this.inFlight;
  }

  private async loadNow(request: DataRequest): Promise<DataStatus> {
    const generation = ++this.generation;
    this.lastRequest = request;
    this.loading = true;
    const warnings: string[] = [];
    let set: FrameworkSet | undefined;
    let problem: string | undefined;
    let sources: LabelledSource[] = [];
    // Before the first load the built-in history answers while the sources are looked for, and it is
    // the set when none is found; otherwise it is read meanwhile.
    let searching = !this.current && !request.dataPath && !request.settings.dataSources.length;
    const builtinWarnings: string[] = [];
    const builtinSet = searching ? this.toSet([], request, builtinWarnings) : undefined;
    if (!builtinSet) void this.builtin();
    this.interim = undefined;
    void builtinSet?.then(
      (interim) => searching && generation === this.generation && (this.interim = interim),
      () => {},
    );
    try {
      sources = await this.findSources(request);
      searching = false;
      if (sources.length && generation === this.generation) this.interim = undefined;
      if (sources.length) set = await this.toSet(await this.loadReleases(sources, (w) => warnings.push(w), { summaries: false }), request, warnings);
      else {
        set = await (builtinSet ?? this.toSet([], request, builtinWarnings));
        warnings.push(...builtinWarnings);
      }
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    searching = false;
    if (generation !== this.generation) return this.status();
    this.loading = false;
    this.interim = undefined;
    for (const warning of warnings) this.log(`DISARM data: ${warning}`);
    this.problem = problem;
    if (problem) this.log(`DISARM data: ${problem}${this.current ? ' (keeping the data loaded before)' : ''}`);
    else this.current = set;
    for (const release of problem ? [] : (set?.releases ?? [])) {
      const { source } = release.index;
      this.log(`DISARM data: loaded ${release.label}${release === set?.target ? ' (target)' : ''}: ${describeIndex(release.index)} from ${source.path} (${source.origin}).`);
    }
    const status = this.status();
    this.onChange(status);
    if (!problem && sources.some((s) => s.source.kind === 'checkout')) void this.addSummaries(generation, sources, request);
    return status;
  }

  /**
   * The incident summaries that hovers show are on the incident pages, one read each: through a
   * web editor that is a round trip per page (a request to GitHub on github.dev). The first load
   * reads the index pages only, so that documents are checked at once; this second pass reads
   * the pages and swaps the set in, unless a newer load started.
   */
  private async addSummaries(generation: number, sources: readonly LabelledSource[], request: DataRequest): Promise<void> {
    try {
      const set = await this.toSet(await this.loadReleases(sources, () => {}), request, []);
      if (generation !== this.generation || !set) return;
      this.current = set;
      this.onChange(this.status());
    } catch {
      // The set without summaries stays; a reload tries again.
    }
  }

  private builtin(): Promise<Release[]> {
    this.history ??= this.files.builtInData().then((text) => {
      if (text === null) return [];
      try {
        return releasesFromSnapshot(JSON.parse(text), { kind: 'builtin', path: 'dist/disarm-data.json', origin: 'the built-in data' }, (w) => this.log(`DISARM data: ${w}`));
      } catch (error) {
        this.log(`DISARM data: the built-in data could not be read: ${error instanceof Error ? error.message : String(error)}`);
        return [];
      }
    });
    return this.history;
  }

  /** The loaded releases beside the built-in history (as on the desktop), with the target chosen. */
  private async toSet(loaded: Release[], request: DataRequest, warnings: string[]): Promise<FrameworkSet | undefined> {
    const releases = withHistory(loaded, await this.builtin());
    const { target, unmatched } = chooseTarget(releases, request.settings.targetVersion);
    if (unmatched && target) {
      warnings.push(`disarm.targetVersion "${unmatched}" is not a loaded release (${releases.map((r) => r.label).join(', ')}); checking against ${target.label}.`);
    }
    return target && createFrameworkSet(releases, target);
  }

  /** File events: a change to a loaded checkout's pages or bundle reloads (debounced). */
  changed(changes: readonly FileEvent[]): void {
    const sources = this.current?.releases.map((r) => r.index.source) ?? [];
    const touches = (uri: string) =>
      sources.some((s) => (s.kind === 'checkout' ? isInside(uri, joinUri(s.path, 'generated_pages')) : uri === s.path));
    if (!this.lastRequest || !changes.some((c) => touches(c.uri))) return;
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => void (this.lastRequest && this.load(this.lastRequest)), RELOAD_DELAY_MS);
  }

  dispose(): void {
    clearTimeout(this.reloadTimer);
  }

  /** True when `folder` has the DISARMframeworks layout. */
  async isCheckout(folder: string): Promise<boolean> {
    return (await this.files.stat(joinUri(folder, 'generated_pages/techniques')))?.type === 'directory';
  }

  /** The nearest folder at or above `folder` with the checkout layout (every level asked at once). */
  async checkoutAncestor(folder: string): Promise<string | undefined> {
    const levels: string[] = [];
    for (let current: string | undefined = folder; current; current = parentUri(current)) levels.push(current);
    return firstFound(levels, async (level) => ((await this.isCheckout(level)) ? level : undefined));
  }

  private async findSources({ dataPath, settings, workspaceFolders, documents }: DataRequest): Promise<LabelledSource[]> {
    const base = workspaceFolders[0];
    if (settings.dataSources.length) {
      const listed: LabelledSource[] = [];
      for (const spec of settings.dataSources) listed.push({ source: await this.resolve(spec.path, base, 'the disarm.dataSources setting'), label: spec.label });
      return listed;
    }
    if (dataPath) return [{ source: await this.resolve(dataPath, base, 'the disarm.dataPath setting') }];
    // The desktop's order, but every step's probes are asked together: each is a round trip, and
    // the first ones after the extension starts can take a second or more in a web editor. The
    // bundle search stops at its next folder once a checkout is found.
    const documentFolders = [...new Set(documents.map(parentUri).filter((u): u is string => !!u))];
    let checkoutFound = false;
    const bundleSearch = firstFound(workspaceFolders, (f) => this.findBundle(f, SEARCH_DEPTH, () => checkoutFound));
    const [folder, ancestor] = await Promise.all([
      firstFound(workspaceFolders, async (f) => ((await this.isCheckout(f)) ? f : undefined)),
      firstFound(documentFolders, (f) => this.checkoutAncestor(f)),
    ]);
    checkoutFound = !!(folder || ancestor);
    if (folder) return [{ source: { kind: 'checkout', path: folder, origin: 'a workspace folder' } }];
    if (ancestor) return [{ source: { kind: 'checkout', path: ancestor, origin: 'an ancestor folder of an open document' } }];
    const bundle = await bundleSearch;
    return bundle ? [{ source: { kind: 'stix', path: bundle, origin: `${BUNDLE_NAME} in the workspace` } }] : [];
  }

  /** A setting's path: a URI as is, else relative to the first workspace folder; it must exist. */
  private async resolve(value: string, base: string | undefined, origin: string): Promise<DataSource> {
    const uri = isUri(value) ? value : base ? (value.startsWith('/') ? `${/^[^:]+:\/\/[^/]*/.exec(base)?.[0] ?? ''}${value}` : joinUri(base, value)) : undefined;
    const stat = uri ? await this.files.stat(uri) : null;
    if (!uri || !stat) throw new DataError(`${origin}: ${uri ?? value} does not exist.`);
    return { kind: stat.type === 'directory' ? 'checkout' : 'stix', path: uri, origin };
  }

  /** The first `DISARM.json` at most `depth` folders below `folder`, in the desktop's order; none once `stopped()`. */
  private async findBundle(folder: string, depth: number, stopped: () => boolean): Promise<string | undefined> {
    if (stopped()) return undefined;
    const entries = await this.files.readDirectory(folder);
    if (entries.some(([name, type]) => type === 'file' && name === BUNDLE_NAME)) return joinUri(folder, BUNDLE_NAME);
    if (depth === 0) return undefined;
    const folders = entries.filter(([name, type]) => type === 'directory' && !SKIPPED_FOLDERS.has(name) && !name.startsWith('.'));
    return firstFound(folders, ([name]) => this.findBundle(joinUri(folder, name), depth - 1, stopped));
  }

  /** Every source as a release, labelled as on the desktop; the first that fails throws. */
  private async loadReleases(sources: readonly LabelledSource[], warn: (message: string) => void, options?: LoadOptions): Promise<Release[]> {
    const loaded = await Promise.all(sources.map((s) => this.loadRelease(s, warn, options)));
    const labels = uniqueLabels(loaded.map((r) => r.label));
    return loaded.map((release, i) => ({ ...release, label: labels[i] }));
  }

  private async loadRelease({ source, label }: LabelledSource, warn: (message: string) => void, options?: LoadOptions): Promise<Release> {
    if (source.kind === 'stix') {
      const bundle = parseStixBundle(await this.readData(source.path, MAX_BUNDLE_BYTES), source.path, warn);
      return { label: label ?? bundleLabel(bundle.matrixName, bundle.created), created: bundle.created, version: knownVersion(bundle.created), index: indexObjects(source, bundle.objects, warn) };
    }
    if (!(await this.isCheckout(source.path))) throw new DataError(`${source.path} is not a DISARMframeworks checkout: it has no generated_pages/techniques folder.`);
    const pages = joinUri(source.path, 'generated_pages');
    // A checkout is dated (and so named) by its own generated bundle, as on the desktop.
    // The client reads whole files (workspace.fs has no ranged read): a head is cut here.
    const read = {
      read: async (file: string, { maxBytes, headBytes }: ReadLimits) => {
        const text = await this.files.read(joinUri(pages, file), maxBytes);
        return headBytes === undefined ? text : text.slice(0, headBytes);
      },
    };
    const [objects, created] = await Promise.all([readCheckout(source, read, warn, options), this.checkoutCreated(source.path)]);
    return { label: label ?? checkoutLabel(created), created, version: knownVersion(created), index: indexObjects(source, objects, warn) };
  }

  private async readData(uri: string, maxBytes: number): Promise<string> {
    try {
      return await this.files.read(uri, maxBytes);
    } catch (error) {
      throw new DataError(`cannot read ${uri}: ${(error as { code?: string }).code ?? String(error)}`);
    }
  }

  private async checkoutCreated(folder: string): Promise<string | undefined> {
    try {
      return bundleCreated(await this.files.read(joinUri(folder, CHECKOUT_BUNDLE), MAX_BUNDLE_BYTES));
    } catch {
      return undefined;
    }
  }
}

function indexObjects(source: DataSource, objects: readonly DisarmObject[], warn: (message: string) => void): FrameworkIndex {
  const duplicates: string[] = [];
  const index = createFrameworkIndex(source, objects, (id) => duplicates.push(id));
  if (duplicates.length) warn(`${source.path}: duplicate IDs, the first of each kept: ${duplicates.join(', ')}`);
  return index;
}

/** The first defined answer in the order of `items`, with every item asked at once. */
async function firstFound<T, R>(items: readonly T[], ask: (item: T) => Promise<R | undefined>): Promise<R | undefined> {
  return (await Promise.all(items.map(ask))).find((answer) => answer !== undefined);
}
