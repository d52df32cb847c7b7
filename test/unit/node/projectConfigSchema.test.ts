import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'jsonc-parser';
import { PROJECT_CONFIG_TEMPLATE } from '../../../client/src/projectConfigTemplate';
import { projectConfigSchema } from '../../../server/src/node/configSchema';
import { parseProjectConfig } from '../../../server/src/node/projectConfig';
import { DiagnosticCode } from '../../../server/src/service/features/diagnostics';

const ROOT = path.join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(projectConfigSchema());
const everything = (text: string) => parseProjectConfig('/p/.disarm.jsonc', text, () => true);

const good = [
  PROJECT_CONFIG_TEMPLATE,
  '{}',
  '{ "data": ["../DISARMframeworks", { "path": "b.json", "label": "1.6" }], "target": "1.6", "scope": "all", "include": ["**/*.md"], "ignore": ["x/**"], "codes": { "not-in-table": "off", "unknown-id": "warning" }, "severity": "info" }',
];
const bad = [
  '{ "codes": { "no-such-code": "off" } }',
  '{ "codes": { "unknown-id": "fatal" } }',
  '{ "severity": "loud" }',
  '{ "scope": "some" }',
  '{ "targetVersion": "1.6" }',
  '{ "data": [{ "label": "no path" }] }',
  '{ "include": "**/*.md" }',
];

describe('the .disarm.jsonc schema', () => {
  it('accepts the starting file and good configurations, as the reader does', () => {
    for (const text of good) {
      assert.ok(validate(parse(text)), `${text}\n${JSON.stringify(validate.errors)}`);
      assert.deepEqual(everything(text).problems, [], text);
    }
  });

  it('rejects what the reader rejects', () => {
    for (const text of bad) {
      assert.equal(validate(parse(text)), false, text);
      assert.notDeepEqual(everything(text).problems, [], text);
    }
  });

  it('offers exactly the diagnostic codes', () => {
    assert.deepEqual(Object.keys((projectConfigSchema() as any).properties.codes.properties), Object.values(DiagnosticCode));
  });

  it('is contributed to VS Code for .disarm.jsonc, from the file the build writes', () => {
    assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: '.disarm.jsonc', url: './dist/disarm-config.schema.json' }]);
    const built = JSON.parse(readFileSync(path.join(ROOT, 'dist', 'disarm-config.schema.json'), 'utf8'));
    assert.deepEqual(built, JSON.parse(JSON.stringify(projectConfigSchema())), 'run node esbuild.mjs');
    assert.ok(manifest.contributes.commands.some((c: { command: string }) => c.command === 'disarm.createProjectConfig'));
  });
});

describe('the $disarm-lint problem matcher', () => {
  it("reads disarm-lint's text lines: file, line, column, severity, code, message", () => {
    const matcher = manifest.contributes.problemMatchers.find((m: { name: string }) => m.name === 'disarm-lint');
    const pattern = new RegExp(matcher.pattern.regexp);
    const incident = path.join('test', 'fixtures', 'checkout', 'generated_pages', 'incidents', 'I00001.md');
    const checkout = path.join('test', 'fixtures', 'checkout');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), '--data', checkout, '--severity', 'info', incident], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DISARM_DATA_SNAPSHOT: 'none' } });
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 5);
    const matched = lines.map((line) => {
      const m = pattern.exec(line)!;
      assert.ok(m, line);
      const p = matcher.pattern;
      return [m[p.file], m[p.line], m[p.column], m[p.severity], m[p.code]].join(' ');
    });
    assert.deepEqual(matched, [
      `${incident} 9 105 info not-in-table`,
      `${incident} 9 112 warning name-mismatch`,
      `${incident} 10 14 warning name-mismatch`,
      `${incident} 10 32 warning link-mismatch`,
      `${incident} 10 104 error unknown-id`,
    ]);
    assert.equal(pattern.exec(lines[4])![matcher.pattern.message], 'T0009 is not a technique in the loaded DISARM data.');
  });
});
