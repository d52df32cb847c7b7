import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { computeDiagnostics } from '../service/diagnostics';
import { parseDisarmDocument } from '../service/document';
import { DataSource, FrameworkIndex } from '../service/framework';
import { loadSource } from './dataSource';

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
  warnings: string[];
}

const SEVERITY: Record<DiagnosticSeverity, Finding['severity']> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

/** Loads the index and lints the files, reading each once; an unreadable file is reported, not fatal. */
export async function lintFiles(source: DataSource, files: readonly string[]): Promise<LintResult> {
  const warnings: string[] = [];
  const index = await loadSource(source, (w) => warnings.push(w), { summaries: false });
  const result: LintResult = { findings: [], unreadable: [], warnings };
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      result.unreadable.push(`${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      continue;
    }
    result.findings.push(...lintText(file, text, index));
  }
  return result;
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
