import type { CodeLens, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DisarmDocument } from '../markdown/document';
import { FrameworkIndex } from '../framework/framework';
import { findIncidentTitle, findMarkerLine, GENERATED_MARKER, scanLines } from '../markdown/pageLayout';
import { runToEnd, STEP, Steps } from '../markdown/steps';

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
  return runToEnd(codeLensSteps(document, model, index));
}

/** {@link computeCodeLenses} in steps (see `steps.ts`): the incident's count reads every reference. */
export function* codeLensSteps(document: TextDocument, model: DisarmDocument, index: FrameworkIndex | undefined): Steps<CodeLens[]> {
  const text = model.text;
  const firstLine = scanLines(text.slice(0, text.search(/[\r\n]|$/)));
  const range: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine[0]?.text.length ?? 0 } };
  const lenses: CodeLens[] = [];
  if (index && findIncidentTitle(firstLine)) lenses.push(yield* incidentLens(document.uri, model, index, range));
  const marker = markerLine(text);
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

/** The marker line, read only up to the marker: most documents have none, and a generated page has it near the top. */
function markerLine(text: string): number | undefined {
  const at = text.indexOf(GENERATED_MARKER);
  if (at < 0) return undefined;
  const lineEnd = text.slice(at).search(/[\r\n]|$/) + at;
  // The first one was quoted in code: then the whole text, once.
  return findMarkerLine(scanLines(text.slice(0, lineEnd))) ?? findMarkerLine(scanLines(text));
}

function* incidentLens(uri: string, model: DisarmDocument, index: FrameworkIndex, range: Range): Steps<CodeLens> {
  const techniques = new Set<string>();
  const tactics = new Set<string>();
  const refs = model.references;
  for (let i = 0; i < refs.length; i++) {
    if (i % STEP === STEP - 1) yield;
    const ref = refs[i];
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
