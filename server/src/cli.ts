import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { collectMarkdownFiles } from './node/collectFiles';
import { BackgroundParser, PARSE_TIMEOUT_MS } from './node/backgroundParser';
import type { ParseText } from './node/fixFiles';
import type { DisarmDocument } from './service/markdown/document';
import { Finding, LintData, lintFiles } from './node/lintFiles';
import { checkoutAncestor, discoverSource } from './node/dataSource';
import { DataError } from './node/loadCheckout';
import { snapshotPath } from './node/loadSnapshot';

const USAGE = `Usage: disarm-lint [--data DIR_OR_BUNDLE]... [--target DIR_OR_BUNDLE] [--format text|json] [--fix] [--scope auto|all] PATHS...

Checks the DISARM IDs cited in markdown files (PATHS are files or folders).
  --data    a DISARMframeworks checkout or a STIX bundle (default: a checkout above the paths or the current folder,
            else the newest release of the built-in data); give it more than once to load several releases.
            The built-in release history is always loaded beside it: an ID only another release has is removed-id
  --target  the --data source to check against (default: the newest by its creation date)
  --format  text (default): file:line:col: severity code message; json: an array of findings
  --scope   auto (default): check DISARM documents only (in a checkout, mentioning DISARM or AMITT,
            linking to a DISARM page or citing an ID with its name); all: every markdown file
  --fix     apply the fixes that are unambiguous to the files in place (each file written
            atomically), say what was fixed on stderr, then report the findings that remain
Exit status: 0 no errors, 1 errors found, 2 bad usage, unreadable data or a file not read, checked or written.`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let options: { data?: string[]; target?: string; format?: string; fix?: boolean; scope?: string; help?: boolean };
  let paths: string[];
  try {
    const parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        data: { type: 'string', multiple: true },
        target: { type: 'string' },
        format: { type: 'string', default: 'text' },
        fix: { type: 'boolean' },
        scope: { type: 'string', default: 'auto' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    options = parsed.values;
    paths = parsed.positionals;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.format !== 'text' && options.format !== 'json') throw new UsageError(`--format must be text or json, not ${options.format}`);
  if (options.scope !== 'auto' && options.scope !== 'all') throw new UsageError(`--scope must be auto or all, not ${options.scope}`);
  if (paths.length === 0) throw new UsageError('no files or folders to check');

  const { result, unreadable } = await withBoundedParse(async (parse) => {
    const data = await findSources(options.data ?? [], options.target, paths);
    const { files, problems } = collectMarkdownFiles(paths);
    return { result: await lintFiles(data, files, parse, { fix: options.fix, scope: options.scope as 'auto' | 'all' }), unreadable: problems };
  });
  const findings = result.findings;
  unreadable.push(...result.unreadable);
  for (const warning of result.warnings) process.stderr.write(`disarm-lint: ${warning}\n`);
  for (const { file, count } of result.fixed) process.stderr.write(`${file}: fixed ${count} finding${count === 1 ? '' : 's'}\n`);
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  process.stdout.write(options.format === 'json' ? `${JSON.stringify(findings, null, 2)}\n` : findings.map(formatText).join(''));
  for (const problem of unreadable) process.stderr.write(`disarm-lint: cannot read ${problem}\n`);
  for (const problem of result.unchecked) process.stderr.write(`disarm-lint: cannot check ${problem}\n`);
  for (const problem of result.unwritable) process.stderr.write(`disarm-lint: cannot write ${problem}\n`);
  if (unreadable.length || result.unchecked.length || result.unwritable.length) return 2;
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/**
 * Runs `use` with a parse in a worker thread, bounded as in the language server: a file whose
 * markdown would take micromark seconds is reported as not checked instead of stalling the run.
 * The worker boots while `use` finds the data and the files.
 */
async function withBoundedParse<T>(use: (parse: ParseText) => Promise<T>): Promise<T> {
  const parser = new BackgroundParser(path.join(__dirname, 'parseWorker.js'), PARSE_TIMEOUT_MS, () => {}, 4);
  parser.start();
  try {
    // No key: a parse is never superseded, so a model always comes back.
    return await use((text, file) => parser.parse(text, file) as Promise<DisarmDocument>);
  } finally {
    parser.dispose();
  }
}

async function findSources(data: readonly string[], target: string | undefined, paths: string[]): Promise<LintData> {
  const builtinFile = snapshotPath(__dirname);
  if (target !== undefined && !data.some((d) => path.resolve(d) === path.resolve(target))) {
    throw new UsageError(`--target ${target} must also be given as --data`);
  }
  if (data.length > 1) {
    const sources = [];
    for (const dataPath of data) sources.push({ source: (await discoverSource({ dataPath, workspaceFolders: [], documentFolders: [] }))! });
    return { sources, targetPath: target, builtinFile };
  }
  let checkout: string | undefined;
  for (const start of data.length ? [] : [...paths, '.']) {
    const folder = await fs.stat(start).then((s) => (s.isDirectory() ? start : path.dirname(start)), () => undefined);
    checkout = folder && (await checkoutAncestor(folder));
    if (checkout) break;
  }
  const source = await discoverSource({ dataPath: data[0], workspaceFolders: checkout ? [checkout] : [], documentFolders: [] });
  // Without a source the built-in data is the target (lintFiles says so when the build has none).
  return { sources: source ? [{ source }] : [], builtinFile };
}

function formatText(f: Finding): string {
  return `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.code} ${f.message}\n`;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`disarm-lint: ${error.message}\n\n${USAGE}\n`);
    else if (error instanceof DataError) process.stderr.write(`disarm-lint: ${error.message}\n`);
    else process.stderr.write(`disarm-lint: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 2;
  },
);
