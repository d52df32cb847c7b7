// Work bounded by the request, not the document: each test counts the work done (references read,
// edits compared, directives consulted), so that it fails if its protection is removed, on any machine.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { computeDiagnostics } from '../../../server/src/service/features/diagnostics';
import { computeDocumentLinks, MAX_DOCUMENT_LINKS } from '../../../server/src/service/features/documentLinks';
import { computeInlayHints } from '../../../server/src/service/features/inlayHints';
import { computeCodeActions, fixAllEdits } from '../../../server/src/service/fixes/codeActions';
import { createPageLinker } from '../../../server/src/service/framework/links';
import { DisarmDocument, parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { addIfDisjoint, OffsetEdit } from '../../../server/src/service/markdown/edits';
import { Directive, suppressions } from '../../../server/src/service/markdown/suppression';
import { fixtureIndex, fixtureIndexForFixes } from '../../fixtures/framework';

/** An array whose element reads are counted in `reads.count`. */
function counted<T>(items: readonly T[], reads: { count: number }): T[] {
  return new Proxy(items as T[], {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads.count++;
      return Reflect.get(target, key, receiver);
    },
  });
}

/** The model of `text` with its references read through a counter. */
function countedModel(text: string, reads: { count: number }): DisarmDocument {
  const model = parseDisarmDocument(text);
  return { ...model, references: counted(model.references, reads) };
}

const uri = 'file:///work/notes/large.md';

/** A large note: `sections` paragraphs, each with a misspelt name and a malformed ID. */
function largeNote(sections: number): string {
  const parts: string[] = [];
  for (let i = 0; i < sections; i++) parts.push(`Section ${i}: they used T0001: Pick Audiencs and T00145.006 and T0002 again.\n\n`);
  return parts.join('');
}

describe('bounded work: code actions on a large note', () => {
  it('finds each finding through an index built once per version, not a scan per request', () => {
    const text = largeNote(3000);
    const reads = { count: 0 };
    const model = countedModel(text, reads);
    const document = TextDocument.create(uri, 'markdown', 1, text);
    const index = fixtureIndexForFixes();
    const diagnostics = computeDiagnostics(document, model, index);
    const references = model.references.length;
    reads.count = 0;
    // A light bulb for 300 findings spread over the note: each would scan the references without the index.
    for (let i = 0; i < diagnostics.length; i += Math.floor(diagnostics.length / 300)) {
      const actions = computeCodeActions(document, model, index, diagnostics[i].range, [diagnostics[i]]);
      assert.ok(actions.length > 0);
    }
    assert.ok(reads.count < 3 * references, `${reads.count} reference reads for 300 requests on ${references} references`);
  });

  it('fix-all reads each reference a bounded number of times: linear, not quadratic', () => {
    const cost = (sections: number) => {
      const text = largeNote(sections);
      const reads = { count: 0 };
      const model = countedModel(text, reads);
      const result = fixAllEdits(TextDocument.create(uri, 'markdown', 1, text), model, fixtureIndexForFixes());
      assert.equal(result.fixed, 2 * sections, 'every misspelt name and malformed ID fixed');
      return reads.count / model.references.length;
    };
    const small = cost(500);
    const large = cost(4000);
    assert.ok(large < small * 1.5 + 2, `reads per reference grew from ${small.toFixed(1)} to ${large.toFixed(1)}`);
  });

  it('takes n disjoint edits comparing each with its neighbours only', () => {
    const reads = { count: 0 };
    const accepted = counted<OffsetEdit>([], reads);
    const n = 5000;
    for (let i = 0; i < n; i++) assert.ok(addIfDisjoint(accepted, [{ start: 10 * i, end: 10 * i + 5, newText: 'x' }]));
    assert.equal(accepted.length, n);
    assert.ok(addIfDisjoint(accepted, [{ start: 12, end: 14, newText: 'y' }]) === false, 'an overlap is still refused');
    assert.ok(reads.count < 40 * n, `${reads.count} reads of the accepted edits for ${n} edits`);
  });
});

