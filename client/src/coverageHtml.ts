import type * as vscode from 'vscode';

/**
 * The coverage webview's page: a strict content security policy (no remote resources, no inline
 * code without the nonce), the bundled script, and nothing else: the script builds the matrix
 * with DOM calls and `textContent`, so no data ever reaches the page as markup.
 */
export function coverageHtml(webview: vscode.Webview, scriptUri: vscode.Uri): string {
  // Web Crypto: the same in the desktop's Node host and in the web worker host.
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>DISARM coverage</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<header id="header"></header>
<main id="matrix" class="matrix" aria-label="DISARM red framework matrix"></main>
<script nonce="${nonce}" src="${scriptUri.toString()}"></script>
</body>
</html>`;
}

/** Theme colours from the editor; the highlight is one fixed red so exported pictures match the view. */
const STYLE = `
body { font-family: var(--vscode-font-family); font-size: 12px; color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 8px 12px; }
header h1 { font-size: 15px; margin: 4px 0; }
header p { margin: 2px 0 8px; color: var(--vscode-descriptionForeground); }
.toolbar { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; margin-bottom: 8px; }
button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 3px 9px; cursor: pointer; }
button:hover { background: var(--vscode-button-secondaryHoverBackground); }
label { display: inline-flex; gap: 4px; align-items: center; margin-left: 8px; }
.matrix { display: flex; gap: 4px; align-items: flex-start; overflow-x: auto; padding-bottom: 8px; }
.column { flex: 0 0 128px; display: flex; flex-direction: column; gap: 2px; }
.tactic { background: var(--vscode-sideBarSectionHeader-background, #333); border: 1px solid var(--vscode-panel-border, #555); padding: 4px; font-weight: 600; min-height: 44px; }
.tactic .count { display: block; font-weight: 400; color: var(--vscode-descriptionForeground); margin-top: 2px; }
.cell { border: 1px solid var(--vscode-panel-border, #555); padding: 2px 4px; line-height: 1.25; word-break: break-word; }
.cell.sub { margin-left: 10px; font-size: 11px; }
.cell.hit { background: #e5484d; color: #fff; cursor: pointer; border-color: #e5484d; }
.cell.dark { color: #fff; }
.cell.selected { outline: 2px solid var(--vscode-focusBorder); outline-offset: -2px; }
.cell .value { float: right; font-weight: 600; margin-left: 4px; }
.empty { color: var(--vscode-descriptionForeground); }
`;
