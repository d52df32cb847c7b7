import { promises as fs, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { resolveFile } from './node/absolutePaths';
import { byCodeUnits, collectMarkdownFiles } from './node/collectFiles';
import { PARSE_TIMEOUT_MS } from './node/backgroundParser';
import { InlineParser } from './node/inlineParser';
import type { ParseText } from './node/fixFiles';
import { DiagnosticCode } from './service/features/diagnostics';
import { Finding, LintData, LintOptions, LintResult, lintFiles } from './node/lintFiles';
import { LintPool, LintWorkerData, serveLintJobs } from './node/lintPool';
import { checkoutAncestor, discoverSource } from './node/dataSource';
import { DataError } from './node/loadCheckout';
import { snapshotPath } from './node/loadSnapshot';
import { resolveSpecs } from './node/loadReleases';
import { CodeLevel, ConfigError, ConfigFinder, ProjectConfig, REPORT_LEVELS, ReportLevel } from './node/projectConfig';
import { countFindings, Format, FORMATS, formatReport, summaryLine } from './node/reportFormats';

declare const DISARM_TOOLS_VERSION: string;
const VERSION = typeof DISARM_TOOLS_VERSION === 'string' ? DISARM_TOOLS_VERSION : 'development';

const USAGE = `Usage: disarm-lint [options] PATHS...
       disarm-lint [options] --stdin [--stdin-filename PATH]

Checks the DISARM IDs cited in markdown files (PATHS are files or folders; folders are walked,
skipping node_modules, .git and what .gitignore files ignore).

Data
  --data PATH            a DISARMframeworks checkout or a STIX bundle (default: the project file's
                         data, else a checkout above the paths or the current folder); give it more
                         than once to load several releases: an ID only an older one has is removed-id
  --target PATH          the --data source to check against (default: the newest by its creation date)
Reporting
  --format FORMAT        text (default): file:line:col: severity code message
                         json: an array of findings; sarif: SARIF 2.1.0 for code scanning;
                         github: GitHub Actions workflow commands (annotations)
  -o, --output FILE      write the report to FILE (atomically); the summary still goes to stderr
  --root DIR             SARIF and github paths are relative to DIR (default: the current folder)
  --severity LEVEL       the lowest severity shown: error, warning (default) or info
  --quiet                errors only
  --max-warnings N       exit 1 when more than N warnings are shown
  --enable CODE[,CODE]   report these codes, even if the project file turns them off
  --disable CODE[,CODE]  do not report these codes
Input
  --stdin                check the text on standard input
  --stdin-filename PATH  ... as if it were this file (its name in the report, its project file)
  --no-gitignore         walk folders without reading .gitignore files
  --scope SCOPE          auto (default): check DISARM documents only (in a checkout, mentioning DISARM
                         or AMITT, linking to a DISARM page or citing an ID with its name); all: every file
  --fix                  apply the unambiguous fixes to the files in place (each written
                         atomically), say what was fixed on stderr, then report what remains
  --version              the tool's version and the releases of its built-in data
  -h, --help             this text

A .disarm.jsonc project file (the nearest above each file) sets data, target, include and ignore
globs, per-code severities (codes) and the default severity; flags given here win over it.

Codes: ${Object.values(DiagnosticCode).join(', ')}

Exit status: 0 no errors (and no more warnings than --max-warnings); 1 errors found, or more
warnings than --max-warnings; 2 bad usage, a bad project file, unreadable data, or a file not
read, checked or written.`;

class UsageError extends Error {}

const LEVEL_RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, information: 2, hint: 3 };
const THRESHOLD: Record<ReportLevel, number> = { error: 0, warning: 1, info: 3 };
const CODE_SEVERITY: Record<Exclude<CodeLevel, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

interface Options {
  data: string[];
  target?: string;
  format: Format;
  output?: string;
  root: string;
  severity?: ReportLevel;
  quiet: boolean;
  maxWarnings?: number;
  enable: Set<string>;
  disable: Set<string>;
  stdin: boolean;
  stdinFilename?: string;
  gitignore: boolean;
  /** Unset: the project file's, else auto. */
  scope?: 'auto' | 'all';
  fix: boolean;
}

