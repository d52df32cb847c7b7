import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { Log } from 'sarif';
import { DiagnosticCode } from '../../server/src/service/features/diagnostics';
import { escapeData, escapeProperty, formatReport } from '../../server/src/node/reportFormats';
import type { Finding } from '../../server/src/node/lintFiles';
import { CHECKOUT, CLI, INCIDENT, lint, lintIn, ROOT } from './runCli';

const require = createRequire(__filename);
const sarifSchema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
// The official schema's language pattern is not valid as a unicode regular expression.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(sarifSchema);

function assertValidSarif(text: string): Log {
  const log = JSON.parse(text) as Log;
  assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors, null, 2));
  return log;
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'disarm-formats-'));
}

const relativeIncident = path.relative(ROOT, INCIDENT);

describe('disarm-lint --format sarif', () => {
  it('is SARIF 2.1.0 by the official schema: one rule per code, relative paths, 1-based regions', () => {
    const { code, stdout, stderr } = lint('--data', CHECKOUT, '--format', 'sarif', '--severity', 'info', INCIDENT);
    assert.equal(code, 1, stderr);
    const log = assertValidSarif(stdout);
    const run = log.runs[0];
    assert.deepEqual(run.tool.driver.rules!.map((r) => r.id), Object.values(DiagnosticCode));
    assert.ok(run.tool.driver.rules!.every((r) => r.shortDescription?.text && r.help?.text));
    assert.equal(run.results!.length, 5);
    const unknown = run.results!.find((r) => r.ruleId === 'unknown-id')!;
    assert.equal(unknown.level, 'error');
    assert.deepEqual(unknown.locations![0].physicalLocation, {
      artifactLocation: { uri: relativeIncident.split(path.sep).join('/'), uriBaseId: '%SRCROOT%' },
      region: { startLine: 10, startColumn: 104, endLine: 10, endColumn: 109 },
    });
    assert.equal(run.results!.find((r) => r.ruleId === 'not-in-table')!.level, 'note');
    assert.equal(run.tool.driver.rules![unknown.ruleIndex!].id, 'unknown-id');
  });

  it('keeps the fingerprints when lines move, and tells identical findings apart', () => {
    const folder = tempDir();
    const file = path.join(folder, 'notes.md');
    const body = 'Uses T0009: Made Up.\n\nAgain T0009: Made Up.\nSee DISARM.\n';
    writeFileSync(file, body);
    const before = assertValidSarif(lint('--data', CHECKOUT, '--format', 'sarif', '--root', folder, file).stdout).runs[0].results!;
    writeFileSync(file, `# A title\n\nA new paragraph.\n\n${body}`);
    const after = assertValidSarif(lint('--data', CHECKOUT, '--format', 'sarif', '--root', folder, file).stdout).runs[0].results!;
    const prints = (results: typeof before) => results.map((r) => r.partialFingerprints!['disarmFinding/v1']);
    assert.equal(before.length, 2);
    assert.deepEqual(prints(after), prints(before));
    assert.notEqual(prints(before)[0], prints(before)[1]);
    assert.notEqual(after[0].locations![0].physicalLocation!.region!.startLine, before[0].locations![0].physicalLocation!.region!.startLine);
    assert.equal(after[0].locations![0].physicalLocation!.artifactLocation!.uri, 'notes.md');
  });

  it('writes a complete empty run for a clean check, to the -o file, with the summary on stderr', () => {
    const folder = tempDir();
    const clean = path.join(folder, 'clean.md');
    writeFileSync(clean, 'Uses T0001: Pick Audience.\nSee DISARM.\n');
    const report = path.join(folder, 'report.sarif');
    const { code, stdout, stderr } = lint('--data', CHECKOUT, '--format', 'sarif', '-o', report, clean);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '');
    assert.match(stderr, /\n1 file checked: no findings\n$/);
    assert.deepEqual(assertValidSarif(readFileSync(report, 'utf8')).runs[0].results, []);
    const json = path.join(folder, 'report.json');
    assert.equal(lint('--data', CHECKOUT, '--format', 'json', '--output', json, clean).code, 0);
    assert.equal(readFileSync(json, 'utf8'), '[]\n');
  });
});

