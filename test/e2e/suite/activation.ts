import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';

/**
 * Measures the extension's activation in the real extension host, before any markdown file
 * opens: the time `activate()` takes, as VS Code's Running Extensions view reports it. Writes
 * `activation.json` beside this module for `npm run bench`.
 */
export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension('disarm-tools.disarm-language-tools');
  if (!extension) throw new Error('the DISARM extension is not installed');
  if (extension.isActive) throw new Error('the extension is already active: activation cannot be measured');
  const started = performance.now();
  await extension.activate();
  const activationMs = performance.now() - started;
  writeFileSync(path.join(__dirname, 'activation.json'), JSON.stringify({ activationMs }));
  console.log(`activation: ${activationMs.toFixed(1)} ms`);
}
