import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, lstatSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { frameworksDir } from '../realData';
import { CHECKOUT, INCIDENT, lint as run, lintIn } from './runCli';


/** The run (every finding shown), with the fixture checkout's expected warnings (missing index pages, a duplicate) and the summary left out of stderr. */
function lint(...args: string[]) {
  const result = run('--severity', 'info', ...args);
  const stderr = result.stderr.split('\n').filter((l) => l && !/^disarm-lint: (cannot read generated_pages|.*duplicate IDs)|^\d+ files? checked: /.test(l));
  return { ...result, stderr };
}

function tempCopy(source: string, name = path.basename(source)): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'disarm-fix-')), name);
  copyFileSync(source, file);
  return file;
}

interface Finding {
  file: string;
  line: number;
  code: string;
}

describe('disarm-lint --fix', () => {
  it('fixes a copy of the fixture incident in place and reports what remains', () => {
    const file = tempCopy(INCIDENT);
    chmodSync(file, 0o640);
    const { code, stdout, stderr } = lint('--data', CHECKOUT, '--fix', file);
    assert.equal(code, 1, 'T0009 is still unknown');
    assert.deepEqual(stderr, [`${file}: fixed 3 findings`]);
    assert.deepEqual(
      stdout.trim().split('\n').map((l) => l.replace(file, 'F').replace(/ (\S+) (\S+) .*$/, ' $1 $2')),
      ['F:9:105: information not-in-table', 'F:10:109: error unknown-id'],
    );
    const lines = readFileSync(file, 'utf8').split('\n');
    assert.equal(lines[8], '| [T0001 Pick Audience](../../generated_pages/techniques/T0001.md) | They picked (T0001: Pick Audience, T0002: Write Posts & Replies). |');
    assert.equal(lines[9], '| [T0002.001 Write Short Posts](../../generated_pages/techniques/T0002.001.md) | Posted `T0009` in code and T0009: Made Up. |');
    assert.deepEqual(readFileSync(INCIDENT, 'utf8').split('\n').filter((l, i) => l !== lines[i]).length, 2, 'only the two lines with findings changed');
    assert.equal(statSync(file).mode & 0o777, 0o640, 'permissions kept');
    assert.deepEqual(readdirSync(path.dirname(file)), ['I00001.md'], 'no temporary file left behind');
  });

  it('never touches a file it could not parse', () => {
    const costly = tempCopy(INCIDENT, 'costly.md');
    // A fixable slip after markdown that micromark takes seconds to parse (nested list markers).
    const text = `T0001: Pick Audiences\n\n${'- '.repeat(6000)}T0999 \`code\`\n`;
    writeFileSync(costly, text);
    const before = statSync(costly);
    const { code, stdout, stderr } = lint('--data', CHECKOUT, '--fix', costly);
    assert.equal(code, 2);
    assert.deepEqual(stderr, [`disarm-lint: cannot check ${costly}: its markdown is too costly to parse; not checked or fixed`]);
    assert.equal(stdout, '');
    assert.equal(readFileSync(costly, 'utf8'), text);
    assert.equal(statSync(costly).mtimeMs, before.mtimeMs);
  });

  it('leaves files without fixes, and files that are not UTF-8, untouched', () => {
    const clean = tempCopy(INCIDENT, 'clean.md');
    writeFileSync(clean, 'Uses T0001: Pick Audience and T0099.\n');
    const before = statSync(clean);
    const binary = path.join(path.dirname(clean), 'latin1.md');
    const bytes = Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(' T0001: Pick Audiences\n')]);
    writeFileSync(binary, bytes);
    const { code, stdout, stderr } = lint('--data', CHECKOUT, '--scope', 'all', '--fix', clean, binary);
    assert.equal(code, 1);
    assert.deepEqual(stderr, [`disarm-lint: ${binary}: not valid UTF-8, not fixed`]);
    assert.match(stdout, /clean\.md:1:31: error unknown-id/);
    assert.match(stdout, /latin1\.md:1:\d+: information name-spelling/, 'still checked');
    assert.equal(statSync(clean).mtimeMs, before.mtimeMs);
    assert.deepEqual(readFileSync(binary), bytes);
  });

  it('follows a symbolic link and keeps it a link', () => {
    const target = tempCopy(INCIDENT);
    const link = path.join(mkdtempSync(path.join(tmpdir(), 'disarm-fix-link-')), 'link.md');
    symlinkSync(target, link);
    const { stderr } = lint('--data', CHECKOUT, '--fix', link);
    assert.deepEqual(stderr, [`${link}: fixed 3 findings`]);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.match(readFileSync(target, 'utf8'), /Write Posts & Replies/);
  });

  it('fixes a copy of real incidents: clean of fixable findings, changed only where findings were', () => {
    const data = frameworksDir();
    const folder = mkdtempSync(path.join(tmpdir(), 'disarm-fix-real-'));
    const names = ['I00064.md', 'I00076.md', 'I00077.md', 'I00091.md', 'I00096.md', 'I00103.md', 'I00108.md', 'I00110.md', 'I00113.md', 'I00001.md'];
    for (const name of names) {
      copyFileSync(path.join(data, 'generated_pages', 'incidents', name), path.join(folder, name));
      chmodSync(path.join(folder, name), 0o644); // the shared data is read-only, and --fix leaves a read-only file alone
    }
    const findings = (run: ReturnType<typeof lint>) => JSON.parse(run.stdout) as Finding[];

    const before = findings(lint('--data', data, '--format', 'json', folder));
    const fixed = lint('--data', data, '--format', 'json', '--fix', folder);
    assert.equal(fixed.stderr.length, 9, fixed.stderr.join('\n'));
    assert.ok(fixed.stderr.every((l) => / fixed \d+ findings?$/.test(l)));
    const after = findings(fixed);
    assert.deepEqual([...new Set(after.map((f) => f.code))], ['not-in-table'], 'only findings no sure fix exists for remain');
    assert.ok(after.length > 0 && before.some((f) => f.code !== 'not-in-table'));

    for (const name of names) {
      const original = readFileSync(path.join(data, 'generated_pages', 'incidents', name), 'utf8').split('\n');
      const now = readFileSync(path.join(folder, name), 'utf8').split('\n');
      assert.equal(now.length, original.length, name);
      const changed = original.map((line, i) => (line === now[i] ? 0 : i + 1)).filter(Boolean);
      const withFindings = new Set(before.filter((f) => path.basename(f.file) === name && f.code !== 'not-in-table').map((f) => f.line));
      assert.deepEqual(changed.filter((line) => !withFindings.has(line)), [], `${name} changed a line without a finding`);
    }

    const again = lint('--data', data, '--format', 'json', '--fix', folder);
    assert.deepEqual(again.stderr, [], 'a second run has nothing left to fix');
  });
});

