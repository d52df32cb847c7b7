import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { resolveFile, resolveFolder } from '../../../server/src/node/absolutePaths';

describe('absolute paths, each folder resolved once', () => {
  it('resolves files and folders as path.resolve does, asked once or again', () => {
    const files = ['a.md', './a.md', 'docs/a.md', 'docs//b.md', 'docs/../c.md', 'docs/sub/', '.', '..', 'docs/.', 'docs/..', '/', '/abs/x.md', '/abs/../y.md'];
    for (const file of [...files, ...files]) assert.equal(resolveFile(file), path.resolve(file), file);
    for (const folder of ['docs', './docs', '/abs/', '.']) assert.equal(resolveFolder(folder), path.resolve(folder), folder);
  });
});
