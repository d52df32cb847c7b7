import {
  CancellationToken,
  CodeActionKind,
  CodeLensRefreshRequest,
  Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileEvent,
  InitializeParams,
  InitializeResult,
  MessageType,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { DiagnosticsPublisher } from './diagnosticsPublisher';
import { openDocuments } from '../service/markdown/openDocument';
import { ModelCache } from './modelCache';
import {
  CompareReleasesRequest,
  DataStatus,
  DataStatusRequest,
  ProjectConfigInfo,
  ProjectConfigRequest,
  DocumentScope,
  DocumentScopeNotification,
  ReloadRequest,
  StatusNotification,
  VirtualDocumentRequest,
  ServerStats,
  ServerStatsRequest,
} from '../protocol';
import type { DocumentScope as ScopeOfDocument } from '../service/features/scope';
import { PerModel } from './perModel';
import { SliceScheduler, untilCancelled } from './slices';
import { answerByDeadline, RequestDeadline, RequestStops } from './requestDeadline';
import { runSafe } from './runSafe';
import { FIX_ALL_KIND } from '../service/fixes/codeActions';
import type { DataSource, FrameworkIndex } from '../service/framework/framework';
import type { FrameworkSet } from '../service/framework/releases';
import type { DisarmDocument } from '../service/markdown/document';
import type { WorkspaceIndex } from '../service/features/workspaceIndex';
import { createLanguageService, ServiceHost } from '../service/languageService';
import { Settings, SettingsCache } from './settings';
import { registerViewRequests } from './viewRequests';

/** What the server asks its data owner to load: the settings and what the editor has open, as URIs. */
export interface DataRequest {
  readonly dataPath: string | undefined;
  readonly settings: Settings;
  /** Workspace folder URIs. */
  readonly workspaceFolders: readonly string[];
  /** Open document URIs: their folders' ancestors may be a checkout. */
  readonly documents: readonly string[];
}

/** The loaded framework, owned by the platform (it finds, loads and watches the sources). */
export interface ServerData {
  index(): FrameworkIndex | undefined;
  releases(): FrameworkSet | undefined;
  status(): DataStatus;
  load(request: DataRequest): Promise<DataStatus>;
  /** Settles once the first load has finished (diagnostics wait for it, so none are of no data). */
  ready(): Promise<void>;
  dispose(): void;
}

/** Parses open documents off the server's own thread, with a time bound per document. */
export interface ServerParser {
  /** The model, or `undefined` when a newer text with the same `key` replaced it first. */
  parse(text: string, label: string, key?: string): Promise<DisarmDocument | undefined>;
  /** Boots the parse worker ahead of the first parse. */
  start(): void;
  /** Settles once the parse worker first booted: the server's start, which no request's deadline counts. */
  booted(): Promise<void>;
  dispose(): void;
}

/** The workspace index behind references: the markdown files of the workspace folders. */
export interface ServerWorkspace {
  readonly index: WorkspaceIndex;
  /** (Re)builds the index of the folders (URIs). */
  build(folders: readonly string[]): Promise<void>;
  changed(changes: FileEvent[]): void;
  /** A closed document returns to its saved text (or leaves the index). */
  closed(uri: string): void;
  dispose(): void;
}

/** The `.disarm.jsonc` project files (the Node platform reads them from disk). */
export interface ServerProjects {
  /** The codes off and their severities for a document: its project file's over the settings. */
  codes(uri: string, settings: Settings): { disabled: ReadonlySet<string>; severities?: ReadonlyMap<string, DiagnosticSeverity> };
  /** True when the document's project file leaves it out (its include and ignore globs): it gets no findings. */
  excludes(uri: string): boolean;
  /** The document's project file's `scope`, when it sets one (it wins over the setting). */
  scope?(uri: string): 'auto' | 'all' | undefined;
  /** Which project file applies to a document, and its problems. */
  describe(uri: string): ProjectConfigInfo;
  /** Whether the file watcher's `uri` is a project file. */
  isProjectFile(uri: string): boolean;
  /** A project file was created, changed or deleted. */
  changed(uri: string): void;
  /** Reads the files that apply to the workspace folders now, so that their problems show. */
  read(folders: readonly string[]): void;
}

/**
 * What differs between the Node server and the web worker server: where the data comes from, how
 * documents are parsed with a time bound, how the workspace's files are listed and read.
 */
export interface ServerPlatform {
  createData(log: (message: string) => void, onChange: (status: DataStatus) => void): ServerData;
  createParser(log: (message: string) => void): ServerParser;
  createWorkspace(connection: Connection, isOpen: (uri: string) => boolean, log: (message: string) => void): ServerWorkspace;
  /** Reads the platform's own `initializationOptions` (the Node client's downloads folder). */
  initialize?(options: Record<string, unknown>): void;
  /** The client offers the download itself when no data is found (the desktop client does). */
  offersDownload(): boolean;
  /** `generated_pages/` of a checkout as a URI ending in `/`, when its pages should open locally. */
  localPagesRoot(source: DataSource, workspaceFolders: readonly string[]): string | undefined;
  /** `/`-separated path of a checkout's `generated_pages` folder. */
  pagesFolder(source: DataSource): string | undefined;
  /** True when a document at `uri` lies in a checkout other than `source` (worth a reload). */
  inOtherCheckout(uri: string, source: DataSource | undefined): Promise<boolean>;
  memoryUsage(): { heapUsed: number; rss: number };
  /** The project files; `publish` puts a file's problems on it. None: settings alone apply. */
  createProjects?(publish: (uri: string, diagnostics: Diagnostic[]) => void): ServerProjects;
}

const NO_PROJECTS: ServerProjects = {
  codes: (_uri, settings) => ({ disabled: settings.diagnostics.disabled }),
  excludes: () => false,
  describe: () => ({ covers: false, problems: [] }),
  isProjectFile: () => false,
  changed: () => {},
  read: () => {},
};

/**
 * The language server over any connection: settings, data, parsing, diagnostics and every
 * request handler. `server.ts` (Node) and `browserServer.ts` (web worker) only create the
 * connection and the platform.
 */
export function startServer(connection: Connection, platform: ServerPlatform): void {
  const log = (message: string): void => connection.console.log(message);
  // A stray write to stdout would corrupt a stdio connection.
  console.log = log;
  console.info = log;
  console.warn = (message: string) => connection.console.warn(String(message));
  console.error = (message: string) => connection.console.error(String(message));

  // Line offsets by indexOf, and edits that never copy a large text: see openDocument.ts.
  const documents = new TextDocuments(openDocuments);
  let workspaceFolders: string[] = [];
  let initialDataPath: string | undefined;
  let canPullConfiguration = false;
  const canRefresh = { codeLens: false, inlayHint: false };
  let canWatchFiles = false;
  let canFollowFolders = false;
  const settings = new SettingsCache(connection, () => canPullConfiguration);
  // The .disarm.jsonc files; their problems are diagnostics on them.
  const projects = platform.createProjects?.((uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics })) ?? NO_PROJECTS;
  let lastAnnounced: string | undefined;

  const data = platform.createData(log, (status) => {
    perModel.clear();
    // The names of every release, for the checks to come, built in slices rather than by the first check at once.
    void slices.run(service.inSteps.prepareData(), () => false);
    void connection.sendNotification(StatusNotification, status);
    announce(status);
    for (const document of documents.all()) publisher.schedule(document.uri, 0);
    refreshViews();
  });

  /** Shared by the language service and the view requests. */
  const serviceHost: ServiceHost = {
    index: () => data.index(),
    releases: () => data.releases(),
    localPagesRoot: () => {
      const source = data.index()?.source;
      return source?.kind === 'checkout' ? platform.localPagesRoot(source, workspaceFolders) : undefined;
    },
    pagesFolder: () => {
      const source = data.index()?.source;
      return source?.kind === 'checkout' ? platform.pagesFolder(source) : undefined;
    },
  };
  const service = createLanguageService(serviceHost);
  // Every long computation of every document takes its turn here, one slice at a time.
  const slices = new SliceScheduler();
  const perModel = new PerModel();
  const parser = platform.createParser(log);
  const workspace = platform.createWorkspace(connection, (uri) => documents.get(uri) !== undefined, log);
  // Each parsed version that is still current also updates the workspace index: open documents win over disk.
  const models = new ModelCache(async (document, isCurrent) => {
    const model = await parser.parse(document.getText(), document.uri, document.uri);
    // In slices: packing reads the text up to its last reference, a stall per version of a large note.
    if (model && isCurrent()) void slices.run(workspace.index.updateSteps(document.uri, model), () => !isCurrent());
    return model;
  });

  // The framework explorer and coverage view requests; told when the data reloads (refreshViews).
  const views = registerViewRequests({ ...serviceHost, connection, documents, models, workspace: workspace.index, log });

  const publisher = new DiagnosticsPublisher(
    (uri) => documents.get(uri),
    async (document, isOvertaken) => {
      try {
        const config = await settings.get(document.uri);
        if (!config.diagnostics.enable || projects.excludes(document.uri)) return [];
        await data.ready();
        const model = await models.get(document);
        const checked = await slices.run(service.inSteps.isDisarmDocument(model, documentScope(document.uri, config)), isOvertaken);
        if (checked === undefined) return undefined;
        if (scopes.get(document.uri) !== checked) {
          scopes.set(document.uri, checked);
          void connection.sendNotification(DocumentScopeNotification, { uri: document.uri, checked } satisfies DocumentScope);
        }
        if (!checked) return [];
        const options = { ...projects.codes(document.uri, config), maxPerDocument: config.diagnostics.maxPerDocument };
        return isOvertaken() ? undefined : slices.run(service.inSteps.diagnostics(document, model, options), isOvertaken);
      } catch (error) {
        log(`diagnostics failed for ${document.uri}: ${error instanceof Error ? error.stack : String(error)}`);
        return []; // Empty rather than stale.
      }
    },
    (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version: version || undefined, diagnostics }),
  );

  /** What the client was last told of each open document's scope (see DocumentScopeNotification). */
  const scopes = new Map<string, boolean>();
  documents.onDidClose((event) => scopes.delete(event.document.uri));

  /** Where a document lies (URI paths) and the settings that make it a DISARM document: the loaded checkouts, `disarm.include`. */
  function documentScope(uri: string, config: Settings): ScopeOfDocument {
    const sources = data.releases()?.releases.map((r) => r.index.source) ?? [data.index()?.source];
    const roots = sources.flatMap((source) => {
      const pages = source?.kind === 'checkout' ? platform.pagesFolder(source) : undefined;
      return pages ? [pages.replace(/\/generated_pages\/?$/, '')] : [];
    });
    return { mode: projects.scope?.(uri) ?? config.diagnostics.scope, path: uriPath(uri), roots, include: config.include, folders: workspaceFolders.map(uriPath).filter((p): p is string => !!p) };
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    workspaceFolders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (!workspaceFolders.length && params.rootUri) workspaceFolders = [params.rootUri];
    const options = (typeof params.initializationOptions === 'object' && params.initializationOptions) || {};
    const { dataPath } = options as { dataPath?: unknown };
    initialDataPath = typeof dataPath === 'string' && dataPath.trim() ? dataPath.trim() : undefined;
    platform.initialize?.(options as Record<string, unknown>);
    canPullConfiguration = !!params.capabilities.workspace?.configuration;
    canRefresh.codeLens = !!params.capabilities.workspace?.codeLens?.refreshSupport;
    canRefresh.inlayHint = !!params.capabilities.workspace?.inlayHint?.refreshSupport;
    canWatchFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canFollowFolders = !!params.capabilities.workspace?.workspaceFolders;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['.'], resolveProvider: true },
        definitionProvider: true,
        documentLinkProvider: { resolveProvider: false },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: { resolveProvider: false },
        referencesProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'disarm-language-server' },
    };
  });

  connection.onInitialized(() => {
    // The worker boots while the data loads, so the first document's parse does not wait for it.
    parser.start();
    if (canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'disarm' });
    if (canWatchFiles) {
      const watchers = [{ globPattern: '**/*.{md,markdown}' }, { globPattern: '**/.disarm.jsonc' }];
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
    }
    projects.read(workspaceFolders);
    void reload();
    void workspace.build(workspaceFolders);
    if (!canFollowFolders) return;
    connection.workspace.onDidChangeWorkspaceFolders(async () => {
      const folders = (await connection.workspace.getWorkspaceFolders()) ?? [];
      workspaceFolders = folders.map((f) => f.uri);
      void workspace.build(workspaceFolders);
    });
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    const configs = changes.filter((c) => projects.isProjectFile(c.uri));
    if (configs.length) {
      for (const change of configs) projects.changed(change.uri);
      // Documents are checked again, and the data may be another.
      for (const document of documents.all()) publisher.schedule(document.uri, 0);
      void reload();
      refreshViews();
    }
    const others = changes.filter((c) => !configs.includes(c));
    if (others.length) workspace.changed(others);
  });

  connection.onDidChangeConfiguration((change) => {
    const pushed = (change.settings as { disarm?: unknown } | null)?.disarm;
    settings.clear(pushed);
    perModel.clear();
    void reload();
    refreshViews();
  });

  documents.onDidOpen(({ document }) => {
    publisher.schedule(document.uri, 0);
    void considerDocumentFolder(document.uri);
  });
  // Fired for every open (after onDidOpen) and change, whatever the version: each text is parsed (and indexed) anew.
  documents.onDidChangeContent(({ document }) => {
    void models.replace(document);
    publisher.schedule(document.uri);
    // A new text's line offsets, found in slices before the first read needs them (an edit keeps them).
    if (!document.linesKnown) void slices.run(document.lineSteps(), () => documents.get(document.uri) !== document);
  });
  documents.onDidClose(({ document }) => {
    models.delete(document.uri);
    settings.forget(document.uri);
    publisher.clear(document.uri);
    workspace.closed(document.uri);
  });

  /**
   * A request handler on one open document's parsed model; unknown documents get `fallback`.
   * Long work runs in slices that check `stops` (see requestDeadline.ts): a request cancelled or
   * whose text was replaced answers `fallback`; one past its deadline, `ServerCancelled`.
   */
  function onDocument<P extends { textDocument: { uri: string } }, R>(
    name: string,
    fallback: R,
    work: (document: TextDocument, model: DisarmDocument, params: P, stops: RequestStops) => R | undefined | Promise<R | undefined>,
  ): (params: P, token: CancellationToken) => Promise<R | ResponseError<void>> {
    return (params, token) =>
      runSafe<R | ResponseError<void>>(log, name, token, fallback, async () => {
        const document = documents.get(params.textDocument.uri);
        if (!document) return fallback;
        // The model the request was made for: a newer text makes its answer moot.
        const model = models.get(document);
        // Before the first data load the answer would be empty, and an editor does not ask again
        // while the pointer rests (a hover) or the word is typed on: the request waits for the data.
        // That wait and the parse worker's first boot (seconds on a busy machine or in a browser) are
        // the server's start, not the document's cost: the deadline counts from their end. A request
        // waiting for them still answers its cancellation at once.
        await untilCancelled(Promise.all([Promise.race([parser.booted(), model]), data.index() ? undefined : data.ready()]), token);
        const deadline = new RequestDeadline();
        const replaced = () => models.currentModel(document.uri) !== model;
        const answer = await answerByDeadline(name, token, deadline, model, replaced, (parsed, stops) => work(document, parsed, params, stops));
        return answer ?? fallback;
      });
  }

  connection.onHover(onDocument('hover', null, (document, model, params) => service.hover(document, model, params.position)));
  connection.onCompletion(onDocument('completion', null, (document, model, params, { stop }) => slices.run(service.inSteps.completions(document, model, params.position), stop)));
  connection.onCompletionResolve((item, token) => runSafe(log, 'completion resolve', token, item, () => service.resolveCompletion(item)));
  connection.onDefinition(onDocument('definition', null, (document, model, params) => service.definition(document, model, params.position)));
  connection.onDocumentLinks(
    onDocument('document links', [], (document, model, _, { stopKept }) => perModel.get(model, 'links', () => slices.run(service.inSteps.documentLinks(document, model), stopKept))),
  );
  connection.onDocumentSymbol(
    onDocument('document symbols', [], (document, model, _, { stopKept }) => perModel.get(model, 'symbols', () => slices.run(service.inSteps.documentSymbols(document, model), stopKept))),
  );
  connection.onCodeLens(
    onDocument('code lens', [], (document, model, _, { stopKept }) => perModel.get(model, 'lenses', () => slices.run(service.inSteps.codeLenses(document, model), stopKept))),
  );
  connection.languages.inlayHint.on(
    onDocument('inlay hints', [], async (document, model, params) =>
      (await settings.get(document.uri)).inlayHints.enable ? service.inlayHints(document, model, params.range) : [],
    ),
  );
  connection.onCodeAction(
    onDocument('code actions', [], async (document, model, params, { stop, stopKept }) => {
      const config = await settings.get(document.uri);
      const options = { only: params.context.only, disabled: projects.codes(document.uri, config).disabled };
      const actions = (until: () => boolean) => slices.run(service.inSteps.codeActions(document, model, params.range, params.context.diagnostics, options), until);
      // Fix-all alone (on save) reads only the model and the settings: the same answer until either changes.
      const fixAllOnly = !params.context.diagnostics.length && params.context.only?.every((kind) => kind.startsWith(FIX_ALL_KIND));
      return fixAllOnly ? perModel.get(model, `fix-all ${[...options.disabled].sort().join(',')}`, () => actions(stopKept)) : actions(stop);
    }),
  );
  connection.onReferences(
    onDocument('references', [], (document, model, params) =>
      service.references(document, model, params.position, workspace.index, params.context.includeDeclaration),
    ),
  );
  connection.onWorkspaceSymbol((params, token) => runSafe(log, 'workspace symbols', token, [], () => service.workspaceSymbols(params.query)));

  connection.onRequest(ReloadRequest, () => reload());
  connection.onRequest(DataStatusRequest, (): DataStatus => data.status());
  connection.onRequest(ProjectConfigRequest, ({ uri }: { uri: string }): ProjectConfigInfo => projects.describe(uri));
  connection.onRequest(ServerStatsRequest, (): ServerStats => ({ ...platform.memoryUsage(), openDocuments: documents.all().length }));
  connection.onRequest(VirtualDocumentRequest, ({ uri }: { uri: string }) => service.virtualDocument(uri) ?? null);
  connection.onRequest(CompareReleasesRequest, ({ from, to }: { from: string; to: string }) => service.compareReleases(from, to) ?? null);
  connection.onShutdown(() => {
    data.dispose();
    parser.dispose();
    workspace.dispose();
    views.dispose();
  });

  documents.listen(connection);
  connection.listen();

  async function reload(): Promise<DataStatus> {
    const config = await settings.get();
    const dataPath = initialDataPath || config.dataPath || undefined;
    return data.load({ dataPath, settings: config, workspaceFolders, documents: documents.all().map((d) => d.uri) });
  }

  /** A document opened inside a checkout that is not the one in use may be the better source. */
  async function considerDocumentFolder(uri: string): Promise<void> {
    const source = data.index()?.source;
    const chosen = ['the disarm.dataPath setting', 'the disarm.dataSources setting', 'a workspace folder'];
    if (source && (chosen.includes(source.origin) || source.origin.endsWith('.disarm.jsonc'))) return;
    if (await platform.inOtherCheckout(uri, source)) await reload();
  }

  /** Code lenses and inlay hints depend on the data and settings; editors ask again on refresh. */
  function refreshViews(): void {
    views.changed();
    if (canRefresh.codeLens) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    if (canRefresh.inlayHint) void connection.languages.inlayHint.refresh().catch(() => undefined);
  }

  /** Tells the user once per distinct problem; the status bar keeps showing it. */
  function announce(status: DataStatus): void {
    // A client that offers the download (the VS Code desktop client) shows "missing" itself, with a Download button.
    const missing = status.state === 'missing' && !platform.offersDownload() ? status.summary : undefined;
    const message = missing ?? (status.problem ? `DISARM data: ${status.problem}` : undefined);
    if (!message || message === lastAnnounced) return;
    lastAnnounced = message;
    void connection.sendNotification('window/showMessage', { type: MessageType.Warning, message });
  }
}

/** The decoded path of a URI (`file:///w/a%20b.md` → `/w/a b.md`), as the scope compares them. */
function uriPath(uri: string): string | undefined {
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return undefined;
  }
}
