import type { CancellationToken } from 'vscode-languageserver';

/**
 * Runs a request handler so that it can never throw at the client: a cancelled request answers
 * `fallback` without doing the work, and an exception is logged and answered with `fallback`.
 */
export async function runSafe<T>(
  log: (message: string) => void,
  name: string,
  token: CancellationToken,
  fallback: T,
  work: () => T | Promise<T>,
): Promise<T> {
  if (token.isCancellationRequested) return fallback;
  try {
    const result = await work();
    return token.isCancellationRequested ? fallback : result;
  } catch (error) {
    log(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return fallback;
  }
}
