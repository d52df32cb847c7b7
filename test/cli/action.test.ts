// action.yml's script, run as a GitHub runner runs a composite step: the GITHUB_* and INPUT_*
// variables set, `npx` on the PATH (here a stand-in that runs this build of disarm-lint).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CHECKOUT, CLI, ROOT } from './runCli';

function runner(inputs: Record<string, string>) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'disarm-action-'));
  const workspace = path.join(scratch, 'workspace');
  mkdirSync(path.join(workspace, 'docs'), { recursive: true });
  writeFileSync(path.join(workspace, '.disarm.jsonc'), `{ "data": [${JSON.stringify(CHECKOUT)}] }\n`);
  writeFileSync(path.join(workspace, 'docs', 'report, draft.md'), 'Uses T0009 and T0001: Wrong Name.\nSee DISARM.\n');
  writeFileSync(path.join(workspace, 'docs', 'clean.md'), 'Uses T0001: Pick Audience.\nSee DISARM.\n');
  // The stand-in npx: checks how it is called, then runs the build under test.
  const bin = path.join(scratch, 'bin');
  mkdirSync(bin);
  const calls = path.join(scratch, 'npx-calls');
  writeFileSync(
    path.join(bin, 'npx'),
    `#!/usr/bin/env bash\necho "$1 $2" >> "${calls}"\n[ "$1" = --yes ] && [[ "$2" == disarm-lint@* ]] || exit 99\nshift 2\nexec "${process.execPath}" "${CLI}" "$@"\n`,
  );
  chmodSync(path.join(bin, 'npx'), 0o755);
  const summary = path.join(scratch, 'step-summary.md');
  writeFileSync(summary, '');
  const env = {
    ...process.env,
    DISARM_DATA_SNAPSHOT: 'none', // the made-up fixtures are not a release of the real history
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_ACTION_PATH: ROOT,
    GITHUB_STEP_SUMMARY: summary,
    RUNNER_TEMP: scratch,
    INPUT_PATHS: '.',
    INPUT_ARGS: '',
    INPUT_SARIF_FILE: '',
    INPUT_VERSION: 'latest',
    ...inputs,
  };
  // As action.yml's step runs it.
  const action = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
  assert.match(action, /using: composite/);
  const run = /run: (.*)/.exec(action)![1];
  const result = spawnSync('bash', ['-c', run], { cwd: scratch, env, encoding: 'utf8' });
  return { ...result, workspace, summary: readFileSync(summary, 'utf8'), calls: readFileSync(calls, 'utf8') };
}

describe('the GitHub action', { timeout: 60_000 }, () => {
  it('annotates the findings, fails the step on errors and writes the job summary', () => {
    const { status, stdout, stderr, summary, calls } = runner({ INPUT_VERSION: '0.1.0' });
    assert.equal(status, 1, stderr);
    assert.deepEqual(stdout.trim().split('\n'), [
      '::error file=docs/report%2C draft.md,line=1,col=6,endLine=1,endColumn=11,title=disarm-lint unknown-id::T0009 is not a technique in the loaded DISARM data.',
      '::warning file=docs/report%2C draft.md,line=1,col=23,endLine=1,endColumn=33,title=disarm-lint name-mismatch::T0001 is named "Pick Audience", not "Wrong Name".',
    ]);
    assert.match(stderr, /^2 files checked: 1 error, 1 warning$/m);
    assert.equal(summary, '### disarm-lint\n\n2 files checked: 1 error, 1 warning\n');
    assert.equal(calls, '--yes disarm-lint@0.1.0\n');
  });

  it('writes SARIF for upload when asked, takes extra arguments, and passes a clean folder', () => {
    const { status, workspace, stderr } = runner({ INPUT_SARIF_FILE: 'disarm.sarif', INPUT_ARGS: '--severity info' });
    assert.equal(status, 1, stderr);
    const log = JSON.parse(readFileSync(path.join(workspace, 'disarm.sarif'), 'utf8'));
    assert.deepEqual(log.runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri), ['docs/report,%20draft.md', 'docs/report,%20draft.md']);
    const clean = runner({ INPUT_PATHS: 'docs/clean.md' });
    assert.equal(clean.status, 0, clean.stderr);
    assert.equal(clean.stdout, '');
  });
});
