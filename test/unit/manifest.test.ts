import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticCode } from '../../server/src/service/features/diagnostics';

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

describe('the extension manifest', () => {
  it('takes no data location from the settings of an untrusted workspace', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual([...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(), ['disarm.dataPath', 'disarm.dataSources', 'disarm.dataUrl']);
  });

  it('activates on markdown, or early in a DISARM workspace (a checkout, a project file), never on everything', () => {
    assert.deepEqual(manifest.activationEvents, ['onLanguage:markdown', 'workspaceContains:generated_pages/techniques_index.md', 'workspaceContains:**/.disarm.jsonc']);
  });

  it('ships the built-in DISARM data with its attribution in the package', () => {
    const allowed = readFileSync(path.join(__dirname, '..', '..', '.vscodeignore'), 'utf8').split('\n');
    assert.ok(allowed.includes('!dist/disarm-data.json') && allowed.includes('!dist/disarm-data.NOTICE.md'));
  });

  it('offers every diagnostic code to disable', () => {
    const codes = manifest.contributes.configuration.properties['disarm.diagnostics.disabled'].items.enum;
    assert.deepEqual([...codes].sort(), Object.values(DiagnosticCode).sort());
  });
});
