import type { CancellationToken, Connection, Position, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ModelCache } from './modelCache';
import {
  CoverageRequest,
  FolderCoverageRequest,
  FrameworkTreeRequest,
  NavigatorLayerRequest,
  ObjectLocationRequest,
  ReferenceTextRequest,
  ViewsChangedNotification,
} from '../protocol';
import { runSafe } from './runSafe';
import { referenceText } from '../service/features/completion';
import { computeCoverage, DocumentCoverage } from '../service/views/coverage';
import { objectLocationUri } from '../service/features/definition';
import { buildFrameworkTree, FrameworkTree } from '../service/framework/frameworkTree';
import { computeFolderCoverage, FolderCoverage, incidentCount } from '../service/views/heatmap';
import type { ServiceHost } from '../service/languageService';
import { createPageLinker } from '../service/framework/links';
import { buildNavigatorLayer, LayerInput, NavigatorLayer } from '../service/views/navigatorLayer';
import type { WorkspaceIndex } from '../service/features/workspaceIndex';

/** At most one refresh notice per this interval: a workspace scan changes the index thousands of times. */
const VIEWS_DEBOUNCE_MS = 400;

/** What the view requests read; all of it is owned by `server.ts`. */
export interface ViewRequestHost extends ServiceHost {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly models: ModelCache;
  readonly workspace: WorkspaceIndex;
  readonly log: (message: string) => void;
}

/**
 * The requests behind the framework explorer and the coverage view, and the notification that
 * tells them to refetch. Wiring only: every answer comes from a pure function of the service.
 * Returns `changed`, which `server.ts` calls when the data reloads.
 */
export function registerViewRequests(host: ViewRequestHost): { changed(): void; dispose(): void } {
  const { connection, documents, models, workspace, log } = host;
  const safe =
    <P, R>(name: string, fallback: R, work: (params: P) => R | Promise<R>) =>
    (params: P, token: CancellationToken) =>
      runSafe(log, name, token, fallback, () => work(params));

  connection.onRequest(
    FrameworkTreeRequest,
    safe('framework tree', { loaded: false, roots: [] } as FrameworkTree, (params: { filter?: string } | undefined) =>
      buildFrameworkTree(host.index(), (id) => incidentCount(workspace, id), params?.filter),
    ),
  );
  connection.onRequest(
    ObjectLocationRequest,
    safe('object location', null as string | null, ({ id }: { id: string }) => {
      const object = host.index()?.objects.get(id);
      return object ? objectLocationUri(object, host.localPagesRoot()) : null;
    }),
  );
  connection.onRequest(
    ReferenceTextRequest,
    safe('reference text', null as string | null, async ({ uri, position, id }: { uri: string; position: Position; id: string }) => {
      const document = documents.get(uri);
      if (!document) return host.index()?.objects.get(id) ? `${id}: ${host.index()?.objects.get(id)?.name}` : null;
      const context = { index: host.index(), pages: createPageLinker(host.localPagesRoot()), pagesFolder: host.pagesFolder() };
      return referenceText(document, await models.get(document), position, id, context) ?? null;
    }),
  );
  connection.onRequest(
    CoverageRequest,
    safe('coverage', null as DocumentCoverage | null, async ({ uri }: { uri: string }) => {
      const document = documents.get(uri);
      return document ? computeCoverage(document, await models.get(document), host.index()) : null;
    }),
  );
  connection.onRequest(
    FolderCoverageRequest,
    safe('folder coverage', null as FolderCoverage | null, ({ folderUri }: { folderUri: string }) =>
      computeFolderCoverage(workspace, host.index(), folderUri),
    ),
  );
  connection.onRequest(
    NavigatorLayerRequest,
    safe('navigator layer', null as NavigatorLayer | null, (input: LayerInput) => buildNavigatorLayer(input, host.index())),
  );

  let timer: NodeJS.Timeout | undefined;
  // A throttle, not a debounce: during a workspace scan the index changes all the time, and a
  // debounce would hold the views (and a data reload's refresh) back until the scan ends.
  const changed = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connection.sendNotification(ViewsChangedNotification).catch(() => undefined);
    }, VIEWS_DEBOUNCE_MS);
  };
  const unsubscribe = workspace.onDidChange(changed);
  return {
    changed,
    dispose: () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    },
  };
}
