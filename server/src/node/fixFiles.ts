import { accessSync, appendFileSync, closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, renameSync, statSync, Stats, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { DiagnosticOptions } from '../service/features/diagnostics';
import { fixAllOffsets } from '../service/fixes/codeActions';
import type { DisarmDocument } from '../service/markdown/document';
import { applyOffsetEdits, shiftOffsets } from '../service/markdown/edits';
import { FrameworkIndex } from '../service/framework/framework';
import { readRegularFileSync } from './regularFile';

/**
 * A fix that changes an ID can make another finding fixable (a repaired ID whose written name or
 * link is then another's), and a fix not taken for overlapping another may apply once that one
 * has: another round follows only then, over those references alone, a few rounds at most.
 */
const MAX_ROUNDS = 4;

/** Parses one file's text; the model is marked `givenUp` when the parse was too costly. */
export type ParseText = (text: string, file: string) => Promise<DisarmDocument>;

/** A text after its fixes, with the model of that text (the last round's parse, reused to lint it). */
export interface FixedText {
  readonly text: string;
  readonly fixed: number;
  readonly model: DisarmDocument;
  /** The findings of `text` under the options, when the last round computed them: no need to check it again. */
  readonly diagnostics?: Diagnostic[];
}

/**
 * The options findings are reported with: only the findings reported under them are fixed (a code
 * the project file or `--disable` turns off is neither reported nor fixed). The severity shown
 * (`--severity`, `--quiet`) is not among them: like ESLint, `--fix` fixes every enabled finding.
 */
export type FixOptions = Pick<DiagnosticOptions, 'disabled' | 'severities' | 'releases' | 'scope'>;

/**
 * The text with every unambiguous fix applied (the editor's fix-all), and how many findings that
 * fixed; `model` is the text's parse. `undefined` when a later parse was given up: leave the file.
 * Each round applies its edits in one pass; a later round looks only at the references where the
 * one before made a new fix possible (see {@link FixAllOffsets.again}).
 */
export async function fixText(file: string, text: string, model: DisarmDocument, index: FrameworkIndex, parse: ParseText, options: FixOptions = {}): Promise<FixedText | undefined> {
  const uri = pathToFileURL(path.resolve(file)).href;
  let fixed = 0;
  let onlyAt: ReadonlySet<number> | undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const result = fixAllOffsets(TextDocument.create(uri, 'markdown', round, text), model, index, { ...options, onlyAt });
    if (result.fixed === 0) return { text, fixed, model, diagnostics: result.diagnostics };
    text = applyOffsetEdits(text, result.edits);
    fixed += result.fixed;
    model = await parse(text, file);
    if (model.givenUp) return undefined;
    if (result.again.length === 0) break;
    onlyAt = new Set(shiftOffsets(result.edits, result.again));
  }
  return { text, fixed, model };
}

/** A file read for fixing: its exact bytes decoded, and the bytes themselves, which {@link writeAtomically} compares. */
export interface ReadForFix {
  /** `undefined` when the bytes are not valid UTF-8: rewriting them would change what was not ours. */
  readonly text: string | undefined;
  /** The text to lint (invalid bytes replaced). */
  readonly lintText: string;
  readonly bytes: Buffer;
  /** Why the file may not be written (read-only), when it may not: it is then linted, never fixed. */
  readonly readOnly?: string;
}

/** Reads a regular file (never a pipe or device) for fixing. */
export function readForFix(file: string): ReadForFix {
  const { bytes, stat } = readRegularFileSync(file);
  let text: string | undefined;
  try {
    // ignoreBOM keeps a byte order mark in the text, so that it is written back.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    text = undefined;
  }
  return { text, lintText: text ?? bytes.toString('utf8'), bytes, readOnly: readOnlyReason(file, stat) };
}

/**
 * Why `file` may not be written, or `undefined`. Its mode and `access(W_OK)` are both asked: the
 * rename that makes a write atomic needs only the folder's permission, so without this check a
 * read-only file would be replaced; and root passes `access` whatever the mode says.
 */
