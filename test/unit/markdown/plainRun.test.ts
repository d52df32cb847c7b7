import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDisarmDocument, parseMarkdown, runReferences } from '../../../server/src/service/markdown/document';
import { InlineNode, parseHtmlBlockRun, parsePlainRun } from '../../../server/src/service/markdown/plainRun';

/** The tree as `type[start,end]`, children in braces. */
function shape(node: InlineNode): string {
  const own = node.type === 'root' ? '' : `${node.type}[${node.position?.start.offset},${node.position?.end.offset}]`;
  const children = node.children?.map(shape).join(' ');
  return node.type === 'root' ? children ?? '' : children === undefined ? own : `${own}{${children}}`;
}

/** The plain reader's references, checked against micromark's for the same run. */
function references(run: string) {
  const plain = parsePlainRun(run);
  assert.ok(plain, `declined: ${JSON.stringify(run)}`);
  const found = runReferences(plain, run);
  assert.deepEqual(found, runReferences(parseMarkdown(run), run));
  return found;
}

describe('parsePlainRun', () => {
  it('reads a techniques-table row: links, tags and text', () => {
    const row = '| [T0146.007 Automated Account Asset](../../generated_pages/techniques/T0146.007.md) | <i>Quote</i><br><br>T0115: Post Content |\n';
    assert.equal(shape(parsePlainRun(row)!), 'text[0,2] link[2,84]{text[3,36]} text[84,87] html[87,90] text[90,95] html[95,99] html[99,103] html[103,107] text[107,129]');
    assert.deepEqual(
      references(row).map((r) => [r.token, r.form, r.name?.text]),
      [
        ['T0146.007', 'link', 'Automated Account Asset'],
        ['T0115', 'inline', 'Post Content'],
      ],
    );
  });

  it('resolves brackets as CommonMark does: the nearest opener, and no link inside a link', () => {
    assert.equal(shape(parsePlainRun('x [a [b](c) d] e')!), 'text[0,5] link[5,11]{text[6,7]} text[11,16]');
    assert.equal(shape(parsePlainRun('[[a](b)](c)')!), 'text[0,1] link[1,7]{text[2,3]} text[7,11]');
    assert.equal(shape(parsePlainRun('[T0001 a [b] c](d)')!), 'link[0,18]{text[1,14]}');
    assert.equal(shape(parsePlainRun('[...] [2019] T0115: Post [x] content ] [')!), 'text[0,40]');
    assert.equal(shape(parsePlainRun('[](u) [ ](u)')!), 'link[0,5]{} text[5,6] link[6,12]{text[7,8]}');
    references('Edited [...] quote: [T0115 Post Content](T0115.md) [and] T0146: Account Asset, [T0001](x).');
  });

  it('keeps tags inside a link text inside the link', () => {
    assert.equal(shape(parsePlainRun('[T0115 <b>Post</b> Content](x.md) y')!), 'link[0,33]{text[1,7] html[7,10] text[10,14] html[14,18] text[18,26]} text[33,35]');
    references('[T0115 <b>Post</b> Content](x.md) y');
  });

  it('reads headings, lists, quotes and several blocks', () => {
    references('# Incident I00104: Macron Campaign Hack\n\n* T0115: Post Content\n> T0146: Account Asset, see [T0001](a.md)\n\n1. T0152.005: Paste Platform\n---\n');
  });

  it('reads white space at line ends and Windows line ends', () => {
    for (const run of ['T0001: Name  \nhard break', 'T0001: Name \n', '# T0001: Name  \n', 'T0001: Name\t\n\nT0002: Other   ', '| [T0001 Name](x) | T0002: Other |\r\n| T0003: Third |\r\n']) {
      assert.ok(references(run).length > 0, JSON.stringify(run));
    }
  });

  it('declines what it does not model, leaving it to the parser', () => {
    for (const run of [
      'Code `T0001` span',
      '```\nT0001\n```',
      '~~~\nT0001\n~~~',
      'Escaped \\[T0001](x)',
      '![T0001 image](x.png)',
      '[T0001]: https://example.org/T0001',
      '<div>\nT0001\n</div>',
      '- <span>T0001</span>',
      '    indented T0001',
      '- a\n\n      T0001 code in a list item',
      '> \tT0001',
      'Attributes <span title="T0002">T0001</span>',
      'An autolink <https://example.org/T0001>',
      'A comment <!-- T0001 -- T0002 -->',
      'Odd <!--> T0001 -->',
      '- <!-- c --> T0001',
      '<!-- not closed T0001\n-->',
      'Less < than T0001',
      '[T0001 x](a "title")',
      '[T0001 x](a(b)c)',
      '[T0001 x]( a)',
      '[T0001 x](<a>)',
      '[T0001\nx](a)',
      '# T0001: Name #',
      'Old Mac\rT0001: Name\r',
    ]) {
      assert.equal(parsePlainRun(run), undefined, JSON.stringify(run));
    }
  });

  it('reads HTML comments closed on their line, as blocks at a line start and inline elsewhere', () => {
    const above = '<!-- disarm-disable-next-line name-mismatch -->\nWe saw T0049: Not Its Name here.\n';
    assert.equal(shape(parsePlainRun(above)!), 'html[0,47] text[47,81]');
    assert.deepEqual(references(above).map((r) => r.token), ['T0049']);
    // A block takes its whole line: an ID after the comment is not prose.
    assert.deepEqual(references('  <!-- note --> T0001 after it\nT0002\n').map((r) => r.token), ['T0002']);
    assert.deepEqual(references('Before <!-- T0001 --> T0002 after\n').map((r) => r.token), ['T0002']);
    assert.deepEqual(references('- item T0001\n- <!-- c -->\n> <!-- q -->\r\nT0002\n').map((r) => r.token), ['T0001', 'T0002']);
    assert.deepEqual(references('A paragraph T0001\n<!-- c -->\nT0002 <!-- d --> [T0003 Name](T0003.md)\n').map((r) => r.token), ['T0001', 'T0002', 'T0003']);
  });

  it('is linear on long lines of links and brackets', () => {
    const line = '[T0115 Post Content](T0115.md) [x] <br> ['.repeat(50_000);
    const started = performance.now();
    assert.ok(parsePlainRun(line));
    assert.ok(performance.now() - started < 2000);
  });
});

