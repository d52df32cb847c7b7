import { statSync } from 'node:fs';
import path from 'node:path';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { CONFIG_FILE, ConfigProblem, ProjectConfig, readProjectConfig } from '../node/projectConfig';
import type { Settings } from './settings';

/** One project file as the server holds it: the last good configuration and the current problems. */
interface Entry {
  good?: ProjectConfig;
  problems: readonly ConfigProblem[];
}

const LEVEL: Record<'info' | 'warning' | 'error', DiagnosticSeverity> = { info: DiagnosticSeverity.Information, warning: DiagnosticSeverity.Warning, error: DiagnosticSeverity.Error };

/**
 * The `.disarm.jsonc` files that apply to documents: the nearest above each, as in the CLI.
 * A file with problems keeps its last good configuration, and its problems are published as
 * diagnostics on it (`publish`); a change is picked up by {@link changed} (the file watcher).
 */
export class ProjectConfigs {
  private readonly entries = new Map<string, Entry>();
  /** Folder -> the project file that applies to it (undefined: none), filled as documents ask. */
  private readonly nearest = new Map<string, string | undefined>();

  constructor(private readonly publish: (file: string, diagnostics: Diagnostic[]) => void) {}

  /** The configuration for a document's file, if a project file covers it. */
  forFile(file: string): ProjectConfig | undefined {
    const configFile = this.fileFor(path.dirname(file));
    const config = configFile ? this.entry(configFile).good : undefined;
    return config?.covers(file) ? config : undefined;
  }

  /** True when the project file that applies to the file leaves it out (include, ignore): not checked, as in the CLI. */
  excludes(file: string): boolean {
    const configFile = this.fileFor(path.dirname(file));
    const config = configFile ? this.entry(configFile).good : undefined;
    return !!config && !config.covers(file);
  }

  /** The last good configuration of the project file that applies to `folder` (a workspace folder: its data). */
  forFolder(folder: string): ProjectConfig | undefined {
    const configFile = this.fileFor(folder);
    return configFile ? this.entry(configFile).good : undefined;
  }

  /** The project file that applies to `folder`, whether or not it is good. */
  fileFor(folder: string): string | undefined {
    const walked: string[] = [];
    let found: string | undefined;
    for (let at = path.resolve(folder); ; ) {
      if (this.nearest.has(at)) {
        found = this.nearest.get(at);
        break;
      }
      walked.push(at);
      const candidate = path.join(at, CONFIG_FILE);
      if (isFile(candidate)) {
        found = candidate;
        break;
      }
      const parent = path.dirname(at);
      if (parent === at) break;
      at = parent;
    }
    for (const f of walked) this.nearest.set(f, found);
    return found;
  }

  /** What the status says about the project file of a folder. */
  describe(folder: string): { file?: string; problems: readonly string[] } {
    const file = this.fileFor(folder);
    if (!file) return { problems: [] };
    return { file, problems: this.entry(file).problems.map((p) => `${p.line}:${p.column}: ${p.message}`) };
  }

  /** A project file was created, changed or deleted: read it again (its last good configuration stays on a problem). */
  changed(file: string): void {
    this.nearest.clear(); // a new or deleted file changes which file is nearest
    const previous = this.entries.get(file);
    if (!isFile(file)) {
      this.entries.delete(file);
      this.publish(file, []);
      return;
    }
    this.entries.set(file, this.read(file, previous?.good));
  }

  private entry(file: string): Entry {
    let entry = this.entries.get(file);
    if (!entry) this.entries.set(file, (entry = this.read(file, undefined)));
    return entry;
  }

  private read(file: string, lastGood: ProjectConfig | undefined): Entry {
    const { config, problems } = readProjectConfig(file);
    this.publish(file, problems.map(toDiagnostic));
    return { good: config ?? lastGood, problems };
  }
}

function toDiagnostic(p: ConfigProblem): Diagnostic {
  const start = { line: p.line - 1, character: p.column - 1 };
  // Problems sit on one token; a longer span (a broken value) is cut at the line's end by the editor.
  const end = { line: start.line, character: start.character + Math.max(p.length, 1) };
  const kept = 'the last good configuration stays in use';
  return { range: { start, end }, severity: DiagnosticSeverity.Error, source: 'disarm', code: 'bad-config', message: `${p.message} (${kept})` };
}

/** `settings` with a project file's codes laid over them: the file wins for the documents it covers. */
export function withProjectConfig(settings: Settings, config: ProjectConfig | undefined): { disabled: ReadonlySet<string>; severities?: ReadonlyMap<string, DiagnosticSeverity> } {
  if (!config?.codes.size) return { disabled: settings.diagnostics.disabled };
  const disabled = new Set(settings.diagnostics.disabled);
  const severities = new Map<string, DiagnosticSeverity>();
  for (const [code, level] of config.codes) {
    if (level === 'off') disabled.add(code);
    else {
      disabled.delete(code);
      severities.set(code, LEVEL[level]);
    }
  }
  return { disabled, severities };
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
