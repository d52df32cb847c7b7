import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { collectMarkdownFiles } from '../../../server/src/node/collectFiles';

function tree(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'disarm-walk-'));
  mkdirSync(path.join(root, 'my notes', 'sub'), { recursive: true });
  writeFileSync(path.join(root, 'my notes', 'incident one.md'), 'T0001');
  writeFileSync(path.join(root, 'my notes', 'sub', 'b.markdown'), 'T0002');
  writeFileSync(path.join(root, 'my notes', 'skip.txt'), 'T0003');
  return root;
}

describe('collectMarkdownFiles', () => {
  it('walks folders with spaces in their names, markdown only, in a stable order', () => {
    const root = tree();
    const { files, problems } = collectMarkdownFiles([root]);
    assert.deepEqual(files.map((f) => path.relative(root, f)), [path.join('my notes', 'incident one.md'), path.join('my notes', 'sub', 'b.markdown')]);
    assert.deepEqual(problems, []);
  });

  it('ends on link loops and follows links only inside the roots', () => {
    const root = tree();
    const outside = mkdtempSync(path.join(tmpdir(), 'disarm-outside-'));
    writeFileSync(path.join(outside, 'secret.md'), 'T0004');
    symlinkSync(root, path.join(root, 'my notes', 'sub', 'loop'));
    symlinkSync(outside, path.join(root, 'out'));
    symlinkSync(path.join(root, 'my notes', 'incident one.md'), path.join(root, 'alias.md'));
    const { files } = collectMarkdownFiles([root]);
    assert.ok(!files.some((f) => f.includes('secret')), 'a link out of the root is not followed');
    assert.ok(files.some((f) => f.endsWith('alias.md')), 'a link inside the root is followed');
    assert.equal(new Set(files).size, files.length);
    assert.ok(files.length < 10, 'the loop ended');
  });

  it('reports what it cannot read and never opens a named pipe', () => {
    const root = tree();
    const fifo = path.join(root, 'pipe.md');
    execFileSync('mkfifo', [fifo]);
    symlinkSync(path.join(root, 'gone.md'), path.join(root, 'dangling.md'));
    const { files, problems } = collectMarkdownFiles([root, fifo, path.join(root, 'missing.md')]);
    assert.ok(!files.includes(fifo));
    assert.ok(problems.some((p) => p === `${fifo}: a named pipe, not a regular file`), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('missing.md: ENOENT')), problems.join('\n'));
  });

  it('skips what .gitignore files ignore, as git does, unless told not to', () => {
    const repo = mkdtempSync(path.join(tmpdir(), 'disarm-git-'));
    const write = (name: string, text = 'T0001') => {
      mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
      writeFileSync(path.join(repo, name), text);
    };
    mkdirSync(path.join(repo, '.git'));
    write('.gitignore', '# drafts stay local\nbuild/\n*.tmp.md\n!keep.tmp.md\n/top-only.md\n');
    write('a.md');
    write('build/out.md');
    write('notes/x.tmp.md');
    write('notes/keep.tmp.md');
    write('notes/top-only.md', 'not the root one: kept');
    write('top-only.md');
    write('docs/.gitignore', 'private/\n!build/\n');
    write('docs/private/p.md');
    write('docs/b.md');
    write('node_modules/pkg/readme.md');
    const relative = (files: string[]) => files.map((f) => path.relative(repo, f).split(path.sep).join('/'));
    assert.deepEqual(relative(collectMarkdownFiles([repo]).files), ['a.md', 'docs/b.md', 'notes/keep.tmp.md', 'notes/top-only.md']);
    // Walking a folder inside the repository still applies the .gitignore files above it.
    assert.deepEqual(relative(collectMarkdownFiles([path.join(repo, 'notes')]).files), ['notes/keep.tmp.md', 'notes/top-only.md']);
    // Roots in one folder share the rules above them, and the repository's top has none above it.
    assert.deepEqual(relative(collectMarkdownFiles([path.join(repo, 'notes'), path.join(repo, 'docs'), repo]).files), [
      'notes/keep.tmp.md',
      'notes/top-only.md',
      'docs/b.md',
      'a.md',
    ]);
    // A file named is checked whatever ignores it.
    assert.deepEqual(relative(collectMarkdownFiles([path.join(repo, 'build', 'out.md')]).files), ['build/out.md']);
    assert.deepEqual(relative(collectMarkdownFiles([repo], { gitignore: false }).files), [
      'a.md',
      'build/out.md',
      'docs/b.md',
      'docs/private/p.md',
      'notes/keep.tmp.md',
      'notes/top-only.md',
      'notes/x.tmp.md',
      'top-only.md',
    ]);
  });
});
