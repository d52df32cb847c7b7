import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeCodeActions, fixAllEdits } from '../../../server/src/service/fixes/codeActions';
import { computeDiagnostics } from '../../../server/src/service/features/diagnostics';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { applyTextEdits } from '../../../server/src/service/markdown/edits';
import { history } from '../../fixtures/nameHistory';
import { documentWithCursor, joinLines } from '../../fixtures/markdown';

/** The name findings of `text` against the made-up history, as `code "text as written": message`. */
function findings(text: string, target = '2.0'): string[] {
  const set = history(target);
  const { document } = documentWithCursor(text);
  return computeDiagnostics(document, parseDisarmDocument(text), set.index, { releases: set })
    .filter((d) => d.code !== 'removed-id')
    .map((d) => `${d.code} "${text.slice(document.offsetAt(d.range.start), document.offsetAt(d.range.end))}": ${d.message}`);
}

const codes = (text: string, target?: string) => findings(text, target).map((f) => f.split(' ')[0]);

describe('name codes, in their order', () => {
  it('accepts the checked name, ignoring case, spacing, typographic dashes, a trailing period and -ise/-ize', () => {
    assert.deepEqual(findings('T0010: flood  the commons. T0012: Utilize Bot Swarms, T0022: Develop Images (Fakes)'), []);
  });

  it('outdated-name: the ID\'s name in an older release', () => {
    assert.deepEqual(findings('T0010: Flooding the Commons'), [
      'outdated-name "Flooding the Commons": T0010 is "Flood the Commons" since 2.0; "Flooding the Commons" is its name in 1.2.',
    ]);
    assert.deepEqual(codes('T0010 (Flooding)'), ['outdated-name']);
  });

  it('accepts a newer release\'s name when an older release is checked', () => {
    assert.deepEqual(findings('T0010: Flood the Commons', '1.2'), []);
  });

  it('name-mismatch naming the object whose exact name was written, before any slip', () => {
    // "Post Content" is one edit from T0021's "Host Content", but it is T0020's name.
    assert.deepEqual(findings('T0021: Post Content'), ['name-mismatch "Post Content": "Post Content" is the name of T0020; T0021 is "Host Content".']);
    assert.deepEqual(findings('T0011: Flooding'), ['name-mismatch "Flooding": "Flooding" is the name of T0010 in 0.9; T0011 is "Bypass Content Filtering".']);
  });

  it('name-spelling: up to two edits, or leading words', () => {
    assert.deepEqual(findings('T0011: Bypass Content Filterng'), [
      'name-spelling "Bypass Content Filterng": T0011 is named "Bypass Content Filtering" (written "Bypass Content Filterng").',
    ]);
    assert.deepEqual(codes('T0013 (Determine Target)'), ['name-spelling']);
    // A slip in the first words of a name running on into prose: reported on those words.
    assert.deepEqual(findings('T0011: Bypass Content Filterng to reach people'), [
      'name-spelling "Bypass Content Filterng": T0011 is named "Bypass Content Filtering" (written "Bypass Content Filterng").',
    ]);
    // A changed number is another name, not a slip.
    assert.deepEqual(codes('T0015 "Build Standing 2"'), ['name-mismatch']);
    // A short name allows one edit; a name of four letters or fewer none.
    assert.deepEqual(codes('T0023: Herass, T0023: Hrass, T0023: Hersss, T0024: Dix'), ['name-spelling', 'name-spelling', 'name-mismatch', 'name-mismatch']);
  });

  it('name-mismatch on the leading words of a run-on name that are another technique\'s name', () => {
    assert.deepEqual(findings('This fits T0021: Post Content because they posted.'), ['name-mismatch "Post Content": "Post Content" is the name of T0020; T0021 is "Host Content".']);
    // Unless a slip of the ID's own name covers more of it: `Post Content` is T0020's, but this is T0025's name misspelt.
    assert.deepEqual(codes('(T0025: Post Content Daly, T0020: Post Content)'), ['name-spelling']);
  });

  it('name-mismatch for anything else, quoting at most 60 characters', () => {
    const long = 'An Invented Name That Goes On And On Well Past Sixty Characters Of Text';
    assert.deepEqual(findings(`T0011: ${long}`), [`name-mismatch "${long}": T0011 is named "Bypass Content Filtering", not "${long.slice(0, 59)}…".`]);
  });

  it('accepts the name followed by punctuation and prose, not by more capitalised words', () => {
    assert.deepEqual(codes('- T0017: Write Posts: Friends share them\n- T0017 — Write Posts (Ruritania)\n- T0017: Write Posts to friends'), []);
    assert.deepEqual(codes('T0017: Write Posts Daily'), ['name-mismatch']);
  });

  it('accepts a writer\'s correction of DISARM\'s own typo', () => {
    assert.deepEqual(findings('T0014: Defend Standing\n- T0014 Defend Standing ;'), []);
    assert.deepEqual(codes('T0014: Defend Standings'), ['name-spelling']);
  });

  it('checks a removed ID\'s name against the release that had it', () => {
    assert.deepEqual(findings('T0016: Genrate Noise'), ['name-spelling "Genrate Noise": T0016 is named "Generate Noise" in DISARM 0.9 (written "Genrate Noise").']);
  });

  it('checks every kind', () => {
    assert.deepEqual(codes('TA01: Plan Stuff. Counter C00010 : Mute content (DISARM BLUE). C00011 — Muted Content'), ['name-mismatch', 'name-mismatch']);
  });
});

