import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { computeDiagnostics } from '../service/diagnostics';
import { parseDisarmDocument } from '../service/document';
import { DataSource, FrameworkIndex } from '../service/framework';
import { loadSource } from './dataSource';
import { fixText, readForFix, writeAtomically } from './fixFiles';

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
export async function lintFiles(source: DataSource, files: readonly string[], options: LintOptions = {}): Promise<LintResult> {
  const warnings: string[] = [];
  const index = await loadSource(source, (w) => warnings.push(w), { summaries: false });
  const result: LintResult = { findings: [], unreadable: [], unwritable: [], warnings, fixed: [] };
  for (const file of files) {
    let text: string;
    try {
      text = options.fix ? fixFile(file, index, result) : readFileSync(file, 'utf8');
    } catch (error) {
      result.unreadable.push(`${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      continue;
    }
    result.findings.push(...lintText(file, text, index));
  }
  return result;
}

/** Fixes one file in place when it has fixes; returns the text to lint. Read errors throw; write errors are reported. */
function fixFile(file: string, index: FrameworkIndex, result: LintResult): string {
  const read = readForFix(file);
  if (read.text === undefined) {
    result.warnings.push(`${file}: not valid UTF-8, not fixed`);
    return read.lintText;
  }
  const fixed = fixText(file, read.text, index);
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
export function lintText(file: string, text: string, index: FrameworkIndex): Finding[] {
  const document = TextDocument.create(pathToFileURL(path.resolve(file)).href, 'markdown', 1, text);
  return computeDiagnostics(document, parseDisarmDocument(text), index).map((d) => ({
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
