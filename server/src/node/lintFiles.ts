import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import pMap from 'p-map';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { computeDiagnostics, DiagnosticOptions } from '../service/features/diagnostics';
import { nameBook } from '../service/features/names';
import { DocumentScope, isDisarmDocument } from '../service/features/scope';
import type { DisarmDocument } from '../service/markdown/document';
import { OpenDocument } from '../service/markdown/openDocument';
import { FrameworkIndex } from '../service/framework/framework';
import { chooseTarget, createFrameworkSet, FrameworkSet, withHistory } from '../service/framework/releases';
import { DataError, examples } from './loadCheckout';
import { fixText, ParseText, ReadForFix, readForFix, removeLeftovers, writeAtomically } from './fixFiles';
import { LabelledSource, loadReleases } from './loadReleases';
import { loadSnapshot } from './loadSnapshot';
import { resolveFile } from './absolutePaths';
import { readFailure, readRegularTextSync } from './regularFile';

/** One finding, 1-based like compilers and editors print them. */
export interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
  /** What the fingerprint is made of: the text cited, and which of its like (same code, message and text) in the file. */
  cited: string;
  nth: number;
}

/** Stays the same when lines move: a hash of the code, message and cited text, and which of its like in the file. */
export function fingerprintOf(finding: Finding): string {
  return `${createHash('sha256').update(findingKey(finding.code, finding.message, finding.cited)).digest('hex').slice(0, 32)}:${finding.nth}`;
}

function findingKey(code: string, message: string, cited: string): string {
  return `${code}\0${message}\0${cited}`;
}

export interface LintResult {
  findings: Finding[];
  /** `file: reason` for each file that could not be read. */
  unreadable: string[];
  /** `file: reason` for each file whose parse was given up (too costly); it is neither checked nor fixed. */
  unchecked: string[];
  /** With `fix`: `file: reason` for each file whose fixes could not be written (it is left as it was). */
  unwritable: string[];
  warnings: string[];
  /** With `fix`: the files rewritten and how many findings each had fixed. */
  fixed: Array<{ file: string; count: number }>;
}

/** The releases to load and the one to check against (its path; default the newest). */
export interface LintData {
  readonly sources: readonly LabelledSource[];
  readonly targetPath?: string;
  /**
   * The built-in release history (`dist/disarm-data.json`): loaded beside the sources, and the
   * target (its newest release) when there are none. A missing file is said in the warnings.
   */
  readonly builtinFile?: string;
  /** The label of the release to check against (a project file's `target`), and where it was written. */
  readonly targetLabel?: { readonly label: string; readonly origin: string };
}

export interface LintOptions {
  /** Apply the unambiguous fixes to the files in place before reporting what remains. */
  readonly fix?: boolean;
  readonly disabled?: ReadonlySet<string>;
  /** Severities that replace the codes' defaults. */
  readonly severities?: ReadonlyMap<string, DiagnosticSeverity>;
  /** Texts to check instead of reading them from disk (standard input), by file. */
  readonly texts?: ReadonlyMap<string, string>;
  /** `auto` (the default): DISARM documents only, as in the editor (see service/features/scope.ts); `all`: every file. */
  readonly scope?: 'auto' | 'all';
}

const SEVERITY: Record<DiagnosticSeverity, Finding['severity']> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

/** Files in hand at once: enough to keep the parse worker busy while this thread checks. */
const IN_FLIGHT = 8;

/** What became of one file. */
export interface FileOutcome {
  findings?: Finding[];
  unreadable?: string;
  unchecked?: string;
  unwritable?: string;
  warning?: string;
  fixed?: number;
}

/**
 * Loads the index and lints the files, reading each once; a file that cannot be read or parsed
 * is reported, not fatal. With `fix`, each file's unambiguous fixes are written back first (see
 * `fixFiles.ts`) and the findings are those of the fixed text. Files are checked a few at a time
 * so that `parse` (a worker) and this thread work side by side; results keep the files' order.
 */
export async function lintFiles(data: LintData, files: readonly string[], parse: ParseText, options: LintOptions = {}): Promise<LintResult> {
  const warnings: string[] = [];
  // The parse needs no framework data, so the first files are parsed while it loads.
  const loading = prepareChecks(data, options, (w) => warnings.push(w));
  loading.catch(() => {}); // the failure is thrown below, or by the first file that waits for it
  if (options.fix) {
    // Before this run makes its own: what a killed run left next to the files it was fixing.
    const removed = removeLeftovers(files.map((file) => path.dirname(realFile(file))));
    if (removed.length) warnings.push(`removed ${removed.length} temporary file${removed.length === 1 ? '' : 's'} left by an earlier --fix: ${examples(removed)}`);
  }
  const check = options.fix ? fixFile : lintFile;
  const codes = codeOptionsOf(options);
  const outcomes = await pMap(files, (file) => check(file, loading, parse, codes, options.texts?.get(file)), { concurrency: IN_FLIGHT });
  await loading;
  return gatherResult(files, outcomes, warnings);
}

