/**
 * The markdown the language server checks: files and unsaved documents. Not every markdown
 * document: a git diff's old side (`git:`) would get a second set of findings for the same
 * file, and read-only reports such as the version comparison are not incidents.
 */
export const MARKDOWN_FILES = [
  { language: 'markdown', scheme: 'file' },
  { language: 'markdown', scheme: 'untitled' },
];
