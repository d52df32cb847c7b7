import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { computeCodeActions, CodeActionOptions, FIX_ALL_KIND, fixAllEdits, fixAllOffsets } from '../../../server/src/service/fixes/codeActions';
import { computeDiagnostics } from '../../../server/src/service/features/diagnostics';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { applyOffsetEdits, applyTextEdits } from '../../../server/src/service/markdown/edits';
import { fixtureIndexForFixes } from '../../fixtures/framework';
import { documentWithCursor, joinLines } from '../../fixtures/markdown';

const index = fixtureIndexForFixes();
const URI = 'file:///work/notes/incident.md';

function setUp(text: string) {
  const { document } = documentWithCursor(text, URI);
  const model = parseDisarmDocument(text);
  return { document, model, diagnostics: computeDiagnostics(document, model, index) };
}

/** Every action for the whole document, each as `*title => text after applying it` (`*`: preferred). */
function actions(text: string, options?: CodeActionOptions, pick?: (d: Diagnostic) => boolean): string[] {
  const { document, model, diagnostics } = setUp(text);
  const range = { start: { line: 0, character: 0 }, end: document.positionAt(text.length) };
  return computeCodeActions(document, model, index, range, diagnostics.filter(pick ?? (() => true)), options).map((a) => describe_(text, a));
}

function describe_(text: string, action: CodeAction): string {
  const edits = action.edit?.changes?.[URI] as TextEdit[];
  return `${action.isPreferred ? '*' : ''}${action.title} => ${applyTextEdits(text, edits)}`;
}

const code = (c: string) => (d: Diagnostic) => d.code === c;

describe('computeCodeActions: name-mismatch', () => {
  it('offers the official name, preferred for a misspelt name', () => {
    assert.deepEqual(actions('Uses (T0001: Pick Audiences).', undefined, code('name-spelling')), [
      '*Change the name to "Pick Audience" => Uses (T0001: Pick Audience).',
      'Suppress name-spelling on this line => <!-- disarm-disable-next-line name-spelling -->\nUses (T0001: Pick Audiences).',
    ]);
  });

  it('prefers the ID whose name was written', () => {
    const [first, second] = actions('(T0005.102: Researcher Mask, T0001: Pick Audience)', undefined, code('name-mismatch'));
    assert.equal(first, '*Change to T0005.103 Researcher Mask (the name written) => (T0005.103: Researcher Mask, T0001: Pick Audience)');
    assert.equal(second, 'Change the name to "Recruiter Mask" => (T0005.102: Recruiter Mask, T0001: Pick Audience)');
  });

  it('prefers the ID whose name leads a clause that runs on, and changes only the ID', () => {
    const [first] = actions('This fits T0005.102: Researcher Mask because they studied.', undefined, code('name-mismatch'));
    assert.equal(first, '*Change to T0005.103 Researcher Mask (the name written) => This fits T0005.103: Researcher Mask because they studied.');
  });

  it('changes the link with the ID, and the name when it was only near', () => {
    const [first] = actions('| [T0005.102 Researcher Masks](../techniques/T0005.102.md) | x |', undefined, code('name-mismatch'));
    assert.equal(first, '*Change to T0005.103 Researcher Mask (the name written) => | [T0005.103 Researcher Mask](../techniques/T0005.103.md) | x |');
  });

  it('repairs sub-technique digits written after the colon', () => {
    const [first] = actions('(T0005:109 Suitor Mask, T0001: Pick Audience)', undefined, code('name-mismatch'));
    assert.equal(first, '*Change to T0005.109 Suitor Mask (digits after the colon) => (T0005.109: Suitor Mask, T0001: Pick Audience)');
  });

  it('renames only the name in a clause that runs on', () => {
    const [first] = actions('They used T0001: Pick Audiences to reach people.', undefined, code('name-spelling'));
    assert.equal(first, '*Change the name to "Pick Audience" => They used T0001: Pick Audience to reach people.');
  });

  it('renames a list item that is all name, but never prefers rewriting prose', () => {
    assert.equal(actions('(T0005.101: Man From The Newspaper, T0001: Pick Audience)', undefined, code('name-mismatch'))[0], '*Change the name to "Reporter Mask" => (T0005.101: Reporter Mask, T0001: Pick Audience)');
    assert.equal(actions('See T0001: this is how they chose whom to reach', undefined, code('name-mismatch'))[0].startsWith('Change the name'), true);
  });
});