describe('bounded work: a million tokens', () => {
  const ids = 1_000_000;
  const text = `${'T0001 T0002 T0003 T0005 T0145 '.repeat(ids / 5)}\n`;
  const model = parseDisarmDocument(text);
  const document = TextDocument.create(uri, 'markdown', 1, text);

  it('inlay hints read the requested range, not the document before it', () => {
    const reads = { count: 0 };
    const probe = { ...model, references: counted(model.references, reads) };
    const from = document.positionAt(text.length - 60);
    const hints = computeInlayHints(document, probe, { start: from, end: document.positionAt(text.length) }, fixtureIndex());
    assert.ok(hints.length >= 5);
    assert.ok(reads.count < 200, `${reads.count} reference reads for a range of about 10 IDs`);
  });

  it('document links stop at the cap', () => {
    const reads = { count: 0 };
    const probe = { ...model, references: counted(model.references, reads) };
    const links = computeDocumentLinks(document, probe, fixtureIndex(), createPageLinker(undefined));
    assert.equal(links.length, MAX_DOCUMENT_LINKS);
    assert.ok(reads.count < 2 * MAX_DOCUMENT_LINKS, `${reads.count} reference reads for ${MAX_DOCUMENT_LINKS} links`);
  });

  it('diagnostics: at most the cap, and one note on the first line says how many more there are', () => {
    const malformed = `${'T00145 '.repeat(200_000)}\n`;
    const doc = TextDocument.create(uri, 'markdown', 1, malformed);
    const parsed = parseDisarmDocument(malformed);
    const capped = computeDiagnostics(doc, parsed, fixtureIndex(), { maxPerDocument: 1000 });
    assert.equal(capped.length, 1001);
    assert.equal(capped[0].code, 'too-many-findings');
    assert.equal(capped[0].range.start.line, 0);
    assert.match(String(capped[0].message), /199,000 more DISARM findings/);
    assert.ok(capped.slice(1).every((d) => d.code === 'malformed-id'));
    // Without a cap (the CLI) every finding is reported.
    assert.equal(computeDiagnostics(doc, parsed, fixtureIndex()).length, 200_000);
    // The note is a finding's code like any other: it can be disabled.
    assert.equal(computeDiagnostics(doc, parsed, fixtureIndex(), { maxPerDocument: 10, disabled: new Set(['too-many-findings']) }).length, 10);
  });
});

describe('bounded work: directives x findings', () => {
  it('checks each finding against the comments by binary search, not against every comment', () => {
    const count = 20_000;
    const directives: Directive[] = [];
    for (let i = 0; i < count; i++) directives.push({ kind: 'disable-next-line', codes: new Set(['unknown-id']), line: 3 * i });
    for (let i = 0; i < 50; i++) directives.push({ kind: i % 2 ? 'enable' : 'disable', codes: i % 3 ? new Set(['name-mismatch']) : undefined, line: 3 * count + 2 * i });
    const reads = { count: 0 };
    const silenced = suppressions(counted(directives, reads));
    let suppressed = 0;
    for (let i = 0; i < count; i++) if (silenced.isSuppressed(i % 2 ? 'unknown-id' : 'malformed-id', 3 * i + 1)) suppressed++;
    assert.equal(suppressed, count / 2);
    assert.ok(reads.count < 3 * directives.length, `${reads.count} directive reads for ${count} findings`);
  });

  it('answers as the comments say, in a document of both kinds', () => {
    const text = [
      '<!-- disarm-disable-next-line unknown-id -->',
      'T0009 T0001: Wrong Name',
      '<!-- disarm-disable name-mismatch -->',
      'T0001: Wrong Name and T0009',
      '<!-- disarm-enable -->',
      'T0001: Wrong Name',
    ].join('\n');
    const document = TextDocument.create(uri, 'markdown', 1, text);
    const found = computeDiagnostics(document, parseDisarmDocument(text), fixtureIndex()).map((d) => `${d.range.start.line}:${d.code}`);
    assert.deepEqual(found, ['1:name-mismatch', '3:unknown-id', '5:name-mismatch']);
  });
});
