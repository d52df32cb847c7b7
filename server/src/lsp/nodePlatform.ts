import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BackgroundParser, MAX_MODEL_REFERENCES, PARSE_TIMEOUT_MS } from '../node/backgroundParser';
import { checkoutAncestor } from '../node/dataSource';
import { FrameworkData } from '../node/frameworkData';
import { snapshotPath } from '../node/loadSnapshot';
import { fileUri } from '../node/workspaceScanner';
import type { DataSource } from '../service/framework/framework';
import type { DataRequest, ServerPlatform } from './startServer';
import { WorkspaceIndexing } from './workspaceIndexing';
import { ProjectConfigs, withProjectConfig } from './projectConfigs';
import { CONFIG_FILE } from '../node/projectConfig';

/**
 * The Node server's platform: data from the file system (watched), parses in worker threads
 * (`parseWorker.js` next to the server bundle), the workspace scanned from disk.
 */
export function nodePlatform(bundleFolder: string): ServerPlatform {
  const parseWorker = path.join(bundleFolder, 'parseWorker.js');
  /** The VS Code client's folder of downloaded bundles; it also offers the download when no data is found. */
  let downloadsFolder: string | undefined;
  let projects: ProjectConfigs | undefined;
  return {
    createData(log, onChange) {
      const data = new FrameworkData(log, onChange, snapshotPath(bundleFolder), path.join(bundleFolder, 'dataWorker.js'));
      return {
        index: () => data.index(),
        releases: () => data.releases(),
        status: () => data.status(),
        ready: () => data.ready(),
        dispose: () => data.dispose(),
        load: ({ dataPath, settings, workspaceFolders, documents }: DataRequest) => {
          const documentFolders = new Set<string>();
          for (const uri of documents) {
            const file = toPath(uri);
            if (file) documentFolders.add(path.dirname(file));
          }
          const folders = toPaths(workspaceFolders);
          // The first workspace folder's project file names the data for the workspace, over the settings.
          const project = folders.length ? projects?.forFolder(folders[0]) : undefined;
          const fromProject = !!project?.data?.length;
          return data.load({
            dataPath: fromProject ? undefined : dataPath,
            workspaceFolders: folders,
            documentFolders: [...documentFolders],
            sources: fromProject ? project!.data : settings.dataSources,
            sourcesOrigin: fromProject ? project!.file : undefined,
            targetVersion: project?.target ?? settings.targetVersion,
            downloadsFolder,
          });
        },
      };
    },
    createParser: (log) =>
      new BackgroundParser(
        parseWorker,
        PARSE_TIMEOUT_MS,
        (uri) => log(`Gave up parsing ${uri} after ${PARSE_TIMEOUT_MS} ms: its markdown is too costly to parse, so it gets no DISARM features.`),
        1,
        MAX_MODEL_REFERENCES,
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
    createProjects(publish) {
      projects = new ProjectConfigs((file, diagnostics) => publish(fileUri(file), diagnostics));
      const configs = projects;
      return {
        codes: (uri, settings) => {
          const file = toPath(uri);
          return withProjectConfig(settings, file ? configs.forFile(file) : undefined);
        },
        scope: (uri) => {
          const file = toPath(uri);
          return file ? configs.forFile(file)?.scope : undefined;
        },
        excludes: (uri) => {
          const file = toPath(uri);
          return !!file && configs.excludes(file);
        },
        describe: (uri) => {
          const file = toPath(uri);
          if (!file) return { covers: false, problems: [] };
          return { ...configs.describe(path.dirname(file)), covers: !!configs.forFile(file) };
        },
        isProjectFile: (uri) => path.basename(toPath(uri) ?? '') === CONFIG_FILE,
        changed: (uri) => {
          const file = toPath(uri);
          if (file) configs.changed(file);
        },
        read: (folders) => {
          for (const folder of toPaths(folders)) configs.forFolder(folder);
        },
      };
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