describe('computeCodeActions: unknown-id and malformed-id', () => {
  it('offers the repaired ID first, preferred', () => {
    const list = actions('Uses T00145.006: Smiling Face Pictures.', undefined, code('malformed-id'));
    assert.equal(list[0], '*Change to T0145.006 Smiling Face Pictures => Uses T0145.006: Smiling Face Pictures.');
    assert.ok(list.slice(1, -1).every((a) => !a.startsWith('*')), list.join('\n'));
  });

  it('offers the ID of the written name, preferred', () => {
    const [first] = actions('Uses T0005.003: Reporter Mask.', undefined, code('unknown-id'));
    assert.equal(first, '*Change to T0005.101 Reporter Mask => Uses T0005.101: Reporter Mask.');
  });

  it('offers near IDs without preferring one when nothing backs them', () => {
    const list = actions('Uses T0005.003 somehow.', undefined, code('unknown-id'));
    assert.ok(list[0].startsWith('Change to T0005.103 Researcher Mask'));
    assert.ok(list.every((a) => !a.startsWith('*')));
  });

  it('points a link at the new ID\'s page too', () => {
    const [first] = actions('[T00145.006 Smiling Face Pictures](../../generated_pages/techniques/T00145.006.md)', undefined, code('malformed-id'));
    assert.equal(first, '*Change to T0145.006 Smiling Face Pictures => [T0145.006 Smiling Face Pictures](../../generated_pages/techniques/T0145.006.md)');
  });
});

describe('computeCodeActions: link-mismatch', () => {
  it('replaces the file name and keeps the path style', () => {
    const [first] = actions('[T0001 Pick Audience](../../generated_pages/techniques/T0002.md#top)', undefined, code('link-mismatch'));
    assert.equal(first, '*Link to the page of T0001 (../../generated_pages/techniques/T0001.md#top) => [T0001 Pick Audience](../../generated_pages/techniques/T0001.md#top)');
  });

  it('changes the folder when the link leads to another kind\'s folder', () => {
    const [first] = actions('[TA01 Plan Things](https://example.org/pages/techniques/T0001.md)', undefined, code('link-mismatch'));
    assert.ok(first.endsWith('=> [TA01 Plan Things](https://example.org/pages/tactics/TA01.md)'), first);
  });

  it('is not preferred when the link text names the linked page', () => {
    const [first] = actions('[T0001 Write Posts](T0002.md)', undefined, code('link-mismatch'));
    assert.equal(first, 'Link to the page of T0001 (T0001.md) => [T0001 Write Posts](T0001.md)');
  });
});

const TABLE = ['| Technique | Description given for this incident |', '| --------- | ------------------------- |'];

describe('computeCodeActions: not-in-table', () => {
  it('adds a row in the table\'s link style, with an empty description', () => {
    const text = joinLines(...TABLE, '| [T0001 Pick Audience](../../generated_pages/techniques/T0001.md) | Also T0002: Write Posts. |', '', 'Notes.');
    assert.deepEqual(actions(text, undefined, code('not-in-table')), [
      `Add a row for T0002 Write Posts to the techniques table => ${joinLines(
        ...TABLE,
        '| [T0001 Pick Audience](../../generated_pages/techniques/T0001.md) | Also T0002: Write Posts. |',
        '| [T0002 Write Posts](../../generated_pages/techniques/T0002.md) |  |',
        '',
        'Notes.',
      )}`,
      `Suppress not-in-table in this table => ${joinLines(
        '<!-- disarm-disable not-in-table -->',
        ...TABLE,
        '| [T0001 Pick Audience](../../generated_pages/techniques/T0001.md) | Also T0002: Write Posts. |',
        '<!-- disarm-enable not-in-table -->',
        '',
        'Notes.',
      )}`,
    ]);
  });

  it('copies bare cells, escapes pipes and keeps CRLF line ends', () => {
    const text = ['| Technique | Description | Source |', '| --- | --- | --- |', '| T0001 Pick Audience | T0002.002: Write "Long" Posts | x |'].join('\r\n');
    const [first] = actions(text, undefined, code('not-in-table'));
    assert.ok(first.endsWith('| x |\r\n| T0002.002 Write "Long" Posts |  |  |'), JSON.stringify(first));
  });
});

describe('computeCodeActions: suppression', () => {
  it('inserts the comment above, with the line\'s indentation and quote markers', () => {
    const suppress = (text: string) => actions(text).filter((a) => a.startsWith('Suppress'));
    assert.deepEqual(suppress('- item\n  T0099 here'), ['Suppress unknown-id on this line => - item\n  <!-- disarm-disable-next-line unknown-id -->\n  T0099 here']);
    assert.deepEqual(suppress('> T0099 here'), ['Suppress unknown-id on this line => > <!-- disarm-disable-next-line unknown-id -->\n> T0099 here']);
  });

  it('offers none for a document whose parse was given up: its comments were never read', () => {
    const text = 'T0099 and T0001: Wrong';
    const { document } = documentWithCursor(text, URI);
    const model = { text, references: [], directives: [], givenUp: true as const };
    const diagnostics = computeDiagnostics(document, model, index);
    assert.deepEqual(diagnostics.map((d) => d.code), ['not-checked']);
    assert.deepEqual(computeCodeActions(document, model, index, diagnostics[0].range, diagnostics), []);
  });

  it('adds the code to a comment already above', () => {
    const text = '<!-- disarm-disable-next-line name-mismatch -- quoted -->\nT0099 and T0001: Wrong';
    const { document, model } = setUp(text);
    const diagnostics = computeDiagnostics(document, model, index, {});
    assert.deepEqual(diagnostics.map((d) => d.code), ['unknown-id']);
    const list = computeCodeActions(document, model, index, diagnostics[0].range, diagnostics).map((a) => describe_(text, a));
    assert.equal(list.at(-1), 'Suppress unknown-id on this line => <!-- disarm-disable-next-line name-mismatch, unknown-id -- quoted -->\nT0099 and T0001: Wrong');
  });

  it('every suggested suppression silences its finding', () => {
    const text = joinLines(...TABLE, '| [T0001 Pick Audiences](../techniques/T0001.md) | T0002: Write Posts |', '', '  * T0099: Nothing', '> T0001: Wrong');
    const { document, model, diagnostics } = setUp(text);
    assert.equal(diagnostics.length, 4);
    for (const diagnostic of diagnostics) {
      const action = computeCodeActions(document, model, index, diagnostic.range, [diagnostic]).find((a) => a.title.startsWith('Suppress'))!;
      const after = applyTextEdits(text, action.edit!.changes![URI]);
      const left = setUp(after).diagnostics;
      assert.equal(left.length, 3, after);
      assert.ok(!left.some((d) => d.code === diagnostic.code && d.message === diagnostic.message), `${action.title}: ${after}`);
    }
  });
});

