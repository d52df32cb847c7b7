import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { nodePlatform } from './lsp/nodePlatform';
import { startServer } from './lsp/startServer';

// Started as `node dist/server.js --stdio` by other editors, and over node IPC by the VS Code client.
startServer(createConnection(ProposedFeatures.all), nodePlatform(__dirname));
