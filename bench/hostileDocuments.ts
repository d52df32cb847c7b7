/**
 * Hostile documents, generated here from the loaded data (never stored): the shapes that used to
 * stall the server or the CLI. Each is deterministic for a given index and size.
 */
import type { FrameworkIndex } from '../server/src/service/framework/framework';

export interface HostileDocument {
  readonly name: string;
  readonly text: string;
}

/** Techniques with names, in a fixed order, for citing. */
function techniques(index: FrameworkIndex): Array<{ id: string; name: string }> {
  return [...index.objects.values()].filter((o) => o.kind === 'technique' && o.name).map((o) => ({ id: o.id, name: o.name }));
}

/**
 * An incident-shaped note of about `bytes`: a title, a techniques table, and sections of notes
 * citing techniques with wrong names, misspelt and unknown IDs, links to the wrong page and IDs
 * cited in the table's descriptions without a row; every section has about a dozen findings.
 */
export function incidentNote(index: FrameworkIndex, bytes: number): string {
  const all = techniques(index);
  const parts: string[] = ['# Incident I09999: A generated note\n\n| Technique | Description given for this incident |\n| --------- | ------------------------- |\n'];
  for (let i = 0; i < 20; i++) {
    const t = all[i % all.length];
    const cited = all[(i + 7) % all.length];
    parts.push(`| [${t.id} ${t.name}](../../generated_pages/techniques/${t.id}.md) | Posted widely, as with ${cited.id} and ${all[(i + 3) % all.length].id}. |\n`);
  }
  parts.push('\n\nDO NOT EDIT ABOVE THIS LINE - PLEASE ADD NOTES BELOW\n\n');
  let size = parts.reduce((n, p) => n + p.length, 0);
  for (let s = 0; size < bytes; s++) {
    const a = all[s % all.length];
    const b = all[(s * 7 + 1) % all.length];
    const c = all[(s * 13 + 2) % all.length];
    const section =
      `## Note ${s}\n\n` +
      `The operators used ${a.id}: ${a.name} and then ${b.id}: Something Else Entirely, with ${c.id} on the side. ` +
      `Analysts wrote ${a.id.replace('T0', 'T00')} (a misspelt ID), ${a.id}.9${s % 10}9 (an unknown sub-technique) and [${b.id} ${c.name}](../../generated_pages/techniques/${c.id}.md).\n\n` +
      `- ${c.id}: ${c.name.toLowerCase().replace(/e/g, 'a')}\n- [${a.id} ${a.name}](../../generated_pages/techniques/${b.id}.md)\n- T${String(9000 + (s % 999)).padStart(4, '0')} and T${s % 10}${s % 7}1\n\n` +
      `Plain prose follows to make the note read like one: the accounts posted, reposted and amplified the story across platforms over several weeks.\n\n`;
    parts.push(section);
    size += section.length;
  }
  return parts.join('');
}

/** `count` bare known IDs, several per line. */
export function bareKnownIds(index: FrameworkIndex, count: number): string {
  const ids = techniques(index).map((t) => t.id);
  const lines: string[] = [];
  for (let i = 0; i < count; i += 10) {
    const line: string[] = [];
    for (let j = i; j < Math.min(count, i + 10); j++) line.push(ids[j % ids.length]);
    lines.push(line.join(' '));
  }
  return lines.join('\n') + '\n';
}

/** `count` malformed technique IDs (five digits), several per line. */
export function malformedIds(count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i += 10) {
    const line: string[] = [];
    for (let j = i; j < Math.min(count, i + 10); j++) line.push(`T${String(10000 + (j % 89999))}`);
    lines.push(line.join(' '));
  }
  return lines.join('\n') + '\n';
}

/**
 * `count` `disarm-disable-next-line` comments, each above a line with a finding that it does not
 * silence (it names another code), so every finding is checked against the comments.
 */
export function directivesAndFindings(index: FrameworkIndex, count: number): string {
  const all = techniques(index);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const t = all[i % all.length];
    parts.push(`<!-- disarm-disable-next-line unknown-id -->\nWe saw ${t.id}: Not Its Name ${i} here.\n\n`);
  }
  return parts.join('');
}

/** `count` HTML comments (not directives), each above a paragraph that cites a technique under a wrong name. */
export function htmlComments(index: FrameworkIndex, count: number): string {
  const all = techniques(index);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(`<!-- reviewer's note ${i}: see the source -->\nThe account posted ${all[i % all.length].id}: Not Its Name ${i}.\n\n`);
  return parts.join('');
}

/** The first line of the documents that are not incident-shaped: without it they would be no DISARM documents, and not checked. */
const MENTION = 'Notes citing the DISARM framework.\n\n';

/** The hostile documents of the benchmark, the 20 MB note last; each is a DISARM document, so it is checked. */
export function hostileDocuments(index: FrameworkIndex): HostileDocument[] {
  return [
    { name: '1 MB incident note', text: incidentNote(index, 1 << 20) },
    { name: 'a million bare known IDs', text: MENTION + bareKnownIds(index, 1_000_000) },
    { name: 'a million malformed IDs', text: MENTION + malformedIds(1_000_000) },
    { name: '20,000 directives x 20,000 findings', text: MENTION + directivesAndFindings(index, 20_000) },
    { name: '20,000 HTML comments', text: MENTION + htmlComments(index, 20_000) },
    { name: '20 MB incident note', text: incidentNote(index, 20 << 20) },
  ];
}
