/**
 * Extension budgets: the size of the .vsix, and activation in a real extension host (code-server,
 * VS Code 1.139) when the real-editor tests' editor is installed (test/e2e/setup.sh).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { quantile, row } from './util';

export function benchExtension(root: string): void {
  const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const packaged = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'ignore' });
  const vsix = path.join(root, `disarm-language-tools-${version}.vsix`);
  if (packaged.status !== 0 || !existsSync(vsix)) {
    row('.vsix size', 'npm run package failed', '< 1.5 MB', false);
    return;
  }
  const size = statSync(vsix).size;
  // The build writes the built-in data only with DISARM_RELEASES_DIR set; without it the figure leaves it out.
  const data = existsSync(path.join(root, 'dist', 'disarm-data.json')) ? 'with the built-in data' : 'WITHOUT the built-in data (DISARM_RELEASES_DIR unset)';
  row(`.vsix size, ${data}`, `${(size / 1024).toFixed(0)} KB`, '< 1.5 MB', size < 1.5 * 1024 * 1024);

  if (!existsSync(path.join(root, '.e2e', 'code-server'))) {
    console.log('      activation: not measured (the editor is not installed: bash test/e2e/setup.sh)');
    return;
  }
  spawnSync(process.execPath, [path.join(root, 'test', 'e2e', 'build-suite.mjs')], { cwd: root, stdio: 'ignore' });
  // The budget is the extension's own cost: measured once the host has settled. At workbench
  // start the same call also waits for the host's start-up work (see test/e2e/suite/activation.ts).
  const settled = measureActivation(root, 'activation.js', 5);
  if (!settled.length) {
    row('activation in the extension host', 'no run finished', '< 100 ms', false);
    return;
  }
  row(`activation in the extension host, ${settled.length} runs`, spread(settled), '< 100 ms', quantile(settled, 0.5) < 100);
  const atStart = measureActivation(root, 'activationAtStart.js', 3);
  if (atStart.length) row(`  same, right at workbench start (host busy), ${atStart.length} runs`, spread(atStart), '', true);
}

function spread(times: readonly number[]): string {
  return `median ${quantile(times, 0.5).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`;
}

/** Activation times from `runs` fresh editors, each running the suite module `suite` as its test payload. */
function measureActivation(root: string, suite: string, runs: number): number[] {
  const result = path.join(root, 'out', 'e2e', 'suite', 'activation.json');
  const workspace = mkdtempSync(path.join(tmpdir(), 'disarm-activation-'));
  const times: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      rmSync(result, { force: true });
      spawnSync(
        'bash',
        [
          path.join(root, 'test', 'e2e', 'start-code-server.sh'),
          '--test-driver',
          '--',
          process.execPath,
          path.join(root, 'test', 'e2e', 'run-extension-tests.mjs'),
          '--tests',
          path.join(root, 'out', 'e2e', 'suite', suite),
          '--folder',
          workspace,
          '--screenshot',
          path.join(workspace, 'activation.png'),
        ],
        { cwd: root, stdio: 'ignore' },
      );
      if (existsSync(result)) times.push((JSON.parse(readFileSync(result, 'utf8')) as { activationMs: number }).activationMs);
    }
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
  return times;
}
