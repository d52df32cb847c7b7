import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { computeDiagnostics, DiagnosticData } from '../../server/src/service/features/diagnostics';
import { parseDisarmDocument } from '../../server/src/service/markdown/document';
import { FrameworkIndex } from '../../server/src/service/framework/framework';
import { FrameworkSet, Release } from '../../server/src/service/framework/releases';
import { checkoutWithHistory, frameworksDir } from '../realData';

/**
 * Every finding across the real `generated_pages` tree, each checked by hand as a true error of
 * the data (stale IDs, typos in names, malformed IDs, the leftover TA03/TA04 pages). Positions and
 * IDs only: no DISARM text is stored here. `UPDATE_SNAPSHOT=1` rewrites it after a deliberate change.
 * Checked as the tools run on the checkout: the checkout is the target, the built-in history of
 * the published releases (compiled here from DISARM_RELEASES_DIR) beside it, so an ID of an older
 * release is `removed-id`, and its name is checked against the last release that had it.
 */
const SNAPSHOT = path.join(__dirname, 'generated_pages.findings.txt');

describe('the real DISARM corpus', () => {
  let index: FrameworkIndex;
  let set: FrameworkSet;
  let pages: string;
  before(async () => {
    pages = path.join(frameworksDir(), 'generated_pages');
    let checkout: Release;
    ({ checkout, set } = await checkoutWithHistory());
    index = checkout.index;
  });

  it('loads every current object and no leftovers, and names the checkout by its version', () => {
    assert.equal(set.target.label, '1.6 (checkout)');
    assert.equal(set.index, index, 'the checkout has every kind: nothing is filled in');
    assert.deepEqual(index.counts, {
      technique: 391,
      tactic: 16,
      phase: 4,
      counter: 140,
      incident: 129,
      actortype: 33,
      metatechnique: 14,
      task: 42,
      detection: 95,
      responsetype: 7,
    });
    assert.equal(index.objects.has('TA03'), false);
    assert.equal(index.objects.get('T0146.007')?.tactic, 'TA15');
  });

  it('finds exactly the known errors of generated_pages', () => {
    const findings: string[] = [];
    for (const folder of readdirSync(pages, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
      for (const name of readdirSync(path.join(pages, folder)).filter((f) => f.endsWith('.md')).sort()) {
        const text = readFileSync(path.join(pages, folder, name), 'utf8');
        const document = TextDocument.create(`file:///${folder}/${name}`, 'markdown', 1, text);
        for (const d of computeDiagnostics(document, parseDisarmDocument(text), set.index, { releases: set })) {
          findings.push(`${folder}/${name}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${(d.data as DiagnosticData).id}`);
        }
      }
    }
    if (process.env.UPDATE_SNAPSHOT) writeFileSync(SNAPSHOT, `${findings.join('\n')}\n`);
    assert.deepEqual(findings, readFileSync(SNAPSHOT, 'utf8').trim().split('\n'));
  });
});
