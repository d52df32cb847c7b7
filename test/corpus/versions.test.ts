import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadReleases } from '../../server/src/node/loadReleases';
import { computeDiagnostics, DiagnosticData } from '../../server/src/service/features/diagnostics';
import { DisarmDocument, parseDisarmDocument } from '../../server/src/service/markdown/document';
import { createFrameworkSet, FrameworkSet, Release } from '../../server/src/service/framework/releases';
import { frameworksDir, stix17Path } from '../realData';

/**
 * The 1.6 incidents (the checkout) checked against the real 1.7 bundle, with both loaded: every
 * citation of an ID that 1.7 removed is `removed-id`, none is `unknown-id`, and the other findings
 * are those of the 1.6 checks. Against the 1.6 target nothing changes. Data read at test time.
 */
describe('the 1.6 incidents against the 1.7 release', () => {
  let checkout: Release;
  let v17: Release;
  let pages: Array<{ name: string; document: TextDocument; model: DisarmDocument }>;
  const key = (d: { range: { start: { line: number; character: number } }; code?: unknown; data?: unknown }) =>
    `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${(d.data as DiagnosticData).id}`;

  before(async () => {
    const root = frameworksDir();
    [checkout, v17] = await loadReleases(
      [{ source: { kind: 'checkout', path: root, origin: 'test' } }, { source: { kind: 'stix', path: stix17Path(), origin: 'test' } }],
      () => {},
    );
    const incidents = path.join(root, 'generated_pages', 'incidents');
    pages = readdirSync(incidents)
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((name) => {
        const text = readFileSync(path.join(incidents, name), 'utf8');
        return { name, document: TextDocument.create(`file:///incidents/${name}`, 'markdown', 1, text), model: parseDisarmDocument(text) };
      });
  });

  const findings = (set: FrameworkSet | undefined) =>
    pages.flatMap(({ name, document, model }) =>
      computeDiagnostics(document, model, set ? set.index : checkout.index, { releases: set }).map((d) => ({ name, d, key: `${name}:${key(d)}` })),
    );

  it('labels the releases from their data and picks 1.7 as the newest', () => {
    assert.equal(checkout.label, '1.6 (checkout)');
    assert.equal(v17.label, '1.7');
    assert.equal(createFrameworkSet([checkout, v17], v17).releases[0], v17);
    assert.ok(checkout.created && checkout.created < v17.created!, 'the checkout is dated by its own bundle');
  });

  it('reports each citation of a removed ID as removed-id, and changes nothing else', () => {
    const set = createFrameworkSet([checkout, v17], v17);
    const removedIds = new Set([...checkout.index.objects.values()].filter((o) => (o.kind === 'technique' || o.kind === 'tactic') && !v17.index.objects.has(o.id)).map((o) => o.id));
    assert.equal(removedIds.size, 14, [...removedIds].join(' ')); // 13 techniques and TA08
    const core = findings(undefined);
    const against17 = findings(set);
    const removed = against17.filter((f) => f.d.code === 'removed-id');
    // Every citation of a removed ID as a known ID of the checkout: the model's references.
    const citations = pages.flatMap(({ name, document, model }) =>
      model.references.filter((r) => removedIds.has(r.token)).map((r) => `${name}:${key({ range: { start: document.positionAt(r.start) }, code: 'removed-id', data: { id: r.token } })}`),
    );
    assert.ok(citations.length > 30, `only ${citations.length} citations`);
    assert.deepEqual(removed.map((f) => f.key), citations);
    assert.equal(against17.filter((f) => f.d.code === 'unknown-id' && removedIds.has((f.d.data as DiagnosticData).id)).length, 0);
    assert.deepEqual(against17.filter((f) => f.d.code !== 'removed-id').map((f) => f.key), core.map((f) => f.key));
    const sample = removed.find((f) => (f.d.data as DiagnosticData).id === 'T0086.002')!;
    assert.equal(sample.d.message, 'T0086.002 Develop AI-Generated Images (Deepfakes) was removed in 1.7 (it was in 1.6).');
    assert.equal(sample.d.severity, 2);
    console.log(`     ${removed.length} removed-id findings in ${new Set(removed.map((f) => f.name)).size} incidents, on ${new Set(removed.map((f) => (f.d.data as DiagnosticData).id)).size} IDs; ${core.length} other findings unchanged`);
  });

  it('against the 1.6 target, with 1.7 loaded too, the findings are the core ones; unknown IDs are said to be in neither release', () => {
    const set = createFrameworkSet([checkout, v17], checkout);
    const message = (f: { d: { code?: unknown; message: unknown; data?: unknown } }) =>
      f.d.code === 'unknown-id' ? `${(f.d.data as DiagnosticData).id} is not in any DISARM release (1.6–1.7).` : f.d.message;
    assert.deepEqual(findings(set).map((f) => `${f.key} ${f.d.message}`), findings(undefined).map((f) => `${f.key} ${message(f)}`));
  });
});