describe('which words are a name', () => {
  it('a bare space: only before a DISARM name of the same kind, which is then checked', () => {
    assert.deepEqual(codes('T0011 Bypass Content Filtering ; T0011 was seen; T0011 Bypass Content Filterng'), []);
    assert.deepEqual(findings('**T0011 Flood the Commons**'), ['name-mismatch "Flood the Commons": "Flood the Commons" is the name of T0010; T0011 is "Bypass Content Filtering".']);
    // A tactic's name after a technique is prose.
    assert.deepEqual(codes('T0011 Plan Things'), []);
  });

  it('parentheses: capitalised, or (close to) a DISARM name; never context', () => {
    assert.deepEqual(codes('T0011 (Invented Thing), T0011 (bypass content filterng)'), ['name-mismatch', 'name-spelling']);
    assert.deepEqual(codes('DISARM T0011 (amplify 2018 list), T0011 (DISARM BLUE), T0011 (see NATO)'), []);
    // One capitalised word is context (a place, a platform) unless it is a DISARM name.
    assert.deepEqual(codes('T0011 (Ruritania), T0011 (Flooding)'), ['name-mismatch']);
  });

  it('table cells: under a name column, or when the cell reads as a DISARM name', () => {
    const table = (header: string, cell: string) => joinLines(`| ID | ${header} |`, '| --- | --- |', `| T0011 | ${cell} |`);
    assert.deepEqual(codes(table('Technique', 'Invented Thing')), ['name-mismatch']);
    assert.deepEqual(codes(table('nombre', '*Invented Thing*')), ['name-mismatch']);
    assert.deepEqual(codes(table('Description', 'Invented Thing')), []);
    assert.deepEqual(codes(table('Description', 'Amplify existing post')), ['name-mismatch']);
    assert.deepEqual(codes(table('Phase', 'Execute')), [], 'a phase name beside a technique is not its name');
    assert.deepEqual(codes(table('Name', 'Bypass Content Filtering')), []);
  });
});

describe('fixes for the name codes', () => {
  function fixes(text: string, code: string): string[] {
    const set = history();
    const { document } = documentWithCursor(text);
    const model = parseDisarmDocument(text);
    const diagnostics = computeDiagnostics(document, model, set.index, { releases: set }).filter((d) => d.code === code);
    const range = { start: { line: 0, character: 0 }, end: document.positionAt(text.length) };
    return computeCodeActions(document, model, set.index, range, diagnostics, { releases: set })
      .filter((a) => !a.title.startsWith('Suppress'))
      .map((a) => `${a.isPreferred ? '*' : ''}${a.title} => ${applyTextEdits(text, Object.values(a.edit!.changes!)[0])}`);
  }

  it('outdated-name: the current name, preferred', () => {
    assert.deepEqual(fixes('See T0010 (Flooding).', 'outdated-name'), ['*Change the name to "Flood the Commons" => See T0010 (Flood the Commons).']);
  });

  it('name-spelling: the official name, preferred for an edit slip, never for an abbreviation', () => {
    assert.deepEqual(fixes('T0011: Bypass Content Filterng', 'name-spelling'), ['*Change the name to "Bypass Content Filtering" => T0011: Bypass Content Filtering']);
    assert.deepEqual(fixes('T0011: Bypass Content Filterng to reach people', 'name-spelling'), [
      '*Change the name to "Bypass Content Filtering" => T0011: Bypass Content Filtering to reach people',
    ]);
    assert.deepEqual(fixes('T0013 (Determine Target)', 'name-spelling'), ['Write the full name "Determine Target Readers" => T0013 (Determine Target Readers)']);
    const text = 'T0013 (Determine Target) and T0011: Bypass Content Filterng';
    const set = history();
    const { document } = documentWithCursor(text);
    const all = fixAllEdits(document, parseDisarmDocument(text), set.index, { releases: set });
    assert.equal(applyTextEdits(text, all.edits), 'T0013 (Determine Target) and T0011: Bypass Content Filtering');
  });
});
