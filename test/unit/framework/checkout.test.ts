import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readCheckout } from '../../../server/src/service/framework/checkout';

const PAGES = path.join(__dirname, '..', '..', 'fixtures', 'checkout', 'generated_pages');

describe('readCheckout', () => {
  it("says each page's warnings in the index pages' order, whichever page was read first", async () => {
    // Every page but the techniques and tactics is missing, and later pages answer first.
    let delay = 50;
    const reader = {
      read: async (file: string) => {
        await new Promise((resolve) => setTimeout(resolve, (delay -= 5)));
        if (file !== 'techniques_index.md' && file !== 'tactics_index.md') throw Object.assign(new Error('missing'), { code: 'ENOENT' });
        return readFileSync(path.join(PAGES, file), 'utf8');
      },
    };
    const warnings: string[] = [];
    await readCheckout({ kind: 'checkout', path: '/checkout', origin: 'test' }, reader, (w) => warnings.push(w));
    const kinds = warnings.map((w) => /no (\w+) objects loaded/.exec(w)?.[1]);
    assert.deepEqual(kinds, ['phase', 'counter', 'incident', 'actortype', 'metatechnique', 'task', 'detection', 'responsetype']);
  });
});
