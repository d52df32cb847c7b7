// Bundles the client, the server and the CLI, and the web extension (client and web worker server).
// `--watch` rebuilds on change; `--production` minifies (and checks the web bundles' size budget).
// Then compiles the built-in DISARM release history into dist/ from DISARM_RELEASES_DIR (and
// DISARM_FRAMEWORKS_DIR), with its attribution; without DISARM_RELEASES_DIR the build has none.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import * as esbuild from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** The web bundles together, minified: vscode.dev and github.dev download them at every start. */
const WEB_BUDGET_BYTES = 1024 * 1024;

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? 'external' : 'linked',
  logLevel: 'info',
  define: { DISARM_TOOLS_VERSION: JSON.stringify(version) },
  // jsonc-parser's UMD build requires its parts at run time, which a bundle cannot resolve.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
};

/** Fails the build when a web bundle imports a Node built-in: the web worker host has none. */
const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(build) {
    const names = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (!names.has(args.path) && !names.has(args.path.split('/')[0])) return undefined;
      return { errors: [{ text: `Node built-in "${args.path}" imported by ${args.importer}: the web bundles run in a browser worker` }] };
    });
  },
};

// `worker`: packages with a DOM build for browsers (decode-named-character-reference) pick the one a worker can run.
const web = { ...common, platform: 'browser', target: 'es2022', conditions: ['worker'], plugins: [noNodeBuiltins] };

/** The web worker server, built first: the web extension holds its code as a string (`disarm:web-server`). */
const WEB_SERVER = 'out/web/server.js';

/**
 * Inlines the web worker server into the web extension, which starts it from a `blob:` URL: a read
 * of the bundle through `workspace.fs` at activation cost most of a second in code-server.
 */
const inlineWebServer = {
  name: 'inline-web-server',
  setup(build) {
    build.onResolve({ filter: /^disarm:web-server$/ }, () => ({ path: path.resolve(WEB_SERVER), namespace: 'web-server' }));
    build.onLoad({ filter: /.*/, namespace: 'web-server' }, (args) => ({ contents: readFileSync(args.path, 'utf8'), loader: 'text', watchFiles: [args.path] }));
  },
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // Loaded by extension.js after activation.
  { ...common, entryPoints: ['client/src/languageClient.ts'], outfile: 'dist/languageClient.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['server/src/parseWorker.ts'], outfile: 'dist/parseWorker.js' },
  // The stdio server's large messages, parsed on a thread of its own.
  { ...common, entryPoints: ['server/src/messageParser.ts'], outfile: 'dist/messageParser.js' },
  { ...common, entryPoints: ['server/src/dataWorker.ts'], outfile: 'dist/dataWorker.js' },
  // disarm-lint: a small loader that runs the engine (cli.ts) through V8's code cache.
  { ...common, entryPoints: ['server/src/cliLoader.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/lintEngine.js' },
  // The coverage view's script runs in the webview, a browser.
  { ...common, entryPoints: ['client/src/webview/coverage.ts'], outfile: 'dist/coverageWebview.js', platform: 'browser', format: 'iife' },
];
// The server's web worker, and its parse workers (the same code), then the web extension that holds
// it: the web worker host evaluates CommonJS with only `vscode` to require.
const webServer = { ...web, entryPoints: ['server/src/browserServer.ts'], outfile: WEB_SERVER, format: 'iife', sourcemap: false };
const webExtension = { ...web, entryPoints: ['client/src/web/extension.ts'], outfile: 'dist/web/extension.js', external: ['vscode'], plugins: [...web.plugins, inlineWebServer] };
const WEB_BUNDLES = ['dist/web/extension.js', 'dist/coverageWebview.js'];

/** The data compiler runs from source, bundled to out/ first (the build's own tool, never shipped). */
async function writeBuiltinData() {
  const outfile = 'out/build/buildData.cjs';
  await esbuild.build({ ...common, entryPoints: ['server/src/buildData.ts'], outfile, minify: false, sourcemap: false, logLevel: 'warning' });
  const { writeBuiltinData: write } = createRequire(import.meta.url)(`./${outfile}`);
  await write('dist', process.env, (message) => console.log(message));
}

/** dist/disarm-config.schema.json, the project file's schema, made from the code that checks the file (one list of codes). */
async function writeConfigSchema() {
  const { outputFiles } = await esbuild.build({ ...common, entryPoints: ['server/src/node/configSchema.ts'], write: false, sourcemap: false, logLevel: 'silent' });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  mkdirSync('dist', { recursive: true });
  writeFileSync('dist/disarm-config.schema.json', `${JSON.stringify(module.exports.projectConfigSchema(), null, 2)}\n`);
}

await writeConfigSchema();
if (watch) {
  await writeBuiltinData();
  for (const options of [...builds, webServer]) await (await esbuild.context(options)).watch();
  await (await esbuild.context(webExtension)).watch();
} else {
  const webBuild = esbuild.build(webServer).then(() => esbuild.build(webExtension));
  await Promise.all([...builds.map((options) => esbuild.build(options)), webBuild, writeBuiltinData()]);
  const total = WEB_BUNDLES.reduce((sum, file) => sum + statSync(file).size, 0);
  if (production && total > WEB_BUDGET_BYTES) {
    console.error(`The web bundles are ${total} bytes minified, over the budget of ${WEB_BUDGET_BYTES} (${WEB_BUNDLES.join(', ')}).`);
    process.exit(1);
  }
  if (production) console.log(`web bundles: ${total} bytes minified (budget ${WEB_BUDGET_BYTES})`);
}
