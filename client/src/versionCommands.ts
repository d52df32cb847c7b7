import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { CompareReleasesRequest, DataStatus, DataStatusRequest, ReleaseInfo } from '../../server/src/protocol';
import type { DataStatusBar } from './statusBar';

/** The read-only comparison reports; the server renders them. */
const COMPARE_SCHEME = 'disarm-compare';
/** What the status bar item runs: switch the target, or the data source actions. */
export const STATUS_MENU_COMMAND = 'disarm.statusMenu';

/**
 * `DISARM: Compare Framework Versions` and the status bar's menu; the menu offers `DISARM: Download
 * Framework Data` when `canDownload` (the desktop extension registers that command, the web one does not).
 */
export function registerVersionCommands(
  languageClient: () => Promise<LanguageClient>,
  statusBar: DataStatusBar,
  canDownload: boolean,
): vscode.Disposable[] {
  const currentStatus = async (): Promise<DataStatus> => {
    const client = await languageClient();
    const status = client.isRunning() ? await client.sendRequest<DataStatus>(DataStatusRequest) : statusBar.status;
    statusBar.update(status);
    return status;
  };
  const reports: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(uri) {
      const query = new URLSearchParams(uri.query);
      const text = await (await languageClient()).sendRequest<string | null>(CompareReleasesRequest, { from: query.get('from'), to: query.get('to') });
      return text ?? 'These releases are no longer loaded.';
    },
  };
  return [
    vscode.workspace.registerTextDocumentContentProvider(COMPARE_SCHEME, reports),
    vscode.commands.registerCommand('disarm.compareVersions', async () => compareVersions(await currentStatus())),
    vscode.commands.registerCommand(STATUS_MENU_COMMAND, async () => statusMenu(await currentStatus(), canDownload)),
  ];
}

type MenuItem = vscode.QuickPickItem & { release?: ReleaseInfo; command?: string };

/** The releases to switch the target to, then the data source actions. */
async function statusMenu(status: DataStatus, canDownload: boolean): Promise<void> {
  const releases = status.releases ?? [];
  const items: MenuItem[] = releases.map((release) => ({
    label: `${release.label === status.target ? '$(check)' : '$(blank)'} ${release.label}`,
    description: `${release.techniqueCount} techniques${release.created ? `, ${release.created.slice(0, 10)}` : ''}`,
    detail: release.path,
    release,
  }));
  if (items.length) items.unshift({ label: 'Check documents against', kind: vscode.QuickPickItemKind.Separator });
  items.push(
    { label: 'Data', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(info) Show Data Source', command: 'disarm.showDataSource' },
    { label: '$(diff) Compare Framework Versions', command: 'disarm.compareVersions' },
    ...(canDownload ? [{ label: '$(cloud-download) Download Framework Data', command: 'disarm.downloadData' }] : []),
    { label: '$(refresh) Reload Framework Data', command: 'disarm.reloadData' },
  );
  const picked = await vscode.window.showQuickPick(items, { placeHolder: status.target ? `DISARM: checking against ${status.target}` : status.summary });
  if (picked?.command) await vscode.commands.executeCommand(picked.command);
  if (picked?.release && picked.release.label !== status.target) await setTarget(picked.release.label);
}

/**
 * Writes `disarm.targetVersion` where the sources are configured (a workspace's sources name a
 * workspace's releases), else in the workspace when one is open, else in the user settings.
 */
async function setTarget(label: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('disarm');
  const sources = config.inspect('dataSources');
  const target =
    sources?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : sources?.workspaceValue !== undefined || (sources?.globalValue === undefined && vscode.workspace.workspaceFolders?.length)
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await config.update('targetVersion', label, target);
}

/** Two quick picks, then the report as a read-only markdown document. */
async function compareVersions(status: DataStatus): Promise<void> {
  const releases = status.releases ?? [];
  if (releases.length < 2) {
    void vscode.window.showInformationMessage('DISARM: load at least two releases (disarm.dataSources, or a download beside them) to compare them.');
    return;
  }
  const item = (release: ReleaseInfo) => ({ label: release.label, description: `${release.techniqueCount} techniques`, detail: release.path, release });
  const oldestFirst = [...releases].reverse();
  const from = await vscode.window.showQuickPick(oldestFirst.map(item), { placeHolder: 'Compare from (the older release)' });
  if (!from) return;
  const to = await vscode.window.showQuickPick(
    releases.filter((r) => r !== from.release).map(item),
    { placeHolder: `Compare ${from.label} with` },
  );
  if (!to) return;
  const uri = vscode.Uri.from({
    scheme: COMPARE_SCHEME,
    path: `/${`${from.label} to ${to.label}`.replace(/[\\/]/g, '-')}.md`,
    query: new URLSearchParams({ from: from.label, to: to.label }).toString(),
  });
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(document, 'markdown');
  await vscode.window.showTextDocument(document, { preview: false });
}
