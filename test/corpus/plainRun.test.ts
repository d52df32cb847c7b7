import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { splitBlocks } from '../../server/src/service/markdown/blocks';
import { parseMarkdown, runReferences } from '../../server/src/service/markdown/document';
import { InlineNode, parseHtmlBlockRun, parsePlainRun } from '../../server/src/service/markdown/plainRun';
import { frameworksDir } from '../realData';

function markdownFiles(folder: string, out: string[] = []): string[] {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.')) markdownFiles(full, out);
    else if (entry.isFile() && entry.name.endsWith('.md')) out.push(full);
  }
  return out;
}

describe('the plain-run reader on the real DISARM checkout', () => {
  it('finds what micromark finds in every run it reads, and reads most of the incidents', () => {
    const root = frameworksDir();
    let read = 0;
    let total = 0;
    for (const file of markdownFiles(root)) {
      const text = readFileSync(file, 'utf8');
      const incident = file.includes(`${path.sep}incidents${path.sep}`);
      for (const [start, end] of splitBlocks(text)) {
        const run = text.slice(start, end);
        const plain = parsePlainRun(run);
        if (incident) total += run.length;
        if (!plain) continue;
        if (incident) read += run.length;
        assert.deepEqual(runReferences(plain, run), runReferences(parseMarkdown(run), run), `${path.relative(root, file)} at ${start}`);
      }
    }
    // The incidents' tables of quotes are what the fast path is for (98% of their text in 1.6).
    assert.ok(read > total * 0.9, `read ${read} of ${total} characters of the incidents`);
  });

  it("reads the index pages' HTML tables as micromark does, and reads nearly all of them", () => {
    const root = frameworksDir();
    const pages = path.join(root, 'generated_pages');
    let read = 0;
    let total = 0;
    const nodes = (tree: InlineNode) => (tree.children ?? []).map((n) => [n.type, n.position?.start.offset, n.position?.end.offset]);
    for (const file of readdirSync(pages).filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(path.join(pages, file), 'utf8');
      total += text.length;
      for (const [start, end] of splitBlocks(text)) {
        const run = text.slice(start, end);
        const html = parseHtmlBlockRun(run);
        if (!html) continue;
        read += run.length;
        assert.deepEqual(nodes(html), nodes(parseMarkdown(run) as InlineNode), `${file} at ${start}`);
      }
    }
    // Each index page is a heading and one <table> block: micromark took most of the run's parse time there.
    assert.ok(read > total * 0.9, `read ${read} of ${total} characters of the index pages`);
  });
});
