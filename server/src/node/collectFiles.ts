import { readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileType } from './regularFile';

const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
const MARKDOWN = /\.(md|markdown)$/i;

/**
 * The markdown files under `roots`, in a stable order; a file given by name is checked whatever
 * its extension. Symbolic links are followed only while they stay inside the given roots, each
 * real folder is walked once (so link loops end), and only regular files are read: a named pipe
 * would block the reader for ever. Problems are reported as `path: reason`, not thrown.
 */
export function collectMarkdownFiles(roots: readonly string[]): { files: string[]; problems: string[] } {
  const files: string[] = [];
  const problems: string[] = [];
  const realRoots: string[] = [];
  const visited = new Set<string>();
  const inside = (real: string) => realRoots.some((root) => real === root || real.startsWith(root + path.sep));

  const walk = (target: string, top: boolean): void => {
    let real: string;
    try {
      real = realpathSync(target);
    } catch (error) {
      problems.push(`${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      return;
    }
    if (!top && !inside(real)) return; // a link out of the roots
    try {
      const stat = statSync(real);
      if (stat.isDirectory()) {
        if (visited.has(real)) return;
        visited.add(real);
        const entries = readdirSync(target).sort((a, b) => a.localeCompare(b));
        for (const name of entries) if (!SKIPPED_FOLDERS.has(name)) walk(path.join(target, name), false);
      } else if (stat.isFile()) {
        if (top || MARKDOWN.test(target)) files.push(target);
      } else if (top || MARKDOWN.test(target)) {
        // Never opened (a named pipe would block the run for ever), and never passed over in silence.
        problems.push(`${target}: ${fileType(stat)}, not a regular file`);
      }
    } catch (error) {
      problems.push(`${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };

  for (const root of roots) {
    try {
      realRoots.push(realpathSync(root));
    } catch {
      // Reported by the walk.
    }
  }
  for (const root of roots) walk(root, true);
  return { files, problems };
}
