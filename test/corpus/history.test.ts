import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { buildSnapshot } from '../../server/src/node/buildSnapshot';
import { loadStixBundle } from '../../server/src/node/loadStix';
import { computeDiagnostics } from '../../server/src/service/features/diagnostics';
import { computeHover } from '../../server/src/service/features/hover';
import { createPageLinker } from '../../server/src/service/framework/links';
import { createFrameworkSet, FrameworkSet, Release } from '../../server/src/service/framework/releases';
import { releasesFromSnapshot } from '../../server/src/service/framework/snapshot';
import { parseDisarmDocument } from '../../server/src/service/markdown/document';
import { frameworksDir, releasesDir } from '../realData';

/**
 * The built-in history compiled from the real published bundles, checked against the bundles
 * themselves: what each release has is read straight from its DISARM.json, and every expected
 * message is computed from that, not from a list written here. Data read at test time.
 */
describe('the built-in history of the real releases', () => {
  /** Oldest first: version and the ID → name map of its bundle. */
  let bundles: Array<{ version: string; names: Map<string, string> }>;
  let history: Release[];

  before(async () => {
    const dir = releasesDir();
    const loaded = await Promise.all(
      readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map(async (e) => ({ version: e.name, bundle: await loadStixBundle({ kind: 'stix', path: path.join(dir, e.name, 'DISARM.json'), origin: 'test' }, () => {}) })),
    );
    bundles = loaded
      .sort((a, b) => (a.bundle.created! < b.bundle.created! ? -1 : 1))
      .map(({ version, bundle }) => ({ version, names: new Map(bundle.objects.map((o) => [o.id, o.name])) }));
    const { file } = await buildSnapshot({ releasesDir: dir, frameworksDir: frameworksDir() }, () => {});
    history = releasesFromSnapshot(JSON.parse(JSON.stringify(file)), { kind: 'builtin', path: 'dist/disarm-data.json', origin: 'test' });
  });

  const message = (set: FrameworkSet, id: string) => {
    const text = `Cited: ${id}.`;
    const document = TextDocument.create('file:///notes.md', 'markdown', 1, text);
    return computeDiagnostics(document, parseDisarmDocument(text), set.index, { releases: set }).map((d) => `${d.code} ${d.message}`);
  };

  it('holds every release, each with exactly its bundle\'s techniques and tactics and their names', () => {
    assert.deepEqual(history.map((r) => r.version), bundles.map((b) => b.version));
    history.forEach((release, i) => {
      const own = [...release.index.objects.values()].filter((o) => o.kind === 'technique' || o.kind === 'tactic');
      assert.deepEqual(new Map(own.map((o) => [o.id, o.name])), bundles[i].names, release.version);
    });
  });

  it('against each release, every ID an older release had and it lacks is removed-id, naming the release after its last one', () => {
    let checked = 0;
    bundles.forEach((target, t) => {
      const set = createFrameworkSet(history, history[t]);
      const ids = new Set(bundles.slice(0, t).flatMap((b) => [...b.names.keys()]));
      for (const id of ids) {
        if (target.names.has(id)) continue;
        const last = t - 1 - [...bundles.slice(0, t)].reverse().findIndex((b) => b.names.has(id));
        const had = bundles.flatMap((b, i) => (b.names.has(id) && i < t ? [b.version] : []));
        const found = message(set, id);
        assert.equal(found.length, 1, `${id} against ${target.version}: ${found.join(' | ')}`);
        assert.match(found[0], new RegExp(`^removed-id ${id.replace('.', '\\.')} .* was removed in ${bundles[last + 1].version.replace('.', '\\.')} \\(it was in `), `${id} against ${target.version}`);
        assert.ok(found[0].startsWith(`removed-id ${id} ${bundles[last].names.get(id)} `), `named as ${bundles[last].version} names it: ${found[0]}`);
        // The range starts at the first release that had it and ends at the last before the target.
        assert.ok(found[0].includes(`(it was in ${had[0]}`) && found[0].includes(`${had[had.length - 1]}`), found[0]);
        checked++;
      }
    });
    assert.ok(checked > 100, `only ${checked} removals checked`);
  });

  it('against each release, an ID only newer releases have says when it was added', () => {
    let checked = 0;
    bundles.forEach((target, t) => {
      const set = createFrameworkSet(history, history[t]);
      const before = new Set(bundles.slice(0, t + 1).flatMap((b) => [...b.names.keys()]));
      for (const id of new Set(bundles.slice(t + 1).flatMap((b) => [...b.names.keys()]))) {
        if (before.has(id)) continue;
        const first = bundles.findIndex((b) => b.names.has(id));
        const [found] = message(set, id);
        assert.ok(found.startsWith(`removed-id ${id} `) && found.includes(`is not in DISARM ${target.version}: it was added in ${bundles[first].version}`), found);
        checked++;
      }
    });
    assert.ok(checked > 100, `only ${checked} additions checked`);
  });

  it('an ID in no release is unknown-id, spanning the whole history', () => {
    const set = createFrameworkSet(history, history[history.length - 1]);
    const span = `${bundles[0].version}–${bundles[bundles.length - 1].version}`;
    for (const id of ['T0013.001', 'T0999', 'TA99']) assert.deepEqual(message(set, id), [`unknown-id ${id} is not in any DISARM release (${span}).`]);
  });

  it('the hover tells when each ID of the newest release appeared, as the bundles say', () => {
    const set = createFrameworkSet(history, history[history.length - 1]);
    const pages = createPageLinker(undefined);
    for (const id of bundles[bundles.length - 1].names.keys()) {
      const first = bundles.findIndex((b) => b.names.has(id));
      const gap = bundles.slice(first).some((b) => !b.names.has(id));
      const text = `Cited: ${id}.`;
      const document = TextDocument.create('file:///notes.md', 'markdown', 1, text);
      const value = (computeHover(document, parseDisarmDocument(text), document.positionAt(8), set.index, pages, set)?.contents as { value: string }).value;
      const since = gap ? `since` : `In DISARM since ${bundles[first].version.replace('.', '\\.')}`;
      assert.ok(value.includes(since), `${id}: ${value}`);
    }
  });
});
