import type { CodeLens, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DisarmDocument } from '../markdown/document';
import { FrameworkIndex } from '../framework/framework';
import { findIncidentTitle, findMarkerLine, scanLines } from '../markdown/pageLayout';

/** Client command: reveal a line. Arguments: `[uri: string, line: number]`, the line zero-based. */
export const REVEAL_LINE_COMMAND = 'disarm.revealLine';
/** Client command: list an incident's techniques. Arguments: `[uri: string, techniques: {id, label}[]]`, sorted by ID. */
export const SHOW_INCIDENT_TECHNIQUES_COMMAND = 'disarm.showIncidentTechniques';

/**
 * Code lenses on line 0:
 * - on an incident page's title, "N techniques across M tactics": the distinct known technique
 *   IDs cited anywhere in the document, and the distinct tactics they belong to; a click lists them;
 * - on any page with the generator's marker line, a note that everything above that line is
 *   generated from the DISARM master data and overwritten; a click reveals the marker line.
 */
export function computeCodeLenses(document: TextDocument, model: DisarmDocument, index: FrameworkIndex | undefined): CodeLens[] {
  const lines = scanLines(model.text);
  const range: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: lines[0]?.text.length ?? 0 } };
  const lenses: CodeLens[] = [];
  if (index && findIncidentTitle(lines)) lenses.push(incidentLens(document.uri, model, index, range));
  const marker = findMarkerLine(lines);
  if (marker !== undefined) {
    lenses.push({
      range,
      command: {
        title: `Generated from the DISARM master data and overwritten by the page generator: add notes below line ${marker + 1}`,
        command: REVEAL_LINE_COMMAND,
        arguments: [document.uri, marker],
      },
    });
  }
  return lenses;
}

function incidentLens(uri: string, model: DisarmDocument, index: FrameworkIndex, range: Range): CodeLens {
  const techniques = new Set<string>();
  const tactics = new Set<string>();
  for (const ref of model.references) {
    if (ref.class.type !== 'id' || ref.class.kind !== 'technique') continue;
    const object = index.objects.get(ref.token);
    if (!object) continue;
    techniques.add(object.id);
    if (object.tactic) tactics.add(object.tactic);
  }
  const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  return {
    range,
    command: {
      title: `${plural(techniques.size, 'technique')} across ${plural(tactics.size, 'tactic')}`,
      command: SHOW_INCIDENT_TECHNIQUES_COMMAND,
      arguments: [uri, [...techniques].sort().map((id) => ({ id, label: `${id} ${index.objects.get(id)?.name ?? ''}`.trim() }))],
    },
  };
}
