import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BackgroundParser, PARSE_TIMEOUT_MS } from '../node/backgroundParser';
import { checkoutAncestor } from '../node/dataSource';
import { FrameworkData } from '../node/frameworkData';
import { fileUri } from '../node/workspaceScanner';
import type { DataSource } from '../service/framework/framework';
import type { DataRequest, ServerPlatform } from './startServer';
import { WorkspaceIndexing } from './workspaceIndexing';

/**
 * The Node server's platform: data from the file system (watched), parses in worker threads
 * (`parseWorker.js` next to the server bundle), the workspace scanned from disk.
 */
export function nodePlatform(bundleFolder: string): ServerPlatform {
  const parseWorker = path.join(bundleFolder, 'parseWorker.js');
  /** The VS Code client's folder of downloaded bundles; it also offers the download when no data is found. */
  let downloadsFolder: string | undefined;
  return {
    createData(log, onChange) {
      const data = new FrameworkData(log, onChange, path.join(bundleFolder, 'dataWorker.js'));
      return {
        index: () => data.index(),
        releases: () => data.releases(),
        status: () => data.status(),
        dispose: () => data.dispose(),
        load: ({ dataPath, settings, workspaceFolders, documents }: DataRequest) => {
          const documentFolders = new Set<string>();
          for (const uri of documents) {
            const file = toPath(uri);
            if (file) documentFolders.add(path.dirname(file));
          }
          return data.load({
            dataPath,
            workspaceFolders: toPaths(workspaceFolders),
            documentFolders: [...documentFolders],
            sources: settings.dataSources,
            targetVersion: settings.targetVersion,
            downloadsFolder,
          });
        },
      };
    },
    createParser: (log) =>
      new BackgroundParser(parseWorker, PARSE_TIMEOUT_MS, (uri) =>
        log(`Gave up parsing ${uri} after ${PARSE_TIMEOUT_MS} ms: its markdown is too costly to parse, so it gets no DISARM features.`),
      ),
    createWorkspace(connection, isOpen, log) {
      const indexing = new WorkspaceIndexing(connection, parseWorker, PARSE_TIMEOUT_MS, isOpen, log);
      return {
        index: indexing.index,
        build: (folders) => indexing.build(toPaths(folders)),
        changed: (changes) => indexing.changed(changes),
        closed: (uri) => indexing.closed(uri),
        dispose: () => indexing.dispose(),
      };
    },
    initialize(options) {
      const downloads = options.downloadsFolder;
      downloadsFolder = typeof downloads === 'string' && path.isAbsolute(downloads) ? downloads : undefined;
    },
    offersDownload: () => downloadsFolder !== undefined,
    localPagesRoot: (source, workspaceFolders) =>
      pagesOpenLocally(source, toPaths(workspaceFolders)) ? `${fileUri(path.join(source.path, 'generated_pages'))}/` : undefined,
    pagesFolder: (source) => decodeURIComponent(pathToFileURL(path.join(source.path, 'generated_pages')).pathname),
    async inOtherCheckout(uri, source) {
      const file = toPath(uri);
      if (!file) return false;
      const checkout = await checkoutAncestor(path.dirname(file));
      return !!checkout && checkout !== source?.path;
    },
    memoryUsage() {
      (globalThis as { gc?: () => void }).gc?.();
      const { heapUsed, rss } = process.memoryUsage();
      return { heapUsed, rss };
    },
  };
}

/** Local pages are linked when the checkout is part of what the user has open. */
function pagesOpenLocally(source: DataSource, workspaceFolders: readonly string[]): boolean {
  if (source.origin === 'a workspace folder' || source.origin === 'an ancestor folder of an open document') return true;
  const inside = (child: string, parent: string) => !path.relative(parent, child).startsWith('..');
  return workspaceFolders.some((folder) => inside(source.path, folder) || inside(folder, source.path));
}

function toPaths(uris: readonly string[]): string[] {
  return uris.map(toPath).filter((p): p is string => !!p);
}

function toPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}
