import { Hover, MarkupKind } from 'vscode-languageserver-types';
import type { Position, TextDocument } from 'vscode-languageserver-textdocument';
import { DisarmDocument, referenceAt } from './document';
import { DisarmObject, FrameworkIndex } from './framework';
import { KIND_LABELS } from './ids';
import { PageLinker } from './links';
import { escapeMarkdown } from './text';

const SUMMARY_LIMIT = 1200;

/** Hover on a known DISARM ID: what it is, its summary, its place in the framework and a link to its page. */
export function computeHover(
  document: TextDocument,
  model: DisarmDocument,
  position: Position,
  index: FrameworkIndex | undefined,
  pages: PageLinker,
): Hover | null {
  const ref = referenceAt(model, document.offsetAt(position));
  if (!ref || !index || ref.class.type !== 'id') return null;
  const object = index.objects.get(ref.token);
  if (!object) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: describeObject(object, index, pages) },
    range: { start: document.positionAt(ref.start), end: document.positionAt(ref.end) },
  };
}

/** The markdown describing an object; every string from the data is escaped. */
export function describeObject(object: DisarmObject, index: FrameworkIndex, pages: PageLinker): string {
  const cite = (id: string): string => {
    const other = index.objects.get(id);
    return escapeMarkdown(other ? `${other.id} ${other.name}` : id);
  };
  const lines = [`**${KIND_LABELS[object.kind]} ${escapeMarkdown(object.id)}: ${escapeMarkdown(object.name)}**`];
  if (object.summary) lines.push('', summaryMarkdown(object.summary));
  const facts: string[] = [];
  if (object.tactic) facts.push(`Tactic: ${cite(object.tactic)}`);
  if (object.phase) facts.push(`Phase: ${cite(object.phase)}`);
  const parent = object.kind === 'technique' && object.id.includes('.') ? object.id.slice(0, object.id.indexOf('.')) : undefined;
  if (parent) facts.push(`Parent technique: ${cite(parent)}`);
  const subs = index.subTechniques.get(object.id);
  if (subs?.length) facts.push(`Sub-techniques: ${subs.map(cite).join(', ')}`);
  if (facts.length) lines.push('', facts.join('  \n'));
  lines.push('', `[Open the ${KIND_LABELS[object.kind].toLowerCase()} page](${pages.pageUri(object)})`);
  return lines.join('\n');
}

function summaryMarkdown(summary: string): string {
  const text = summary.length > SUMMARY_LIMIT ? `${summary.slice(0, SUMMARY_LIMIT).trimEnd()}…` : summary;
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => escapeMarkdown(paragraph).replace(/\n/g, '  \n'))
    .join('\n\n');
}
