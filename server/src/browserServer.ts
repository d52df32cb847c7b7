import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { startServer } from './lsp/startServer';
import { Foreground } from './web/foreground';
import { PARSE_WORKER_NAME, serveParses } from './web/webParser';
import { webPlatform } from './web/webPlatform';

/**
 * The web worker entry (dist/web/server.js): the language server over the worker's messages. The
 * same bundle is also the server's parse worker: started under {@link PARSE_WORKER_NAME}, it parses.
 */
const scope = globalThis as unknown as { name?: string } & Parameters<typeof serveParses>[0];
if (scope.name === PARSE_WORKER_NAME) {
  serveParses(scope);
} else {
  const foreground = new Foreground();
  const connection = createConnection(foreground.watch(new BrowserMessageReader(scope as never)), new BrowserMessageWriter(scope as never));
  startServer(connection, webPlatform(connection, foreground));
}
