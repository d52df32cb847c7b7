import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Node, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import picomatch from 'picomatch';
import { DiagnosticCode } from '../service/features/diagnostics';
import { resolveFolder } from './absolutePaths';
import type { SourceSpec } from './loadReleases';

/** The project file both `disarm-lint` and the language server read. */
export const CONFIG_FILE = '.disarm.jsonc';

export type CodeLevel = 'off' | 'info' | 'warning' | 'error';
export type ReportLevel = 'error' | 'warning' | 'info';
export const CODE_LEVELS: readonly CodeLevel[] = ['off', 'info', 'warning', 'error'];
export const REPORT_LEVELS: readonly ReportLevel[] = ['error', 'warning', 'info'];
export const SCOPES = ['auto', 'all'] as const;

/** One project file, read and checked. Paths are absolute (the file's own are relative to its folder). */
export interface ProjectConfig {
  readonly file: string;
  readonly folder: string;
  /** The data sources, when the file names any. */
  readonly data?: readonly SourceSpec[];
  /** The label of the release to check against, and where it is written (`file:line:col`). */
  readonly target?: string;
  readonly targetOrigin?: string;
  readonly scope?: (typeof SCOPES)[number];
  readonly include?: readonly string[];
  readonly ignore?: readonly string[];
  /** Per code: `off` or the severity it is reported with. */
  readonly codes: ReadonlyMap<string, CodeLevel>;
  /** The CLI's default `--severity`. */
  readonly severity?: ReportLevel;
  /** Whether a file (absolute path) is one the project checks: inside the folder, in `include`, not in `ignore`. */
  covers(file: string): boolean;
}

/** A problem with a project file, at a 0-based offset (line and column are 1-based). */
export interface ConfigProblem {
  readonly file: string;
  readonly offset: number;
  readonly length: number;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

/** `file:line:col: message`, as compilers print it. */
export function formatProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

const KNOWN_KEYS = ['$schema', 'data', 'target', 'scope', 'include', 'ignore', 'codes', 'severity'];

/**
 * Reads the text of a project file. Every problem is reported with its place; the configuration
 * is returned only when there is none, so that a caller keeps its last good one.
 * `exists` says whether a data path is there (injected, so the editor can test unsaved text).
 */
export function parseProjectConfig(
  file: string,
  text: string,
  exists: (absolute: string) => boolean = existsSync,
): { config?: ProjectConfig; problems: ConfigProblem[] } {
  const folder = path.dirname(file);
  const problems: ConfigProblem[] = [];
  const lines = lineStarts(text);
  const problem = (offset: number, length: number, message: string) => {
    const { line, column } = position(lines, offset);
    problems.push({ file, offset, length, line, column, message });
  };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const e of errors) problem(e.offset, e.length, `broken JSONC: ${describeParseError(printParseErrorCode(e.error))}`);
  if (errors.length) return { problems };
  if (!root || root.type !== 'object') {
    problem(root?.offset ?? 0, root?.length ?? 0, 'the configuration must be an object ({ ... })');
    return { problems };
  }
  const fields = new Map<string, Node>();
  for (const property of root.children ?? []) {
    const [key, value] = property.children ?? [];
    if (!key || !value) continue;
    if (!KNOWN_KEYS.includes(key.value)) problem(key.offset, key.length, `unknown setting "${key.value}" (known: ${KNOWN_KEYS.slice(1).join(', ')})`);
    else fields.set(key.value, value);
  }
  const strings = (node: Node | undefined, what: string): string[] | undefined => {
    if (!node) return undefined;
    if (node.type !== 'array') return problem(node.offset, node.length, `${what} must be an array of strings`), undefined;
    const out: string[] = [];
    for (const item of node.children ?? []) {
      if (item.type !== 'string' || !item.value) problem(item.offset, item.length, `${what} must hold non-empty strings`);
      else out.push(item.value);
    }
    return out;
  };
  const oneOf = <T extends string>(node: Node | undefined, allowed: readonly T[], what: string): T | undefined => {
    if (!node) return undefined;
    if (node.type === 'string' && allowed.includes(node.value)) return node.value as T;
    problem(node.offset, node.length, `${what} must be ${allowed.map((a) => `"${a}"`).join(', ')}, not ${text.slice(node.offset, node.offset + node.length)}`);
    return undefined;
  };