describe('disarm-lint --format github', () => {
  it('writes one workflow command per finding, notice for information', () => {
    const { code, stdout } = lint('--data', CHECKOUT, '--format', 'github', '--severity', 'info', INCIDENT);
    assert.equal(code, 1);
    const lines = stdout.trim().split('\n');
    const file = relativeIncident.split(path.sep).join('/');
    assert.equal(lines[0], `::notice file=${file},line=9,col=105,endLine=9,endColumn=110,title=disarm-lint not-in-table::${lines[0].split('::')[2]}`);
    assert.equal(lines[4], `::error file=${file},line=10,col=104,endLine=10,endColumn=109,title=disarm-lint unknown-id::T0009 is not a technique in the loaded DISARM data.`);
  });

  it('escapes %, CR and LF in messages, and also : and , in properties, as the runner unescapes them', () => {
    assert.equal(escapeData('50% done\r\nnext: a, b'), '50%25 done%0D%0Anext: a, b');
    assert.equal(escapeProperty('dir: a,b/100%\n.md'), 'dir%3A a%2Cb/100%25%0A.md');
    const finding: Finding = {
      file: path.join(ROOT, 'odd: name, 100%.md'),
      line: 3,
      column: 1,
      endLine: 4,
      endColumn: 2,
      severity: 'warning',
      code: 'name-mismatch',
      message: 'T0001 is named "A", not "B: 50%\nC, D"\r',
      cited: 'T0001: B',
      nth: 1,
    };
    assert.equal(
      formatReport('github', [finding], { root: ROOT, colour: false, toolVersion: '0' }),
      '::warning file=odd%3A name%2C 100%25.md,line=3,col=1,endLine=4,endColumn=2,title=disarm-lint name-mismatch::T0001 is named "A", not "B: 50%25%0AC, D"%0D\n',
    );
  });

  it('escapes a real file name with a comma and a colon', () => {
    const folder = tempDir();
    const file = path.join(folder, 'notes, draft: 2.md');
    writeFileSync(file, 'Uses T0009.\nSee DISARM.\n');
    const { stdout } = lint('--data', CHECKOUT, '--format', 'github', '--root', folder, file);
    assert.match(stdout, /^::error file=notes%2C draft%3A 2\.md,line=1,col=6,/);
  });
});

