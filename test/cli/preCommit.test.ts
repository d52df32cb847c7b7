// The pre-commit hook, installed by Debian's `pre-commit` from a copy of this repository (its
// working tree, committed in a scratch hook repository) as a user's config would name it:
// a commit citing an unknown ID is refused, a clean one passes.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CHECKOUT, ROOT } from './runCli';

const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd, encoding: 'utf8' });

describe('the pre-commit hook', { timeout: 600_000 }, () => {
  it('refuses a commit with a bad DISARM ID and passes a good one', () => {
    const found = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
    assert.equal(found.status, 0, 'pre-commit is not installed (Debian: apt-get install pre-commit; .ci/run installs it)');
    const scratch = mkdtempSync(path.join(tmpdir(), 'disarm-pre-commit-'));

    // The hook repository: this working tree's files (tracked and new, not ignored), committed.
    const hooks = path.join(scratch, 'hooks');
    const files = git(ROOT, 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0').filter((f) => f && f !== 'node_modules');
    for (const file of files) {
      mkdirSync(path.dirname(path.join(hooks, file)), { recursive: true });
      try {
        cpSync(path.join(ROOT, file), path.join(hooks, file));
      } catch {
        // deleted in the working tree
      }
    }
    git(hooks, 'init', '-q');
    git(hooks, 'add', '-A');
    git(hooks, 'commit', '-q', '-m', 'hooks');
    const rev = git(hooks, 'rev-parse', 'HEAD').trim();

    const project = path.join(scratch, 'project');
    mkdirSync(project);
    git(project, 'init', '-q');
    writeFileSync(path.join(project, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: disarm-lint\n`);
    writeFileSync(path.join(project, '.disarm.jsonc'), `{ "data": [${JSON.stringify(CHECKOUT)}] }\n`);
    writeFileSync(path.join(project, 'bad.md'), 'Uses T0009: Made Up.\nSee DISARM.\n');
    writeFileSync(path.join(project, 'good.md'), 'Uses T0001: Pick Audience.\nSee DISARM.\n');
    // The npm cache of this machine's install serves the hook's own npm install.
    const env = { ...process.env, DISARM_DATA_SNAPSHOT: 'none', PRE_COMMIT_HOME: path.join(scratch, 'cache'), npm_config_prefer_offline: 'true' };
    execFileSync('pre-commit', ['install'], { cwd: project, env });
    execFileSync('pre-commit', ['install-hooks'], { cwd: project, env, stdio: 'ignore' });

    git(project, 'add', '.pre-commit-config.yaml', '.disarm.jsonc', 'bad.md');
    const refused = spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-m', 'bad'], { cwd: project, env, encoding: 'utf8' });
    assert.notEqual(refused.status, 0, refused.stdout + refused.stderr);
    assert.match(refused.stdout + refused.stderr, /bad\.md:1:6: error unknown-id T0009/);
    assert.equal(spawnSync('git', ['rev-parse', '--verify', 'HEAD'], { cwd: project }).status, 128, 'nothing was committed');

    git(project, 'rm', '-q', '--cached', 'bad.md');
    git(project, 'add', 'good.md');
    const passed = spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-m', 'good'], { cwd: project, env, encoding: 'utf8' });
    assert.equal(passed.status, 0, passed.stdout + passed.stderr);
    assert.match(passed.stdout + passed.stderr, /disarm-lint\.+Passed/);
  });
});
