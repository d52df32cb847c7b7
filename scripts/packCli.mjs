// `npm run pack:cli`: the disarm-lint npm package, what `npx disarm-lint` runs. It holds the
// bundles only (esbuild has put every runtime dependency inside them), the built-in data with its
// notice when the build made them, and the project file's schema: it installs with no registry.
//   node scripts/packCli.mjs [--no-build] [--out DIR]   prints the tarball's path
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const out = path.resolve(args.includes('--out') ? args[args.indexOf('--out') + 1] : path.join(root, 'out'));
if (!args.includes('--no-build')) execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: 'inherit' });

const BUNDLES = ['cli.js', 'lintEngine.js', 'parseWorker.js', 'server.js', 'messageParser.js'];
const OPTIONAL = ['disarm-data.json', 'disarm-data.NOTICE.md', 'disarm-config.schema.json'];
for (const name of BUNDLES) {
  if (!existsSync(path.join(root, 'dist', name))) throw new Error(`dist/${name} is missing: run node esbuild.mjs first`);
}
const stage = path.join(out, 'disarm-lint');
rmSync(stage, { recursive: true, force: true });
mkdirSync(path.join(stage, 'dist'), { recursive: true });
for (const name of [...BUNDLES, ...OPTIONAL]) {
  if (existsSync(path.join(root, 'dist', name))) copyFileSync(path.join(root, 'dist', name), path.join(stage, 'dist', name));
}
for (const name of ['README.md', 'LICENSE', 'CHANGELOG.md']) copyFileSync(path.join(root, name), path.join(stage, name));

const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const cli = {
  name: 'disarm-lint',
  version: manifest.version,
  description: 'Checks the DISARM framework IDs cited in markdown: unknown, removed and malformed IDs, wrong names and links. Text, JSON, SARIF and GitHub annotations.',
  license: manifest.license,
  repository: manifest.repository,
  homepage: manifest.homepage,
  bugs: manifest.bugs,
  keywords: [...manifest.keywords, 'lint', 'cli', 'sarif'],
  engines: { node: manifest.engines.node },
  bin: { 'disarm-lint': 'dist/cli.js', 'disarm-language-server': 'dist/server.js' },
  files: ['dist', 'CHANGELOG.md'],
};
writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(cli, null, 2)}\n`);
const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: stage, encoding: 'utf8' }).trim().split('\n').pop();
process.stdout.write(`${path.join(out, tarball)}\n`);
