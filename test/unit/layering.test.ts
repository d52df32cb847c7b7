// The folder tree is the architecture: imports run only downward (docs/ARCHITECTURE.md).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';

const SRC = path.join(__dirname, '..', '..', 'server', 'src');

/** What each place under server/src may import from server/src, by its first path segments. */
const ALLOWED: Record<string, string[]> = {
  'service/markdown': ['service/markdown'],
  'service/framework': ['service/markdown', 'service/framework'],
  'service/features': ['service/markdown', 'service/framework', 'service/features'],
  'service/fixes': ['service/markdown', 'service/framework', 'service/features', 'service/fixes'],
  'service/views': ['service/markdown', 'service/framework', 'service/features', 'service/views'],
  'service/languageService.ts': ['service'],
  worker: ['service', 'worker'],
  node: ['service', 'worker', 'node', 'protocol.ts'],
  lsp: ['service', 'worker', 'node', 'lsp', 'protocol.ts'],
  web: ['service', 'worker', 'lsp', 'web', 'protocol.ts'],
  'protocol.ts': ['service'],
};

/** Packages the transport-free service must never reach: the file system, the editor, the connection. */
const SERVICE_BANNED = new Set(['vscode', 'vscode-languageserver', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g);
  return [...specs].map((m) => m[1]);
}

/** The rule key that governs a file: its longest prefix in ALLOWED. */
function placeOf(rel: string): string | undefined {
  return Object.keys(ALLOWED).filter((k) => rel === k || rel.startsWith(`${k}/`)).sort((a, b) => b.length - a.length)[0];
}

/** Every import that breaks the layering, as `file -> import` lines. */
export function layeringViolations(root = SRC): string[] {
  const out: string[] = [];
  for (const file of sourceFiles(root)) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const place = placeOf(rel);
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) {
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (rel.startsWith('service/') && (SERVICE_BANNED.has(spec) || SERVICE_BANNED.has(pkg))) out.push(`${rel} -> ${spec}`);
        continue;
      }
      if (!place) continue; // the entry points (server.ts, cli.ts, parseWorker.ts) may import anything
      const target = path.relative(root, path.resolve(path.dirname(file), spec)).split(path.sep).join('/');
      const withExt = /\.[cm]?[jt]s$/.test(target) ? target : `${target}.ts`;
      const allowed = ALLOWED[place].some((a) => withExt === a || withExt.startsWith(`${a}/`));
      if (!allowed) out.push(`${rel} -> ${spec}`);
    }
  }
  return out;
}

test('every file under server/src is governed by a layering rule or is an entry point', () => {
  const entries = new Set(['server.ts', 'browserServer.ts', 'cli.ts', 'cliLoader.ts', 'parseWorker.ts', 'dataWorker.ts', 'messageParser.ts', 'buildData.ts']);
  const loose = sourceFiles(SRC).map((f) => path.relative(SRC, f).split(path.sep).join('/')).filter((rel) => !entries.has(rel) && !placeOf(rel));
  assert.deepEqual(loose, []);
});

test('imports run only downward, and the service reaches no file system, editor or connection', () => {
  assert.deepEqual(layeringViolations(), []);
});
