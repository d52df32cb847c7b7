import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DataSource } from '../service/framework/framework';
import { knownVersion } from '../service/framework/knownReleases';
import { bundleLabel, checkoutLabel, Release, uniqueLabels } from '../service/framework/releases';
import { indexObjects, loadSource } from './dataSource';
import { DataError, LoadOptions, settleInOrder } from './loadCheckout';
import { loadStixBundle, MAX_BUNDLE_BYTES } from './loadStix';
import { bundleCreated } from '../service/framework/stix';
import { readRegularFile } from './regularFile';

/** A source as the user lists it (`disarm.dataSources`, `--data`): a checkout folder or a bundle, optionally labelled. */
export interface SourceSpec {
  readonly path: string;
  readonly label?: string;
}

/** A source to load, with the label the user gave it. */
export interface LabelledSource {
  readonly source: DataSource;
  readonly label?: string;
}

/** Where a checkout keeps its own bundle, whose matrix dates the checkout. */
const CHECKOUT_BUNDLE = path.join('generated_files', 'DISARM_STIX', 'DISARM.json');

/** The downloaded bundles in `folder` (`DISARM-<date>.json`), oldest first; none when the folder does not exist. */
export async function downloadedSources(folder: string | undefined): Promise<DataSource[]> {
  if (!folder) return [];
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  return names
    .filter((name) => /^DISARM-[\w.-]+\.json$/.test(name))
    .sort()
    .map((name) => ({ kind: 'stix', path: path.join(folder, name), origin: 'a download' }));
}

/** Resolves listed sources against `base` (the first workspace folder); one that does not exist is an error. */
export async function resolveSpecs(specs: readonly SourceSpec[], base: string, origin: string): Promise<LabelledSource[]> {
  const result: LabelledSource[] = [];
  for (const spec of specs) {
    const resolved = path.resolve(base, spec.path.startsWith('~/') ? path.join(process.env.HOME ?? '~', spec.path.slice(2)) : spec.path);
    const stat = await fs.stat(resolved).catch(() => undefined);
    if (!stat) throw new DataError(`${origin}: ${resolved} does not exist.`);
    result.push({ source: { kind: stat.isDirectory() ? 'checkout' : 'stix', path: resolved, origin }, label: spec.label?.trim() || undefined });
  }
  return result;
}

/**
 * Loads every source as a release, labelled as the user said or from the data (its version when
 * the release is a known one, `1.6` or `1.6 (checkout)`; else a bundle's matrix name and date, or
 * `workspace checkout`), labels made unique. The first source (in their order) that fails throws
 * its {@link DataError}: a partial set would check against the wrong target.
 */
export async function loadReleases(sources: readonly LabelledSource[], warn: (message: string) => void, options?: LoadOptions): Promise<Release[]> {
  const settled = await settleInOrder(sources, (source, said) => loadRelease(source, said, options), warn);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  const loaded = settled.map((s) => (s as PromiseFulfilledResult<Release>).value);
  const labels = uniqueLabels(loaded.map((r) => r.label));
  return loaded.map((release, i) => ({ ...release, label: labels[i] }));
}

/** One release; a checkout is dated (and so named) by its own generated bundle. */
async function loadRelease({ source, label }: LabelledSource, warn: (message: string) => void, options: LoadOptions | undefined): Promise<Release> {
  if (source.kind === 'stix') {
    const bundle = await loadStixBundle(source, warn);
    const version = knownVersion(bundle.created);
    return { label: label ?? bundleLabel(bundle.matrixName, bundle.created), created: bundle.created, version, index: indexObjects(source, bundle.objects, warn) };
  }
  const [index, created] = await Promise.all([loadSource(source, warn, options), checkoutCreated(source.path)]);
  return { label: label ?? checkoutLabel(created), created, version: knownVersion(created), index };
}

/** A checkout's date: the creation time of its generated bundle's matrix, when it has one. */
export async function checkoutCreated(folder: string): Promise<string | undefined> {
  try {
    const { bytes } = await readRegularFile(path.join(folder, CHECKOUT_BUNDLE), { maxBytes: MAX_BUNDLE_BYTES });
    return bundleCreated(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}
