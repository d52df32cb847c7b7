/**
 * What changed between two releases: techniques and tactics added, removed and renamed, keyed by
 * DISARM ID (STIX object ids are not stable between releases), with counts per tactic.
 */
import type { DisarmObject, FrameworkIndex } from './framework';
import type { DisarmKind } from '../markdown/ids';
import { Release, releaseName } from './releases';
import { escapeMarkdown, normalizeName } from '../markdown/text';

/** An ID in both releases under different names. */
export interface Renamed {
  readonly before: DisarmObject;
  readonly after: DisarmObject;
}

/** The changes of one kind, each list in ID order. */
export interface KindChanges {
  readonly added: readonly DisarmObject[];
  readonly removed: readonly DisarmObject[];
  readonly renamed: readonly Renamed[];
}

/** One tactic's technique changes; a removed technique counts under the tactic it had. */
export interface TacticCounts {
  readonly id: string;
  readonly name: string;
  readonly added: number;
  readonly removed: number;
  readonly renamed: number;
}

export interface ReleaseComparison {
  readonly from: string;
  readonly to: string;
  readonly techniques: KindChanges;
  readonly tactics: KindChanges;
  /** Tactics with at least one change, in ID order; techniques without a tactic under `(none)`. */
  readonly perTactic: readonly TacticCounts[];
}

/** Compares the techniques and tactics of `from` (the older, usually) with those of `to`. */
export function compareReleases(from: Release, to: Release): ReleaseComparison {
  const techniques = changes(from.index, to.index, 'technique');
  const counts = new Map<string, { added: number; removed: number; renamed: number }>();
  const bump = (tactic: string | undefined, field: 'added' | 'removed' | 'renamed') => {
    const key = tactic ?? '';
    const entry = counts.get(key) ?? { added: 0, removed: 0, renamed: 0 };
    entry[field]++;
    counts.set(key, entry);
  };
  for (const object of techniques.added) bump(object.tactic, 'added');
  for (const object of techniques.removed) bump(object.tactic, 'removed');
  for (const { after } of techniques.renamed) bump(after.tactic, 'renamed');
  const perTactic = [...counts.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : compareIds(a, b)))
    .map(([id, c]) => ({ id: id || '(none)', name: id ? tacticName(id, to.index, from.index) : '', ...c }));
  return { from: from.label, to: to.label, techniques, tactics: changes(from.index, to.index, 'tactic'), perTactic };
}

function changes(from: FrameworkIndex, to: FrameworkIndex, kind: DisarmKind): KindChanges {
  const of = (index: FrameworkIndex) => [...index.objects.values()].filter((o) => o.kind === kind).sort((a, b) => compareIds(a.id, b.id));
  const added = of(to).filter((o) => !from.objects.has(o.id));
  const removed = of(from).filter((o) => !to.objects.has(o.id));
  const renamed: Renamed[] = [];
  for (const before of of(from)) {
    const after = to.objects.get(before.id);
    if (after && normalizeName(after.name) !== normalizeName(before.name)) renamed.push({ before, after });
  }
  return { added, removed, renamed };
}

function tacticName(id: string, ...indexes: FrameworkIndex[]): string {
  for (const index of indexes) {
    const tactic = index.objects.get(id);
    if (tactic) return tactic.name;
  }
  return '';
}

/**
 * The comparison as a markdown report. IDs are written as code so that the report, opened in an
 * editor that checks DISARM IDs, is not itself flagged; every string from the data is escaped.
 */
export function renderComparison(comparison: ReleaseComparison): string {
  const { techniques, tactics } = comparison;
  const lines = [
    `# ${escapeMarkdown(releaseName(comparison.from))} → ${escapeMarkdown(releaseName(comparison.to))}`,
    '',
    `Techniques: ${techniques.added.length} added, ${techniques.removed.length} removed, ${techniques.renamed.length} renamed. ` +
      `Tactics: ${tactics.added.length} added, ${tactics.removed.length} removed, ${tactics.renamed.length} renamed.`,
  ];
  if (comparison.perTactic.length) {
    lines.push('', '## Technique changes per tactic', '', '| Tactic | Added | Removed | Renamed |', '| --- | ---: | ---: | ---: |');
    for (const t of comparison.perTactic) {
      const label = t.name ? `\`${t.id}\` ${escapeMarkdown(t.name)}` : t.id;
      lines.push(`| ${label} | ${t.added} | ${t.removed} | ${t.renamed} |`);
    }
  }
  for (const [title, kind] of [
    ['Tactics', tactics],
    ['Techniques', techniques],
  ] as const) {
    section(lines, `${title} added`, kind.added.map(item));
    section(lines, `${title} removed`, kind.removed.map(item));
    section(lines, `${title} renamed`, kind.renamed.map(({ before, after }) => `${item(after)} (was “${escapeMarkdown(before.name)}”)`));
  }
  return `${lines.join('\n')}\n`;
}

function item(object: DisarmObject): string {
  return `\`${object.id}\` ${escapeMarkdown(object.name)}`;
}

function section(lines: string[], title: string, items: readonly string[]): void {
  if (!items.length) return;
  lines.push('', `## ${title} (${items.length})`, '', ...items.map((i) => `- ${i}`));
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
