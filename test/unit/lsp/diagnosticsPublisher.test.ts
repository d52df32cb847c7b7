// DiagnosticsPublisher: a publish that a newer change has overtaken is dropped, whatever the version number says.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticsPublisher } from '../../../server/src/lsp/diagnosticsPublisher';

const URI = 'file:///notes/a.md';

/** A finding that names the text it was computed from. */
function finding(text: string): Diagnostic {
  return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: text };
}

/** A publisher whose computations wait until the test lets them finish, one at a time, in order. */
function harness() {
  let document = TextDocument.create(URI, 'markdown', 1, 'first');
  const waiting: Array<() => void> = [];
  const published: Array<{ version: number; messages: string[] }> = [];
  const overtakenSeen: boolean[] = [];
  const publisher = new DiagnosticsPublisher(
    (uri) => (uri === URI ? document : undefined),
    async (doc, isOvertaken) => {
      const text = doc.getText();
      await new Promise<void>((resolve) => waiting.push(resolve));
      overtakenSeen.push(isOvertaken());
      return [finding(text)];
    },
    (_uri, version, diagnostics) => published.push({ version, messages: diagnostics.map((d) => String(d.message)) }),
  );
  return {
    publisher,
    published,
    overtakenSeen,
    change(text: string, version: number) {
      document = TextDocument.create(URI, 'markdown', version, text);
      publisher.schedule(URI, 0);
    },
    /** Lets the oldest computation still waiting finish, and its publish (or not) happen. */
    async finishOldest() {
      while (!waiting.length) await new Promise((resolve) => setTimeout(resolve, 1));
      waiting.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('DiagnosticsPublisher', () => {
  it('drops the findings of a text that a newer change overtook while they were computed', async () => {
    const h = harness();
    h.publisher.schedule(URI, 0);
    // The first computation is under way when the change comes; the second starts after it.
    await new Promise((resolve) => setTimeout(resolve, 5));
    h.change('second', 2);
    await h.finishOldest();
    await h.finishOldest();
    assert.deepEqual(h.overtakenSeen, [true, false], 'the first computation was told it was overtaken');
    assert.deepEqual(h.published, [{ version: 2, messages: ['second'] }]);
  });

  it('drops them also when the change keeps the version number', async () => {
    const h = harness();
    h.publisher.schedule(URI, 0);
    await new Promise((resolve) => setTimeout(resolve, 5));
    h.change('same version, new text', 1);
    await h.finishOldest();
    await h.finishOldest();
    assert.deepEqual(h.published, [{ version: 1, messages: ['same version, new text'] }]);
  });

  it('publishes a computation that nothing overtook', async () => {
    const h = harness();
    h.publisher.schedule(URI, 0);
    await h.finishOldest();
    assert.deepEqual(h.published, [{ version: 1, messages: ['first'] }]);
  });
});