/** The codes turned off and the severities set, as the diagnostics take them. */
export function codeOptionsOf(options: LintOptions): CodeOptions {
  return { disabled: options.disabled, severities: options.severities };
}

/** Loads the releases `data` names and settles what each file is checked against; load problems go to `warn`. */
export function prepareChecks(data: LintData, options: Pick<LintOptions, 'scope'>, warn: (message: string) => void): Promise<Against> {
  return loadSet(data, warn).then((set) => ({
    index: set.index,
    // One release: the core's checks exactly.
    releases: set.releases.length > 1 ? set : undefined,
    scope: {
      mode: options.scope ?? 'auto',
      roots: set.releases.filter((r) => r.index.source.kind === 'checkout').map((r) => slashes(path.resolve(r.index.source.path))),
      folders: [slashes(process.cwd())],
    },
  }));
}

/** The run's result from each file's outcome (in the files' order) and the load's warnings. */
export function gatherResult(files: readonly string[], outcomes: readonly FileOutcome[], warnings: readonly string[]): LintResult {
  const result: LintResult = { findings: [], unreadable: [], unchecked: [], unwritable: [], warnings: [...warnings], fixed: [] };
  outcomes.forEach((outcome, i) => {
    const file = files[i];
    // One at a time: a spread passes every finding as an argument, and a large note's overflow the stack.
    for (const finding of outcome.findings ?? []) result.findings.push(finding);
    if (outcome.unreadable) result.unreadable.push(`${file}: ${outcome.unreadable}`);
    if (outcome.unchecked) result.unchecked.push(`${file}: ${outcome.unchecked}`);
    if (outcome.unwritable) result.unwritable.push(`${file}: ${outcome.unwritable}`);
    if (outcome.warning) result.warnings.push(`${file}: ${outcome.warning}`);
    if (outcome.fixed) result.fixed.push({ file, count: outcome.fixed });
  });
  return result;
}

async function loadSet(data: LintData, warn: (message: string) => void): Promise<FrameworkSet> {
  const builtinNotes: string[] = [];
  const [loaded, history] = await Promise.all([
    loadReleases(data.sources, warn, { summaries: false }),
    data.builtinFile !== undefined || !data.sources.length ? loadSnapshot(data.builtinFile, (message) => builtinNotes.push(message)) : undefined,
  ]);
  // After the sources', whichever loaded first.
  builtinNotes.forEach(warn);
  if (history?.note) {
    if (!data.sources.length) throw new DataError(`no DISARM data found: pass --data with a DISARMframeworks checkout or a DISARM.json STIX bundle (${history.note}).`);
    warn(`${history.note}: IDs of other releases are reported as unknown-id.`);
  }
  const releases = withHistory(loaded, history?.releases ?? []);
  const wanted = data.targetPath && path.resolve(data.targetPath);
  let target = wanted ? releases.find((r) => path.resolve(r.index.source.path) === wanted) : chooseTarget(releases).target;
  if (!wanted && data.targetLabel) {
    const chosen = chooseTarget(releases, data.targetLabel.label);
    if (chosen.unmatched) throw new DataError(`${data.targetLabel.origin}: target "${chosen.unmatched}" is not a loaded release (${releases.map((r) => r.label).join(', ')})`);
    target = chosen.target;
  }
  if (!target) throw new DataError(wanted ? `--target ${data.targetPath} is not one of the --data sources.` : 'no DISARM data to check against.');
  return createFrameworkSet(releases, target);
}

export const TOO_COSTLY = 'its markdown is too costly to parse; not checked';
const TOO_COSTLY_TO_FIX = `${TOO_COSTLY} or fixed`;

/** The data a file is checked against. */
export interface Against {
  readonly index: FrameworkIndex;
  readonly releases: FrameworkSet | undefined;
  /** Which files are DISARM documents, less each file's path. */
  readonly scope: DocumentScope;
}

function slashes(file: string): string {
  return file.split(path.sep).join('/');
}

