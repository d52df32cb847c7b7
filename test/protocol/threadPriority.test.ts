// The server's parse worker runs below the main thread's priority (Linux, where threads have their
// own): a costly parse on a busy machine yields the core to the thread that answers the requests.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { BACKGROUND_NICE } from '../../server/src/node/threadPriority';
import { requireData, Session } from './session';

/** Each thread's nice value (field 19 of /proc/<pid>/task/<tid>/stat, counted after the command's closing parenthesis). */
function niceValues(pid: number): Map<number, number> {
  const values = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    values.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
  }
  return values;
}

test('the parse worker thread runs at a lower priority than the main thread', { skip: process.platform !== 'linux' && 'threads have their own priority on Linux only', timeout: 60_000 }, async () => {
  const server = new Session();
  try {
    await server.start(requireData());
    const uri = 'file:///priority/note.md';
    server.open(uri, 'Notes citing DISARM.\n\nWe saw T0015 here.\n');
    await server.diagnostics(uri, 1); // parsed: the parse worker is up
    const nice = niceValues(server.child.pid!);
    assert.equal(nice.get(server.child.pid!), 0, 'the main thread keeps its priority');
    assert.ok([...nice.values()].includes(BACKGROUND_NICE), `no thread at nice ${BACKGROUND_NICE}: ${JSON.stringify([...nice])}`);
    assert.ok([...nice.values()].filter((n) => n === 0).length > 1, 'the other threads (the stdin reader among them) keep theirs');
  } finally {
    await server.dispose();
  }
});
