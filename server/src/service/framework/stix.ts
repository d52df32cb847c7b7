import { DataError, examples } from './checkout';
import { DisarmObject } from './framework';
import { classifyToken } from '../markdown/ids';

interface StixObject {
  type: string;
  name?: unknown;
  description?: unknown;
  x_mitre_shortname?: unknown;
  kill_chain_phases?: unknown;
  external_references?: unknown;
}

function isStixObject(value: unknown): value is StixObject {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** The DISARM ID of a STIX object: its `external_references[].external_id` (STIX ids change between releases). */
function externalId(object: StixObject): string | undefined {
  if (!Array.isArray(object.external_references)) return undefined;
  for (const ref of object.external_references) {
    const id = (ref as { external_id?: unknown } | null)?.external_id;
    if (typeof id === 'string' && classifyToken(id)?.type === 'id') return id;
  }
  return undefined;
}

/** A bundle's objects and what names it: STIX bundles carry no version field. */
export interface StixBundle {
  readonly objects: DisarmObject[];
  /** The `x-mitre-matrix` object's name (`DISARM Framework`). */
  readonly matrixName?: string;
  /** The matrix's `created`, else the newest `created` of any object (ISO 8601). */
  readonly created?: string;
}

/**
 * The techniques (attack-patterns) and tactics (x-mitre-tactic) of a STIX 2.1 bundle's text;
 * `name` (its path or URI) names it in errors and warnings.
 */
export function parseStixBundle(text: string, name: string, warn: (message: string) => void): StixBundle {
  let bundle: unknown;
  try {
    bundle = JSON.parse(text);
  } catch (error) {
    throw new DataError(`${name} is not valid JSON: ${(error as Error).message}`);
  }
  const entries = (bundle as { objects?: unknown } | null)?.objects;
  if (!Array.isArray(entries)) throw new DataError(`${name} is not a STIX bundle: it has no "objects" array.`);

  const stixObjects = entries.filter(isStixObject);
  const tacticBySlug = new Map<string, string>();
  for (const object of stixObjects) {
    const id = object.type === 'x-mitre-tactic' ? externalId(object) : undefined;
    if (id && typeof object.x_mitre_shortname === 'string') tacticBySlug.set(object.x_mitre_shortname, id);
  }
  const result: DisarmObject[] = [];
  const skipped: string[] = [];
  for (const object of stixObjects) {
    if (object.type !== 'attack-pattern' && object.type !== 'x-mitre-tactic') continue;
    const id = externalId(object);
    const kind = object.type === 'attack-pattern' ? 'technique' : 'tactic';
    const cls = id ? classifyToken(id) : undefined;
    if (!id || cls?.type !== 'id' || cls.kind !== kind || typeof object.name !== 'string') {
      skipped.push(`${object.type} ${id ?? 'without an ID'}`);
      continue;
    }
    result.push({
      id,
      kind,
      name: object.name.trim(),
      summary: typeof object.description === 'string' ? object.description.trim() : '',
      tactic: kind === 'technique' ? tacticOf(object, tacticBySlug) : undefined,
    });
  }
  // One line for the run, with the count: a bundle of 100,000 bad objects is one message, not 100,000.
  if (skipped.length) warn(`${name}: skipped ${skipped.length} object${skipped.length === 1 ? '' : 's'} without a valid DISARM ID and name (${examples(skipped)}).`);
  if (result.length === 0) throw new DataError(`${name} holds no DISARM techniques or tactics.`);
  return { objects: result, ...bundleMatrix(entries) };
}

/** The matrix's name and creation time; without a dated matrix, the newest object's creation time. */
export function bundleMatrix(entries: readonly unknown[]): { matrixName?: string; created?: string } {
  const stamp = (value: unknown): string | undefined => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value : undefined);
  let newest: string | undefined;
  for (const entry of entries) {
    if (!isStixObject(entry)) continue;
    const object = entry as StixObject & { created?: unknown };
    if (object.type === 'x-mitre-matrix' && stamp(object.created)) {
      return { matrixName: typeof object.name === 'string' ? object.name : undefined, created: stamp(object.created) };
    }
    const created = stamp(object.created);
    if (created && (!newest || created > newest)) newest = created;
  }
  const matrix = entries.find((e) => isStixObject(e) && e.type === 'x-mitre-matrix') as StixObject | undefined;
  return { matrixName: typeof matrix?.name === 'string' ? matrix.name : undefined, created: newest };
}

/**
 * A bundle's date (see {@link bundleMatrix}) from its text; `undefined` for text that is no bundle.
 * A checkout is dated on every load and every lint: the matrix's object alone is parsed when it
 * can be found, not the whole megabyte (so a bundle broken elsewhere is still dated by its matrix).
 */
export function bundleCreated(text: string): string | undefined {
  const matrix = matrixText(text);
  if (matrix) {
    try {
      const object = JSON.parse(matrix) as { type?: unknown } | null;
      const created = object?.type === 'x-mitre-matrix' ? bundleMatrix([object]).created : undefined;
      if (created) return created;
    } catch {
      // read whole below
    }
  }
  try {
    const bundle = JSON.parse(text) as { objects?: unknown } | null;
    return Array.isArray(bundle?.objects) ? bundleMatrix(bundle.objects).created : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The text of the object around a bundle's first `"type": "x-mitre-matrix"`, found by counting
 * braces outside strings; `undefined` when the text does not read as a bundle there. A brace in
 * a string before the type can mislead the backward count: the caller checks what it parses.
 */
function matrixText(text: string): string | undefined {
  let at = text.indexOf('"x-mitre-matrix"');
  while (at >= 0 && !/"type"\s*:\s*$/.test(text.slice(Math.max(0, at - 40), at))) at = text.indexOf('"x-mitre-matrix"', at + 1);
  if (at < 0 || !/^\s*\{/.test(text) || text.lastIndexOf('"objects"', at) < 0) return undefined;
  let start = at;
  for (let depth = 0; start >= 0; start--) {
    const c = text[start];
    if (c === '}') depth++;
    else if (c === '{' && depth-- === 0) break;
  }
  if (start < 0) return undefined;
  const token = /[{}"]|\\./g;
  token.lastIndex = start;
  let depth = 0;
  let inString = false;
  for (let m = token.exec(text); m; m = token.exec(text)) {
    if (m[0] === '"') inString = !inString;
    else if (inString) continue;
    else if (m[0] === '{') depth++;
    else if (m[0] === '}' && --depth === 0) return text.slice(start, token.lastIndex);
  }
  return undefined;
}

/** `kill_chain_phases[].phase_name` is the tactic's slug, not its ID. */
function tacticOf(object: StixObject, tacticBySlug: ReadonlyMap<string, string>): string | undefined {
  if (!Array.isArray(object.kill_chain_phases)) return undefined;
  for (const phase of object.kill_chain_phases) {
    const slug = (phase as { phase_name?: unknown } | null)?.phase_name;
    if (typeof slug === 'string' && tacticBySlug.has(slug)) return tacticBySlug.get(slug);
  }
  return undefined;
}
