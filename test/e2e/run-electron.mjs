// The same extension-host suite on desktop VS Code through @vscode/test-electron, for machines
// where VS Code is installed (VSCODE_EXECUTABLE) or can be downloaded. Here VS Code cannot be
// downloaded, so test/e2e/run.sh runs the suite inside code-server instead.
//
//   VSCODE_EXECUTABLE=/path/to/code DISARM_FRAMEWORKS_DIR=... node test/e2e/run-electron.mjs
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const data = process.env.DISARM_FRAMEWORKS_DIR;
if (!data) throw new Error('set DISARM_FRAMEWORKS_DIR to a DISARMframeworks checkout');
const workspace = mkdtempSync(join(tmpdir(), 'disarm-e2e-'));
cpSync(join(data, 'generated_pages'), join(workspace, 'generated_pages'), { recursive: true });
try {
  await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'e2e', 'suite', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
  });
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
