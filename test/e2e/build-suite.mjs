// Bundles the extension-host test suites into out/e2e/ (CommonJS, as the extension host require()s them).
import * as esbuild from 'esbuild';

await esbuild.build({
  entryPoints: ['test/e2e/suite/index.ts', 'test/e2e/suite/extension.e2e.ts', 'test/e2e/suite/views.e2e.ts', 'test/e2e/suite/recovery.e2e.ts', 'test/e2e/suite/failing.ts', 'test/e2e/suite/activation.ts', 'test/e2e/suite/activationAtStart.ts'],
  outdir: 'out/e2e/suite',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