describe('computeCodeActions: kinds and fix all', () => {
  const text = joinLines(
    ...TABLE,
    '| [T0001 Pick Audiences](../techniques/T0002.md) | Uses (T00145.006: Smiling Face Pictures, T0005.102: Researcher Mask, T0002: Writ Posts). |',
    'T0099 and (T0005.003 somehow) and T0001: this is how they chose whom to reach',
  );

  it('returns fix all only when asked for by kind', () => {
    assert.equal(actions(text).some((a) => a.includes('Fix all')), false);
    assert.equal(actions(text, { only: ['quickfix'] }).some((a) => a.includes('Fix all')), false);
    for (const only of [['source'], ['source.fixAll'], [FIX_ALL_KIND]]) {
      const list = actions(text, { only });
      assert.equal(list.length, 1, only.join());
      assert.ok(list[0].startsWith('Fix all DISARM findings that have one sure fix (5)'), list[0]);
    }
  });

  it('fix all applies every preferred fix and nothing else', () => {
    const { document, model } = setUp(text);
    const after = applyTextEdits(text, fixAllEdits(document, model, index).edits);
    assert.equal(
      after,
      joinLines(
        ...TABLE,
        '| [T0001 Pick Audience](../techniques/T0001.md) | Uses (T0145.006: Smiling Face Pictures, T0005.103: Researcher Mask, T0002: Write Posts). |',
        'T0099 and (T0005.003 somehow) and T0001: this is how they chose whom to reach',
      ),
    );
  });

  it('fix all as offsets: the same fixes, and where the fixed text may need another look', () => {
    const { document, model } = setUp(text);
    const all = fixAllOffsets(document, model, index);
    assert.equal(applyOffsetEdits(text, all.edits), applyTextEdits(text, fixAllEdits(document, model, index).edits));
    assert.equal(all.diagnostics?.length, computeDiagnostics(document, model, index).length, 'the findings it fixed from, for the report');
    // T00145.006 and T0005.102 got new IDs (their names may then be another's); the link text's name was rewritten (the link fix may then apply).
    const again = all.again.map((offset) => model.references.find((r) => r.start === offset)?.token);
    assert.deepEqual(again, ['T0001', 'T00145.006', 'T0005.102']);
  });

  it('fix all restricted to some references checks and fixes only those', () => {
    const { document, model } = setUp(text);
    const slip = model.references.find((r) => r.token === 'T00145.006')!;
    const only = fixAllOffsets(document, model, index, { onlyAt: new Set([slip.start]) });
    assert.equal(only.fixed, 1);
    assert.deepEqual(only.edits.map((e) => e.newText), ['T0145.006']);
    assert.equal(only.diagnostics, undefined, 'not the whole document\'s findings');
    assert.equal(computeDiagnostics(document, model, index, { onlyAt: new Set([slip.start]) }).length, 1);
  });

  it('fix all skips disabled codes and leaves a document without fixes alone', () => {
    const { document, model } = setUp(text);
    assert.equal(fixAllEdits(document, model, index, { disabled: new Set(['name-mismatch', 'name-spelling', 'link-mismatch', 'malformed-id']) }).fixed, 0);
    const clean = setUp('T0001: Pick Audience');
    assert.deepEqual(fixAllEdits(clean.document, clean.model, index), { edits: [], fixed: 0, settled: true });
  });

  it('gives no fixes for a stale diagnostic or without data', () => {
    const { document, model, diagnostics } = setUp('T0001: Pick Audiences');
    const stale = { ...diagnostics[0], data: { id: 'T0002' } };
    const range = diagnostics[0].range;
    assert.deepEqual(computeCodeActions(document, model, index, range, [stale]).map((a) => a.title), ['Suppress name-spelling on this line']);
    assert.deepEqual(computeCodeActions(document, model, undefined, range, diagnostics, { only: ['source'] }), []);
    const foreign = { ...diagnostics[0], source: 'markdownlint' };
    assert.deepEqual(computeCodeActions(document, model, index, range, [foreign]), []);
  });
});
