import * as vscode from 'vscode';
import { PROJECT_CONFIG_TEMPLATE } from './projectConfigTemplate';

/** Writes a commented `.disarm.jsonc` at the root of a workspace folder (or opens the one there). */
export async function createProjectConfig(): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = folders.length > 1 ? await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Where the project configuration goes' }) : folders[0];
  if (!folder) {
    if (!folders.length) void vscode.window.showWarningMessage('DISARM: open a folder first; the project configuration goes at its root.');
    return;
  }
  const file = vscode.Uri.joinPath(folder.uri, '.disarm.jsonc');
  const exists = await vscode.workspace.fs.stat(file).then(
    () => true,
    () => false,
  );
  if (!exists) await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(PROJECT_CONFIG_TEMPLATE));
  await vscode.window.showTextDocument(file);
  if (exists) void vscode.window.showInformationMessage('DISARM: this folder already has a .disarm.jsonc; it is open.');
}
