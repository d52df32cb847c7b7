import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseProjectConfig } from '../../server/src/node/projectConfig';
import { CHECKOUT, lintIn } from './runCli';

/** A project folder: `files` maps relative paths to contents. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'disarm-project-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

const data = JSON.stringify(CHECKOUT);
const findings = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => path.basename(l));

describe('disarm-lint with a .disarm.jsonc project file', () => {
  it('takes data, codes and severity from the file, with comments and trailing commas', () => {
    const root = project({
      '.disarm.jsonc': `{
        // the fixture checkout
        "data": [${data}],
        "codes": { "name-mismatch": "off", "not-in-table": "error", },
        "severity": "info",
      }`,
      'notes.md': 'Uses T0001: Wrong Name, T0009 and T0002.\nSee DISARM.\n',
    });
    const { code, stdout } = lintIn({ cwd: root }, 'notes.md');
    assert.equal(code, 1);
    assert.deepEqual(stdout.trim().split('\n').map((l) => l.split(' ').slice(1, 3).join(' ')), ['error unknown-id']);
  });

  it('lets flags win: --enable over "off", --severity over the file, --data over its data', () => {
    const root = project({
      '.disarm.jsonc': `{ "data": ["missing-data-is-not-read-when-flags-give-it"], "codes": { "name-mismatch": "off" } }`,
      'notes.md': 'Uses T0001: Wrong Name.\nSee DISARM.\n',
    });
    // The file is read (and its missing path reported) even when --data is given: it is one project.
    assert.equal(lintIn({ cwd: root }, '--data', CHECKOUT, 'notes.md').code, 2);
    const ok = project({ '.disarm.jsonc': `{ "data": [${data}], "codes": { "name-mismatch": "off" }, "severity": "error" }`, 'notes.md': 'Uses T0001: Wrong Name.\nSee DISARM.\n' });
    assert.equal(lintIn({ cwd: ok }, 'notes.md').stdout, '');
    assert.match(lintIn({ cwd: ok }, '--enable', 'name-mismatch', '--severity', 'warning', 'notes.md').stdout, /warning name-mismatch/);
  });

  it('nearer files win, and include and ignore globs are relative to their file', () => {
    const root = project({
      '.disarm.jsonc': `{ "data": [${data}], "ignore": ["drafts/**"] }`,
      'a.md': 'Uses T0009.\nSee DISARM.\n',
      'drafts/b.md': 'Uses T0009.\nSee DISARM.\n',
      'team/notes.md': 'Uses T0009.\nSee DISARM.\n',
      'team/reports/2024/c.md': 'Uses T0009.\nSee DISARM.\n',
    });
    // The nested file's data path is relative to the nested file.
    const nestedData = JSON.stringify(path.relative(path.join(root, 'team'), CHECKOUT));
    writeFileSync(path.join(root, 'team', '.disarm.jsonc'), `{ "data": [${nestedData}], "include": ["reports/**/*.md"], "codes": { "unknown-id": "warning" } }`);
    const { code, stdout } = lintIn({ cwd: root }, '.');
    assert.equal(code, 1, 'a.md has an error');
    assert.deepEqual(findings(stdout), ['a.md:1:6: error unknown-id T0009 is not a technique in the loaded DISARM data.', 'c.md:1:6: warning unknown-id T0009 is not a technique in the loaded DISARM data.']);
  });

  for (const [name, text, where, message] of [
    ['an unknown code', '{\n  "codes": {\n    "no-such-code": "off"\n  }\n}', '3:5', /unknown code "no-such-code" \(known: unknown-id, /],
    ['a bad severity', '{\n  "codes": { "unknown-id": "fatal" }\n}', '2:28', /the level of unknown-id must be "off", "info", "warning", "error", not "fatal"/],
    ['a bad default severity', '{ "severity": "loud" }', '1:15', /severity must be "error", "warning", "info"/],
    ['a missing data path', '{\n  "data": ["./nowhere"]\n}', '2:12', /data path .*nowhere does not exist/],
    ['broken JSONC', '{\n  "data": [\n}', '3:1', /broken JSONC: /],
    ['an unknown setting', '{ "targetVersion": "1.6" }', '1:3', /unknown setting "targetVersion"/],
  ] as const) {
    it(`reports ${name} as file:line:col and exits 2`, () => {
      const root = project({ '.disarm.jsonc': text, 'notes.md': 'Uses T0009.\nSee DISARM.\n' });
      const { code, stdout, stderr } = lintIn({ cwd: root }, '--data', CHECKOUT, 'notes.md');
      assert.equal(code, 2);
      assert.equal(stdout, '');
      const line = stderr.trim().split('\n')[0];
      assert.ok(line.startsWith(`${path.join(root, '.disarm.jsonc')}:${where}: `), line);
      assert.match(line, message);
      assert.doesNotMatch(stderr, /internal error|\n\s+at /);
    });
  }

  it('reports a target that is not a loaded release at its place', () => {
    const root = project({ '.disarm.jsonc': `{\n  "data": [${data}],\n  "target": "DISARM 9.9"\n}`, 'notes.md': 'Uses T0001.\nSee DISARM.\n' });
    const { code, stderr } = lintIn({ cwd: root }, 'notes.md');
    assert.equal(code, 2);
    assert.match(stderr, new RegExp(`${path.join(root, '.disarm.jsonc').replace(/[.\\/]/g, '\\$&')}:3:13: target "DISARM 9.9" is not a loaded release`));
  });

  it('applies to standard input by its file name', () => {
    const root = project({ '.disarm.jsonc': `{ "data": [${data}], "codes": { "unknown-id": "off" } }` });
    assert.equal(lintIn({ cwd: root, input: 'Uses T0009.\nSee DISARM.\n' }, '--stdin', '--stdin-filename', 'x.md').stdout, '');
    assert.equal(lintIn({ cwd: root, input: 'Uses T0009.\nSee DISARM.\n' }, '--stdin').stdout, '', 'without a name: the folder it runs in');
  });
});

describe('parseProjectConfig', () => {
  it('reads every setting, paths relative to the file', () => {
    const { config, problems } = parseProjectConfig('/p/.disarm.jsonc', '{ "data": ["../d", { "path": "b.json", "label": "1.6" }], "target": "1.6", "scope": "all", "include": ["**/*.md"], "ignore": ["x/**"] }', () => true);
    assert.deepEqual(problems, []);
    assert.deepEqual(config!.data, [{ path: path.resolve('/d'), label: undefined }, { path: path.resolve('/p/b.json'), label: '1.6' }]);
    assert.equal(config!.target, '1.6');
    assert.equal(config!.scope, 'all');
    assert.ok(config!.covers('/p/a/b.md'));
    assert.ok(!config!.covers('/p/x/b.md'));
    assert.ok(!config!.covers('/elsewhere/b.md'));
    assert.ok(!config!.covers('/p/a/b.txt'));
  });

  it('reports every problem, with no configuration to use', () => {
    const { config, problems } = parseProjectConfig('/p/.disarm.jsonc', '{ "scope": "some", "codes": { "x": "off", "unknown-id": 3 } }', () => true);
    assert.equal(config, undefined);
    assert.deepEqual(problems.map((p) => `${p.line}:${p.column}`), ['1:12', '1:31', '1:57']);
  });

  it('counts lines ended by CRLF or a lone CR as the editor does', () => {
    const { problems } = parseProjectConfig('/p/.disarm.jsonc', '{\r\n"a": 1,\r"b": 2\n}', () => true);
    assert.deepEqual(problems.map((p) => `${p.line}:${p.column}`), ['2:1', '3:1']);
  });
});
