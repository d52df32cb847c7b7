import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CancellationToken,
  CodeActionKind,
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  InitializeParams,
  InitializeResult,
  MessageType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticsPublisher } from './lsp/diagnosticsPublisher';
import { ModelCache } from './lsp/modelCache';
import { BackgroundParser, PARSE_TIMEOUT_MS } from './node/backgroundParser';
import { checkoutAncestor, DiscoveryInput } from './node/dataSource';
import { FrameworkData } from './node/frameworkData';
import { fileUri } from './node/workspaceScanner';
import { CompareReleasesRequest, DataStatus, DataStatusRequest, ReloadRequest, StatusNotification, VirtualDocumentRequest, ServerStats, ServerStatsRequest } from './protocol';
import { runSafe } from './lsp/runSafe';
import { FIX_ALL_KIND } from './service/fixes/codeActions';
import type { DisarmDocument } from './service/markdown/document';
import { createLanguageService, ServiceHost } from './service/languageService';
import { SettingsCache } from './lsp/settings';
import { registerViewRequests } from './lsp/viewRequests';
import { WorkspaceIndexing } from './lsp/workspaceIndexing';

// Started as `node dist/server.js --stdio` by other editors, and over node IPC by the VS Code client.
const connection = createConnection(ProposedFeatures.all);
const log = (message: string): void => connection.console.log(message);
// A stray write to stdout would corrupt a stdio connection.
console.log = log;
console.info = log;
console.warn = (message: string) => connection.console.warn(String(message));
console.error = (message: string) => connection.console.error(String(message));

const documents = new TextDocuments(TextDocument);
let workspaceFolders: string[] = [];
let initialDataPath: string | undefined;
/** The VS Code client's folder of downloaded bundles; it also offers the download when no data is found. */
let downloadsFolder: string | undefined;
let canPullConfiguration = false;
const canRefresh = { codeLens: false, inlayHint: false };
let canWatchFiles = false;
let canFollowFolders = false;
const settings = new SettingsCache(connection, () => canPullConfiguration);
let lastAnnounced: string | undefined;

const data = new FrameworkData(log, (status) => {
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
    if (source?.kind !== 'checkout' || !pagesOpenLocally(source.path, source.origin)) return undefined;
    return `${fileUri(path.join(source.path, 'generated_pages'))}/`;
  },
  pagesFolder: () => {
    const source = data.index()?.source;
    return source?.kind === 'checkout' ? decodeURIComponent(pathToFileURL(path.join(source.path, 'generated_pages')).pathname) : undefined;
  },
};
const service = createLanguageService(serviceHost);
const parser = new BackgroundParser(path.join(__dirname, 'parseWorker.js'), PARSE_TIMEOUT_MS, (uri) =>
  log(`Gave up parsing ${uri} after ${PARSE_TIMEOUT_MS} ms: its markdown is too costly to parse, so it gets no DISARM features.`),
);
const workspace = new WorkspaceIndexing(connection, path.join(__dirname, 'parseWorker.js'), PARSE_TIMEOUT_MS, (uri) => documents.get(uri) !== undefined, log);
// Each parsed version that is still current also updates the workspace index: open documents win over disk.
const models = new ModelCache(async (document) => {
  const model = await parser.parse(document.getText(), document.uri, document.uri);
  if (model && documents.get(document.uri)?.version === document.version) workspace.index.update(document.uri, model);
  return model;
});

// The framework explorer and coverage view requests; told when the data reloads (refreshViews).
const views = registerViewRequests({ ...serviceHost, connection, documents, models, workspace: workspace.index, log });

const publisher = new DiagnosticsPublisher(
  (uri) => documents.get(uri),
  async (document) => {
    try {
      const config = await settings.get(document.uri);
      if (!config.diagnostics.enable) return [];
      return service.diagnostics(document, await models.get(document), { disabled: config.diagnostics.disabled });
    } catch (error) {
      log(`diagnostics failed for ${document.uri}: ${error instanceof Error ? error.stack : String(error)}`);
      return []; // Empty rather than stale.
    }
  },
  (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version: version || undefined, diagnostics }),
);

connection.onInitialize((params: InitializeParams): InitializeResult => {
  workspaceFolders = (params.workspaceFolders ?? []).map((f) => toPath(f.uri)).filter((p): p is string => !!p);
  if (!workspaceFolders.length && params.rootUri) workspaceFolders = [toPath(params.rootUri)].filter((p): p is string => !!p);
  const options = params.initializationOptions as { dataPath?: unknown } | undefined;
  initialDataPath = typeof options?.dataPath === 'string' && options.dataPath.trim() ? options.dataPath.trim() : undefined;
  const downloads = (options as { downloadsFolder?: unknown } | undefined)?.downloadsFolder;
  downloadsFolder = typeof downloads === 'string' && path.isAbsolute(downloads) ? downloads : undefined;
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
  if (canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'disarm' });
  if (canWatchFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{md,markdown}' }] });
  void reload();
  void workspace.build(workspaceFolders);
  if (!canFollowFolders) return;
  connection.workspace.onDidChangeWorkspaceFolders(async () => {
    const folders = (await connection.workspace.getWorkspaceFolders()) ?? [];
    workspaceFolders = folders.map((f) => toPath(f.uri)).filter((p): p is string => !!p);
    void workspace.build(workspaceFolders);
  });
});

