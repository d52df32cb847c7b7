import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';

/** The longest the extension host may take to settle after the workbench starts. */
const SETTLE_LIMIT_MS = 15_000;

/**
 * Measures the extension's activation in the real extension host, before any markdown file
 * opens: the time `activate()` takes, load included. Run as the test payload right after the
 * workbench starts, that time is mostly the host's own start-up work (other extensions
 * activating): 35 to 230 ms on one machine for an activate() that takes 10 ms once the host is
 * idle. So `run` first waits until the host's event loop answers at once, and `runAtStart` (see
 * activationAtStart.ts) measures at start for comparison. Writes `activation.json` beside this
 * module for `npm run bench`.
 */
export function run(): Promise<void> {
  return measure(true);
}

export function runAtStart(): Promise<void> {
  return measure(false);
}

async function measure(settle: boolean): Promise<void> {
  const extension = vscode.extensions.getExtension('disarm-tools.disarm-language-tools');
  if (!extension) throw new Error('the DISARM extension is not installed');
  const waited = settle ? await settled() : 0;
  if (extension.isActive) throw new Error('the extension is already active: activation cannot be measured');
  const started = performance.now();
  await extension.activate();
  const activationMs = performance.now() - started;
  writeFileSync(path.join(__dirname, 'activation.json'), JSON.stringify({ activationMs, settled: settle, waitedMs: waited }));
  console.log(`activation: ${activationMs.toFixed(1)} ms${settle ? ` (after ${waited.toFixed(0)} ms for the host to settle)` : ' (at start)'}`);
}

/** Waits until five timers in a row fire within 5 ms of their time; returns how long that took. */
async function settled(): Promise<number> {
  const started = performance.now();
  let quiet = 0;
  while (quiet < 5 && performance.now() - started < SETTLE_LIMIT_MS) {
    const asked = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 100));
    quiet = performance.now() - asked - 100 < 5 ? quiet + 1 : 0;
  }
  return performance.now() - started;
}