/** micromark's top-level nodes of `run`, in the same notation. */
function micromarkShape(run: string): string {
  return shape(parseMarkdown(run) as InlineNode);
}

describe('parseHtmlBlockRun', () => {
  it("reads an index page's table as one html node, exactly where micromark puts it", () => {
    const table = '<table border="1">\n<tr>\n<td><a href="techniques/T0002.md">T0002</a></td>\n<td>Facilitate State Propaganda</td>\n</tr>\n</table>\n';
    for (const run of [table, `${table}\n\n`, `   ${table}`, table.replace(/\n/g, '\r\n'), table.replace(/\n/g, '\r'), '<TD>T0001   \n \t\n', '</tr>T0001', '<table/>\nT0001', '<div\tclass="x">T0001']) {
      const tree = parseHtmlBlockRun(run);
      assert.ok(tree, `declined: ${JSON.stringify(run)}`);
      assert.equal(shape(tree), micromarkShape(run), JSON.stringify(run));
      assert.deepEqual(runReferences(tree, run), []);
    }
  });

  it('declines what is not one such block', () => {
    for (const run of [
      '<span>T0001</span>',
      '<tablex>T0001',
      '    <table>\nT0001',
      '\t<table>\nT0001',
      '> <table>\nT0001',
      '<!-- T0001 -->',
      '<pre>\nT0001\n</pre>',
      'T0001 <table>',
      '<table>\nT0001\n\n    T0002 indented code after the block',
    ]) {
      assert.equal(parseHtmlBlockRun(run), undefined, JSON.stringify(run));
    }
  });

  it('keeps the suppression comments inside the block', () => {
    const text = '# T0001: Name\n\n<table>\n<!-- disarm-disable unknown-id -->\n<tr><td>T0001</td></tr>\n</table>\n\nT9999: Unknown\n';
    assert.deepEqual(parseDisarmDocument(text).directives, [{ kind: 'disable', codes: new Set(['unknown-id']), line: 3 }]);
  });
});