function readOptions(argv: string[]): { options?: Options; paths: string[]; help?: boolean; version?: boolean } {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        data: { type: 'string', multiple: true },
        target: { type: 'string' },
        format: { type: 'string', default: 'text' },
        output: { type: 'string', short: 'o' },
        root: { type: 'string' },
        severity: { type: 'string' },
        quiet: { type: 'boolean' },
        'max-warnings': { type: 'string' },
        enable: { type: 'string', multiple: true },
        disable: { type: 'string', multiple: true },
        stdin: { type: 'boolean' },
        'stdin-filename': { type: 'string' },
        'no-gitignore': { type: 'boolean' },
        fix: { type: 'boolean' },
        version: { type: 'boolean' },
        scope: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help || values.version) return { paths: [], help: values.help, version: values.version };
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be ${FORMATS.join(', ')}, not ${values.format}`);
  if (values.severity !== undefined && !REPORT_LEVELS.includes(values.severity as ReportLevel)) {
    throw new UsageError(`--severity must be ${REPORT_LEVELS.join(', ')}, not ${values.severity}`);
  }
  if (values.scope !== undefined && values.scope !== 'auto' && values.scope !== 'all') throw new UsageError(`--scope must be auto or all, not ${values.scope}`);
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!/^\d+$/.test(values['max-warnings'])) throw new UsageError(`--max-warnings must be a whole number, not ${values['max-warnings']}`);
  }
  const codes = (list: string[] | undefined, flag: string): Set<string> => {
    const set = new Set((list ?? []).flatMap((l) => l.split(',')).map((c) => c.trim()).filter(Boolean));
    const known = Object.values(DiagnosticCode) as string[];
    for (const code of set) if (!known.includes(code)) throw new UsageError(`${flag}: unknown code ${code} (known: ${known.join(', ')})`);
    return set;
  };
  const stdin = !!values.stdin;
  if (stdin && positionals.length) throw new UsageError('--stdin checks standard input: give no PATHS');
  if (stdin && values.fix) throw new UsageError('--fix rewrites files: it cannot be used with --stdin');
  if (!stdin && values['stdin-filename'] !== undefined) throw new UsageError('--stdin-filename needs --stdin');
  if (!stdin && positionals.length === 0) throw new UsageError('no files or folders to check');
  const options: Options = {
    data: values.data ?? [],
    target: values.target,
    format,
    output: values.output,
    root: path.resolve(values.root ?? '.'),
    severity: values.severity as ReportLevel | undefined,
    quiet: !!values.quiet,
    maxWarnings,
    enable: codes(values.enable, '--enable'),
    disable: codes(values.disable, '--disable'),
    stdin,
    stdinFilename: values['stdin-filename'],
    gitignore: !values['no-gitignore'],
    scope: values.scope as Options['scope'],
    fix: !!values.fix,
  };
  return { options, paths: positionals };
}

/** The files of one project file (or of none), checked together against its data. */
interface Group {
  readonly config: ProjectConfig | undefined;
  readonly files: string[];
}

async function main(argv: string[], workerScript: string, onChecked: () => void): Promise<number> {
  const { options, paths, help, version } = readOptions(argv);
  if (help) return write(process.stdout, `${USAGE}\n`, 0);
  if (version) return write(process.stdout, versionText(), 0);
  if (!options) return 2;

  const pool = options.fix ? undefined : new LintPool(workerScript, PARSE_TIMEOUT_MS);
  let outcome: Array<{ group: Group; result: LintResult }>;
  let collected: { files: string[]; problems: string[] };
  try {
    const texts = new Map<string, string>();
    if (options.stdin) {
      const name = options.stdinFilename ?? '<stdin>';
      texts.set(name, await readStdin());
      collected = { files: [name], problems: [] };
    } else {
      collected = collectMarkdownFiles(paths, { gitignore: options.gitignore });
    }
    const groups = groupByConfig(collected.files, options.stdin && !options.stdinFilename);
    const lintGroups = async (lint: (data: LintData, files: string[], lintOptions: LintOptions) => Promise<LintResult>) => {
      const results: Array<{ group: Group; result: LintResult }> = [];
      for (const group of groups) {
        if (!group.files.length) continue;
        const data = await findSources(options, group, paths);
        const result = await lint(data, group.files, { fix: options.fix, texts, scope: options.scope ?? group.config?.scope ?? 'auto', ...codeOptions(group.config, options) });
        results.push({ group, result });
      }
      return results;
    };
    outcome = pool
      ? await lintGroups((data, files, lintOptions) => pool.lint(data, files, lintOptions))
      : await lintGroups((data, files, lintOptions) => lintFiles(data, files, boundedParse(), lintOptions));
  } finally {
    pool?.dispose();
  }
  onChecked();

  const unreadable = [...collected.problems];
  const unchecked: string[] = [];
  const unwritable: string[] = [];
  const shown: Finding[] = [];
  const hidden: Finding[] = [];
  let checked = 0;
  for (const { group, result } of outcome) {
    checked += group.files.length - result.unreadable.length - result.unchecked.length;
    for (const warning of result.warnings) process.stderr.write(`disarm-lint: ${warning}\n`);
    for (const { file, count } of result.fixed) process.stderr.write(`${file}: fixed ${count} finding${count === 1 ? '' : 's'}\n`);
    for (const problem of result.unreadable) unreadable.push(problem);
    for (const problem of result.unchecked) unchecked.push(problem);
    for (const problem of result.unwritable) unwritable.push(problem);
    const threshold = THRESHOLD[options.quiet ? 'error' : (options.severity ?? group.config?.severity ?? 'warning')];
    for (const finding of result.findings) (LEVEL_RANK[finding.severity] <= threshold ? shown : hidden).push(finding);
  }
  const order = (a: Finding, b: Finding) => byCodeUnits(a.file, b.file) || a.line - b.line || a.column - b.column;
  shown.sort(order);

  const shownCounts = countFindings(shown);
  const problems = unreadable.length + unchecked.length + unwritable.length;
  const overWarnings = options.maxWarnings !== undefined && shownCounts.warning > options.maxWarnings;
  const status = problems ? 2 : shownCounts.error || overWarnings ? 1 : 0;
  // Set before writing: a closed pipe ends the process with it (see `exitQuietlyOnClosedPipe`).
  process.exitCode = status;

  const colour = !options.output && options.format === 'text' && wantsColour(process.stdout);
  const report = formatReport(options.format, shown, { root: options.root, colour, toolVersion: VERSION });
  if (options.output) writeFileAtomically(options.output, report);
  else await write(process.stdout, report, status);

  for (const problem of unreadable) process.stderr.write(`disarm-lint: cannot read ${problem}\n`);
  for (const problem of unchecked) process.stderr.write(`disarm-lint: cannot check ${problem}\n`);
  for (const problem of unwritable) process.stderr.write(`disarm-lint: cannot write ${problem}\n`);
  if (options.format === 'text' || options.format === 'github' || options.output) {
    const hint = options.quiet ? 'without --quiet' : countFindings(hidden).information ? '--severity info' : '--severity warning';
    process.stderr.write(`${summaryLine(checked, shownCounts, countFindings(hidden), hint)}\n`);
    if (overWarnings) process.stderr.write(`disarm-lint: ${shownCounts.warning} warnings, more than --max-warnings ${options.maxWarnings}\n`);
  }
  return status;
}

/** Groups the files by the project file nearest above each; files a project file does not cover are left out. */
function groupByConfig(files: readonly string[], anonymous: boolean): Group[] {
  const finder = new ConfigFinder();
  const groups = new Map<string, Group>();
  const problems = new Map<string, ConfigError>();
  for (const file of files) {
    const absolute = resolveFile(anonymous ? 'stdin.md' : file);
    let config: ProjectConfig | undefined;
    try {
      config = finder.configFor(absolute);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.set(error.message, error);
      continue;
    }
    if (config && !config.covers(absolute)) continue;
    const key = config?.file ?? '';
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { config, files: [] }));
    group.files.push(file);
  }
  if (problems.size) throw new ConfigError([...problems.values()].flatMap((e) => e.problems));
  return [...groups.values()];
}

/** The codes turned off and the severities set: the project file's, then the flags'. */
function codeOptions(config: ProjectConfig | undefined, options: Options) {
  const disabled = new Set(options.disable);
  const severities = new Map<string, DiagnosticSeverity>();
  for (const [code, level] of config?.codes ?? []) {
    if (level === 'off') {
      if (!options.enable.has(code)) disabled.add(code);
    } else severities.set(code, CODE_SEVERITY[level]);
  }
  for (const code of options.enable) if (!options.disable.has(code)) disabled.delete(code);
  return { disabled, severities };
}

/**
 * A parse bounded as in the language server: a file whose markdown would take micromark seconds
 * is reported as not checked instead of stalling the run.
 */
function boundedParse(): ParseText {
  const parser = new InlineParser(PARSE_TIMEOUT_MS);
  return async (text) => parser.parseAll([text])[0];
}

/** The flags' data, else the project file's, else a checkout found above the paths. */
async function findSources(options: Options, group: Group, paths: string[]): Promise<LintData> {
  const { data, target } = options;
  const builtinFile = snapshotPath(__dirname);
  if (target !== undefined && !data.some((d) => path.resolve(d) === path.resolve(target))) {
    throw new UsageError(`--target ${target} must also be given as --data`);
  }
  const config = group.config;
  if (!data.length && config?.data?.length) {
    const sources = await resolveSpecs(config.data, config.folder, config.file);
    return { sources, targetLabel: config.target ? { label: config.target, origin: config.targetOrigin ?? config.file } : undefined, builtinFile };
  }
  const targetLabel = !data.length && config?.target ? { label: config.target, origin: config.targetOrigin ?? config.file } : undefined;
  if (data.length > 1) {
    const sources = [];
    for (const dataPath of data) sources.push({ source: (await discoverSource({ dataPath, workspaceFolders: [], documentFolders: [] }))! });
    return { sources, targetPath: target, builtinFile };
  }
  let checkout: string | undefined;
  const starts = options.stdin ? [path.dirname(path.resolve(group.files[0]))] : [...paths, '.'];
  for (const start of data.length ? [] : starts) {
    const folder = await fs.stat(start).then((s) => (s.isDirectory() ? start : path.dirname(start)), () => undefined);
    checkout = folder && (await checkoutAncestor(folder));
    if (checkout) break;
  }
  const source = await discoverSource({ dataPath: data[0], workspaceFolders: checkout ? [checkout] : [], documentFolders: [] });
  // Without a source the built-in data is the target (lintFiles says so when the build has none).
  return { sources: source ? [{ source }] : [], targetLabel, builtinFile };
}

/** `disarm-lint 0.1.0` and the releases of the data built into `dist/disarm-data.json`. */
function versionText(): string {
  let releases: string[] | undefined;
  try {
    const snapshot = JSON.parse(readFileSync(snapshotPath(__dirname) ?? '', 'utf8')) as { releases?: Array<{ version?: unknown }> };
    releases = (snapshot.releases ?? []).map((r) => r.version).filter((v): v is string => typeof v === 'string');
  } catch {
    releases = undefined;
  }
  const data = releases?.length ? `built-in DISARM data: releases ${releases.join(', ')}` : 'no built-in data';
  return `disarm-lint ${VERSION}\n${data}\n`;
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

/** Colour on a terminal only; `NO_COLOR` turns it off and `FORCE_COLOR` on (https://no-color.org). */
function wantsColour(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR) return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return !!stream.isTTY;
}

/** Writes and waits until the text is handed to the system, so that the exit status follows the output. */
function write(stream: NodeJS.WriteStream, text: string, status: number): Promise<number> {
  if (!text) return Promise.resolve(status);
  return new Promise((resolve) => stream.write(text, () => resolve(status)));
}

/** The report file is replaced whole or not at all: a temporary file beside it, then a rename. */
function writeFileAtomically(file: string, text: string): void {
  const temporary = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new DataError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/**
 * `disarm-lint … | head` closes the pipe early: the rest of the report has no reader, which is
 * no failure of the run. End at once with the status already set, never with a stack trace.
 */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

/**
 * Runs `disarm-lint` on the process's arguments, or serves lint jobs in a worker that the pool
 * started. `workerScript` is what the pool's workers start (the loader, dist/cli.js, which reads the
 * code cache; this bundle when it is run itself); `onChecked` is told once files were checked.
 */
export function start(workerScript = __filename, onChecked: () => void = () => {}): void {
  if (!isMainThread && (workerData as LintWorkerData | undefined)?.role === 'lint') {
    // A worker of the lint pool (node/lintPool.ts).
    serveLintJobs(parentPort!, workerData as LintWorkerData);
  } else {
    exitQuietlyOnClosedPipe(process.stdout);
    exitQuietlyOnClosedPipe(process.stderr);

    main(process.argv.slice(2), workerScript, onChecked).then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        if (error instanceof UsageError) process.stderr.write(`disarm-lint: ${error.message}\n\n${USAGE}\n`);
        else if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
        else if (error instanceof DataError) process.stderr.write(`disarm-lint: ${error.message}\n`);
        else process.stderr.write(`disarm-lint: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
        process.exitCode = 2;
      },
    );
  }
}

// `node dist/lintEngine.js` runs it without the loader (and its code cache).
if (require.main === module) start();
