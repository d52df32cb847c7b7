/** The custom messages between the client and the server, declared once for both sides. */

/** What the server has loaded, pushed whenever it changes. */
export interface DataStatus {
  readonly state: 'loading' | 'loaded' | 'missing' | 'error';
  /** One line for the status bar tooltip and logs. */
  readonly summary: string;
  readonly source?: { readonly kind: 'checkout' | 'stix'; readonly path: string; readonly origin: string };
  readonly techniqueCount?: number;
  /** The last load problem, if any (the previous data may still be in use). */
  readonly problem?: string;
}

/** Server → client notification carrying {@link DataStatus}. */
export const StatusNotification = 'disarm/status';
/** Client → server request: discover and load the data again; answers the new {@link DataStatus}. */
export const ReloadRequest = 'disarm/reload';
/** Client → server request: answers the current {@link DataStatus}. */
export const DataStatusRequest = 'disarm/dataStatus';
/** Client → server request `{ uri }`: the markdown of a `disarm:` virtual document, or null. */
export const VirtualDocumentRequest = 'disarm/virtualDocument';
/** The URI scheme of the read-only documents the server renders for objects without a local page. */
export const VIRTUAL_SCHEME = 'disarm';
/** Client commands the server's code lenses call. */
export const RevealLineCommand = 'disarm.revealLine';
export const ShowIncidentTechniquesCommand = 'disarm.showIncidentTechniques';
