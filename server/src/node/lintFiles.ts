import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { computeDiagnostics } from '../service/diagnostics';
import { parseDisarmDocument } from '../service/document';
import { FrameworkIndex } from '../service/framework';
import { chooseTarget, createFrameworkSet, FrameworkSet } from '../service/releases';
import { DataError } from './loadCheckout';
import { fixText, readForFix, writeAtomically } from './fixFiles';
import { LabelledSource, loadReleases } from './loadReleases';

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
}

export interface LintResult {
  findings: Finding[];
  /** `file: reason` for each file that could not be read. */
  unreadable: string[];
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
}

export interface LintOptions {
  /** Apply the unambiguous fixes to the files in place before reporting what remains. */
  readonly fix?: boolean;
}

const SEVERITY: Record<DiagnosticSeverity, Finding['severity']> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

/**
 * Loads the index and lints the files, reading each once; an unreadable file is reported, not
 * fatal. With `fix`, each file's unambiguous fixes are written back first (see `fixFiles.ts`)
 * and the findings are those of the fixed text.
 */
export async function lintFiles(data: LintData, files: readonly string[], options: LintOptions = {}): Promise<LintResult> {
  const warnings: string[] = [];
  const set = await loadSet(data, (w) => warnings.push(w));
  const index = set.index;
  // One release: the core's checks exactly.
  const releases = set.releases.length > 1 ? set : undefined;
  const result: LintResult = { findings: [], unreadable: [], unwritable: [], warnings, fixed: [] };
  for (const file of files) {
    let text: string;
    try {
      text = options.fix ? fixFile(file, index, releases, result) : readFileSync(file, 'utf8');
    } catch (error) {
      result.unreadable.push(`${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      continue;
    }
    result.findings.push(...lintText(file, text, index, releases));
  }
  return result;
}

/** Fixes one file in place when it has fixes; returns the text to lint. Read errors throw; write errors are reported. */
async function loadSet(data: LintData, warn: (message: string) => void): Promise<FrameworkSet> {
  const releases = await loadReleases(data.sources, warn, { summaries: false });
  const wanted = data.targetPath && path.resolve(data.targetPath);
  const target = wanted ? releases.find((r) => path.resolve(r.index.source.path) === wanted) : chooseTarget(releases).target;
  if (!target) throw new DataError(wanted ? `--target ${data.targetPath} is not one of the --data sources.` : 'no DISARM data to check against.');
  return createFrameworkSet(releases, target);
}

function fixFile(file: string, index: FrameworkIndex, releases: FrameworkSet | undefined, result: LintResult): string {
  const read = readForFix(file);
  if (read.text === undefined) {
    result.warnings.push(`${file}: not valid UTF-8, not fixed`);
    return read.lintText;
  }
  const fixed = fixText(file, read.text, index, releases);
  if (fixed.fixed === 0) return read.text;
  try {
    writeAtomically(file, fixed.text, read.stamp);
  } catch (error) {
    result.unwritable.push(`${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return read.text;
  }
  result.fixed.push({ file, count: fixed.fixed });
  return fixed.text;
}

/** The findings for one file's text. */
export function lintText(file: string, text: string, index: FrameworkIndex, releases?: FrameworkSet): Finding[] {
  const document = TextDocument.create(pathToFileURL(path.resolve(file)).href, 'markdown', 1, text);
  return computeDiagnostics(document, parseDisarmDocument(text), index, { releases }).map((d) => ({
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: SEVERITY[d.severity ?? DiagnosticSeverity.Error],
    code: String(d.code),
    message: typeof d.message === 'string' ? d.message : d.message.value,
  }));
}
