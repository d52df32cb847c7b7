// The README's GitLab job, run: its `script` lines in bash, `npx` standing for this build.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CHECKOUT, CLI, ROOT } from './runCli';

function gitlabScript(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /\*\*GitLab CI\*\*[^`]*```yaml\n([^]*?)```/.exec(readme)![1];
  const script = /^  script:\n((?: {4}- .*\n)+)/m.exec(block)![1];
  return script.trimEnd().split('\n').map((line) => line.replace(/^ {4}- /, ''));
}

function runJob(files: Record<string, string>) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'disarm-gitlab-'));
  const project = path.join(scratch, 'project');
  for (const [name, text] of Object.entries({ '.disarm.jsonc': `{ "data": [${JSON.stringify(CHECKOUT)}] }\n`, ...files })) {
    mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
    writeFileSync(path.join(project, name), text);
  }
  const bin = path.join(scratch, 'bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'npx'), `#!/usr/bin/env bash\n[ "$1" = disarm-lint ] || exit 99\nshift\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(path.join(bin, 'npx'), 0o755);
  // GitLab runs the lines in one shell, stopping at the first that fails (set -e).
  const result = spawnSync('bash', ['-e', '-c', gitlabScript().join('\n')], {
    cwd: project,
    env: { ...process.env, DISARM_DATA_SNAPSHOT: 'none', PATH: `${bin}${path.delimiter}${process.env.PATH}` },
    encoding: 'utf8',
  });
  return { ...result, project };
}

describe("the README's GitLab job", () => {
  it('keeps both reports and fails on errors', () => {
    const { status, project, stderr } = runJob({ 'docs/a.md': 'Uses T0009 and T0001: Wrong Name.\nSee DISARM.\n' });
    assert.equal(status, 1, stderr);
    const sarif = JSON.parse(readFileSync(path.join(project, 'gl-disarm.sarif'), 'utf8'));
    const json = JSON.parse(readFileSync(path.join(project, 'gl-disarm.json'), 'utf8'));
    assert.deepEqual(sarif.runs[0].results.map((r: any) => r.ruleId), ['unknown-id', 'name-mismatch']);
    assert.deepEqual(json.map((f: any) => f.code), ['unknown-id', 'name-mismatch']);
  });

  it('passes a clean folder, with empty reports', () => {
    const { status, project, stderr } = runJob({ 'docs/a.md': 'Uses T0001: Pick Audience.\nSee DISARM.\n' });
    assert.equal(status, 0, stderr);
    assert.deepEqual(JSON.parse(readFileSync(path.join(project, 'gl-disarm.json'), 'utf8')), []);
  });
});
