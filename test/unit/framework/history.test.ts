import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MarkupContent } from 'vscode-languageserver-types';
import { computeDiagnostics } from '../../../server/src/service/features/diagnostics';
import { computeHover } from '../../../server/src/service/features/hover';
import { createFrameworkIndex } from '../../../server/src/service/framework/framework';
import { historyLine } from '../../../server/src/service/framework/history';
import { knownVersion } from '../../../server/src/service/framework/knownReleases';
import { createPageLinker } from '../../../server/src/service/framework/links';
import { bundleLabel, checkoutLabel, chooseTarget, FrameworkSet, historySpan, Release, withHistory } from '../../../server/src/service/framework/releases';
import { parseDisarmDocument } from '../../../server/src/service/markdown/document';
import { historyReleases, historySet } from '../../fixtures/history';
import { documentWithCursor } from '../../fixtures/markdown';

function diagnose(set: FrameworkSet, text: string) {
  const { document } = documentWithCursor(text);
  return computeDiagnostics(document, parseDisarmDocument(document.getText()), set.index, { releases: set }).map((d) => [d.code, d.message]);
}

function hover(set: FrameworkSet, text: string): string {
  const { document, position } = documentWithCursor(text);
  const result = computeHover(document, parseDisarmDocument(document.getText()), position, set.index, createPageLinker(undefined), set);
  return (result?.contents as MarkupContent | undefined)?.value ?? '';
}

describe('release names', () => {
  it('names the known releases by the date of their matrix, and keeps the label of others', () => {
    assert.equal(knownVersion('2024-11-22T16:43:58.308477Z'), '1.6');
    assert.equal(knownVersion('2024-11-22T16:43:58Z'), '1.6');
    assert.equal(knownVersion('2024-11-22T16:43:59Z'), undefined);
    assert.equal(bundleLabel('DISARM V2 Observations Framework', '2026-01-21T15:49:22.401633Z'), '1.7');
    assert.equal(bundleLabel('DISARM Framework', '2025-05-05T00:00:00Z'), 'DISARM Framework 2025-05-05');
    assert.equal(checkoutLabel('2024-11-22T16:43:58.308477Z'), '1.6 (checkout)');
    assert.equal(checkoutLabel(undefined), 'workspace checkout');
  });
});

describe('the built-in history beside the loaded releases', () => {
  const checkout = (version: string, created: string): Release => ({
    label: `${version} (checkout)`,
    version,
    created,
    index: createFrameworkIndex({ kind: 'checkout', path: '/data/disarm', origin: 'a test' }, [
      { id: 'T0001', kind: 'technique', name: 'Flood Space', summary: '' },
      { id: 'T0009', kind: 'technique', name: 'Only In The Checkout', summary: '' },
    ]),
  });

  it('reads the releases back oldest first, labelled by version, each ID with its name there', () => {
    const releases = historyReleases();
    assert.deepEqual(releases.map((r) => [r.label, r.builtin, r.index.objects.size]), [
      ['0.1', true, 3],
      ['1.0', true, 4],
      ['1.3', true, 3],
      ['1.4', true, 6],
      ['1.5', true, 4],
    ]);
    assert.deepEqual(releases.map((r) => r.index.objects.get('T0001')?.name), ['Flooding', 'Flooding the space', 'Flooding the Space', 'Flood Space', 'Flood Space']);
    assert.deepEqual(releases.map((r) => r.index.objects.get('T0002')?.name), ['Old Thing', 'Old Thing', undefined, 'Old Thing Returned', undefined]);
    // The summary is the newest release's: older releases do not claim it.
    assert.deepEqual(releases.map((r) => r.index.objects.get('T0002')?.summary), ['', '', undefined, 'Old Thing Returned, as summarised.', undefined]);
    assert.equal(historySpan(releases), '0.1–1.5');
  });

  it('targets the newest loaded source; with none, the newest built-in release', () => {
    const releases = withHistory([checkout('1.3', '2022-01-01T00:00:00Z')], historyReleases());
    assert.equal(chooseTarget(releases).target?.label, '1.3 (checkout)');
    assert.equal(chooseTarget(historyReleases()).target?.label, '1.5');
    assert.equal(chooseTarget(releases, '1.0').target?.label, '1.0');
  });

  it('lets a loaded release replace the built-in one of its version, lending it the kinds it lacks', () => {
    const releases = withHistory([checkout('1.4', '2023-01-01T00:00:00Z')], historyReleases());
    assert.deepEqual(releases.map((r) => r.label), ['1.4 (checkout)', '0.1', '1.0', '1.3', '1.5']);
    const replaced = releases[0];
    assert.equal(replaced.index.objects.has('T0009'), true);
    assert.equal(replaced.index.objects.has('T0004'), false, 'its own techniques, not the built-in ones');
    assert.equal(replaced.index.objects.get('C00001')?.name, 'Teach Readers', 'counters lent by the built-in 1.4');
  });
});

