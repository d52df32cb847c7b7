// The disarm-lint npm package (`npm run pack:cli`), installed from its tarball into an empty
// folder with no registry to reach: it must run on its bundles alone.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CHECKOUT, INCIDENT, ROOT } from './runCli';

describe('the npm package', { timeout: 120_000 }, () => {
  it('installs offline into an empty folder, and its disarm-lint prints its version and checks files', () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'disarm-npm-'));
    // The suite's build (dist/) is packed as it is: rebuilding here would race the other test files.
    const tarball = execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'packCli.mjs'), '--no-build', '--out', path.join(scratch, 'out')], { encoding: 'utf8' }).trim();
    const listing = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n');
    for (const file of ['package/dist/cli.js', 'package/dist/lintEngine.js', 'package/dist/parseWorker.js', 'package/package.json']) assert.ok(listing.includes(file), file);
    assert.ok(!listing.some((f) => f.includes('node_modules') || f.endsWith('.ts') || f.endsWith('.map')), listing.join('\n'));
    if (existsSync(path.join(ROOT, 'dist', 'disarm-data.json'))) {
      assert.ok(listing.includes('package/dist/disarm-data.json') && listing.includes('package/dist/disarm-data.NOTICE.md'), 'the built-in data ships with its notice');
    }

    const empty = path.join(scratch, 'empty');
    // A registry nobody answers at: any dependency to fetch would fail the install.
    const offline = { ...process.env, npm_config_registry: 'http://127.0.0.1:9/', npm_config_cache: path.join(scratch, 'npm-cache') };
    execFileSync('npm', ['install', '--prefix', empty, '--no-audit', '--no-fund', '--offline', tarball], { env: offline, stdio: 'pipe' });
    const bin = path.join(empty, 'node_modules', '.bin', 'disarm-lint');
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    assert.equal(version.status, 0, version.stderr);
    const expected = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    assert.match(version.stdout, new RegExp(`^disarm-lint ${expected.replace(/\./g, '\\.')}\n`));
    if (existsSync(path.join(ROOT, 'dist', 'disarm-data.json'))) assert.match(version.stdout, /built-in DISARM data: releases .*1\.7/, 'the package carries the built-in data');
    // The made-up fixture checkout is not a release of the real history, so the check runs without it.
    const check = spawnSync(bin, ['--data', CHECKOUT, INCIDENT], { encoding: 'utf8', env: { ...process.env, DISARM_DATA_SNAPSHOT: 'none' } });
    assert.equal(check.status, 1, check.stderr);
    assert.match(check.stdout, /I00001\.md:10:104: error unknown-id T0009/);
  });
});