  const data = readData(fields.get('data'), folder, exists, problem);
  const targetNode = fields.get('target');
  if (targetNode && (targetNode.type !== 'string' || !targetNode.value.trim())) problem(targetNode.offset, targetNode.length, 'target must be the label of a release');
  const target = targetNode?.type === 'string' ? targetNode.value.trim() || undefined : undefined;
  if (target && data && !data.some((d) => d.label?.toLowerCase() === target.toLowerCase()) && data.every((d) => d.label)) {
    problem(targetNode!.offset, targetNode!.length, `target "${target}" is none of the data labels (${data.map((d) => d.label).join(', ')})`);
  }
  const scope = oneOf(fields.get('scope'), SCOPES, 'scope');
  const include = strings(fields.get('include'), 'include');
  const ignore = strings(fields.get('ignore'), 'ignore');
  const severity = oneOf(fields.get('severity'), REPORT_LEVELS, 'severity');
  const codes = new Map<string, CodeLevel>();
  const codesNode = fields.get('codes');
  if (codesNode && codesNode.type !== 'object') problem(codesNode.offset, codesNode.length, 'codes must be an object: { "code": "off" | "info" | "warning" | "error" }');
  const known = Object.values(DiagnosticCode) as string[];
  for (const property of codesNode?.type === 'object' ? (codesNode.children ?? []) : []) {
    const [key, value] = property.children ?? [];
    if (!key || !value) continue;
    if (!known.includes(key.value)) problem(key.offset, key.length, `unknown code "${key.value}" (known: ${known.join(', ')})`);
    const level = oneOf(value, CODE_LEVELS, `the level of ${key.value}`);
    if (level && known.includes(key.value)) codes.set(key.value, level);
  }
  if (problems.length) return { problems };

  const matchesInclude = include?.length ? picomatch(include, { dot: true }) : undefined;
  const matchesIgnore = ignore?.length ? picomatch(ignore, { dot: true }) : undefined;
  const covers = (absolute: string): boolean => {
    const relative = path.relative(folder, absolute).split(path.sep).join('/');
    if (relative.startsWith('../') || relative === '..' || path.isAbsolute(relative)) return false;
    if (matchesIgnore?.(relative)) return false;
    return !matchesInclude || matchesInclude(relative);
  };
  const targetOrigin = targetNode && `${file}:${position(lines, targetNode.offset).line}:${position(lines, targetNode.offset).column}`;
  return { config: { file, folder, data, target, targetOrigin, scope, include, ignore, codes, severity, covers }, problems };
}

function readData(
  node: Node | undefined,
  folder: string,
  exists: (absolute: string) => boolean,
  problem: (offset: number, length: number, message: string) => void,
): SourceSpec[] | undefined {
  if (!node) return undefined;
  const entries = node.type === 'array' ? (node.children ?? []) : [node];
  const specs: SourceSpec[] = [];
  for (const entry of entries) {
    let pathNode: Node | undefined;
    let label: string | undefined;
    if (entry.type === 'string') pathNode = entry;
    else if (entry.type === 'object') {
      for (const property of entry.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key?.value === 'path') pathNode = value;
        else if (key?.value === 'label' && value?.type === 'string') label = value.value.trim() || undefined;
        else if (key) problem(key.offset, key.length, key.value === 'label' ? 'label must be a string' : `unknown data setting "${key.value}" (known: path, label)`);
      }
    }
    if (!pathNode || pathNode.type !== 'string' || !pathNode.value.trim()) {
      const at = pathNode ?? entry;
      problem(at.offset, at.length, 'data entries are a path or { "path": ..., "label": ... }');
      continue;
    }
    const absolute = path.resolve(folder, pathNode.value.trim());
    if (!exists(absolute)) problem(pathNode.offset, pathNode.length, `data path ${absolute} does not exist`);
    else specs.push({ path: absolute, label });
  }
  return specs;
}

function describeParseError(code: string): string {
  // `InvalidSymbol` -> `invalid symbol`
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

function position(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low] + 1 };
}

/** Reads a project file from disk; an unreadable one is a problem at its start. */
export function readProjectConfig(file: string): { config?: ProjectConfig; problems: ConfigProblem[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { problems: [{ file, offset: 0, length: 0, line: 1, column: 1, message: `cannot read: ${reason}` }] };
  }
  return parseProjectConfig(file, text);
}

/**
 * Finds the project file that applies to a path, walking up from its folder: the nearest wins,
 * as in markdownlint-cli2. Each folder is looked at and each file read once.
 */
export class ConfigFinder {
  private readonly byFolder = new Map<string, string | undefined>();
  private readonly byFile = new Map<string, { config?: ProjectConfig; problems: ConfigProblem[] }>();

  /** The file that applies to `target` (a file or folder), if any. */
  configFileFor(target: string, isFolder = false): string | undefined {
    const start = resolveFolder(isFolder ? target : path.dirname(target));
    const walked: string[] = [];
    let folder = start;
    let found: string | undefined;
    for (;;) {
      if (this.byFolder.has(folder)) {
        found = this.byFolder.get(folder);
        break;
      }
      walked.push(folder);
      const candidate = path.join(folder, CONFIG_FILE);
      if (isRegularFile(candidate)) {
        found = candidate;
        break;
      }
      const parent = path.dirname(folder);
      if (parent === folder) break;
      folder = parent;
    }
    for (const f of walked) this.byFolder.set(f, found);
    return found;
  }

  /** The configuration that applies to `target`; throws {@link ConfigError} when that file has problems. */
  configFor(target: string, isFolder = false): ProjectConfig | undefined {
    const file = this.configFileFor(target, isFolder);
    if (!file) return undefined;
    let read = this.byFile.get(file);
    if (!read) this.byFile.set(file, (read = readProjectConfig(file)));
    if (read.problems.length) throw new ConfigError(read.problems);
    return read.config;
  }
}

function isRegularFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
