import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { joinLines } from '../../fixtures/markdown';

/** Each reference as `ID style:name` (a sure name), `ID ?style:name` (a candidate), or `ID` (none). */
function names(text: string): string[] {
  return parseDisarmDocument(text).references.map((r) => {
    const name = r.name ?? r.candidate;
    if (!name) return r.token;
    assert.equal(text.slice(name.start, name.end), name.text, 'the span is the name as written');
    return `${r.token} ${r.name ? '' : '?'}${name.style}:${name.text}${name.header ? ` [${name.header}]` : ''}`;
  });
}

describe('written names: the styles', () => {
  it('reads a name after each separator', () => {
    assert.deepEqual(names('- T0002 — Facilitate Things\n- T0003 – En Dash\n- T0004 - Hyphen\n- T0005 // Slashes\n- C00085 : Mute content\n- T0006: Colon'), [
      'T0002 separator:Facilitate Things',
      'T0003 separator:En Dash',
      'T0004 separator:Hyphen',
      'T0005 separator:Slashes',
      'C00085 separator:Mute content',
      'T0006 separator:Colon',
    ]);
  });

  it('reads names in each kind of quotes, and a quoted start that goes on as the name', () => {
    assert.deepEqual(names('T0099 « Prepare Things », T0098 \u201CCurly Name\u201D and T0097 "Straight Name".'), [
      'T0099 quote:Prepare Things',
      'T0098 quote:Curly Name',
      'T0097 quote:Straight Name',
    ]);
    assert.deepEqual(names('T0099: "Quoted Name"\n# Counter C00140: "Bomb" link shorteners'), ['T0099 separator:Quoted Name', 'C00140 separator:"Bomb" link shorteners']);
  });

  it('proposes parentheses, a bare space and the next table cell as candidates only', () => {
    assert.deepEqual(names('T0049 (Flooding the Space), T0003 (amplify 2018 list); T0073 Determine Readers ;'), [
      'T0049 ?paren:Flooding the Space',
      'T0003 ?paren:amplify 2018 list',
      'T0073 ?space:Determine Readers',
    ]);
    assert.deepEqual(names(joinLines('| ID | Technique name | Phase |', '| --- | --- | --- |', '| **T0023** | Paid Adverts <br> more | Execute |')), ['T0023 ?cell:Paid Adverts [Technique name]']);
  });

  it('reads emphasis around the ID, the name or both', () => {
    assert.deepEqual(names('**T0097** — Present Things, *TA16 Establish Things*, **TA01 — Plan Things** :, **T0097 Present Things**'), [
      'T0097 separator:Present Things',
      'TA16 ?space:Establish Things',
      'TA01 separator:Plan Things',
      'T0097 ?space:Present Things',
    ]);
    // A lone marker after an ID is no emphasis: `TA02*: note` holds no name.
    assert.deepEqual(names('TA02*: a footnote'), ['TA02']);
  });

  it('reads a link text, and the name after a link that holds only the ID', () => {
    assert.deepEqual(names('[T0002 Link Name](../t.md), [T0003](https://x.org/T0003) — After Dash, [T0004](u): After Colon'), [
      'T0002 link:Link Name',
      'T0003 after-link:After Dash',
      'T0004 after-link:After Colon',
    ]);
  });
});

describe('written names: where a name ends', () => {
  it('ends at , ; | a sentence end <br> the line end and the next ID, and keeps its own parentheses', () => {
    assert.deepEqual(names('T0001: One, T0002: Two; T0003: Three. Then T0004: Four<br>x\nT0005: Five (Own Part) T0006: Six'), [
      'T0001 separator:One',
      'T0002 separator:Two',
      'T0003 separator:Three',
      'T0004 separator:Four',
      'T0005 separator:Five (Own Part)',
      'T0006 separator:Six',
    ]);
  });

  it('ends at a parenthesis opened before the name', () => {
    assert.deepEqual(names('(T0001: Inside) and (see T0002 (Nested Name))'), ['T0001 separator:Inside', 'T0002 ?paren:Nested Name']);
  });

  it('reads ranges and lists as IDs, never names', () => {
    assert.deepEqual(names('TA15–TA18, T0097.100-208, T0087/T0088, T0001 – T0005'), ['TA15', 'TA18', 'T0097.100', 'T0087', 'T0001', 'T0005']);
    // A list's words between IDs are at most a candidate, which the data will not confirm.
    assert.deepEqual(names('T0001, T0007 and T0019'), ['T0001', 'T0007 ?space:and', 'T0019']);
  });

  it('leaves code alone, and reads ATT&CK IDs (ICS too) only with a sure name', () => {
    assert.deepEqual(names('`T0001: Code` and T0800: Ics Name, T0891 and T1059: Enterprise, T1566 (Phishing)'), ['T0800 separator:Ics Name', 'T1059 separator:Enterprise']);
    assert.deepEqual(parseDisarmDocument('T0800: Ics Name').references.map((r) => r.class.type), ['foreign']);
  });

  it('has no name for an ID in a cell with another ID, or with more than the ID', () => {
    assert.deepEqual(names(joinLines('| ID | Name |', '| --- | --- |', '| T0087/T0088 | Two |', '| T0001 and more | X |', '| T0002 | [Linked](u) |')), [
      'T0087',
      'T0001 ?space:and more',
      'T0002',
    ]);
  });
});
