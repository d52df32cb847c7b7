import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { downloadedSources, loadReleases } from '../../../server/src/node/loadReleases';
import { computeCodeActions, fixAllEdits } from '../../../server/src/service/fixes/codeActions';
import { computeDiagnostics } from '../../../server/src/service/features/diagnostics';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { applyTextEdits } from '../../../server/src/service/markdown/edits';
import { createFrameworkIndex, DisarmObject } from '../../../server/src/service/framework/framework';
import { computeHover } from '../../../server/src/service/features/hover';
import { createPageLinker } from '../../../server/src/service/framework/links';
import { bundleLabel, chooseTarget, createFrameworkSet, Release, releaseName, uniqueLabels } from '../../../server/src/service/framework/releases';
import { FIXTURE_OBJECTS, FIXTURE_SOURCE } from '../../fixtures/framework';
import { documentWithCursor } from '../../fixtures/markdown';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures');

/** The fixture framework as an older release, and a newer bundle-like one: techniques and tactics only, T0003 gone, T0004 added. */
function releases() {
  const older: Release = { label: 'workspace checkout', created: '2024-11-22T00:00:00Z', index: createFrameworkIndex(FIXTURE_SOURCE, FIXTURE_OBJECTS) };
  const newerObjects: DisarmObject[] = [
    ...FIXTURE_OBJECTS.filter((o) => (o.kind === 'technique' || o.kind === 'tactic') && o.id !== 'T0003'),
    { id: 'T0004', kind: 'technique', name: 'Paste Sites and Boards', summary: 'Hosting.', tactic: 'TA02' },
    { id: 'T0005', kind: 'technique', name: 'Unrelated Thing', summary: '', tactic: 'TA02' },
  ];
  const newer: Release = {
    label: 'Made-up Framework 2026-01-20',
    created: '2026-01-20T00:00:00Z',
    index: createFrameworkIndex({ kind: 'stix', path: '/data/new.json', origin: 'a test' }, newerObjects),
  };
  return { older, newer, set: createFrameworkSet([older, newer], newer) };
}

describe('release labels and the target', () => {
  it('names a bundle from its matrix and date, and makes labels unique', () => {
    assert.equal(bundleLabel('DISARM Framework', '2025-11-22T16:43:58.308477Z'), 'DISARM Framework 2025-11-22');
    assert.equal(bundleLabel('DISARM Framework', '2024-11-22T16:43:58.308477Z'), '1.6', 'a known release is named by its version');
    assert.equal(bundleLabel(undefined, undefined), 'DISARM bundle');
    assert.deepEqual(uniqueLabels(['a', 'b', 'a', 'a (2)', 'a']), ['a', 'b', 'a (2)', 'a (2) (2)', 'a (3)']);
    assert.equal(releaseName('workspace checkout'), 'DISARM workspace checkout');
    assert.equal(releaseName('DISARM Framework 2024-11-22'), 'DISARM Framework 2024-11-22');
  });

  it('labels loaded sources from their data', async () => {
    const loaded = await loadReleases(
      [
        { source: { kind: 'checkout', path: path.join(FIXTURES, 'checkout'), origin: 'a test' } },
        { source: { kind: 'stix', path: path.join(FIXTURES, 'bundle.json'), origin: 'a test' } },
        { source: { kind: 'stix', path: path.join(FIXTURES, 'bundle.json'), origin: 'a test' }, label: 'Mine' },
      ],
      () => {},
    );
    assert.deepEqual(loaded.map((r) => [r.label, r.created]), [
      ['workspace checkout', undefined],
      ['Made-up Framework 2025-01-01', '2025-01-01T00:00:00Z'],
      ['Mine', '2025-01-01T00:00:00Z'],
    ]);
  });

  it('lists downloads oldest first and ignores other files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'disarm-downloads-'));
    for (const name of ['DISARM-2026-01-21.json', 'DISARM-2024-11-22.json', '.DISARM-2026.json.1.tmp', 'notes.txt']) writeFileSync(path.join(dir, name), '{}');
    assert.deepEqual((await downloadedSources(dir)).map((s) => path.basename(s.path)), ['DISARM-2024-11-22.json', 'DISARM-2026-01-21.json']);
    assert.deepEqual(await downloadedSources(path.join(dir, 'missing')), []);
  });

  it('targets the newest release unless a label is chosen', () => {
    const { older, newer } = releases();
    const undated: Release = { ...older, label: 'undated', created: undefined };
    assert.equal(chooseTarget([undated, older, newer]).target, newer);
    assert.equal(chooseTarget([older, newer], 'WORKSPACE checkout').target, older);
    assert.deepEqual(chooseTarget([older, newer], '1.5'), { target: newer, unmatched: '1.5' });
    assert.equal(chooseTarget([]).target, undefined);
  });

  it('fills the kinds the target lacks from the newest release that has them', () => {
    const { set, older } = releases();
    assert.equal(set.index.objects.get('C00001')?.name, 'Teach Readers');
    assert.equal(set.index.objects.has('T0003'), false);
    assert.equal(set.lastHad('T0003')?.release, older);
    assert.equal(set.lastHad('T0001'), undefined);
    assert.equal(set.lastHad('T0999'), undefined);
  });
});

