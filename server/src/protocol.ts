/** The custom messages between the client and the server, declared once for both sides. */

/** What the server has loaded, pushed whenever it changes. */
export interface DataStatus {
  readonly state: 'loading' | 'loaded' | 'missing' | 'error';
  /** One line for the status bar tooltip and logs. */
  readonly summary: string;
  readonly source?: { readonly kind: 'checkout' | 'stix' | 'builtin'; readonly path: string; readonly origin: string };
  readonly techniqueCount?: number;
  /** The last load problem, if any (the previous data may still be in use). */
  readonly problem?: string;
  /** The label of the release documents are checked against. */
  readonly target?: string;
  /** How the target is shown: `DISARM 1.6 (checkout)`, `DISARM 1.7 (built in)`. */
  readonly targetName?: string;
  /** The span of the loaded releases, oldest first (`0.1–1.7`), when there are several. */
  readonly history?: string;
  /** Why no built-in release history is loaded (the build has none, or it could not be read); absent when it is. */
  readonly builtin?: string;
  /** Every loaded release, newest first (one with a single source). */
  readonly releases?: readonly ReleaseInfo[];
}

/** One loaded DISARM release, as the status lists it. */
export interface ReleaseInfo {
  readonly label: string;
  readonly kind: 'checkout' | 'stix' | 'builtin';
  readonly path: string;
  /** ISO 8601 creation time of the data, when known. */
  readonly created?: string;
  /** The DISARM version (`1.6`), when known. */
  readonly version?: string;
  readonly techniqueCount: number;
}

/** Server → client notification carrying {@link DataStatus}. */
export const StatusNotification = 'disarm/status';
/**
 * Server → client notification {@link DocumentScope}: whether diagnostics run in a document. Only
 * DISARM documents are checked unless `disarm.diagnostics.scope` is `all`; the status bar says so.
 */
export const DocumentScopeNotification = 'disarm/documentScope';
export interface DocumentScope {
  readonly uri: string;
  /** False: not a DISARM document, so it gets hover and completion but no diagnostics. */
  readonly checked: boolean;
}
/** Client → server request: discover and load the data again; answers the new {@link DataStatus}. */
export const ReloadRequest = 'disarm/reload';
/** Client → server request: answers the current {@link DataStatus}. */
export const DataStatusRequest = 'disarm/dataStatus';
/** Client → server request `{ uri }`: the `.disarm.jsonc` that applies to a document, and its problems ({@link ProjectConfigInfo}). */
export const ProjectConfigRequest = 'disarm/projectConfig';
export interface ProjectConfigInfo {
  /** The project file's path; none when settings alone apply. */
  readonly file?: string;
  /** Whether it covers the document (its include and ignore globs). */
  readonly covers: boolean;
  /** `line:col: message` for each problem; the last good configuration is in use meanwhile. */
  readonly problems: readonly string[];
}
/** Client → server request `{ from, to }` (release labels): the markdown comparison report, or null when either is not loaded. */
export const CompareReleasesRequest = 'disarm/compareReleases';
/** Client → server request `{ uri }`: the markdown of a `disarm:` virtual document, or null. */
export const VirtualDocumentRequest = 'disarm/virtualDocument';
/** The URI scheme of the read-only documents the server renders for objects without a local page. */
export const VIRTUAL_SCHEME = 'disarm';
/** Client commands the server's code lenses call. */
export const RevealLineCommand = 'disarm.revealLine';
export const ShowIncidentTechniquesCommand = 'disarm.showIncidentTechniques';

// The framework explorer and the coverage view (their payload types live with their builders).
export type { FrameworkTree, FrameworkTreeNode } from './service/framework/frameworkTree';
export type { CitedTechnique, DocumentCoverage } from './service/views/coverage';
export type { FolderCoverage, HeatCell } from './service/views/heatmap';
export type { LayerInput, NavigatorLayer } from './service/views/navigatorLayer';
/** Client → server request `{ filter? }`: the {@link FrameworkTree} with incident counts. */
export const FrameworkTreeRequest = 'disarm/frameworkTree';
/** Client → server request `{ id }`: the URI to open for an object (local page or `disarm:` document), or null. */
export const ObjectLocationRequest = 'disarm/objectLocation';
/** Client → server request `{ uri, position, id }`: the text completion would insert there for `id`, or null. */
export const ReferenceTextRequest = 'disarm/referenceText';
/** Client → server request `{ uri }`: the open document's {@link DocumentCoverage}, or null. */
export const CoverageRequest = 'disarm/coverage';
/** Client → server request `{ folderUri }`: the {@link FolderCoverage} of the incidents below a folder. */
export const FolderCoverageRequest = 'disarm/folderCoverage';
/** Client → server request {@link LayerInput}: a Navigator layer ({@link NavigatorLayer}). */
export const NavigatorLayerRequest = 'disarm/navigatorLayer';
/** Server → client notification: the data reloaded or the workspace index changed (debounced); views refetch. */
export const ViewsChangedNotification = 'disarm/viewsChanged';
/**
 * Client → server request: the server's memory, after a garbage collection when node runs with
 * `--expose-gc`. For load tests and diagnosis; answers {@link ServerStats}.
 */
export const ServerStatsRequest = 'disarm/serverStats';
export interface ServerStats {
  readonly heapUsed: number;
  readonly rss: number;
  readonly openDocuments: number;
}

// The web worker server has no file system: it asks the client, which reads through workspace.fs
// (so github.dev's virtual file system works). URIs as the editor spells them.
/** What {@link ReadFileRequest} answers: the file's UTF-8 text, or why it could not be read (`ENOENT`, `EISDIR`, `TOOBIG`). */
export type ReadFileResult = { readonly text: string } | { readonly error: string };
/** Server → client request `{ uri, maxBytes? }`: a {@link ReadFileResult}. */
export const ReadFileRequest = 'disarm/readFile';
/** A file system entry's type as {@link StatRequest} and {@link ReadDirectoryRequest} give it. */
export type EntryType = 'file' | 'directory';
/** Server → client request `{ uri }`: `{ type, size }`, or null when nothing is there. */
export const StatRequest = 'disarm/stat';
/** Server → client request `{ uri }`: the folder's entries as `[name, type]` (symbolic links and others left out), [] when unreadable. */
export const ReadDirectoryRequest = 'disarm/readDirectory';
/** Server → client request `{ folder, max }`: the URIs of the markdown files below the folder (not below `node_modules` or dot folders), at most `max`. */
export const FindMarkdownRequest = 'disarm/findMarkdown';
/** Server → client request: the text of the extension's built-in release history (`dist/disarm-data.json`), or null when the build has none. */
export const BuiltInDataRequest = 'disarm/builtInData';
