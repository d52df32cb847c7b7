import path from 'node:path';

/**
 * Absolute paths, each folder resolved once: a run's files come a folder at a time, and
 * `path.resolve` over every one of them was a measurable part of a run over the checkout. The
 * working folder stays for the process (nothing here changes it), so a relative folder keeps
 * its answer.
 */
const resolved = new Map<string, string>();

/** `path.resolve(folder)`, remembered. */
export function resolveFolder(folder: string): string {
  let absolute = resolved.get(folder);
  if (absolute === undefined) resolved.set(folder, (absolute = path.resolve(folder)));
  return absolute;
}

/** `path.resolve(file)`, its folder resolved by {@link resolveFolder}. */
export function resolveFile(file: string): string {
  const name = path.basename(file);
  // `.`, `..` and a root name no file: they are resolved as they are.
  if (name === '' || name === '.' || name === '..') return path.resolve(file);
  return path.join(resolveFolder(path.dirname(file)), name);
}