function readOnlyReason(file: string, stat: Stats): string | undefined {
  if ((stat.mode & 0o222) === 0) return 'read-only (no write permission in its mode); not fixed';
  try {
    accessSync(file, constants.W_OK);
    return undefined;
  } catch (error) {
    return `not writable (${(error as NodeJS.ErrnoException).code ?? 'access denied'}); not fixed`;
  }
}

/** A temporary file of ours: `.<name>.<pid>.<base36 time>.disarm-fix`, next to the file it replaces. */
const TEMPORARY = /^\.(.+)\.(\d+)\.([0-9a-z]+)\.disarm-fix$/;

function temporaryName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.disarm-fix`);
}

/**
 * Removes the temporary files a killed `--fix` left in `folders`: only names of our own pattern,
 * only regular files, and only when the process that made one is gone (a run still going keeps
 * its own). Returns the paths removed.
 */
export function removeLeftovers(folders: Iterable<string>): string[] {
  const removed: string[] = [];
  for (const folder of new Set(folders)) {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      const match = TEMPORARY.exec(name);
      if (!match || processAlive(Number(match[2]))) continue;
      const leftover = path.join(folder, name);
      try {
        if (!lstatSync(leftover).isFile()) continue;
        unlinkSync(leftover);
        removed.push(leftover);
      } catch {
        // Gone already, or not ours to remove.
      }
    }
  }
  return removed;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What {@link writeAtomically} did beyond the write. */
export interface WriteOutcome {
  /** Bytes appended to the file between the last comparison and the rename, carried over to the new file. */
  readonly carriedOver: number;
}

/**
 * Replaces the file's content atomically: the new text goes to a temporary file in the same
 * folder (same file system, so the rename is atomic), with the file's permissions, then is
 * renamed over it; a symbolic link is followed, not replaced. Immediately before the rename the
 * file is read again and compared with `original`: when anything changed, nothing is written
 * (someone else's edit wins over ours). Bytes appended in the instant between that comparison
 * and the rename land in the old file, which is still open here: they are copied to the end of
 * the new one. What remains possible without locks is in the README.
 */
export function writeAtomically(file: string, text: string, original: Buffer): WriteOutcome {
  const target = realpathSync.native(file);
  const fd = openSync(target, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  let temporary: string | undefined;
  try {
    const stat = fstatSync(fd);
    const readOnly = stat.isFile() ? readOnlyReason(target, stat) : 'not a regular file any more; not fixed';
    if (readOnly) throw new Error(readOnly);
    temporary = temporaryName(target);
    writeFileSync(temporary, text, { encoding: 'utf8', flag: 'wx', mode: stat.mode & 0o7777 });
    // Compared last thing before the rename: the same file at that path (not replaced by an editor's own rename), the same bytes.
    const now = statSync(target);
    if (now.ino !== stat.ino || now.dev !== stat.dev || !sameBytes(fd, original)) throw new Error('changed while being fixed; not written');
    renameSync(temporary, target);
    temporary = undefined;
    const late = fstatSync(fd).size - original.length;
    if (late <= 0) return { carriedOver: 0 };
    const tail = Buffer.alloc(late);
    const n = readSync(fd, tail, 0, late, original.length);
    appendFileSync(target, tail.subarray(0, n));
    return { carriedOver: n };
  } finally {
    closeSync(fd);
    if (temporary) {
      try {
        unlinkSync(temporary);
      } catch {
        // Never created.
      }
    }
  }
}

/** Whether the open file holds exactly `expected` (one byte more is read to see growth). */
function sameBytes(fd: number, expected: Buffer): boolean {
  const now = Buffer.alloc(expected.length + 1);
  let read = 0;
  while (read < now.length) {
    const n = readSync(fd, now, read, now.length - read, read);
    if (n === 0) break;
    read += n;
  }
  return read === expected.length && now.subarray(0, read).equals(expected);
}
