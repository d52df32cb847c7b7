import type { Connection } from 'vscode-languageserver';
import type { SourceSpec } from '../node/loadReleases';

/** The `disarm.*` settings the server reads, typed and with defaults. */
export interface Settings {
  readonly dataPath: string;
  /** `disarm.dataSources`: several releases side by side; empty means the core's discovery. */
  readonly dataSources: readonly SourceSpec[];
  /** `disarm.targetVersion`: the label of the release to check against; empty means the newest. */
  readonly targetVersion: string;
  /**
   * `scope`: `auto` checks DISARM documents only (see service/features/scope.ts), `all` every markdown document;
   * `maxPerDocument`: at most this many diagnostics per document (`disarm.diagnostics.maxPerDocument`).
   */
  readonly diagnostics: { readonly enable: boolean; readonly disabled: ReadonlySet<string>; readonly scope: 'auto' | 'all'; readonly maxPerDocument: number };
  /** `disarm.include`: globs of documents that are DISARM documents whatever they hold. */
  readonly include: readonly string[];
  readonly inlayHints: { readonly enable: boolean };
}

/** The default of `disarm.diagnostics.maxPerDocument`: more than anyone reads, few enough for any editor. */
export const MAX_PER_DOCUMENT = 1000;

export const DEFAULT_SETTINGS: Settings = {
  dataPath: '',
  dataSources: [],
  targetVersion: '',
  diagnostics: { enable: true, disabled: new Set(), scope: 'auto', maxPerDocument: MAX_PER_DOCUMENT },
  include: [],
  inlayHints: { enable: true },
};

/** Reads untrusted settings JSON into {@link Settings}, falling back to defaults for anything malformed. */
export function toSettings(raw: unknown): Settings {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const diagnostics = (typeof value.diagnostics === 'object' && value.diagnostics !== null ? value.diagnostics : {}) as Record<string, unknown>;
  const disabled = Array.isArray(diagnostics.disabled) ? diagnostics.disabled.filter((c): c is string => typeof c === 'string') : [];
  return {
    dataPath: typeof value.dataPath === 'string' ? value.dataPath.trim() : '',
    dataSources: toSourceSpecs(value.dataSources),
    targetVersion: typeof value.targetVersion === 'string' ? value.targetVersion.trim() : '',
    diagnostics: { enable: diagnostics.enable !== false, disabled: new Set(disabled), scope: diagnostics.scope === 'all' ? 'all' : 'auto', maxPerDocument: toCap(diagnostics.maxPerDocument) },
    include: Array.isArray(value.include) ? value.include.filter((g): g is string => typeof g === 'string' && g.trim() !== '').map((g) => g.trim()) : [],
    inlayHints: { enable: (value.inlayHints as { enable?: unknown } | undefined)?.enable !== false },
  };
}

/** A positive whole number, else the default. */
function toCap(raw: unknown): number {
  return typeof raw === 'number' && Number.isFinite(raw) && raw >= 1 ? Math.floor(raw) : MAX_PER_DOCUMENT;
}

/** `[{ path, label? }]` entries (a bare string is a path); entries without a path are dropped. */
function toSourceSpecs(raw: unknown): SourceSpec[] {
  if (!Array.isArray(raw)) return [];
  const specs: SourceSpec[] = [];
  for (const entry of raw) {
    const { path, label } = (typeof entry === 'string' ? { path: entry } : typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof path === 'string' && path.trim()) specs.push({ path: path.trim(), label: typeof label === 'string' && label.trim() ? label.trim() : undefined });
  }
  return specs;
}

/**
 * Settings per resource, fetched with `workspace/configuration` when the client supports it and
 * cached until the configuration changes; otherwise the last pushed `didChangeConfiguration` value.
 */
export class SettingsCache {
  private readonly byResource = new Map<string, Promise<Settings>>();
  private pushed: Settings = DEFAULT_SETTINGS;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  get(resource?: string): Promise<Settings> {
    if (!this.canPull()) return Promise.resolve(this.pushed);
    const key = resource ?? '';
    let settings = this.byResource.get(key);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: resource, section: 'disarm' })
        .then(toSettings, () => this.pushed);
      this.byResource.set(key, settings);
    }
    return settings;
  }

  /** Forgets cached values; `pushed` is the `settings.disarm` of a `didChangeConfiguration`, if any. */
  clear(pushed?: unknown): void {
    this.byResource.clear();
    if (pushed !== undefined) this.pushed = toSettings(pushed);
  }

  forget(resource: string): void {
    this.byResource.delete(resource);
  }
}
