import type { Connection } from 'vscode-languageserver';
import { MAX_MODEL_REFERENCES, PARSE_TIMEOUT_MS } from '../worker/boundedParser';
import type { ServerPlatform } from '../lsp/startServer';
import { Foreground } from './foreground';
import { ClientFiles, isInside, joinUri, parentUri, uriPath } from './clientFiles';
import { WebFrameworkData } from './webData';
import { webParser } from './webParser';
import { WebWorkspace } from './webWorkspace';

/**
 * The web worker server's platform: every file is read by the client through `workspace.fs`
 * (github.dev's virtual file system included), the parses run in nested web workers with the
 * desktop's time bound, and there is no download (the client does not offer one).
 */
export function webPlatform(connection: Connection, foreground = new Foreground()): ServerPlatform {
  const files = new ClientFiles(connection);
  /** The server bundle's `blob:` URL, from the client: parse workers run the same bundle. */
  let bundleUrl: string | undefined;
  let data: WebFrameworkData | undefined;
  const unbounded = (log: (message: string) => void) => (reason: string) =>
    log(`Parsing on the server's own thread, without a time bound: ${reason}.`);
  return {
    createData(log, onChange) {
      data = new WebFrameworkData(files, log, onChange);
      return data;
    },
    createParser: (log) =>
      webParser(() => bundleUrl, PARSE_TIMEOUT_MS, (uri) => log(`Gave up parsing ${uri} after ${PARSE_TIMEOUT_MS} ms: its markdown is too costly to parse, so it gets no DISARM features.`), unbounded(log), 1, MAX_MODEL_REFERENCES),
    createWorkspace(connection, isOpen, log) {
      // Its own parser, so that an opened document never waits behind the scan.
      const parser = webParser(() => bundleUrl, PARSE_TIMEOUT_MS, (uri) => log(`Gave up parsing ${uri} for the workspace index after ${PARSE_TIMEOUT_MS} ms.`), () => {}, 4);
      const workspace = new WebWorkspace(connection, files, (text, label) => parser.parse(text, label), isOpen, log, (changes) => data?.changed(changes), () => foreground.quiet());
      // The data first: hovers wait for it, and the scan's reads would queue before the checkout's.
      const build = workspace.build.bind(workspace);
      workspace.build = async (folders) => {
        await data?.idle();
        return build(folders);
      };
      const dispose = workspace.dispose.bind(workspace);
      workspace.dispose = () => {
        dispose();
        parser.dispose();
      };
      return workspace;
    },
    initialize(options) {
      bundleUrl = typeof options.bundleUrl === 'string' ? options.bundleUrl : undefined;
    },
    offersDownload: () => false,
    localPagesRoot: (source, workspaceFolders) =>
      source.origin === 'a workspace folder' ||
      source.origin === 'an ancestor folder of an open document' ||
      workspaceFolders.some((folder) => isInside(source.path, folder) || isInside(folder, source.path))
        ? `${joinUri(source.path, 'generated_pages')}/`
        : undefined,
    pagesFolder: (source) => uriPath(joinUri(source.path, 'generated_pages')),
    async inOtherCheckout(uri, source) {
      const folder = parentUri(uri);
      const checkout = folder && (await data?.checkoutAncestor(folder));
      return !!checkout && checkout !== source?.path;
    },
    // A web worker has no memory API worth reporting.
    memoryUsage: () => ({ heapUsed: 0, rss: 0 }),
  };
}
