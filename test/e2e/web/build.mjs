// The browser-only build of the extension for the web suites (out/web-ext/): the same bundles as
// the package, with a manifest without `main` (code-server runs `main` when an extension has
// both), the web test suites inside the extension folder (tests outside it would run in the
// Node host), and a .vsix of it for the UI suite. Run `node esbuild.mjs --production` first.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const out = join(root, 'out', 'web-ext');
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'dist', 'web'), { recursive: true });

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
for (const key of ['main', 'bin', 'scripts', 'devDependencies', 'dependencies']) delete manifest[key];
writeFileSync(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

const copied = ['dist/web/extension.js', 'dist/coverageWebview.js', 'dist/disarm-data.json', 'dist/disarm-data.NOTICE.md', 'syntaxes', 'snippets', 'images', 'README.md', 'CHANGELOG.md', 'LICENSE'];
for (const file of copied) {
  if (existsSync(join(root, file))) cpSync(join(root, file), join(out, file), { recursive: true });
  else if (file.startsWith('dist/web/')) throw new Error(`${file} is missing: run node esbuild.mjs --production first`);
}
writeFileSync(join(out, '.vscodeignore'), 'dist/web/test/**\n');

await esbuild.build({
  entryPoints: { 'dist/web/test/suite': 'test/e2e/web/index.ts', 'dist/web/test/failing': 'test/e2e/web/failing.ts' },
  outdir: out,
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'cjs',
  external: ['vscode'],
  logLevel: 'warning',
});

const vsix = join(root, 'out', 'disarm-language-tools-web.vsix');
execFileSync(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '-o', vsix], { cwd: out, stdio: ['ignore', 'ignore', 'inherit'] });
console.log(vsix);
