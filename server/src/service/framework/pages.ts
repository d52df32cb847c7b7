import { DisarmObject } from './framework';
import { DisarmKind } from '../markdown/ids';

/** Where each kind's pages live below `generated_pages/`; kinds without pages of their own use their index page. */
const PAGE_OF_KIND: Record<DisarmKind, (id: string) => string> = {
  phase: (id) => `phases/${id}.md`,
  tactic: (id) => `tactics/${id}.md`,
  technique: (id) => `techniques/${id}.md`,
  counter: (id) => `counters/${id}.md`,
  incident: (id) => `incidents/${id}.md`,
  actortype: (id) => `actortypes/${id}.md`,
  metatechnique: (id) => `metatechniques/${id}.md`,
  task: (id) => `tasks/${id}.md`,
  detection: () => 'detections_index.md',
  responsetype: () => 'responsetype_index.md',
};

export const GITHUB_PAGES = 'https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/';

/** The object's page path below `generated_pages/`. */
export function pagePath(object: Pick<DisarmObject, 'id' | 'kind' | 'page'>): string {
  return object.page ?? PAGE_OF_KIND[object.kind](object.id);
}

/** The ID a link destination names by its file name (`../techniques/T0146.007.md` → `T0146.007`). */
export function pageIdOfDestination(url: string): string | undefined {
  const path = url.replace(/[?#].*$/, '');
  const match = /(?:^|\/)((?:TA|TK|T|[PCIAMFD])\d+(?:\.\d+)?)\.md$/i.exec(path);
  return match?.[1].toUpperCase();
}

/**
 * The relative path from a document's folder to a target, both given as `/`-separated absolute
 * paths (`file:` URI paths or POSIX paths).
 */
export function relativePath(fromFolder: string, to: string): string {
  const from = fromFolder.split('/').filter(Boolean);
  const target = to.split('/').filter(Boolean);
  let common = 0;
  while (common < from.length && common < target.length - 1 && from[common] === target[common]) common++;
  const up = from.length - common;
  return [...Array<string>(up).fill('..'), ...target.slice(common)].join('/') || '.';
}

/**
 * The decoded path of a document's URI (`file:///a/b.md` → `/a/b.md`), for relative links to
 * `pagesFolder`. Any `scheme://authority/path` URI has one: a web editor's workspace
 * (`vscode-vfs:`, `vscode-remote:`) links the same way as files. `untitled:` has none.
 */
export function documentPath(uri: string): string | undefined {
  const path = /^[a-z][\w+.-]*:\/\/[^/]*(\/[^?#]*)/i.exec(uri)?.[1];
  if (!path) return undefined;
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}
