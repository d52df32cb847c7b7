import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, TextEdit } from 'vscode-languageserver-types';
import { loadSource } from '../../server/src/node/dataSource';
import { computeCodeActions } from '../../server/src/service/fixes/codeActions';
import { computeDiagnostics } from '../../server/src/service/features/diagnostics';
import { parseDisarmDocument } from '../../server/src/service/markdown/document';
import { applyTextEdits } from '../../server/src/service/markdown/edits';
import { FrameworkIndex } from '../../server/src/service/framework/framework';
import { frameworksDir } from '../realData';

/**
 * The quick fixes on real incident text (read from the checkout at test time; nothing stored):
 * the preferred fix of each kind of slip the corpus holds, as the text after applying it.
 */
describe('quick fixes on the real DISARM incidents', () => {
  let index: FrameworkIndex;
  let incidents: string;
  before(async () => {
    const root = frameworksDir();
    incidents = path.join(root, 'generated_pages', 'incidents');
    index = await loadSource({ kind: 'checkout', path: root, origin: 'DISARM_FRAMEWORKS_DIR' }, () => {});
  });

  /** The preferred fix for the first finding of `code` on `token`: its title and the changed clause. */
  function preferredFix(file: string, code: string, token: string): { title: string; after: string } {
    const text = readFileSync(path.join(incidents, file), 'utf8');
    const document = TextDocument.create(`file://${path.join(incidents, file)}`, 'markdown', 1, text);
    const model = parseDisarmDocument(text);
    const diagnostic = computeDiagnostics(document, model, index).find((d) => d.code === code && (d.data as { id: string }).id === token)!;
    assert.ok(diagnostic, `${file}: no ${code} on ${token}`);
    const actions = computeCodeActions(document, model, index, diagnostic.range, [diagnostic]);
    const preferred = actions.filter((a: CodeAction) => a.isPreferred);
    assert.equal(preferred.length, 1, actions.map((a) => a.title).join('\n'));
    const after = applyTextEdits(text, preferred[0].edit!.changes![document.uri] as TextEdit[]);
    const start = document.offsetAt(diagnostic.range.start);
    return { title: preferred[0].title, after: after.slice(start - 12, start + 60) };
  }

  it('T00145.006: Attractive Person Account Imagery → T0145.006', () => {
    const fix = preferredFix('I00113.md', 'malformed-id', 'T00145.006');
    assert.match(fix.title, /^Change to T0145\.006 /);
    assert.match(fix.after, /T0145\.006: Attractive Person Account Imagery/);
  });

  it('T0097.106: Researcher Persona → the ID whose name that is', () => {
    const fix = preferredFix('I00091.md', 'name-mismatch', 'T0097.106');
    assert.match(fix.title, /^Change to T0097\.107 .*\(the name written\)$/);
    assert.match(fix.after, /T0097\.107: Researcher Persona/);
  });

  it('T0097:109 Romantic Suitor Persona → T0097.109', () => {
    const fix = preferredFix('I00064.md', 'name-mismatch', 'T0097');
    assert.match(fix.after, /\(T0097\.109: Romantic Suitor Persona,/);
  });

  it('an unknown ID with a name → the technique of that name; a misspelt name → the official one', () => {
    assert.match(preferredFix('I00077.md', 'unknown-id', 'T0097.003').after, /T0097\.102: Journalist Persona/);
    assert.match(preferredFix('I00110.md', 'name-spelling', 'T0121.001').after, /T0121\.001: Bypass Content Blocking,/);
  });

  it('not-in-table adds a row in the table\'s own link style', () => {
    const text = readFileSync(path.join(incidents, 'I00113.md'), 'utf8');
    const document = TextDocument.create('file:///incidents/I00113.md', 'markdown', 1, text);
    const model = parseDisarmDocument(text);
    const diagnostic = computeDiagnostics(document, model, index).find((d) => d.code === 'not-in-table')!;
    const [add] = computeCodeActions(document, model, index, diagnostic.range, [diagnostic]);
    const [edit] = add.edit!.changes![document.uri] as TextEdit[];
    assert.equal(edit.newText, `\n| [T0151.007 ${index.objects.get('T0151.007')!.name}](../../generated_pages/techniques/T0151.007.md) |  |`);
    const after = applyTextEdits(text, [edit]);
    const left = computeDiagnostics(document, parseDisarmDocument(after), index).filter((d) => d.code === 'not-in-table');
    assert.deepEqual(left, [], 'one row answers every citation');
  });

});
