import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDisarmDocument, referenceAt } from '../../../server/src/service/markdown/document';
import { joinLines } from '../../fixtures/markdown';

const tokens = (text: string) => parseDisarmDocument(text).references.map((r) => r.token);

describe('parseDisarmDocument', () => {
  it('finds inline references with their written names', () => {
    const text = 'Actors posted (T0151.012: Image Board Platform, T0115: Post Content).';
    const refs = parseDisarmDocument(text).references;
    assert.deepEqual(
      refs.map((r) => [r.token, r.form, r.name?.text]),
      [
        ['T0151.012', 'inline', 'Image Board Platform'],
        ['T0115', 'inline', 'Post Content'],
      ],
    );
    assert.equal(text.slice(refs[0].name!.start, refs[0].name!.end), 'Image Board Platform');
  });

  it('finds a task cited alone (TK holds no other candidate letter and digit)', () => {
    assert.deepEqual(tokens('See TK0019.'), ['TK0019']);
    assert.deepEqual(tokens('TK0019\n\n[TK0019](x.md) and T0115: Post Content'), ['TK0019', 'TK0019', 'T0115']);
  });

  it('reads quotes nested thousands deep without overflowing the stack', () => {
    assert.deepEqual(tokens(`${'>'.repeat(8000)} T0999 \`code\``), ['T0999']);
  });

  it('keeps parentheses that belong to a name', () => {
    const [ref] = parseDisarmDocument('(T0086.002: Develop AI-Generated Images (Deepfakes), T0001: X)').references;
    assert.equal(ref.name?.text, 'Develop AI-Generated Images (Deepfakes)');
  });

  it('reads link texts and destinations', () => {
    const text = '| [T0146.007 Automated Account Asset](../../generated_pages/techniques/T0146.007.md) | text |';
    const [ref] = parseDisarmDocument(text).references;
    assert.equal(ref.form, 'link');
    assert.equal(ref.name?.text, 'Automated Account Asset');
    assert.equal(ref.destination?.url, '../../generated_pages/techniques/T0146.007.md');
    assert.equal(text.slice(ref.destination!.start, ref.destination!.end), ref.destination!.url);
  });

  it('ignores code, HTML, URLs, link destinations and autolinks', () => {
    const text = joinLines(
      'Inline `T0001` code and <span title="T0002">html</span>.',
      '',
      '```',
      'T0003 in a fence',
      '```',
      '',
      '    T0004 indented code',
      '',
      'See https://example.com/T0005 and <https://example.com/T0006> and [a link](T0007.md).',
      'Only T0008 counts.',
    );
    assert.deepEqual(tokens(text), ['T0008']);
  });

  it('treats three-digit IDs as IDs only where they are used as one', () => {
    assert.deepEqual(tokens('The T800 robot.'), []);
    assert.deepEqual(tokens('Used T115: Post Content.'), ['T115']);
    assert.deepEqual(tokens('[T115 Post Content](x.md)'), ['T115']);
  });

  it('skips MITRE ATT&CK IDs and IDs inside words or paths', () => {
    assert.deepEqual(tokens('ATT&CK T1059.001 and AT0001 and techniques/T0002 and x.T0003'), []);
  });

  it('survives garbage, CRLF and unbalanced brackets', () => {
    assert.deepEqual(tokens('[[[(T0001: A\r\n\u0000\uD800 ](( T0002'), ['T0001', 'T0002']);
    assert.deepEqual(tokens(''), []);
  });

  it('finds the reference at an offset', () => {
    const model = parseDisarmDocument('a T0001 b T0002');
    assert.equal(referenceAt(model, 3)?.token, 'T0001');
    assert.equal(referenceAt(model, 7)?.token, 'T0001');
    assert.equal(referenceAt(model, 9), undefined);
    assert.equal(referenceAt(model, 12)?.token, 'T0002');
  });
});

describe('parseDisarmDocument on a byte-order mark', () => {
  it('keeps the offsets of everything after it', () => {
    const text = '\uFEFF# Incident I00001: T\nT0001 and `T0002`';
    assert.deepEqual(
      parseDisarmDocument(text).references.map((r) => [r.token, r.start]),
      [
        ['I00001', text.indexOf('I00001')],
        ['T0001', text.indexOf('T0001')],
      ],
    );
  });
});
