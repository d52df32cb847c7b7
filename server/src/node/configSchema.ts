import { CODE_DESCRIPTIONS } from '../service/features/codeDescriptions';
import { DiagnosticCode } from '../service/features/diagnostics';
import { CODE_LEVELS, REPORT_LEVELS, SCOPES } from './projectConfig';

/**
 * The JSON schema of `.disarm.jsonc` (draft-07), built from the one list of codes; `node esbuild.mjs`
 * writes it to `dist/disarm-config.schema.json`, which the manifest's `jsonValidation` names.
 */
export function projectConfigSchema(): object {
  const level = { type: 'string', enum: CODE_LEVELS, description: '"off", or the severity the code is reported with.' };
  const codes = Object.values(DiagnosticCode);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'DISARM project configuration (.disarm.jsonc)',
    description: 'Read by the DISARM language server and by disarm-lint; the nearest file above a document applies. Paths are relative to this file.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      data: {
        description: 'The DISARM data: DISARMframeworks checkout folders or STIX 2.1 bundles (DISARM.json), optionally labelled. Several: an ID only an older release has is removed-id.',
        type: 'array',
        items: {
          anyOf: [
            { type: 'string', minLength: 1, description: 'A checkout folder or a bundle file.' },
            {
              type: 'object',
              additionalProperties: false,
              required: ['path'],
              properties: {
                path: { type: 'string', minLength: 1, description: 'A checkout folder or a bundle file.' },
                label: { type: 'string', description: "The release's name (default: from the data)." },
              },
            },
          ],
        },
      },
      target: { type: 'string', minLength: 1, description: 'The label of the release documents are checked against (default: the newest).' },
      scope: { type: 'string', enum: SCOPES, description: '"auto": DISARM documents only; "all": every markdown file.' },
      include: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Globs of the files checked (default: every markdown file).' },
      ignore: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Globs of files not checked.' },
      codes: {
        type: 'object',
        description: 'Per diagnostic code: "off", "info", "warning" or "error", over its default severity.',
        additionalProperties: false,
        properties: Object.fromEntries(codes.map((code) => [code, { ...level, description: CODE_DESCRIPTIONS[code].summary }])),
      },
      severity: { type: 'string', enum: REPORT_LEVELS, description: "disarm-lint's lowest severity shown (default: warning); --severity wins." },
    },
  };
}
