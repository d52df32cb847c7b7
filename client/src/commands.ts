import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { DataStatus, DataStatusRequest, ProjectConfigInfo, ProjectConfigRequest, ReloadRequest, RevealLineCommand, ShowIncidentTechniquesCommand } from '../../server/src/protocol';
import { createProjectConfig } from './projectConfigCommand';
import type { DataStatusBar } from './statusBar';

/** `DISARM: Reload Framework Data`, `DISARM: Show Data Source`, and the commands behind the code lenses. */
export function registerCommands(languageClient: () => Promise<LanguageClient>, statusBar: DataStatusBar): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('disarm.reloadData', async () => {
      const status = await (await languageClient()).sendRequest<DataStatus>(ReloadRequest);
      statusBar.update(status);
      void vscode.window.showInformationMessage(`DISARM: ${status.problem ?? status.summary}`);
    }),
    vscode.commands.registerCommand('disarm.showDataSource', async () => {
      const client = await languageClient();
      const status = client.isRunning() ? await client.sendRequest<DataStatus>(DataStatusRequest) : statusBar.status;
      statusBar.update(status);
      const active = vscode.window.activeTextEditor?.document.uri;
      const project = client.isRunning() && active?.scheme === 'file' ? await client.sendRequest<ProjectConfigInfo>(ProjectConfigRequest, { uri: active.toString() }) : undefined;
      await showDataSource(status, project);
    }),
    vscode.commands.registerCommand('disarm.createProjectConfig', createProjectConfig),
    vscode.commands.registerCommand(RevealLineCommand, (uri: string, line: number) => revealLine(vscode.Uri.parse(uri), line)),
    vscode.commands.registerCommand(ShowIncidentTechniquesCommand, showIncidentTechniques),
  ];
}

async function revealLine(uri: vscode.Uri, line: number, character = 0): Promise<void> {
  const editor = await vscode.window.showTextDocument(uri);
  const position = new vscode.Position(line, character);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** The code lens on an incident's title: pick one of its techniques to go to where it is cited first. */
async function showIncidentTechniques(uri: string, techniques: Array<{ id: string; label: string }>): Promise<void> {
  if (!techniques.length) {
    void vscode.window.showInformationMessage('DISARM: this incident cites no known technique.');
    return;
  }
  const picked = await vscode.window.showQuickPick(
    techniques.map((t) => ({ label: t.label, id: t.id })),
    { placeHolder: 'Techniques cited by this incident: pick one to go to its first citation' },
  );
  if (!picked) return;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const offset = document.getText().search(new RegExp(`(?<![\\w/.])${picked.id.replace('.', '\\.')}(?![\\w])`));
  const position = document.positionAt(Math.max(offset, 0));
  await revealLine(document.uri, position.line, position.character);
}

/** Which project file applies to the active document, for Show Data Source. */
function describeProject(project: ProjectConfigInfo | undefined): string {
  if (!project) return '';
  if (!project.file) return ' Active document: no .disarm.jsonc, settings apply.';
  const problems = project.problems.length ? ` (it has ${project.problems.length} problem${project.problems.length === 1 ? '' : 's'}: the last good configuration applies)` : '';
  return project.covers ? ` Active document: configured by ${project.file}${problems}.` : ` Active document: not checked, left out by the include or ignore globs of ${project.file}.`;
}

async function showDataSource(status: DataStatus, project?: ProjectConfigInfo): Promise<void> {
  const openSettings = 'Set Data Path';
  const reveal = 'Reveal Source';
  const reload = 'Reload';
  if (!status.source) {
    const choice = await vscode.window.showWarningMessage(
      `DISARM: ${status.problem ?? status.summary}${describeProject(project)}`,
      openSettings,
      reload,
    );
    if (choice === openSettings) await vscode.commands.executeCommand('workbench.action.openSettings', 'disarm.dataPath');
    if (choice === reload) await vscode.commands.executeCommand('disarm.reloadData');
    return;
  }
  const history = status.builtin ? `. No built-in release history: ${status.builtin}` : '';
  const detail = `${status.summary} (found as ${status.source.origin})${history}${status.problem ? `. Last reload failed: ${status.problem}` : ''}.${describeProject(project)}`;
  const choice = await vscode.window.showInformationMessage(`DISARM data: ${detail}`, reveal, openSettings, reload);
  // The web server's sources are URIs in the workspace (no OS file manager there).
  const sourceUri = /^[a-z][\w+.-]+:/i.test(status.source.path) ? vscode.Uri.parse(status.source.path) : undefined;
  if (choice === reveal) {
    if (sourceUri) await vscode.commands.executeCommand('revealInExplorer', sourceUri);
    else await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(status.source.path));
  }
  if (choice === openSettings) await vscode.commands.executeCommand('workbench.action.openSettings', 'disarm.dataPath');
  if (choice === reload) await vscode.commands.executeCommand('disarm.reloadData');
}
