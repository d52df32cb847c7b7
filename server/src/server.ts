import path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { nodePlatform } from './lsp/nodePlatform';
import { startServer } from './lsp/startServer';
import { stdioTransport } from './lsp/stdioTransport';

// Started as `node dist/server.js --stdio` by other editors, and over node IPC by the VS Code client.
// Over stdio the transport is ours: a large message is parsed on a thread of its own
// (messageParser.js), and garbage on stdin ends the server (see stdioTransport.ts).
const connection = process.argv.includes('--stdio')
  ? createConnection(ProposedFeatures.all, ...stdioTransport(path.join(__dirname, 'messageParser.js')))
  : createConnection(ProposedFeatures.all);
startServer(connection, nodePlatform(__dirname));
