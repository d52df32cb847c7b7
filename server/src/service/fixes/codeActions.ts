/** Code actions: a quick fix (or several) per DISARM finding, a suppression per finding, and fix-all. */
import { CodeAction, CodeActionKind, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { diagnosticSteps, DIAGNOSTIC_SOURCE, DiagnosticData, DiagnosticOptions } from '../features/diagnostics';
import { runToEnd, SMALL_STEP, Steps } from '../markdown/steps';
import { documentIndex } from '../markdown/documentIndex';
import { DisarmDocument, IdReference } from '../markdown/document';
import { addIfDisjoint, OffsetEdit, toTextEdits } from '../markdown/edits';
import { fixesFor, mayHavePreferredFix, referenceFor } from './fixes';
import type { Fix, FixContext } from './fixTypes';
import { FrameworkIndex } from '../framework/framework';
import type { FrameworkSet } from '../framework/releases';
import { suppressionFix } from './suppressFix';

/** The kind of the fix-all source action, for `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.disarm`;

/** What code actions need besides the document: the request's kind filter and the user's settings. */
export interface CodeActionOptions {
  /** `CodeActionContext.only`: the kinds the client asked for; all quick fixes when absent. */
  readonly only?: readonly string[];
  /** Codes the user disabled: fix-all does not fix findings that are not shown. */
  readonly disabled?: ReadonlySet<string>;
  /** `/`-separated absolute path of the checkout's `generated_pages` folder (links in a new table row). */
  readonly pagesFolder?: string;
  /** The loaded releases when there are several (`index` is then `releases.index`): fixes for `removed-id`. */
  readonly releases?: FrameworkSet;
}

/**
 * The code actions for a range: for each DISARM diagnostic the client sent (`diagnostics`, from
 * `CodeActionContext`) its fixes, the likeliest marked preferred, then a suppression comment.
 * Fix-all is returned only when asked for by kind (`source`, `source.fixAll`, ...): it
 * re-checks the whole document, which a light-bulb request on every cursor move must not pay for.
 */
export function computeCodeActions(...args: Parameters<typeof codeActionSteps>): CodeAction[] {
  return runToEnd(codeActionSteps(...args));
}

/** {@link computeCodeActions} in steps (see `steps.ts`): fix-all pauses every few hundred findings. */
export function* codeActionSteps(
  document: TextDocument,
  model: DisarmDocument,
  index: FrameworkIndex | undefined,
  range: Range,
  diagnostics: readonly Diagnostic[],
  options: CodeActionOptions = {},
): Steps<CodeAction[]> {
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix, options.only)) {
    // What the fixes and suppressions read of the lines, in steps, once per version.
    if (diagnostics.some((d) => d.source === DIAGNOSTIC_SOURCE && intersects(d.range, range))) {
      yield* documentIndex(model).lineSteps();
      yield* documentIndex(model).techniqueTableSteps();
    }
    for (let i = 0; i < diagnostics.length; i++) {
      if (i % SMALL_STEP === SMALL_STEP - 1) yield;
      const diagnostic = diagnostics[i];
      if (diagnostic.source !== DIAGNOSTIC_SOURCE || !intersects(diagnostic.range, range)) continue;
      const fixes = index ? fixesFor(fixContext(document, model, index, options), String(diagnostic.code), document.offsetAt(diagnostic.range.start), dataId(diagnostic)) : [];
      // A document given up on has no suppression comments read: offering one would not help.
      const suppress = model.givenUp ? undefined : suppressionFix(model.text, diagnostic.range.start.line, String(diagnostic.code), documentIndex(model).lines());
      for (const fix of suppress ? [...fixes, suppress] : fixes) actions.push(toAction(document, fix, CodeActionKind.QuickFix, [diagnostic]));
    }
  }
  if (index && options.only && wants(FIX_ALL_KIND, options.only)) {
    const { edits, fixed } = yield* fixAllSteps(document, model, index, options);
    if (fixed > 0) {
      actions.push({
        title: `Fix all DISARM findings that have one sure fix (${fixed})`,
        kind: FIX_ALL_KIND,
        edit: { changes: { [document.uri]: edits } },
      });
    }
  }
  return actions;
}

/** The fix-all edits of a document, and what they fixed. */
export interface FixAll {
  readonly edits: TextEdit[];
  /** The findings fixed. */
  readonly fixed: number;
  /**
   * No fix taken changed an ID, so the fixed text has no finding that a fix could have made:
   * a fix that changes an ID can leave its written name or link wrong for the new one.
   */
  readonly settled: boolean;
}

/**
 * The edits of every unambiguous fix in the document: each finding's fix when exactly one is
 * preferred, and only where it does not overlap another fix already taken. Suppressions are
 * never applied. The CLI's `--fix` applies these edits (see {@link fixAllOffsets}).
 */
export function fixAllEdits(document: TextDocument, model: DisarmDocument, index: FrameworkIndex, options: FixAllOptions = {}): FixAll {
  return runToEnd(fixAllSteps(document, model, index, options));
}

