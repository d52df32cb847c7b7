// The floor for a whole-tree run: a Node process that reads every markdown file under a folder
// and scans it with one regex for DISARM-shaped IDs. `npm run bench` times it beside disarm-lint.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ID = /\b(?:T|TA|I|C|F|M)\d{2,5}(?:\.\d{3})?\b/g;
let files = 0;
let ids = 0;
for (const entry of readdirSync(process.argv[2], { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !/\.(md|markdown)$/i.test(entry.name)) continue;
  const text = readFileSync(path.join(entry.parentPath ?? entry.path, entry.name), 'utf8');
  files++;
  for (const _ of text.matchAll(ID)) ids++;
}
process.stdout.write(`${files} files, ${ids} IDs\n`);
