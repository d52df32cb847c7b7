import { promises as fs, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Finding, lintFiles } from './node/lintFiles';
import { checkoutAncestor, discoverSource } from './node/dataSource';
import { DataError } from './node/loadCheckout';
import { DataSource } from './service/framework';

const USAGE = `Usage: disarm-lint [--data DIR_OR_BUNDLE] [--format text|json] [--fix] PATHS...

Checks the DISARM IDs cited in markdown files (PATHS are files or folders).
  --data    a DISARMframeworks checkout or a STIX bundle (default: a checkout above the paths or the current folder)
  --format  text (default): file:line:col: severity code message; json: an array of findings
  --fix     apply the fixes that are unambiguous to the files in place (each file written
            atomically), say what was fixed on stderr, then report the findings that remain
Exit status: 0 no errors, 1 errors found, 2 bad usage, unreadable data or a file not read or written.`;

class UsageError extends Error {}

const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

async function main(argv: string[]): Promise<number> {
  let options: { data?: string; format?: string; fix?: boolean; help?: boolean };
  let paths: string[];
  try {
    const parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        data: { type: 'string' },
        format: { type: 'string', default: 'text' },
        fix: { type: 'boolean' },
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
  if (paths.length === 0) throw new UsageError('no files or folders to check');

  const source = await findSource(options.data, paths);
  const { files, unreadable } = collectFiles(paths);
  const result = await lintFiles(source, files, { fix: options.fix });
  const findings = result.findings;
  unreadable.push(...result.unreadable);
  for (const warning of result.warnings) process.stderr.write(`disarm-lint: ${warning}\n`);
  for (const { file, count } of result.fixed) process.stderr.write(`${file}: fixed ${count} finding${count === 1 ? '' : 's'}\n`);
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  process.stdout.write(options.format === 'json' ? `${JSON.stringify(findings, null, 2)}\n` : findings.map(formatText).join(''));
  for (const problem of unreadable) process.stderr.write(`disarm-lint: cannot read ${problem}\n`);
  for (const problem of result.unwritable) process.stderr.write(`disarm-lint: cannot write ${problem}\n`);
  if (unreadable.length || result.unwritable.length) return 2;
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

async function findSource(data: string | undefined, paths: string[]): Promise<DataSource> {
  let checkout: string | undefined;
  for (const start of data ? [] : [...paths, '.']) {
    const folder = await fs.stat(start).then((s) => (s.isDirectory() ? start : path.dirname(start)), () => undefined);
    checkout = folder && (await checkoutAncestor(folder));
    if (checkout) break;
  }
  const source = await discoverSource({ dataPath: data, workspaceFolders: checkout ? [checkout] : [], documentFolders: [] });
  if (!source) throw new DataError('no DISARM data found: pass --data with a DISARMframeworks checkout or a DISARM.json STIX bundle.');
  return source;
}

/** Markdown files under the given paths, in a stable order; a path given by name is checked whatever its extension. */
function collectFiles(paths: string[]): { files: string[]; unreadable: string[] } {
  const files: string[] = [];
  const unreadable: string[] = [];
  const walk = (target: string, top: boolean): void => {
    try {
      const stat = statSync(target);
      if (stat.isFile()) {
        if (top || /\.(md|markdown)$/i.test(target)) files.push(target);
      } else if (stat.isDirectory()) {
        const entries = readdirSync(target, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
        for (const entry of entries) {
          if (entry.isDirectory() ? !SKIPPED_FOLDERS.has(entry.name) : entry.isFile()) walk(path.join(target, entry.name), false);
        }
      }
    } catch (error) {
      unreadable.push(`${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };
  for (const target of paths) walk(target, true);
  return { files, unreadable };
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
