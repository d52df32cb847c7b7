import type { DisarmDocument } from '../markdown/document';
import type { OffsetEdit } from '../markdown/edits';
import type { FrameworkIndex } from '../framework/framework';
import type { FrameworkSet } from '../framework/releases';

/** One way to fix a finding. `preferred` fixes are the ones applied without asking (fix all, `--fix`). */
export interface Fix {
  readonly title: string;
  readonly edits: readonly OffsetEdit[];
  readonly preferred: boolean;
}

/** What the fixes of a document need. */
export interface FixContext {
  readonly uri: string;
  readonly model: DisarmDocument;
  readonly index: FrameworkIndex;
  /** `/`-separated absolute path of the checkout's `generated_pages` folder, for links in a table with none to copy. */
  readonly pagesFolder?: string;
  /** The loaded releases when there are several (`index` is then `releases.index`), for `removed-id`. */
  readonly releases?: FrameworkSet;
}
