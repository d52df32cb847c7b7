/** The main-thread stalls a server process recorded with `lateness.cjs`, read after it exits. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Lateness {
  /** Node arguments that preload the recorder. */
  readonly nodeArgs: string[];
  /** Environment for the process: where it writes its stalls. */
  readonly env: NodeJS.ProcessEnv;
  /** The longest stall, in ms, that overlaps one of `windows` ([start, end] in epoch ms); all of them without. */
  longest(windows?: ReadonlyArray<readonly [number, number]>): number;
  dispose(): void;
}

export function recordLateness(): Lateness {
  const dir = mkdtempSync(path.join(tmpdir(), 'disarm-lateness-'));
  const file = path.join(dir, 'stalls.json');
  return {
    nodeArgs: ['--require', path.join(__dirname, 'lateness.cjs')],
    env: { LATENESS_FILE: file },
    longest(windows) {
      if (!existsSync(file)) return NaN;
      const stalls = JSON.parse(readFileSync(file, 'utf8')) as Array<[number, number]>;
      const inside = windows ? stalls.filter(([a, b]) => windows.some(([from, to]) => a < to && b > from)) : stalls;
      return inside.reduce((most, [a, b]) => Math.max(most, b - a), 0);
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Now, in the clock `lateness.cjs` records in. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