connection.onDidChangeWatchedFiles(({ changes }) => workspace.changed(changes));

connection.onDidChangeConfiguration((change) => {
  const pushed = (change.settings as { disarm?: unknown } | null)?.disarm;
  settings.clear(pushed);
  void reload();
  refreshViews();
});

documents.onDidOpen(({ document }) => {
  publisher.schedule(document.uri, 0);
  void models.get(document); // indexes the open version at once
  void considerDocumentFolder(document.uri);
});
documents.onDidChangeContent(({ document }) => publisher.schedule(document.uri));
documents.onDidClose(({ document }) => {
  models.delete(document.uri);
  settings.forget(document.uri);
  publisher.clear(document.uri);
  workspace.closed(document.uri);
});

/** A request handler on one open document's parsed model; unknown documents get `fallback`. */
function onDocument<P extends { textDocument: { uri: string } }, R>(
  name: string,
  fallback: R,
  work: (document: TextDocument, model: DisarmDocument, params: P) => R | Promise<R>,
): (params: P, token: CancellationToken) => Promise<R> {
  return (params, token) =>
    runSafe(log, name, token, fallback, async () => {
      const document = documents.get(params.textDocument.uri);
      return document ? work(document, await models.get(document), params) : fallback;
    });
}

connection.onHover(onDocument('hover', null, (document, model, params) => service.hover(document, model, params.position)));
connection.onCompletion(onDocument('completion', null, (document, model, params) => service.completions(document, model, params.position)));
connection.onCompletionResolve((item, token) => runSafe(log, 'completion resolve', token, item, () => service.resolveCompletion(item)));
connection.onDefinition(onDocument('definition', null, (document, model, params) => service.definition(document, model, params.position)));
connection.onDocumentLinks(onDocument('document links', [], (document, model) => service.documentLinks(document, model)));
connection.onDocumentSymbol(onDocument('document symbols', [], (document) => service.documentSymbols(document)));
connection.onCodeLens(onDocument('code lens', [], (document, model) => service.codeLenses(document, model)));
connection.languages.inlayHint.on(
  onDocument('inlay hints', [], async (document, model, params) =>
    (await settings.get(document.uri)).inlayHints.enable ? service.inlayHints(document, model, params.range) : [],
  ),
);
connection.onCodeAction(
  onDocument('code actions', [], async (document, model, params) => {
    const config = await settings.get(document.uri);
    return service.codeActions(document, model, params.range, params.context.diagnostics, {
      only: params.context.only,
      disabled: config.diagnostics.disabled,
    });
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
connection.onRequest(ServerStatsRequest, (): ServerStats => {
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss, openDocuments: documents.all().length };
});
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
  return data.load({ ...discoveryInput(dataPath), sources: config.dataSources, targetVersion: config.targetVersion, downloadsFolder });
}

function discoveryInput(dataPath: string | undefined): DiscoveryInput {
  const documentFolders = new Set<string>();
  for (const document of documents.all()) {
    const file = toPath(document.uri);
    if (file) documentFolders.add(path.dirname(file));
  }
  return { dataPath, workspaceFolders, documentFolders: [...documentFolders] };
}

/** A document opened inside a checkout that is not the one in use may be the better source. */
async function considerDocumentFolder(uri: string): Promise<void> {
  const file = toPath(uri);
  const source = data.index()?.source;
  const chosen = ['the disarm.dataPath setting', 'the disarm.dataSources setting', 'a workspace folder'];
  if (!file || (source && chosen.includes(source.origin))) return;
  const checkout = await checkoutAncestor(path.dirname(file));
  if (checkout && checkout !== source?.path) await reload();
}

/** Code lenses and inlay hints depend on the data and settings; editors ask again on refresh. */
function refreshViews(): void {
  views.changed();
  if (canRefresh.codeLens) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  if (canRefresh.inlayHint) void connection.languages.inlayHint.refresh().catch(() => undefined);
}

/** Tells the user once per distinct problem; the status bar keeps showing it. */
function announce(status: DataStatus): void {
  // The VS Code client (which says so by giving a downloads folder) shows "missing" itself, with a Download button.
  const missing = status.state === 'missing' && !downloadsFolder ? status.summary : undefined;
  const message = missing ?? (status.problem ? `DISARM data: ${status.problem}` : undefined);
  if (!message || message === lastAnnounced) return;
  lastAnnounced = message;
  void connection.sendNotification('window/showMessage', { type: MessageType.Warning, message });
}

/** Local pages are linked when the checkout is part of what the user has open. */
function pagesOpenLocally(checkout: string, origin: string): boolean {
  if (origin === 'a workspace folder' || origin === 'an ancestor folder of an open document') return true;
  const inside = (child: string, parent: string) => !path.relative(parent, child).startsWith('..');
  return workspaceFolders.some((folder) => inside(checkout, folder) || inside(folder, checkout));
}

function toPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}