describe('removed-id and unknown-id over the history', () => {
  it('says when an ID was removed, from the newest release, with the name it last had', () => {
    assert.deepEqual(diagnose(historySet(), 'T0002'), [['removed-id', 'T0002 Old Thing Returned was removed in 1.5 (it was in 0.1–1.0 and 1.4).']]);
    assert.deepEqual(diagnose(historySet('1.3'), 'T0002'), [['removed-id', 'T0002 Old Thing was removed in 1.3 (it was in 0.1–1.0; it is in 1.4 again).']]);
  });

  it('says when an ID the target lacks came after it', () => {
    assert.deepEqual(diagnose(historySet('1.3'), 'T0004'), [['removed-id', 'T0004 Old Thing Renewed is not in DISARM 1.3: it was added in 1.4.']]);
    assert.deepEqual(diagnose(historySet('0.1'), 'T0003'), [['removed-id', 'T0003 Flood Hashtag is not in DISARM 0.1: it was added in 1.0.']]);
  });

  it('says an ID no release has is in none, and speaks of a kind only some releases hold as theirs', () => {
    assert.deepEqual(diagnose(historySet(), 'T0099 and TA09'), [
      ['unknown-id', 'T0099 is not in any DISARM release (0.1–1.5).'],
      ['unknown-id', 'TA09 is not in any DISARM release (0.1–1.5).'],
    ]);
    assert.deepEqual(diagnose(historySet(), 'C00002'), [['unknown-id', 'C00002 is not a counter in DISARM 1.4, the only loaded release with counters.']]);
    // The newest target lacks counters: they are the 1.4 ones, known.
    assert.deepEqual(diagnose(historySet(), 'C00001'), []);
  });

  it('checks the name of a removed ID against the release that last had it', () => {
    assert.deepEqual(diagnose(historySet(), 'T0002: Old Thing Returned'), [['removed-id', 'T0002 Old Thing Returned was removed in 1.5 (it was in 0.1–1.0 and 1.4).']]);
  });

  it('counts the releases loaded: a checkout in place of a built-in release is the one in the ranges', () => {
    const checkout: Release = {
      label: '1.3 (checkout)',
      version: '1.3',
      created: '2022-01-01T00:00:00Z',
      index: createFrameworkIndex({ kind: 'checkout', path: '/data/disarm', origin: 'a test' }, [{ id: 'T0001', kind: 'technique', name: 'Flooding the Space', summary: '' }]),
    };
    const set = historySet(undefined, [checkout]);
    assert.equal(set.target.label, '1.3 (checkout)');
    assert.deepEqual(diagnose(set, 'T0003'), [['removed-id', 'T0003 Hijack hashtag was removed in 1.3 (it was in 1.0; it is in 1.4–1.5 again).']]);
  });
});

describe('an undated checkout (no bundle of its own) over the history', () => {
  it('stands after the dated releases, as the current data, and leaves the span to them', () => {
    const checkout: Release = {
      label: 'workspace checkout',
      index: createFrameworkIndex({ kind: 'checkout', path: '/data/disarm', origin: 'a test' }, [{ id: 'T0001', kind: 'technique', name: 'Flood Space', summary: '' }]),
    };
    const set = historySet(undefined, [checkout]);
    assert.equal(set.timeline[set.timeline.length - 1].label, 'workspace checkout');
    assert.deepEqual(diagnose(set, 'T0003 and T0099'), [
      ['removed-id', 'T0003 Flood Hashtag was removed in workspace checkout (it was in 1.0–1.5).'],
      ['unknown-id', 'T0099 is not in any DISARM release (0.1–1.5).'],
    ]);
  });
});

describe('the hover over the history', () => {
  it('tells when an ID appeared and what it was called, case and -ize/-ise spellings as one name', () => {
    const set = historySet();
    assert.equal(historyLine(set, set.index.objects.get('T0003')!), 'In DISARM since 1.0; named "Hijack Hashtag" in 1.0–1.3.');
    assert.equal(historyLine(set, set.index.objects.get('T0001')!), 'In DISARM since 0.1; named "Flooding" in 0.1, "Flooding the Space" in 1.0–1.3.');
    assert.equal(historyLine(set, set.index.objects.get('TA01')!), 'In DISARM since 0.1.');
    const older = historySet('1.3');
    assert.equal(historyLine(older, older.index.objects.get('T0001')!), 'In DISARM since 0.1; named "Flooding" in 0.1, "Flood Space" in 1.4–1.5.');
    const v10 = historySet('1.0');
    assert.equal(historyLine(v10, v10.index.objects.get('T0002')!), 'In DISARM 0.1–1.0 and 1.4; removed in 1.5; named "Old Thing Returned" in 1.4.');
    assert.match(hover(set, 'T00$$03'), /\*In DISARM since 1\\\.0; named "Hijack Hashtag" in 1\\\.0–1\\\.3\\\.\*/);
  });

  it('on a removed ID: the release that removed it, its last definition and the closest names of the target', () => {
    const value = hover(historySet(), 'T00$$02');
    assert.match(value, /\*\*Technique T0002: Old Thing Returned\*\*/);
    assert.match(value, /\*Removed in 1\\\.5\* \(it was in 0\\\.1–1\\\.0 and 1\\\.4\)\./);
    assert.match(value, /As DISARM 1\\\.4 defines it:\n\nTactic: TA01 Utilise Plans\n\nOld Thing Returned, as summarised\\\./);
    assert.match(value, /Closest by name in DISARM 1\\\.5:\n\n- \[T0004 Old Thing Renewed\]/);
  });
});
