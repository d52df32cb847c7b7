import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CHECKOUT, INCIDENT, lint, ROOT } from './runCli';


function tempFile(name: string, content: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'disarm-cli-')), name);
  writeFileSync(file, content);
  return file;
}

describe('disarm-lint', () => {
  it('prints one compiler-style line per finding and exits 1 on errors', () => {
    const { code, stdout, stderr } = lint('--data', CHECKOUT, '--severity', 'info', INCIDENT);
    assert.equal(code, 1, stderr);
    const relative = path.relative(ROOT, INCIDENT);
    assert.deepEqual(
      stdout.trim().split('\n').map((l) => l.replace(INCIDENT, relative).replace(/ (\S+) (\S+) .*$/, ' $1 $2')),
      [
        `${relative}:9:105: information not-in-table`,
        `${relative}:9:112: warning name-mismatch`,
        `${relative}:10:14: warning name-mismatch`,
        `${relative}:10:32: warning link-mismatch`,
        `${relative}:10:104: error unknown-id`,
      ],
    );
  });

  it('writes JSON with 1-based ranges', () => {
    const { code, stdout } = lint('--data', CHECKOUT, '--format', 'json', '--severity', 'info', INCIDENT);
    assert.equal(code, 1);
    const findings = JSON.parse(stdout) as Array<Record<string, unknown>>;
    assert.equal(findings.length, 5);
    assert.deepEqual(findings[4], {
      file: INCIDENT,
      line: 10,
      column: 104,
      endLine: 10,
      endColumn: 109,
      severity: 'error',
      code: 'unknown-id',
      message: 'T0009 is not a technique in the loaded DISARM data.',
    });
  });

  it('finds the checkout above the given paths and walks folders', () => {
    const { code, stdout } = lint('--format', 'json', '--severity', 'info', path.join(CHECKOUT, 'generated_pages'));
    assert.equal(code, 1);
    const files = (JSON.parse(stdout) as Array<{ file: string }>).map((f) => path.basename(f.file));
    assert.deepEqual(files, ['I00001.md', 'I00001.md', 'I00001.md', 'I00001.md', 'I00001.md', 'TA09.md'], 'the leftover tactic page is checked too');
  });

  it('checks DISARM documents only, unless --scope all', () => {
    const other = tempFile('matrix.md', '## T0122: Effet de contexte\n\nT0099 and T0001: Wrong Name.\n');
    assert.deepEqual([lint('--data', CHECKOUT, other).code, lint('--data', CHECKOUT, other).stdout], [0, '']);
    const all = lint('--data', CHECKOUT, '--scope', 'all', other);
    assert.equal(all.code, 1);
    assert.match(all.stdout, /error unknown-id T0099/);
    const cited = tempFile('cited.md', 'T0001 (Pick Audience) and T0099.\n');
    assert.match(lint('--data', CHECKOUT, cited).stdout, /error unknown-id T0099/, 'an ID cited with its name makes a DISARM document');
    assert.equal(lint('--data', CHECKOUT, '--scope', 'some', other).code, 2);
  });

  it('checks a file citing more IDs than one chunk of the parse worker, and the files sent after it', () => {
    // The worker keeps several files in hand; a big file's references come back in chunks.
    const dir = mkdtempSync(path.join(tmpdir(), 'disarm-lint-chunks-'));
    const big = path.join(dir, 'a-big.md');
    writeFileSync(big, `DISARM notes\n\n${'T0999 and T0001.\n\n'.repeat(6_000)}`);
    const small = ['b', 'c', 'd', 'e'].map((n) => path.join(dir, `${n}.md`));
    for (const file of small) writeFileSync(file, 'DISARM notes: T0999.\n');
    const { code, stdout, stderr } = lint('--data', CHECKOUT, big, ...small);
    assert.doesNotMatch(stderr, /cannot check/);
    assert.equal(code, 1, stderr);
    assert.equal(stdout.split('\n').filter((l) => l.startsWith(big) && l.includes('unknown-id T0999')).length, 6_000);
    for (const file of small) assert.match(stdout, new RegExp(`${file.replace(/[.]/g, '\\.')}:1:15: error unknown-id T0999`));
  });

  it('exits 0 when there are only warnings or nothing', () => {
    assert.equal(lint('--data', CHECKOUT, tempFile('ok.md', 'Uses T0001: Pick Audience.\n')).code, 0);
    const warnings = lint('--data', CHECKOUT, '--scope', 'all', tempFile('warn.md', 'Uses T0001: Wrong Name.\n'));
    assert.equal(warnings.code, 0);
    assert.match(warnings.stdout, /warning name-mismatch T0001 is named "Pick Audience", not "Wrong Name"/);
  });

  it('reads a STIX bundle', () => {
    const { code, stdout } = lint('--data', path.join(ROOT, 'test', 'fixtures', 'bundle.json'), tempFile('a.md', 'T0001.001: Pick Audience Segments, T0002\n'));
    assert.equal(code, 1);
    assert.match(stdout, /:1:36: error unknown-id T0002/);
  });

  it('exits 2 on bad usage, with the usage text', () => {
    for (const args of [[], ['--format', 'xml', INCIDENT], ['--bogus', INCIDENT]]) {
      const { code, stdout, stderr } = lint(...args);
      assert.equal(code, 2, args.join(' '));
      assert.equal(stdout, '');
      assert.match(stderr, /Usage: disarm-lint/);
    }
  });

  it('exits 2 on unreadable data and prints no findings', () => {
    for (const data of ['/no/such/folder', tempFile('DISARM.json', '{"objects": [')]) {
      const { code, stdout, stderr } = lint('--data', data, INCIDENT);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, /^disarm-lint: .*(does not exist|not valid JSON)/);
    }
  });

  it('exits 2 without data to find', () => {
    const { code, stderr } = lint(tempFile('x.md', 'T0001'));
    assert.equal(code, 2);
    assert.match(stderr, /no DISARM data found/);
  });

  it('reports unreadable files and still checks the others', { skip: process.getuid?.() === 0 ? 'root reads every file' : false }, () => {
    const locked = tempFile('locked.md', 'T0001');
    chmodSync(locked, 0);
    const { code, stderr } = lint('--data', CHECKOUT, locked, INCIDENT);
    assert.equal(code, 2);
    assert.match(stderr, /cannot read .*locked\.md/);
  });

  it('gives up a file too costly to parse, as the server does, and still checks the others', () => {
    // Nested list markers make micromark super-linear (seconds here); the code span keeps the plain reader out.
    const costly = tempFile('costly.md', `${'- '.repeat(6000)}T0999 \`code\`\n`);
    const { code, stdout, stderr } = lint('--data', CHECKOUT, costly, INCIDENT);
    assert.equal(code, 2, 'a file not checked is not a pass');
    assert.match(stderr, /cannot check .*costly\.md: its markdown is too costly to parse; not checked/);
    assert.doesNotMatch(stdout, /costly\.md/, 'no findings from a parse that was given up');
    assert.match(stdout, /I00001\.md:\d+:\d+: error unknown-id/, 'the other file is checked');
  });

  it('reports a missing path', () => {
    const { code, stdout, stderr } = lint('--data', CHECKOUT, '/no/such/file.md', INCIDENT);
    assert.equal(code, 2);
    assert.match(stderr, /cannot read \/no\/such\/file\.md: ENOENT/);
    assert.match(stdout, /unknown-id/);
  });
});
