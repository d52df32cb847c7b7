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

  /** Walks `target`; `known` is its real path and type when its folder entry said (not a link), so neither is asked again. */
  const walk = (target: string, top: boolean, rules: readonly IgnoreRules[], known?: { real?: string; folder?: boolean }): void => {
    let real: string;
    let folder: boolean;
    try {
      if (known?.folder !== undefined) {
        ({ real, folder } = known as { real: string; folder: boolean });
      } else {
        real = known?.real ?? realpathSync.native(target);
        if (!top && !inside(real)) return; // a link out of the roots
        const stat = statSync(real);
        folder = stat.isDirectory();
        if (!folder && !stat.isFile()) {
          // Never opened (a named pipe would block the run for ever), and never passed over in silence.
          if (top || MARKDOWN.test(target)) problems.push(`${target}: ${fileType(stat)}, not a regular file`);
          return;
        }
      }
    } catch (error) {
      problems.push(`${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      return;
    }
    if (!folder) {
      if (top || MARKDOWN.test(target)) files.push(target);
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    let entries;
    try {
      entries = readdirSync(target, { withFileTypes: true }).sort((a, b) => byCodeUnits(a.name, b.name));
    } catch (error) {
      problems.push(`${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      return;
    }
    const inner = gitignore ? withRulesOf(target, rules) : rules;
    for (const entry of entries) {
      if (SKIPPED_FOLDERS.has(entry.name)) continue;
      const child = path.join(target, entry.name);
      if (inner.length && isIgnored(inner, child, entry.isDirectory())) continue;
      // A plain file or folder under a real folder is where it seems: its real path is the folder's and its name.
      const plain = entry.isFile() || entry.isDirectory();
      if (plain && !entry.isDirectory() && !MARKDOWN.test(entry.name)) continue;
      walk(child, false, inner, plain ? { real: path.join(real, entry.name), folder: entry.isDirectory() } : undefined);
    }
  };

  // The C library's realpath: Node's own asks lstat of every component of every path (30 ms for 129 named files).
  const reals = roots.map((root) => {
    try {
      return realpathSync.native(root);
    } catch {
      return undefined; // reported by the walk
    }
  });
  for (const real of reals) if (real !== undefined) realRoots.push(real);
  // A pre-commit hook or an editor names hundreds of files in a few folders: their ancestors' rules are read once.
  const above = new Map<string, readonly IgnoreRules[]>();
  const rulesAbove = (root: string) => {
    const resolved = path.resolve(root);
    if (existsSync(path.join(resolved, '.git'))) return []; // the repository's top: nothing above it applies
    const folder = path.dirname(resolved);
    let rules = above.get(folder);
    if (!rules) above.set(folder, (rules = rulesFrom(folder)));
    return rules;
  };
  roots.forEach((root, i) => walk(root, true, gitignore ? rulesAbove(root) : [], reals[i] === undefined ? undefined : { real: reals[i] }));
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

/** The rules of the `.gitignore` files of `folder` and its ancestors, from the repository's top down; none outside a repository. */
function rulesFrom(folder: string): readonly IgnoreRules[] {
  const above: string[] = [folder];
  for (let at = folder; !existsSync(path.join(at, '.git')); ) {
    const parent = path.dirname(at);
    if (parent === at) return []; // not in a repository: nothing above the root applies
    above.unshift(parent);
    at = parent;
  }
  let rules: readonly IgnoreRules[] = [];
  for (const ancestor of above) rules = withRulesOf(ancestor, rules);
  return rules;
}

/**
 * Names in the order of their UTF-16 code units, as git lists them: the same on every machine,
 * whatever its locale, and without the collator's start-up (some 10 ms, a tenth of a short run).
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
