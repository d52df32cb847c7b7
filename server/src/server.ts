import path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { nodePlatform } from './lsp/nodePlatform';
import { startServer } from './lsp/startServer';
import { stdioTransport } from './lsp/stdioTransport';

// Started as `node dist/server.js --stdio` by other editors, and over node IPC by the VS Code client.
// Over stdio the transport is ours: stdin is read on a thread of its own (stdinReader.js), and
// garbage on it ends the server (see stdioTransport.ts).
const connection = process.argv.includes('--stdio')
  ? createConnection(ProposedFeatures.all, ...stdioTransport(path.join(__dirname, 'stdinReader.js')))
  : createConnection(ProposedFeatures.all);
startServer(connection, nodePlatform(__dirname));
