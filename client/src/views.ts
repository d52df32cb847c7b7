import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { ViewsChangedNotification } from '../../server/src/protocol';
import type { CoverageViewModel } from './coverageModel';
import { CoverageView } from './coverageView';
import { ExplorerItemSnapshot, FrameworkExplorer } from './explorer';

/** What `activate()` returns: hooks for the real-editor tests, nothing a user needs. */
export interface DisarmExtensionApi {
  /** The Framework explorer's items as the view renders them. */
  explorerRoots(): Promise<ExplorerItemSnapshot[]>;
  /** The model the coverage view shows, once it has one. */
  coverageModel(): CoverageViewModel | undefined;
}

/**
 * The Framework explorer and the coverage view. Both refetch on `disarm/viewsChanged`, which the
 * server sends after a data (re)load and, debounced, after workspace index changes; not on
 * `disarm/status`, because a language client keeps one handler per notification and that one
 * belongs to the status bar.
 */
export function registerViews(context: vscode.ExtensionContext, client: () => Promise<LanguageClient>): DisarmExtensionApi {
  const explorer = new FrameworkExplorer(client);
  const coverage = new CoverageView(context.extensionUri, client);
  context.subscriptions.push(explorer, coverage);
  void client().then((c) =>
    context.subscriptions.push(
      c.onNotification(ViewsChangedNotification, () => {
        explorer.refresh();
        coverage.refresh();
      }),
    ),
  );
  return { explorerRoots: () => explorer.snapshot(), coverageModel: () => coverage.lastModel };
}
