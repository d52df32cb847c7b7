import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { frameworksDir } from '../realData';
import { requireData, Session } from '../protocol/session';
import { checkProperty, fragment, FUZZ, markdown, realLines } from './arbitraries';

/** Diagnostics as comparable strings. */
const summary = (diagnostics: any[]): string[] =>
  diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`).sort();

describe('the server on incremental edits', { timeout: 600_000 }, () => {
  let server: Session;
  let lines: string[];
  let case_ = 0;

  before(async () => {
    lines = realLines(frameworksDir());
    server = new Session();
    await server.start(requireData());
  });
  after(() => server?.dispose());

  it('publishes the same diagnostics as for the final text sent whole', async () => {
    const edit = fc.record({ from: fc.nat(), length: fc.nat({ max: 40 }), text: fragment(lines) });
    await checkProperty(
      fc.asyncProperty(markdown(lines), fc.array(edit, { minLength: 1, maxLength: 12 }), async (base, edits) => {
        const n = ++case_;
        const uri = `file:///fuzz/edited-${n}.md`;
        let document = TextDocument.create(uri, 'markdown', 1, base);
        server.open(uri, base);
        for (const e of edits) {
          const text = document.getText();
          const start = document.positionAt(text.length ? e.from % (text.length + 1) : 0);
          const end = document.positionAt(document.offsetAt(start) + e.length);
          const change = { range: { start, end }, text: e.text };
          document = TextDocument.update(document, [change], document.version + 1);
          void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: document.version }, contentChanges: [change] });
        }
        const edited = await server.diagnostics(uri, document.version);
        const wholeUri = `file:///fuzz/whole-${n}.md`;
        server.open(wholeUri, document.getText());
        const whole = await server.diagnostics(wholeUri, 1);
        assert.deepEqual(summary(edited), summary(whole));
        for (const closing of [uri, wholeUri]) void server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: closing } });
      }),
      Math.max(10, Math.round(FUZZ.runs / 50)),
    );
  });
});
