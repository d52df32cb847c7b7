// Whole-document and whole-data work in steps: it pauses (so the server can slice it), gives what
// it gives at once, and a reading several callers drive is done once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { computeDocumentSymbols, documentSymbolSteps } from '../../../server/src/service/features/documentSymbols';
import { nameBook, nameBookSteps } from '../../../server/src/service/features/names';
import { WorkspaceIndex } from '../../../server/src/service/features/workspaceIndex';
import { createFrameworkSet, withHistory, withHistorySteps } from '../../../server/src/service/framework/releases';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { documentIndex } from '../../../server/src/service/markdown/documentIndex';
import { scanLines, scanLineSteps } from '../../../server/src/service/markdown/pageLayout';
import { Steps } from '../../../server/src/service/markdown/steps';
import { techniqueTables, techniqueTableSteps } from '../../../server/src/service/markdown/tables';
import { fixtureIndex } from '../../fixtures/framework';
import { historyReleases } from '../../fixtures/history';

/** Runs the steps to the end, counting the pauses. */
function drive<T>(steps: Steps<T>): { value: T; pauses: number } {
  for (let pauses = 0; ; pauses++) {
    const next = steps.next();
    if (next.done) return { value: next.value, pauses };
  }
}

/** An incident page of `rows` generated lines and technique rows, `notes` lines of notes, a fenced block among them. */
function incident(rows: number, notes: number): string {
  const lines = ['# Incident I00001: A test', ''];
  for (let i = 0; i < rows; i++) lines.push(`A generated line ${i}.`);
  lines.push('', '| Technique | Description given for this incident |', '| --------- | ------------------------- |');
  for (let i = 0; i < rows; i++) lines.push(`| T0001 Row ${i} | cited T0002 |`);
  lines.push('', 'DO NOT EDIT ABOVE THIS LINE - PLEASE ADD NOTES BELOW', '', '```', '| Technique | in code |', '| - | - |', '```');
  for (let i = 0; i < notes; i++) lines.push(`Note ${i} on T0003.`);
  return lines.join('\n');
}

describe('work in steps', () => {
  const text = incident(3000, 5000);

  it('reads lines, techniques tables and the outline in pauses, as it reads them at once', () => {
    const lines = drive(scanLineSteps(text));
    assert.ok(lines.pauses >= 20, `${lines.pauses} pauses over ${lines.value.length} lines`);
    assert.deepEqual(lines.value, scanLines(text));
    const tables = drive(techniqueTableSteps(text, () => scanLineSteps(text)));
    assert.ok(tables.pauses > lines.pauses, 'the tables pause beyond the lines');
    assert.deepEqual(tables.value, techniqueTables(text));
    assert.equal(tables.value.length, 1, 'the table in code is no table');
    const document = TextDocument.create('file:///i.md', 'markdown', 1, text);
    const symbols = drive(documentSymbolSteps(document, () => scanLineSteps(text)));
    assert.ok(symbols.pauses > lines.pauses, 'the outline pauses beyond the lines');
    assert.deepEqual(symbols.value, computeDocumentSymbols(document));
  });

  it('reads the lines of a document once for every computation that asks meanwhile', () => {
    const model = parseDisarmDocument(text);
    const index = documentIndex(model);
    const a = index.lineSteps();
    const b = index.techniqueTableSteps();
    // Taking turns, as the server's slices do: each step of either advances the one reading.
    let aDone: ReturnType<typeof a.next> | undefined;
    let bDone: ReturnType<typeof b.next> | undefined;
    let steps = 0;
    while (!aDone?.done || !bDone?.done) {
      if (!aDone?.done) aDone = a.next();
      if (!bDone?.done) bDone = b.next();
      steps++;
    }
    const alone = drive(scanLineSteps(text)).pauses;
    assert.ok(steps < alone * 1.5, `${steps} turns for two readers; one reading alone pauses ${alone} times`);
    assert.equal(aDone.value, index.lines(), 'the same lines, read once');
    assert.equal(drive(index.lineSteps()).pauses, 0, 'read already: no pause');
  });

  it('builds the names of every release in pauses, once per set of releases', () => {
    const history = historyReleases();
    const copies = Array.from({ length: 400 }, (_, i) => ({ ...history[i % history.length], label: `copy ${i}` }));
    const set = createFrameworkSet(copies, copies[0]);
    const book = drive(nameBookSteps(set.index, set));
    assert.ok(book.pauses > 0, 'the book pauses');
    assert.equal(nameBook(set.index, set), book.value, 'the same book, built once');
    assert.equal(drive(nameBookSteps(set.index, set)).pauses, 0);
    const alone = fixtureIndex();
    assert.equal(drive(nameBookSteps(alone)).value, nameBook(alone), 'one index alone: its own book, kept too');
  });

  it('puts the history beside the loaded releases one release per step', () => {
    const history = historyReleases();
    const loaded = history.slice(-2).map((r) => ({ ...r, builtin: undefined, label: `loaded ${r.label}` }));
    const steps = drive(withHistorySteps(loaded, history));
    assert.equal(steps.pauses, loaded.length);
    assert.deepEqual(steps.value.map((r) => r.label), withHistory(loaded, history).map((r) => r.label));
  });

  it('packs a document into the workspace index in pauses, as at once', () => {
    const note = Array.from({ length: 3000 }, (_, i) => `Line ${i} cites T0001 and T0002.`).join('\n');
    const model = parseDisarmDocument(note);
    const stepped = new WorkspaceIndex();
    assert.ok(drive(stepped.updateSteps('file:///n.md', model)).pauses > 10, 'the packing pauses');
    const atOnce = new WorkspaceIndex();
    atOnce.update('file:///n.md', model);
    assert.equal(stepped.referenceCount, 6000);
    assert.deepEqual(stepped.references('T0002'), atOnce.references('T0002'));
  });
});
