import { DisarmObject } from './framework';
import { GITHUB_PAGES, pagePath } from './pages';

/** Builds links to object pages: local files when the checkout is in the workspace, else the DISARM GitHub pages. */
export interface PageLinker {
  pageUri(object: Pick<DisarmObject, 'id' | 'kind' | 'page'>): string;
}

/** `localPagesRoot` is the `file:` URI of a checkout's `generated_pages` folder, ending in `/`. */
export function createPageLinker(localPagesRoot: string | undefined): PageLinker {
  const base = localPagesRoot ?? GITHUB_PAGES;
  return { pageUri: (object) => base + pagePath(object).split('/').map(encodeURIComponent).join('/') };
}
