import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DisarmObject } from '../service/framework/framework';
import { knownVersion } from '../service/framework/knownReleases';
import { encodeSnapshot, ReleaseObjects, SnapshotFile } from '../service/framework/snapshot';
import { DataError, loadCheckout } from './loadCheckout';
import { checkoutCreated } from './loadReleases';
import { loadStixBundle } from './loadStix';

/** Where the build reads the releases from. */
export interface SnapshotSources {
  /** A folder of releases: `<version>/DISARM.json` each (`DISARM_RELEASES_DIR`). */
  readonly releasesDir: string;
  /** A DISARMframeworks checkout, for the kinds the bundles lack (`DISARM_FRAMEWORKS_DIR`). */
  readonly frameworksDir?: string;
}

/** Kinds a STIX bundle holds; every other kind comes from the checkout. */
const BUNDLE_KINDS = new Set(['technique', 'tactic']);

/**
 * Reads every release of `releasesDir` (the folder name is its version) and, from the checkout,
 * the kinds bundles lack and the tactics' phases, given to the release of the checkout's
 * version. A folder without a readable bundle is an error: a snapshot missing a release would
 * call its IDs removed.
 */
export async function buildSnapshot(sources: SnapshotSources, warn: (message: string) => void): Promise<{ file: SnapshotFile; releases: readonly ReleaseObjects[] }> {
  const entries = await fs.readdir(sources.releasesDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new DataError(`DISARM_RELEASES_DIR ${sources.releasesDir} cannot be read: ${error.code ?? String(error)}`);
  });
  const releases: Array<ReleaseObjects & { objects: DisarmObject[] }> = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(sources.releasesDir, entry.name, 'DISARM.json');
    const bundle = await loadStixBundle({ kind: 'stix', path: file, origin: 'DISARM_RELEASES_DIR' }, warn);
    if (!bundle.created) throw new DataError(`${file} has no creation date: its place among the releases is unknown.`);
    const known = knownVersion(bundle.created);
    if (known && known !== entry.name) warn(`${file} is DISARM ${known} by its date, but its folder says ${entry.name}; using ${entry.name}.`);
    releases.push({ version: entry.name, created: bundle.created, name: bundle.matrixName, objects: bundle.objects });
  }
  if (!releases.length) throw new DataError(`DISARM_RELEASES_DIR ${sources.releasesDir} holds no <version>/DISARM.json.`);
  if (sources.frameworksDir) await addCheckout(sources.frameworksDir, releases, warn);
  return { file: encodeSnapshot(releases), releases };
}

async function addCheckout(folder: string, releases: Array<ReleaseObjects & { objects: DisarmObject[] }>, warn: (message: string) => void): Promise<void> {
  const created = await checkoutCreated(folder);
  const version = knownVersion(created);
  const release = releases.find((r) => (version ? r.version === version : r.created === created));
  if (!release) {
    warn(`the checkout ${folder} is of no release in DISARM_RELEASES_DIR (${created ? `dated ${created}` : 'undated'}); its counters, incidents and other kinds are left out.`);
    return;
  }
  const objects = await loadCheckout({ kind: 'checkout', path: folder, origin: 'DISARM_FRAMEWORKS_DIR' }, warn);
  const phases = new Map(objects.filter((o) => o.kind === 'tactic' && o.phase).map((o) => [o.id, o.phase!]));
  release.objects = [
    ...release.objects.map((o) => (o.kind === 'tactic' && !o.phase && phases.has(o.id) ? { ...o, phase: phases.get(o.id) } : o)),
    ...objects.filter((o) => !BUNDLE_KINDS.has(o.kind)),
  ];
}

/** The attribution that ships beside the snapshot (CC BY-SA 4.0 asks for the author, the licence, the source and the changes). */
export function snapshotNotice(releases: readonly ReleaseObjects[], withCheckout: boolean): string {
  const list = [...releases]
    .sort((a, b) => (a.created < b.created ? -1 : 1))
    .map((r) => `- DISARM ${r.version} (${r.name ?? 'DISARM Framework'}, created ${r.created.slice(0, 10)})`)
    .join('\n');
  return `# DISARM data: attribution

\`disarm-data.json\` is compiled from the DISARM Framework by the DISARM Foundation
(https://www.disarm.foundation/), published at https://github.com/DISARMFoundation/DISARMframeworks
under the Creative Commons Attribution-ShareAlike 4.0 International licence (CC BY-SA 4.0,
https://creativecommons.org/licenses/by-sa/4.0/).

Releases it holds:

${list}

Changes made: the releases' STIX 2.1 bundles${withCheckout ? ', and the index pages of a DISARMframeworks checkout for the kinds the bundles lack (counters, phases, incidents, actor types, metatechniques, tasks, detections, response types),' : ''}
were reduced to each object's ID, kind, name, tactic and phase in each release, and the summary
of the newest release that has it, in a compact JSON form. This compilation is licensed under
CC BY-SA 4.0 as well. It is not part of the DISARM Language Tools' source, whose licence (MIT)
does not cover it.
`;
}
