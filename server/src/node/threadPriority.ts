import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * The nice value of a background worker thread (the parse): a parse that runs its full bound on a
 * busy machine then gives the core to the server's main thread whenever both want it, so a costly
 * document's parse does not delay the answers to other documents.
 */
export const BACKGROUND_NICE = 10;

/**
 * Lowers the calling thread's priority to {@link BACKGROUND_NICE}, where the system has per-thread
 * priorities that Node can reach: Linux, where a thread's id (from /proc/thread-self) is a valid
 * target of setpriority and the other threads keep theirs. Elsewhere (and if it fails) nothing
 * changes: setPriority there would lower the whole process.
 */
export function lowerThreadPriority(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(threadId) || threadId <= 0 || threadId === process.pid) return false;
    setPriority(threadId, BACKGROUND_NICE);
    return true;
  } catch {
    return false;
  }
}
