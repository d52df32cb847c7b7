// Bundles the client, the server and the CLI. `--watch` rebuilds on change; `--production` minifies.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? 'external' : 'linked',
  logLevel: 'info',
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // Loaded by extension.js after activation.
  { ...common, entryPoints: ['client/src/languageClient.ts'], outfile: 'dist/languageClient.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['server/src/parseWorker.ts'], outfile: 'dist/parseWorker.js' },
  { ...common, entryPoints: ['server/src/dataWorker.ts'], outfile: 'dist/dataWorker.js' },
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The coverage view's script runs in the webview, a browser.
  { ...common, entryPoints: ['client/src/webview/coverage.ts'], outfile: 'dist/coverageWebview.js', platform: 'browser', format: 'iife' },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
