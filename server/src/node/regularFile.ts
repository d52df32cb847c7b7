import { closeSync, constants, fstatSync, openSync, promises as fs, readSync, Stats } from 'node:fs';

/**
 * Opening a named pipe for reading waits for a writer, for ever, and holds one of libuv's four
 * file system threads while it waits: a few pipes stall every read of the process. Opened
 * non-blocking, a pipe opens at once, so the type is checked on the open descriptor (no window
 * between a check and the open) and only regular files are read. Windows has no such flag and
 * no such files.
 */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** A path that was not read, and why: not a regular file, or over its size cap. */
export class SkippedFile extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

export interface ReadLimits {
  /** A larger file is refused (a {@link SkippedFile}) before any byte is read. */
  readonly maxBytes?: number;
  /** Only the first bytes are read (at most this many); the size cap still applies to the whole file. */
  readonly headBytes?: number;
}

/** A regular file's bytes and its stat at the time of the read. */
export interface FileRead {
  readonly bytes: Buffer;
  readonly stat: Stats;
}

/** What a non-regular file is, for messages: "a named pipe", "a folder", ... */
export function fileType(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function check(file: string, stat: Stats, limits: ReadLimits): number {
  if (!stat.isFile()) throw new SkippedFile(file, `${fileType(stat)}, not a regular file`);
  if (limits.maxBytes !== undefined && stat.size > limits.maxBytes) {
    throw new SkippedFile(file, `${stat.size} bytes, over the ${limits.maxBytes}-byte cap`);
  }
  return limits.headBytes === undefined ? stat.size : Math.min(stat.size, limits.headBytes);
}

/** Reads a regular file (never a pipe, socket or device); errors as `fs` throws them, or {@link SkippedFile}. */
export async function readRegularFile(file: string, limits: ReadLimits = {}): Promise<FileRead> {
  const handle = await fs.open(file, READ_FLAGS);
  try {
    const stat = await handle.stat();
    const bytes = Buffer.allocUnsafe(check(file, stat, limits)); // every byte handed out is read into it
    let read = 0;
    while (read < bytes.length) {
      const { bytesRead } = await handle.read(bytes, read, bytes.length - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return { bytes: bytes.subarray(0, read), stat };
  } finally {
    await handle.close();
  }
}

/** {@link readRegularFile}, synchronously (the CLI). */
export function readRegularFileSync(file: string, limits: ReadLimits = {}): FileRead {
  const fd = openSync(file, READ_FLAGS);
  try {
    const stat = fstatSync(fd);
    const bytes = Buffer.allocUnsafe(check(file, stat, limits)); // every byte handed out is read into it
    return { bytes: bytes.subarray(0, readInto(fd, bytes, bytes.length)), stat };
  } finally {
    closeSync(fd);
  }
}

/**
 * A regular file's text, decoded as UTF-8 (malformed bytes become U+FFFD), as
 * {@link readRegularFileSync} reads it. Files up to {@link SCRATCH_BYTES} are read into one buffer
 * kept for the next: a run over hundreds of files then allocates no memory for their bytes.
 */
export function readRegularTextSync(file: string): string {
  const fd = openSync(file, READ_FLAGS);
  try {
    const size = check(file, fstatSync(fd), {});
    const bytes = size <= SCRATCH_BYTES ? scratchOf(size) : Buffer.allocUnsafe(size);
    return bytes.toString('utf8', 0, readInto(fd, bytes, size));
  } finally {
    closeSync(fd);
  }
}

const SCRATCH_BYTES = 1024 * 1024;
let scratch: Buffer | undefined;

function scratchOf(size: number): Buffer {
  if (!scratch || scratch.length < size) scratch = Buffer.allocUnsafeSlow(Math.max(size, 64 * 1024));
  return scratch;
}

/** Reads up to `size` bytes from the start of `fd` into `bytes`; how many it read (fewer at an early end). */
function readInto(fd: number, bytes: Buffer, size: number): number {
  let read = 0;
  while (read < size) {
    const n = readSync(fd, bytes, read, size - read, read);
    if (n === 0) break;
    read += n;
  }
  return read;
}

/** The reason to print for a failed read: the skip's reason, or the error code. */
export function readFailure(error: unknown): string {
  if (error instanceof SkippedFile) return error.reason;
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
