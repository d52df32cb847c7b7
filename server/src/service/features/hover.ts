import { Hover, MarkupKind } from 'vscode-languageserver-types';
import type { Position, TextDocument } from 'vscode-languageserver-textdocument';
import { releaseNaming } from './diagnostics';
import { DisarmDocument, referenceAt } from '../markdown/document';
import { DisarmObject, FrameworkIndex } from '../framework/framework';
import { KIND_LABELS } from '../markdown/ids';
import { PageLinker } from '../framework/links';
import { absence, Absence, historyLine } from '../framework/history';
import { FrameworkSet, releaseName, shortName } from '../framework/releases';
import { closestByName } from '../framework/suggest';
import { escapeMarkdown, normalizeName } from '../markdown/text';

const SUMMARY_LIMIT = 1200;

/**
 * Hover on a known DISARM ID: what it is, its summary, its place in the framework and a link to
 * its page. With several `releases` (`index` is then `releases.index`), a removed ID shows the
 * release that last had it and the target's techniques of the closest names, and a name written
 * as another release has it is said to be that release's.
 */
export function computeHover(
  document: TextDocument,
  model: DisarmDocument,
  position: Position,
  index: FrameworkIndex | undefined,
  pages: PageLinker,
  releases?: FrameworkSet,
): Hover | null {
  const ref = referenceAt(model, document.offsetAt(position));
  if (!ref || !index || ref.class.type !== 'id') return null;
  const object = index.objects.get(ref.token);
  const removed = object || !releases ? undefined : absence(releases, ref.token);
  let value: string;
  if (object) {
    value = describeObject(object, index, pages);
    const history = releases && historyLine(releases, object);
    if (history) value += `\n\n*${escapeMarkdown(history)}*`;
    const naming = releases && releaseNaming(ref, releases);
    const former = naming?.index.objects.get(object.id);
    if (naming && former && normalizeName(former.name) !== normalizeName(object.name)) {
      value += `\n\n*Written as "${escapeMarkdown(former.name)}", its name in ${escapeMarkdown(releaseName(naming.label))}.*`;
    }
  } else if (removed && releases) {
    value = describeRemoved(removed, releases, pages);
  } else {
    return null;
  }
  return {
    contents: { kind: MarkupKind.Markdown, value },
    range: { start: document.positionAt(ref.start), end: document.positionAt(ref.end) },
  };
}

/**
 * An ID the target lacks: when it was removed (or, for a newer one, added) and where it is, its
 * last definition (as the newest release that has it defines it), and the target's objects of
 * the closest names.
 */
export function describeRemoved(found: Absence, releases: FrameworkSet, pages: PageLinker): string {
  const { release, object } = found;
  const kind = KIND_LABELS[object.kind];
  const target = escapeMarkdown(releaseName(releases.target.label));
  const status = found.removedIn
    ? `*Removed in ${escapeMarkdown(shortName(found.removedIn))}* (it was in ${escapeMarkdown(found.rangeBefore ?? '')}${found.rangeAfter ? `; it is in ${escapeMarkdown(found.rangeAfter)} again` : ''}).`
    : `*Not in ${target}:* added in ${escapeMarkdown(shortName(found.addedIn!))}${found.sinceAdded ? '' : ` (it is in ${escapeMarkdown(found.range)})`}.`;
  const lines = [`**${kind} ${escapeMarkdown(object.id)}: ${escapeMarkdown(object.name)}**`, '', status, '', `As ${escapeMarkdown(releaseName(release.label))} defines it:`];
  const cite = (id: string): string => {
    const other = release.index.objects.get(id);
    return escapeMarkdown(other ? `${other.id} ${other.name}` : id);
  };
  const facts: string[] = [];
  if (object.tactic) facts.push(`Tactic: ${cite(object.tactic)}`);
  if (object.phase) facts.push(`Phase: ${cite(object.phase)}`);
  const parent = object.kind === 'technique' && object.id.includes('.') ? object.id.slice(0, object.id.indexOf('.')) : undefined;
  if (parent) facts.push(`Parent technique: ${cite(parent)}`);
  if (facts.length) lines.push('', facts.join('  \n'));
  if (object.summary) lines.push('', summaryMarkdown(object.summary));
  const closest = closestByName(object.name, releases.index, object.kind);
  if (closest.length) {
    lines.push('', `Closest by name in ${target}:`, '');
    for (const { object: candidate } of closest) {
      lines.push(`- [${escapeMarkdown(`${candidate.id} ${candidate.name}`)}](${pages.pageUri(candidate)})`);
    }
  } else {
    lines.push('', `No ${kind.toLowerCase()} of ${target} has a similar name.`);
  }
  return lines.join('\n');
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
