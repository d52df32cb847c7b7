/**
 * Read-only documents the server renders for objects whose pages are not in the workspace.
 *
 * The URI scheme is `disarm:/<kind>/<ID>.md`, for example `disarm:/technique/T0115.md`: the kind
 * is one of {@link DisarmKind} and must agree with the ID's grammar. The path ends in `.md` so
 * that editors open it as markdown (the DISARM features then work in it too); there is no
 * authority, query or fragment. The client asks the server for the text of such a URI.
 */
import { DisarmObject, FrameworkIndex } from '../framework/framework';
import { classifyToken, DisarmKind, KIND_LABELS, parentTechniqueId } from '../markdown/ids';
import { createPageLinker } from '../framework/links';
import { escapeMarkdown } from '../markdown/text';

/** The scheme of the server-rendered object documents. */
export const VIRTUAL_SCHEME = 'disarm';

/** What a virtual document URI names. */
export interface VirtualDocumentTarget {
  readonly kind: DisarmKind;
  readonly id: string;
}

/** The virtual document URI of an object (`disarm:/technique/T0115.md`). */
export function virtualDocumentUri(object: Pick<DisarmObject, 'id' | 'kind'>): string {
  return `${VIRTUAL_SCHEME}:/${object.kind}/${object.id}.md`;
}

/**
 * The kind and ID a virtual document URI names, or `undefined` for anything else: another scheme,
 * an authority, a query or fragment, an unknown kind, or an ID that is not of that kind.
 * `disarm:///technique/T0115.md` (empty authority) is accepted as the same URI.
 */
export function parseVirtualDocumentUri(uri: string): VirtualDocumentTarget | undefined {
  const match = /^disarm:(?:\/\/)?\/([a-z]+)\/([A-Z]{1,2}\d+(?:\.\d+)?)\.md$/.exec(uri);
  if (!match) return undefined;
  const [, kind, id] = match;
  if (!Object.hasOwn(KIND_LABELS, kind)) return undefined;
  const cls = classifyToken(id);
  return cls?.type === 'id' && cls.kind === kind ? { kind: cls.kind, id } : undefined;
}

/**
 * The markdown text of a virtual document: the object's kind, ID, name, full summary, tactic or
 * phase, parent technique, sub-techniques and its page on the DISARM GitHub site. `undefined`
 * when the URI is malformed or names no loaded object. Every string from the data is escaped.
 */
export function renderVirtualDocument(uri: string, index: FrameworkIndex | undefined): string | undefined {
  const target = parseVirtualDocumentUri(uri);
  const object = target && index?.objects.get(target.id);
  if (!index || !object || object.kind !== target.kind) return undefined;
  const lines = [`# ${KIND_LABELS[object.kind]} ${id(object.id)}: ${escapeMarkdown(object.name)}`, ''];
  lines.push(`**Summary**: ${object.summary ? summaryMarkdown(object.summary) : '(none in the data)'}`, '');
  lines.push(...facts(object, index));
  const page = createPageLinker(undefined).pageUri(object);
  lines.push(`[Open ${id(object.id)} on the DISARM GitHub pages](<${page}>)`, '');
  lines.push(`*Read-only: rendered by the DISARM language server from the ${escapeMarkdown(index.source.kind)} data it has loaded.*`, '');
  return lines.join('\n');
}

/** Tactic, phase, parent and sub-techniques, each a paragraph of its own. */
function facts(object: DisarmObject, index: FrameworkIndex): string[] {
  const cite = (other: string): string => {
    const found = index.objects.get(other);
    return found ? `${id(found.id)} ${escapeMarkdown(found.name)}` : id(other);
  };
  const lines: string[] = [];
  if (object.tactic) lines.push(`**Tactic**: ${cite(object.tactic)}`, '');
  if (object.phase) lines.push(`**Phase**: ${cite(object.phase)}`, '');
  const parent = object.kind === 'technique' ? parentTechniqueId(object.id) : undefined;
  if (parent) lines.push(`**Parent technique**: ${cite(parent)}`, '');
  const subs = index.subTechniques.get(object.id);
  if (subs?.length) lines.push('**Sub-techniques**:', '', ...subs.map((sub) => `- ${cite(sub)}`), '');
  return lines;
}

/**
 * IDs that pass the grammar hold only capitals, digits and an inner dot, which cannot form markup
 * in the middle of a line; writing them unescaped keeps the source readable and lets the DISARM
 * features recognise them in this document. Anything else is escaped like other data.
 */
function id(text: string): string {
  return classifyToken(text)?.type === 'id' ? text : escapeMarkdown(text);
}

/** The full summary; its paragraphs kept, its lines joined by hard breaks. */
function summaryMarkdown(summary: string): string {
  return summary
    .split(/\n\s*\n/)
    .map((paragraph) => escapeMarkdown(paragraph.trim()).replace(/\n/g, '  \n'))
    .join('\n\n');
}
