import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { frameworksDir } from '../realData';

const ROOT = path.join(__dirname, '..', '..');

/**
 * A second real editor: headless Neovim's built-in LSP client runs `dist/server.js --stdio` on the
 * real checkout. Neovim must be installed (CI installs Debian's package); without it this fails.
 */
describe('Neovim as the LSP client', () => {
  it('shows hover, completion and diagnostics from the server', () => {
    const data = frameworksDir();
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'disarm-nvim-')), 'result.json');
    const incident = path.join(data, 'generated_pages', 'incidents', 'I00113.md');
    const run = spawnSync('nvim', ['--headless', '--clean', '-R', '-c', `luafile ${path.join(__dirname, 'lsp-check.lua')}`, incident], {
      env: { ...process.env, DISARM_SERVER: path.join(ROOT, 'dist', 'server.js'), DISARM_NVIM_OUT: out, DISARM_FRAMEWORKS_DIR: data },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(run.error, undefined, `cannot run nvim (install Debian's neovim): ${run.error?.message}`);
    const result = JSON.parse(readFileSync(out, 'utf8')) as {
      errors: string[];
      hover?: string;
      completion: Array<{ label: string; newText?: string }>;
      diagnostics: Array<{ line: number; code: string; source: string }>;
    };
    assert.deepEqual(result.errors, []);
    assert.match(result.hover ?? '', /Technique T0146\\\.003: Verified Account Asset/);
    assert.ok(result.completion.some((i) => i.label === 'T0152.005' && i.newText === 'T0152.005: Paste Platform'), JSON.stringify(result.completion.slice(0, 3)));
    const findings = result.diagnostics.map((d) => `${d.source} ${d.code}@${d.line}`).sort();
    // T0151.007 is cited in six descriptions but has no row of its own (not-in-table, information).
    const notInTable = [23, 24, 26, 27, 30, 31].map((line) => `disarm not-in-table@${line}`);
    assert.deepEqual(findings, ['disarm malformed-id@25', 'disarm malformed-id@28', 'disarm malformed-id@29', ...notInTable]);
  });
});