describe('disarm-lint --fix fixes only what is reported', () => {
  // The fixture incident has three sure fixes: two names (lines 9 and 10, name-mismatch) and a link (line 10, link-mismatch).
  const original = readFileSync(INCIDENT, 'utf8').split('\n');

  /** A project folder holding a copy of the fixture incident and, when given, a `.disarm.jsonc`. */
  function fixIn(config: string | undefined, ...args: string[]) {
    const root = mkdtempSync(path.join(tmpdir(), 'disarm-fix-config-'));
    const file = path.join(root, 'I00001.md');
    copyFileSync(INCIDENT, file);
    if (config !== undefined) writeFileSync(path.join(root, '.disarm.jsonc'), config);
    const result = lintIn({ cwd: root }, '--data', CHECKOUT, '--fix', ...args, 'I00001.md');
    const lines = readFileSync(file, 'utf8').split('\n');
    return { ...result, fixedLine: /fixed (\d+) findings?/.exec(result.stderr)?.[1], lines };
  }

  it('leaves the findings of a code the project file turns off as they were', () => {
    const { fixedLine, lines, stdout } = fixIn('{ "codes": { "name-mismatch": "off" } }');
    assert.equal(fixedLine, '1', 'the link only');
    assert.equal(lines[8], original[8], 'the name on line 9 is not rewritten');
    assert.equal(lines[9], '| [T0002.001 Write Long Posts](../../generated_pages/techniques/T0002.001.md) | Posted `T0009` in code and T0009: Made Up. |');
    assert.doesNotMatch(stdout, /name-mismatch/);
  });

  it('leaves the findings of a code --disable turns off, and fixes one --enable turns back on', () => {
    const disabled = fixIn(undefined, '--disable', 'link-mismatch');
    assert.equal(disabled.fixedLine, '2', 'the two names only');
    assert.match(disabled.lines[9], /^\| \[T0002\.001 Write Short Posts\]\(\.\.\/\.\.\/generated_pages\/techniques\/T0001\.md\) /, 'the link is not retargeted');
    const enabled = fixIn('{ "codes": { "name-mismatch": "off", "link-mismatch": "off" } }', '--enable', 'name-mismatch,link-mismatch');
    assert.equal(enabled.fixedLine, '3');
  });

  it('fixes a finding whatever severity it is shown at: --severity, --quiet and a code set to info filter the report, not the fixes', () => {
    const quiet = fixIn('{ "codes": { "name-mismatch": "info" } }', '--quiet');
    assert.equal(quiet.fixedLine, '3');
    assert.equal(quiet.stdout.includes('warning'), false);
    assert.equal(fixIn(undefined, '--severity', 'error').fixedLine, '3');
  });

  it('leaves a file without reported findings untouched', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'disarm-fix-config-'));
    const file = path.join(root, 'I00001.md');
    copyFileSync(INCIDENT, file);
    const before = statSync(file).mtimeMs;
    const { stderr } = lintIn({ cwd: root }, '--data', CHECKOUT, '--fix', '--disable', 'name-mismatch,link-mismatch', 'I00001.md');
    assert.doesNotMatch(stderr, /fixed \d+/);
    assert.equal(readFileSync(file, 'utf8'), readFileSync(INCIDENT, 'utf8'));
    assert.equal(statSync(file).mtimeMs, before);
  });
});
