/**
 * Which documents are DISARM documents: the ones diagnostics run in. Other markdown reuses the
 * ID shape (a cognitive-bias matrix's `T0122`, a project's `T-01`) and gets hover and completion
 * only. The server and `disarm-lint` both ask {@link isDisarmDocument}.
 */
import picomatch from 'picomatch/posix';
import type { DisarmDocument } from '../markdown/document';
import type { NameBook } from './names';
import { sameName, writtenName } from './names';

/** Where a document lies, and the settings that say which documents are DISARM's. */
export interface DocumentScope {
  /** `all`: every document is checked (`disarm.diagnostics.scope`, `--scope all`); `auto` by default. */
  readonly mode?: 'auto' | 'all';
  /** The document's file path with `/` separators; none for an unsaved document. */
  readonly path?: string;
  /** Folders whose documents are DISARM's: the DISARMframeworks checkout, the data sources (`/` separators). */
  readonly roots?: readonly string[];
  /** `disarm.include` globs, matched against the path relative to each of `folders`, and the whole path. */
  readonly include?: readonly string[];
  /** The workspace folders (or the CLI's current folder), `/` separators. */
  readonly folders?: readonly string[];
}

/** Why a document is a DISARM document, or `undefined` when it is not one. */
export type DisarmReason = 'scope-all' | 'data-folder' | 'include' | 'mentions-disarm' | 'links-disarm' | 'cites-name';

const MENTION = /\b(?:DISARM|AMITT)/;
const DISARM_LINK = /DISARMframeworks|DISARMFoundation|generated_pages\//i;

/**
 * Whether diagnostics run in the document: it lies in a DISARM folder, matches `include`,
 * mentions DISARM or AMITT, links to a DISARM page, or cites an ID with its name in some release.
 */
export function isDisarmDocument(model: DisarmDocument, scope: DocumentScope, book: NameBook | undefined): boolean {
  return disarmReason(model, scope, book) !== undefined;
}

/** The first reason the document is a DISARM document (see {@link isDisarmDocument}). */
export function disarmReason(model: DisarmDocument, scope: DocumentScope, book: NameBook | undefined): DisarmReason | undefined {
  if (scope.mode === 'all') return 'scope-all';
  const path = scope.path;
  if (path && scope.roots?.some((root) => inside(path, root))) return 'data-folder';
  if (path && scope.include?.length && matchesInclude(path, scope.include, scope.folders ?? [])) return 'include';
  if (MENTION.test(model.text)) return 'mentions-disarm';
  if (DISARM_LINK.test(model.text)) return 'links-disarm';
  if (book && citesAName(model, book)) return 'cites-name';
  return undefined;
}

function inside(path: string, folder: string): boolean {
  const root = folder.replace(/\/+$/, '');
  return path === root || path.startsWith(`${root}/`);
}

/** Compiled globs, by the settings' array (settings are cached per resource, so it is reused). */
const matchers = new WeakMap<readonly string[], (path: string) => boolean>();

function matchesInclude(path: string, include: readonly string[], folders: readonly string[]): boolean {
  let match = matchers.get(include);
  if (!match) matchers.set(include, (match = picomatch([...include], { dot: true })));
  const relative = folders.filter((folder) => inside(path, folder)).map((folder) => path.slice(folder.replace(/\/+$/, '').length + 1));
  return [...relative, path].some((candidate) => match(candidate));
}

/** Some ID is written with its own name, as some release names it. */
function citesAName(model: DisarmDocument, book: NameBook): boolean {
  for (const ref of model.references) {
    if (ref.class.type !== 'id') continue;
    const name = writtenName(ref, book);
    if (!name) continue;
    for (const release of book.releases) {
      const object = release.index.objects.get(ref.token);
      if (object && sameName(name, object.name)) return true;
    }
  }
  return false;
}
