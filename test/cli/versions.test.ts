import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { frameworksDir, stix17Path } from '../realData';
import { lintWith } from './runCli';

/** With the build's built-in history beside the sources, as a user runs it. */
const lint = (...args: string[]) => lintWith({}, ...args);


/** `--data` given twice and `--target`, on a real 1.6 incident that cites techniques 1.7 removed. */
describe('disarm-lint with several releases', () => {
  const checkout = () => frameworksDir();
  const incident = () => path.join(checkout(), 'generated_pages', 'incidents', 'I00099.md');
  const codes = (stdout: string) => stdout.trim().split('\n').filter(Boolean).map((l) => l.split(' ')[2]);

  it('checks against the newest release: removed IDs are warnings', () => {
    const { code, stdout, stderr } = lint('--data', checkout(), '--data', stix17Path(), incident());
    assert.ok(code === 0 || code === 1, stderr);
    assert.ok(codes(stdout).includes('removed-id'), stdout);
    assert.ok(!codes(stdout).includes('unknown-id'), stdout);
    assert.match(stdout, /warning removed-id T0086\.002 Develop AI-Generated Images \(Deepfakes\) was removed in 1\.7 \(it was in 1\.0–1\.6\)\./);
  });

  it('--target picks the release: against the checkout, the findings are those of the checkout alone', () => {
    const both = lint('--data', checkout(), '--data', stix17Path(), '--target', checkout(), incident());
    const alone = lint('--data', checkout(), incident());
    assert.equal(both.stdout, alone.stdout);
    assert.equal(both.code, alone.code);
  });

  it('--target must be one of the --data sources', () => {
    const { code, stderr } = lint('--data', checkout(), '--target', stix17Path(), incident());
    assert.equal(code, 2);
    assert.match(stderr, /--target .* must also be given as --data/);
  });
});