describe('disarm-lint: what is reported', () => {
  it('shows warnings and errors by default and counts what it left out', () => {
    const { code, stdout, stderr } = lint('--data', CHECKOUT, INCIDENT);
    assert.equal(code, 1);
    assert.equal(stdout.trim().split('\n').length, 4);
    assert.match(stderr, /^1 file checked: 1 error, 3 warnings \(1 information finding not shown: --severity info\)$/m);
  });

  it('--quiet shows errors only; --severity error likewise', () => {
    for (const flags of [['--quiet'], ['--severity', 'error']]) {
      const { code, stdout, stderr } = lint('--data', CHECKOUT, ...flags, INCIDENT);
      assert.equal(code, 1);
      assert.deepEqual(stdout.trim().split('\n').map((l) => l.split(' ')[2]), ['unknown-id']);
      assert.match(stderr, /1 file checked: 1 error \(3 warnings and 1 information finding not shown: /);
    }
  });

  it('--max-warnings N exits 1 when more than N warnings are shown', () => {
    const folder = tempDir();
    const file = path.join(folder, 'warn.md');
    writeFileSync(file, 'Uses T0001: Wrong Name and T0002: Wrong Too.\nSee DISARM.\n');
    assert.equal(lint('--data', CHECKOUT, file).code, 0);
    assert.equal(lint('--data', CHECKOUT, '--max-warnings', '2', file).code, 0);
    const over = lint('--data', CHECKOUT, '--max-warnings', '1', file);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /2 warnings, more than --max-warnings 1/);
    assert.equal(lint('--data', CHECKOUT, '--max-warnings', '1', '--quiet', file).code, 0, 'warnings not shown are not counted');
  });

  it('--disable and --enable take codes, and refuse unknown ones', () => {
    const { stdout } = lint('--data', CHECKOUT, '--disable', 'name-mismatch,link-mismatch', INCIDENT);
    assert.deepEqual(stdout.trim().split('\n').map((l) => l.split(' ')[2]), ['unknown-id']);
    const bad = lint('--data', CHECKOUT, '--disable', 'no-such-code', INCIDENT);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--disable: unknown code no-such-code/);
  });

  it('refuses bad values with exit 2 and documents the exit statuses in --help', () => {
    assert.equal(lint('--format', 'xml', INCIDENT).code, 2);
    assert.equal(lint('--severity', 'loud', INCIDENT).code, 2);
    assert.equal(lint('--max-warnings', 'many', INCIDENT).code, 2);
    const help = lint('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Exit status: 0 no errors[^]*; 1 errors found[^]*; 2 bad usage, a bad project file/);
  });

  it('--version prints the version and the built-in data', () => {
    const { code, stdout } = lint('--version');
    assert.equal(code, 0);
    const version = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    assert.match(stdout, new RegExp(`^disarm-lint ${version.replace(/\./g, '\\.')}\n(built-in DISARM data: releases [\\d., ]+|no built-in data)\n$`));
  });

  it('colours a terminal only: FORCE_COLOR on, NO_COLOR off, never in a file or a pipe', () => {
    assert.doesNotMatch(lint('--data', CHECKOUT, INCIDENT).stdout, /\x1b\[/);
    assert.match(lintIn({ env: { FORCE_COLOR: '1' } }, '--data', CHECKOUT, INCIDENT).stdout, /\x1b\[31merror\x1b\[0m/);
    assert.doesNotMatch(lintIn({ env: { FORCE_COLOR: '1', NO_COLOR: '1' } }, '--data', CHECKOUT, INCIDENT).stdout, /\x1b\[/);
  });
});

describe('disarm-lint --stdin', () => {
  it('checks standard input as the named file', () => {
    const text = readFileSync(INCIDENT, 'utf8');
    const { code, stdout } = lintIn({ input: text }, '--data', CHECKOUT, '--stdin', '--stdin-filename', 'docs/incident.md');
    assert.equal(code, 1);
    assert.deepEqual(stdout.trim().split('\n').map((l) => l.replace(/: .*/, '')), ['docs/incident.md:9:112', 'docs/incident.md:10:14', 'docs/incident.md:10:32', 'docs/incident.md:10:104']);
  });

  it('names it <stdin> without a file name, and refuses paths beside it', () => {
    const { code, stdout } = lintIn({ input: 'Uses T0009.\nSee DISARM.\n' }, '--data', CHECKOUT, '--stdin');
    assert.equal(code, 1);
    assert.match(stdout, /^<stdin>:1:6: error unknown-id/);
    assert.equal(lintIn({ input: '' }, '--data', CHECKOUT, '--stdin', INCIDENT).code, 2);
  });
});

describe('disarm-lint into a closed pipe', () => {
  it('ends quietly with the findings status when the reader goes away', async () => {
    // Enough output to fill a pipe many times over: the writes fail while the report is written.
    const folder = tempDir();
    const file = path.join(folder, 'many.md');
    writeFileSync(file, 'Uses T0009.\nSee DISARM.\n'.repeat(20000));
    for (const format of ['text', 'json', 'github']) {
      const child = spawn(process.execPath, [CLI, '--data', CHECKOUT, '--format', format, file], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DISARM_DATA_SNAPSHOT: 'none' } });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const firstLine = await new Promise<string>((resolve) => {
        let seen = '';
        child.stdout.on('data', (chunk: Buffer) => {
          seen += chunk.toString();
          if (seen.includes('\n')) {
            child.stdout.destroy(); // as `| head -1` does
            resolve(seen.split('\n')[0]);
          }
        });
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      assert.ok(firstLine.length > 0);
      assert.equal(code, 1, `${format}: ${stderr}`);
      assert.doesNotMatch(stderr, /Error|at .*\.js:\d+/, format);
    }
  });

  it('in a shell pipeline: `disarm-lint … | head -1`', () => {
    const folder = tempDir();
    const file = path.join(folder, 'many.md');
    writeFileSync(file, 'Uses T0009.\nSee DISARM.\n'.repeat(20000));
    const script = `"${process.execPath}" "${CLI}" --data "${CHECKOUT}" "${file}" | head -1; echo "status=\${PIPESTATUS[0]}" >&2`;
    const result = require('node:child_process').spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, DISARM_DATA_SNAPSHOT: 'none' } });
    assert.match(result.stdout, /^.*many\.md:1:6: error unknown-id .*\n$/);
    assert.match(result.stderr, /status=1\n$/);
    assert.doesNotMatch(result.stderr, /EPIPE|Error/);
  });
});