/** The scope of one file: where it lies, with the run's settings. */
function scopeOf(file: string, against: Against): DocumentScope {
  return { ...against.scope, path: slashes(resolveFile(file)) };
}

export type CodeOptions = Pick<DiagnosticOptions, 'disabled' | 'severities'>;

/** Reads (unless `given`), parses and checks one file; a read failure or a parse given up is its outcome. */
export async function lintFile(file: string, loading: Promise<Against>, parse: ParseText, codes: CodeOptions, given?: string): Promise<FileOutcome> {
  const read = readToLint(file, given);
  if (read.text === undefined) return read;
  const model = await parse(read.text, file);
  return checkParsed(file, read.text, model, await loading, codes);
}

/** A file's text to lint (`given`, else read from disk), or why it could not be read. */
export function readToLint(file: string, given?: string): { text: string; unreadable?: undefined } | { text?: undefined; unreadable: string } {
  try {
    return { text: given ?? readRegularTextSync(file) };
  } catch (error) {
    return { unreadable: readFailure(error) };
  }
}

/** The outcome of one file already read and parsed (its parse perhaps given up). */
export function checkParsed(file: string, text: string, model: DisarmDocument, against: Against, codes: CodeOptions): FileOutcome {
  return model.givenUp ? { unchecked: TOO_COSTLY } : { findings: lintText(file, text, model, against.index, { ...codes, releases: against.releases, scope: scopeOf(file, against) }) };
}

/** Fixes one file in place when it has fixes, then lints what it holds. Read errors are reported, and so are write errors (the file is left as it was). */
async function fixFile(file: string, loading: Promise<Against>, parse: ParseText, codes: CodeOptions): Promise<FileOutcome> {
  let read: ReadForFix;
  try {
    read = readForFix(file);
  } catch (error) {
    return { unreadable: readFailure(error) };
  }
  const model = await parse(read.lintText, file);
  const against = await loading;
  const { index, releases } = against;
  if (model.givenUp) return { unchecked: TOO_COSTLY_TO_FIX };
  // Not a DISARM document: nothing to report, so nothing to fix.
  const options = { ...codes, releases, scope: scopeOf(file, against) };
  if (!isDisarmDocument(model, options.scope, nameBook(index, releases))) return { findings: [] };
  // Linted, never fixed: writing around the permission is exactly what a read-only file forbids.
  if (read.readOnly) return { unwritable: read.readOnly, findings: lintText(file, read.lintText, model, index, options) };
  if (read.text === undefined) return { warning: 'not valid UTF-8, not fixed', findings: lintText(file, read.lintText, model, index, options) };
  // Only what is reported is fixed: the codes turned off (project file, --disable) are not.
  const fixed = await fixText(file, read.text, model, index, parse, options);
  if (!fixed) return { unchecked: TOO_COSTLY_TO_FIX };
  if (fixed.fixed === 0) return { findings: lintText(file, fixed.text, fixed.model, index, options, fixed.diagnostics) };
  let carriedOver = 0;
  try {
    carriedOver = writeAtomically(file, fixed.text, read.bytes).carriedOver;
  } catch (error) {
    // Left as it was: it holds the text read, whose model is the first one.
    return { unwritable: reason(error), findings: lintText(file, read.text, model, index, options) };
  }
  const warning = carriedOver ? `${carriedOver} bytes appended while it was being written were kept at its end; run --fix again to check them` : undefined;
  return { fixed: fixed.fixed, warning, findings: lintText(file, fixed.text, fixed.model, index, options, fixed.diagnostics) };
}

function realFile(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    return file;
  }
}

function reason(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/** The findings for one file's text; `diagnostics`: its diagnostics under `options`, when already computed. */
export function lintText(file: string, text: string, model: DisarmDocument, index: FrameworkIndex, options: DiagnosticOptions = {}, diagnostics?: readonly Diagnostic[]): Finding[] {
  // Only its positions are asked for (the name is never read), and its line offsets found by indexOf.
  const document = new OpenDocument(file, 'markdown', 1, text);
  const seen = new Map<string, number>();
  return (diagnostics ?? computeDiagnostics(document, model, index, options)).map((d) => {
    const message = typeof d.message === 'string' ? d.message : d.message.value;
    const code = String(d.code);
    const cited = document.getText(d.range);
    const key = findingKey(code, message, cited);
    const nth = (seen.get(key) ?? 0) + 1;
    seen.set(key, nth);
    return {
      file,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      severity: SEVERITY[d.severity ?? DiagnosticSeverity.Error],
      code,
      message,
      cited,
      nth,
    };
  });
}
