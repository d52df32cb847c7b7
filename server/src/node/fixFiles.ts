import { closeSync, fstatSync, openSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAllEdits } from '../service/codeActions';
import { parseDisarmDocument } from '../service/document';
import { applyTextEdits } from '../service/edits';
import { FrameworkIndex } from '../service/framework';
import type { FrameworkSet } from '../service/releases';

/** A fix can make another finding fixable (a repaired ID whose name then differs): a few rounds, then stop. */
const MAX_ROUNDS = 4;

/** The text with every unambiguous fix applied (the editor's fix-all), and how many findings that fixed. */
export function fixText(file: string, text: string, index: FrameworkIndex, releases?: FrameworkSet): { text: string; fixed: number } {
  const uri = pathToFileURL(path.resolve(file)).href;
  let fixed = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const document = TextDocument.create(uri, 'markdown', round, text);
    const result = fixAllEdits(document, parseDisarmDocument(text), index, { releases });
    if (result.fixed === 0) break;
    text = applyTextEdits(text, result.edits);
    fixed += result.fixed;
  }
  return { text, fixed };
}

/** A file read for fixing: its exact bytes decoded, and what it looked like when read. */
export interface ReadForFix {
  /** `undefined` when the bytes are not valid UTF-8: rewriting them would change what was not ours. */
  readonly text: string | undefined;
  /** The text to lint (invalid bytes replaced). */
  readonly lintText: string;
  readonly stamp: string;
}

/** Reads a file with the stamp (size and modification time) that {@link writeAtomically} checks. */
export function readForFix(file: string): ReadForFix {
  const fd = openSync(file, 'r');
  try {
    const stat = fstatSync(fd);
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    const content = bytes.subarray(0, read);
    let text: string | undefined;
    try {
      // ignoreBOM keeps a byte order mark in the text, so that it is written back.
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(content);
    } catch {
      text = undefined;
    }
    return { text, lintText: text ?? content.toString('utf8'), stamp: stampOf(stat) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces the file's content atomically: the new text goes to a temporary file in the same
 * folder (same file system, so the rename is atomic), with the file's permissions, then is
 * renamed over it; a symbolic link is followed, not replaced. When the file changed since it was
 * read (`stamp`), nothing is written: someone else's edit wins over ours.
 */
export function writeAtomically(file: string, text: string, stamp: string): void {
  const target = realpathSync(file);
  const stat = statSync(target);
  if (stampOf(stat) !== stamp) throw new Error('changed while being fixed; not written');
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.disarm-fix`);
  try {
    writeFileSync(temporary, text, { encoding: 'utf8', flag: 'wx', mode: stat.mode & 0o7777 });
    renameSync(temporary, target);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Already renamed or never created.
    }
    throw error;
  }
}

function stampOf(stat: { size: number; mtimeMs: number }): string {
  return `${stat.size}:${stat.mtimeMs}`;
}
