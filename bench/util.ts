/** Timing and reporting helpers shared by the benchmark files. */

/** The `q` quantile of `samples` (nearest rank). */
export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Milliseconds `work` takes. */
export function time(work: () => unknown): number {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Milliseconds the promise of `work` takes to settle. */
export async function timeAsync(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** `median x ms, p99 y ms` with `digits` decimals. */
export function spread(samples: readonly number[], digits = 3): string {
  return `median ${quantile(samples, 0.5).toFixed(digits)} ms, p99 ${quantile(samples, 0.99).toFixed(digits)} ms`;
}

/** One line of the report, marked against its budget. */
export function row(what: string, figure: string, budget: string, ok: boolean): void {
  console.log(`${ok ? 'ok  ' : 'OVER'}  ${what.padEnd(46)} ${figure.padEnd(30)} budget ${budget}`);
}
