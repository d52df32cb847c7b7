import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Range } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadSource } from '../../server/src/node/dataSource';
import { computeCodeActions } from '../../server/src/service/fixes/codeActions';
import { parseDisarmDocument } from '../../server/src/service/markdown/document';
import { FrameworkIndex } from '../../server/src/service/framework/framework';
import { createLanguageService, LanguageService } from '../../server/src/service/languageService';
import { WorkspaceIndex } from '../../server/src/service/features/workspaceIndex';
import { frameworksDir } from '../realData';
import { checkProperty, markdown, MEGABYTE_LINE, realLines } from './arbitraries';

/** A handler's time bound: generous for a loaded CI machine, far below what a hang would take. */
const BOUND_MS = 5000;

function timed<T>(name: string, work: () => T): T {
  const started = performance.now();
  const result = work();
  const took = performance.now() - started;
  assert.ok(took < BOUND_MS, `${name} took ${took.toFixed(0)} ms`);
  return result;
}

function assertInside(document: TextDocument, range: Range, what: string): void {
  for (const p of [range.start, range.end]) {
    assert.ok(p.line >= 0 && p.line < document.lineCount, `${what}: line ${p.line} outside 0..${document.lineCount - 1}`);
    const lineText = document.getText({ start: { line: p.line, character: 0 }, end: { line: p.line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '');
    assert.ok(p.character >= 0 && p.character <= lineText.length, `${what}: character ${p.character} outside line ${p.line} (${lineText.length})`);
  }
}

describe('every handler on generated markdown', () => {
  let index: FrameworkIndex;
  let service: LanguageService;
  let lines: string[];
  before(async () => {
    const root = frameworksDir();
    index = await loadSource({ kind: 'checkout', path: root, origin: 'fuzz' }, () => {});
    service = createLanguageService({ index: () => index, localPagesRoot: () => 'file:///data/generated_pages/', pagesFolder: () => '/data/generated_pages' });
    lines = realLines(root);
  });

  it('answers within a bound, never throws, and keeps every range inside the document', () => {
    checkProperty(fc.property(markdown(lines), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), exercise));
  });

  it('copes with a 1 MB single line', () => {
    exercise(MEGABYTE_LINE, [1, 500_000, 1_000_000]);
  });

  it('copes with a long line of inline citations (the name check once went quadratic on it)', () => {
    exercise(`Actors used ${'T0115: Post Content, '.repeat(20_000)}and more.`, [5, 200_000]);
  });

  /** Runs every handler on `text` at the positions `picks` (offsets, wrapped into the text). */
  function exercise(text: string, picks: number[]): void {
    const document = TextDocument.create('file:///fuzz/incident.md', 'markdown', 1, text);
    const model = timed('parse', () => parseDisarmDocument(text));
    const diagnostics = timed('diagnostics', () => service.diagnostics(document, model));
    for (const d of diagnostics) assertInside(document, d.range, `diagnostic ${d.code}`);
    for (const pick of picks) {
      const position = document.positionAt(text.length ? pick % (text.length + 1) : 0);
      const hover = timed('hover', () => service.hover(document, model, position));
      if (hover?.range) assertInside(document, hover.range, 'hover');
      const list = timed('completion', () => service.completions(document, model, position));
      for (const item of list?.items ?? []) if (item.textEdit && 'range' in item.textEdit) assertInside(document, item.textEdit.range, 'completion');
      timed('definition', () => service.definition(document, model, position));
      const workspace = new WorkspaceIndex();
      workspace.update(document.uri, model);
      for (const l of timed('references', () => service.references(document, model, position, workspace, true))) if (l.uri === document.uri) assertInside(document, l.range, 'reference');
    }
    const whole = { start: { line: 0, character: 0 }, end: document.positionAt(text.length) };
    const actions = timed('code actions', () =>
      computeCodeActions(document, model, index, whole, diagnostics, { only: ['quickfix', 'source.fixAll.disarm'] }),
    );
    for (const action of actions) for (const edit of action.edit?.changes?.[document.uri] ?? []) assertInside(document, edit.range, `code action ${action.title}`);
    for (const s of timed('symbols', () => service.documentSymbols(document))) assertInside(document, s.range, 'symbol');
    for (const l of timed('links', () => service.documentLinks(document, model))) assertInside(document, l.range, 'link');
    for (const h of timed('inlay hints', () => service.inlayHints(document, model, whole))) assertInside(document, { start: h.position, end: h.position }, 'inlay hint');
    for (const c of timed('code lens', () => service.codeLenses(document, model))) assertInside(document, c.range, 'code lens');
  }
});
