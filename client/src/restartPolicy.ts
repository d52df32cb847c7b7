import * as vscode from 'vscode';
import { CloseAction, CloseHandlerResult, ErrorAction, ErrorHandler, ErrorHandlerResult } from 'vscode-languageclient';

/** More crashes than this within the window and the server is left stopped: it is not going to recover. */
const MAX_RESTARTS = 5;
const WINDOW_MS = 3 * 60 * 1000;

/**
 * When the server process dies the client starts it again (it then gets the open documents and
 * publishes their diagnostics anew). The user is told once, not at every restart; after repeated
 * crashes in a short time the server stays stopped and the user is told why.
 */
export function restartPolicy(): ErrorHandler {
  const crashes: number[] = [];
  let told = false;
  return {
    error: (): ErrorHandlerResult => ({ action: ErrorAction.Continue, handled: true }),
    closed: (): CloseHandlerResult => {
      const now = Date.now();
      crashes.push(now);
      while (crashes.length && crashes[0] < now - WINDOW_MS) crashes.shift();
      if (crashes.length > MAX_RESTARTS) {
        return { action: CloseAction.DoNotRestart, message: `The DISARM language server stopped ${crashes.length} times in three minutes and will not be restarted: reload the window to try again.` };
      }
      if (!told) {
        told = true;
        void vscode.window.showInformationMessage('The DISARM language server stopped unexpectedly and was restarted.');
      }
      return { action: CloseAction.Restart, handled: true };
    },
  };
}