/** {@link fixAllEdits} in steps (see `steps.ts`). */
export function* fixAllSteps(document: TextDocument, model: DisarmDocument, index: FrameworkIndex, options: FixAllOptions = {}): Steps<FixAll> {
  const { edits, fixed, again } = yield* fixAllOffsetSteps(document, model, index, options);
  return { edits: toTextEdits(document, edits), fixed, settled: again.length === 0 };
}

/** What fix-all needs besides the document; the diagnostic options are those the findings are reported with. */
export interface FixAllOptions extends Pick<CodeActionOptions, 'disabled' | 'pagesFolder' | 'releases'>, Pick<DiagnosticOptions, 'severities' | 'scope'> {
  /**
   * Check and fix only the references that start at these offsets (a later `--fix` round: where
   * the previous round's fixes made new findings possible). All references when absent.
   */
  readonly onlyAt?: ReadonlySet<number>;
}

/** Fix-all as offset edits, with what the CLI's rounds need. */
export interface FixAllOffsets {
  /** Sorted and disjoint, by offsets into the document's text: apply them in one pass. */
  readonly edits: OffsetEdit[];
  readonly fixed: number;
  /**
   * Where the text after these edits may have a new fixable finding, as the ascending offsets
   * (into the text before the edits) of the references concerned: an ID changed by a fix, whose
   * written name or link may then be another's, and a fix not taken because it overlapped one
   * taken, which may apply once that one has. Empty: the fixed text has no fix left to find.
   */
  readonly again: number[];
  /** The document's findings under the options (not when `onlyAt` restricted them): once nothing is fixed, those of the final text. */
  readonly diagnostics?: Diagnostic[];
}

/** {@link fixAllOffsets} in steps. */
export function* fixAllOffsetSteps(document: TextDocument, model: DisarmDocument, index: FrameworkIndex, options: FixAllOptions = {}): Steps<FixAllOffsets> {
  const context = fixContext(document, model, index, options);
  const { disabled, severities, scope, releases, onlyAt } = options;
  const diagnostics = yield* diagnosticSteps(document, model, index, { disabled, severities, scope, releases, onlyAt });
  const accepted: OffsetEdit[] = [];
  const again = new Set<number>();
  let fixed = 0;
  for (let i = 0; i < diagnostics.length; i++) {
    if (i % SMALL_STEP === SMALL_STEP - 1) yield;
    const code = String(diagnostics[i].code);
    if (!mayHavePreferredFix(code)) continue;
    const offset = document.offsetAt(diagnostics[i].range.start);
    const ref = referenceFor(model, code, offset);
    if (!ref || (onlyAt && !onlyAt.has(ref.start))) continue;
    const preferred = fixesFor(context, code, offset, dataId(diagnostics[i])).filter((f) => f.preferred);
    if (preferred.length !== 1) continue;
    if (!addIfDisjoint(accepted, preferred[0].edits)) {
      again.add(ref.start);
      continue;
    }
    fixed++;
    if (reopens(ref, preferred[0].edits)) again.add(ref.start);
  }
  return { edits: accepted, fixed, again: [...again].sort((a, b) => a - b), diagnostics: onlyAt ? undefined : diagnostics };
}

/**
 * Whether a fix's edits can make a new fixable finding at its reference: a new ID may leave the
 * written name or the link another's, and a name written anew may make the link fix preferred
 * (it is not while the name is the linked page's).
 */
function reopens(ref: IdReference, edits: readonly OffsetEdit[]): boolean {
  const { name, destination } = ref;
  return edits.some((e) => (e.start === ref.start && e.end === ref.end) || (!!name && !!destination && e.start < name.end && name.start < e.end));
}

/** Fix-all as offset edits: {@link fixAllEdits} for a caller that applies them itself (the CLI). */
export function fixAllOffsets(document: TextDocument, model: DisarmDocument, index: FrameworkIndex, options: FixAllOptions = {}): FixAllOffsets {
  return runToEnd(fixAllOffsetSteps(document, model, index, options));
}

function fixContext(document: TextDocument, model: DisarmDocument, index: FrameworkIndex, options: CodeActionOptions): FixContext {
  return { uri: document.uri, model, index, pagesFolder: options.pagesFolder, releases: options.releases };
}

function toAction(document: TextDocument, fix: Fix, kind: string, diagnostics: Diagnostic[]): CodeAction {
  return {
    title: fix.title,
    kind,
    diagnostics,
    isPreferred: fix.preferred || undefined,
    edit: { changes: { [document.uri]: toTextEdits(document, fix.edits) } },
  };
}

function dataId(diagnostic: Diagnostic): string | undefined {
  const id = (diagnostic.data as Partial<DiagnosticData> | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** LSP kinds are hierarchical: asking for `source` includes `source.fixAll.disarm`. */
function wants(kind: string, only: readonly string[] | undefined): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function intersects(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
