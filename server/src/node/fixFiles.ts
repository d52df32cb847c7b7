import { closeSync, fstatSync, openSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAllEdits } from '../service/fixes/codeActions';
import type { DisarmDocument } from '../service/markdown/document';
import { applyTextEdits } from '../service/markdown/edits';
import { FrameworkIndex } from '../service/framework/framework';
import type { FrameworkSet } from '../service/framework/releases';

/**
 * A fix that changes an ID can make another finding fixable (a repaired ID whose written name or
 * link is then another's): another round follows only then, a few at most.
 */
const MAX_ROUNDS = 4;

/** Parses one file's text; the model is marked `givenUp` when the parse was too costly. */
export type ParseText = (text: string, file: string) => Promise<DisarmDocument>;

/** A text after its fixes, with the model of that text (the last round's parse, reused to lint it). */
export interface FixedText {
  readonly text: string;
  readonly fixed: number;
  readonly model: DisarmDocument;
}

/**
 * The text with every unambiguous fix applied (the editor's fix-all), and how many findings that
 * fixed; `model` is the text's parse. `undefined` when a later parse was given up: leave the file.
 */
export async function fixText(file: string, text: string, model: DisarmDocument, index: FrameworkIndex, parse: ParseText, releases?: FrameworkSet): Promise<FixedText | undefined> {
  const uri = pathToFileURL(path.resolve(file)).href;
  let fixed = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const result = fixAllEdits(TextDocument.create(uri, 'markdown', round, text), model, index, { releases });
    if (result.fixed === 0) break;
    text = applyTextEdits(text, result.edits);
    fixed += result.fixed;
    model = await parse(text, file);
    if (model.givenUp) return undefined;
    // Names and links fixed make no new findings: the fixed text is final, and its model is the one to lint.
    if (result.settled) break;
  }
  return { text, fixed, model };
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
