import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { CODE_DESCRIPTIONS } from '../service/features/codeDescriptions';
import { DEFAULT_SEVERITY, DiagnosticCode } from '../service/features/diagnostics';
import { fingerprintOf, type Finding } from './lintFiles';

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

/** What a report needs besides the findings shown. */
export interface ReportContext {
  /** Paths in SARIF and github annotations are relative to this folder. */
  readonly root: string;
  readonly colour: boolean;
  readonly toolVersion: string;
}

/** The whole report in `format`; a run without findings is a complete empty document. */
export function formatReport(format: Format, findings: readonly Finding[], context: ReportContext): string {
  switch (format) {
    case 'text':
      return findings.map((f) => formatText(f, context.colour)).join('');
    case 'json':
      return `${JSON.stringify(findings.map(jsonFinding), null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(sarifLog(findings, context), null, 2)}\n`;
    case 'github':
      return findings.map((f) => githubCommand(f, context.root)).join('');
  }
}

const COLOURS: Record<Finding['severity'], string> = { error: '31', warning: '33', information: '36', hint: '36' };

function formatText(f: Finding, colour: boolean): string {
  const where = `${f.file}:${f.line}:${f.column}:`;
  if (!colour) return `${where} ${f.severity} ${f.code} ${f.message}\n`;
  return `\x1b[1m${where}\x1b[0m \x1b[${COLOURS[f.severity]}m${f.severity}\x1b[0m \x1b[2m${f.code}\x1b[0m ${f.message}\n`;
}

/** The JSON format's fields, as before the fingerprints were added. */
function jsonFinding({ file, line, column, endLine, endColumn, severity, code, message }: Finding) {
  return { file, line, column, endLine, endColumn, severity, code, message };
}

/** A relative path with forward slashes, as SARIF URIs and GitHub want. */
function relativePath(file: string, root: string): string {
  const relative = path.relative(root, path.resolve(file));
  return (relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(file) : relative).split(path.sep).join('/');
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
const LSP_TO_LEVEL = { 1: 'error', 2: 'warning', 3: 'note', 4: 'note' } as const;
const INFORMATION_URI = 'https://github.com/disarm-tools/disarm-language-tools#readme';

/** SARIF 2.1.0 as GitHub code scanning reads it: one rule per code, relative URIs, stable fingerprints. */
export function sarifLog(findings: readonly Finding[], context: ReportContext): Log {
  const codes = Object.values(DiagnosticCode);
  const rules: ReportingDescriptor[] = codes.map((code) => ({
    id: code,
    name: code.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: CODE_DESCRIPTIONS[code].summary },
    fullDescription: { text: CODE_DESCRIPTIONS[code].help },
    help: { text: CODE_DESCRIPTIONS[code].help },
    helpUri: INFORMATION_URI,
    defaultConfiguration: { level: LSP_TO_LEVEL[DEFAULT_SEVERITY[code]] },
  }));
  const results: Result[] = findings.map((f) => ({
    ruleId: f.code,
    ruleIndex: Math.max(0, codes.indexOf(f.code as DiagnosticCode)),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(relativePath(f.file, context.root)), uriBaseId: '%SRCROOT%' },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
        },
      },
    ],
    partialFingerprints: { 'disarmFinding/v1': fingerprintOf(f) },
  }));
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'disarm-lint', version: context.toolVersion, informationUri: INFORMATION_URI, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(path.resolve(context.root) + path.sep).href } },
        results,
      },
    ],
  };
}

const GITHUB_COMMAND = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' } as const;

/** A workflow command's message: `%`, CR and LF escaped, as the runner unescapes them. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also `:` and `,`, which end a property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function githubCommand(f: Finding, root: string): string {
  const properties = [
    `file=${escapeProperty(relativePath(f.file, root))}`,
    `line=${f.line}`,
    `col=${f.column}`,
    `endLine=${f.endLine}`,
    `endColumn=${f.endColumn}`,
    `title=${escapeProperty(`disarm-lint ${f.code}`)}`,
  ];
  return `::${GITHUB_COMMAND[f.severity]} ${properties.join(',')}::${escapeData(f.message)}\n`;
}

/** Counts of findings per severity. */
export type Counts = Record<'error' | 'warning' | 'information', number>;

export function countFindings(findings: readonly Finding[]): Counts {
  const counts: Counts = { error: 0, warning: 0, information: 0 };
  for (const f of findings) counts[f.severity === 'hint' ? 'information' : f.severity]++;
  return counts;
}

/**
 * `129 files checked: 8 errors, 31 warnings (387 information findings not shown: --severity info)`;
 * `hiddenHint` says how to show what was left out.
 */
export function summaryLine(files: number, shown: Counts, hidden: Counts, hiddenHint: string): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [];
  if (shown.error) parts.push(plural(shown.error, 'error'));
  if (shown.warning) parts.push(plural(shown.warning, 'warning'));
  if (shown.information) parts.push(`${shown.information} information finding${shown.information === 1 ? '' : 's'}`);
  const hiddenParts = [];
  if (hidden.warning) hiddenParts.push(plural(hidden.warning, 'warning'));
  if (hidden.information) hiddenParts.push(`${hidden.information} information finding${hidden.information === 1 ? '' : 's'}`);
  const left = hiddenParts.length ? ` (${hiddenParts.join(' and ')} not shown: ${hiddenHint})` : '';
  return `${plural(files, 'file')} checked: ${parts.length ? parts.join(', ') : 'no findings'}${left}`;
}