describe('removed IDs', () => {
  const text = '- T0003: Paste Site\n- T0003: Pastebin\n- T0999\n- T0002.001: Write Short Posts\n- Counter C00001';

  it('removed-id (warning) instead of unknown-id; the name is checked against the release that had it', () => {
    const { set } = releases();
    const { document } = documentWithCursor(text);
    const found = computeDiagnostics(document, parseDisarmDocument(text), set.index, { releases: set }).map((d) => [d.code, d.severity, d.message]);
    assert.deepEqual(found, [
      ['removed-id', 2, 'T0003 Paste Site was removed in Made-up Framework 2026-01-20 (it was in workspace checkout).'],
      ['removed-id', 2, 'T0003 Paste Site was removed in Made-up Framework 2026-01-20 (it was in workspace checkout).'],
      ['name-mismatch', 2, 'T0003 is named "Paste Site" in DISARM workspace checkout, not "Pastebin".'],
      ['unknown-id', 1, 'T0999 is not in any DISARM release (workspace checkout–Made-up Framework 2026-01-20).'],
    ]);
  });

  it('reports the name an ID had in an older release as outdated-name, and the hover says so', () => {
    const { older, newer } = releases();
    const renamed: Release = { ...newer, index: createFrameworkIndex(newer.index.source, [...newer.index.objects.values()].map((o) => (o.id === 'T0001' ? { ...o, name: 'Choose Audience' } : o))) };
    const set = createFrameworkSet([older, renamed], renamed);
    const { document, position } = documentWithCursor('We saw T00$$01: Pick Audience here.');
    const model = parseDisarmDocument(document.getText());
    assert.deepEqual(
      computeDiagnostics(document, model, set.index, { releases: set }).map((d) => [d.code, d.severity, d.message]),
      [['outdated-name', 3, 'T0001 is "Choose Audience" since Made-up Framework 2026-01-20; "Pick Audience" is its name in workspace checkout.']],
    );
    const hover = computeHover(document, model, position, set.index, createPageLinker(undefined), set)!;
    assert.match((hover.contents as MarkupContent).value, /\*\*Technique T0001: Choose Audience\*\*[\s\S]*Written as "Pick Audience", its name in DISARM workspace checkout/);
  });

  it('hover on a removed ID: the release that had it, its summary, the closest names in the target', () => {
    const { set } = releases();
    const { document, position } = documentWithCursor('They used T00$$03 then.');
    const hover = computeHover(document, parseDisarmDocument(document.getText()), position, set.index, createPageLinker(undefined), set)!;
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /^\*\*Technique T0003: Paste Site\*\*/);
    assert.match(value, /\*Removed in Made\\-up Framework 2026\\-01\\-20\* \(it was in workspace checkout\)\.\n\nAs DISARM workspace checkout defines it:/);
    assert.match(value, /Text hosting/);
    assert.match(value, /Closest by name in .*:\n\n- \[T0004 Paste Sites and Boards\]/);
    assert.doesNotMatch(value, /Unrelated Thing/);
  });

  it('quick fix: the candidates, none preferred, ID and name replaced; fix all leaves it alone', () => {
    const { set } = releases();
    const doc = 'Seen: T0003: Paste Site.';
    const { document } = documentWithCursor(doc);
    const model = parseDisarmDocument(doc);
    const diagnostics = computeDiagnostics(document, model, set.index, { releases: set });
    const actions = computeCodeActions(document, model, set.index, diagnostics[0].range, diagnostics, { releases: set });
    const fix = actions[0];
    assert.equal(fix.title, 'Change to T0004 Paste Sites and Boards (closest name in DISARM Made-up Framework 2026-01-20)');
    assert.equal(fix.isPreferred, undefined);
    assert.equal(applyTextEdits(doc, fix.edit!.changes![document.uri] as TextEdit[]), 'Seen: T0004: Paste Sites and Boards.');
    assert.ok(actions.every((a) => !a.isPreferred));
    assert.equal(fixAllEdits(document, model, set.index, { releases: set }).fixed, 0);
  });
});
