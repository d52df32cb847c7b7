import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import ignore, { Ignore } from 'ignore';
import { fileType } from './regularFile';

const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
const MARKDOWN = /\.(md|markdown)$/i;

/**
 * The markdown files under `roots`, in a stable order; a file given by name is checked whatever
 * its extension. Symbolic links are followed only while they stay inside the given roots, each
 * real folder is walked once (so link loops end), and only regular files are read: a named pipe
 * would block the reader for ever. Problems are reported as `path: reason`, not thrown.
 * With `gitignore` (the default), what the `.gitignore` files of the walked folders and of their
 * ancestors up to the repository's top ignore is skipped, as git does; named paths are kept.
 */
export function collectMarkdownFiles(roots: readonly string[], options: { gitignore?: boolean } = {}): { files: string[]; problems: string[] } {
  const gitignore = options.gitignore !== false;
  const files: string[] = [];
  const problems: string[] = [];
  const realRoots: string[] = [];
  const visited = new Set<string>();
  const inside = (real: string) => realRoots.some((root) => real === root || real.startsWith(root + path.sep));

  const walk = (target: string, top: boolean, rules: readonly IgnoreRules[]): void => {
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
        const entries = readdirSync(target, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
        const inner = gitignore ? withRulesOf(target, rules) : rules;
        for (const entry of entries) {
          if (SKIPPED_FOLDERS.has(entry.name)) continue;
          const child = path.join(target, entry.name);
          if (inner.length && isIgnored(inner, child, entry.isDirectory())) continue;
          walk(child, false, inner);
        }
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
  for (const root of roots) walk(root, true, gitignore ? ancestorRules(root) : []);
  return { files, problems };
}

/** One `.gitignore` file's rules and the folder its patterns are relative to. */
interface IgnoreRules {
  readonly base: string;
  readonly rules: Ignore;
}

/** `rules` and those of `folder`'s own `.gitignore`, when it has one. */
function withRulesOf(folder: string, rules: readonly IgnoreRules[]): readonly IgnoreRules[] {
  const file = path.join(folder, '.gitignore');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return rules;
  }
  return [...rules, { base: folder, rules: ignore().add(text) }];
}

/** Later (deeper) files decide over earlier ones, and a `!pattern` re-includes, as in git. */
function isIgnored(rules: readonly IgnoreRules[], target: string, isFolder: boolean): boolean {
  let ignored = false;
  for (const { base, rules: ig } of rules) {
    const relative = path.relative(base, target).split(path.sep).join('/');
    const verdict = ig.test(isFolder ? `${relative}/` : relative);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

/** The rules of the `.gitignore` files above a walked root, from the repository's top down; none outside a repository. */
function ancestorRules(root: string): readonly IgnoreRules[] {
  const above: string[] = [];
  for (let at = path.resolve(root); !existsSync(path.join(at, '.git')); ) {
    const parent = path.dirname(at);
    if (parent === at) return []; // not in a repository: nothing above the root applies
    above.unshift(parent);
    at = parent;
  }
  let rules: readonly IgnoreRules[] = [];
  for (const ancestor of above) rules = withRulesOf(ancestor, rules);
  return rules;
}
