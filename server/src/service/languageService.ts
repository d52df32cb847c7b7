import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentLink,
  DocumentSymbol,
  Hover,
  InlayHint,
  Location,
  Range,
  SymbolInformation,
} from 'vscode-languageserver-types';
import type { Position, TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionOptions, codeActionSteps } from './fixes/codeActions';
import { codeLensSteps } from './features/codeLens';
import { compareReleases, renderComparison } from './framework/compare';
import { computeCompletions, resolveCompletion } from './features/completion';
import { computeDefinition } from './features/definition';
import { diagnosticSteps, DiagnosticOptions } from './features/diagnostics';
import { nameBookSteps } from './features/names';
import { DocumentScope, isDisarmDocument } from './features/scope';
import { DisarmDocument } from './markdown/document';
import { documentIndex } from './markdown/documentIndex';
import { runToEnd, Steps } from './markdown/steps';
import { documentLinkSteps } from './features/documentLinks';
import { computeDocumentSymbols, documentSymbolSteps } from './features/documentSymbols';
import { FrameworkIndex } from './framework/framework';
import { computeHover } from './features/hover';
import { computeInlayHints } from './features/inlayHints';
import { createPageLinker } from './framework/links';
import { computeReferences } from './features/references';
import type { FrameworkSet } from './framework/releases';
import { renderVirtualDocument } from './features/virtualDocument';
import type { WorkspaceIndex } from './features/workspaceIndex';
import { computeWorkspaceSymbols } from './features/workspaceSymbols';

/** What the service needs from its host: the framework in use and where its pages are. */
export interface ServiceHost {
  /** The loaded framework, or `undefined` while no data is loaded. */
  index(): FrameworkIndex | undefined;
  /** `file:` URI of the checkout's `generated_pages/` (ending in `/`) when pages should open locally. */
  localPagesRoot(): string | undefined;
  /** `/`-separated absolute path of the checkout's `generated_pages` folder, when the data is a checkout. */
  pagesFolder(): string | undefined;
  /**
   * The loaded releases and the target, when the host loads several; `index()` is then their
   * `index`. Without it (or with one release) the features are the core's.
   */
  releases?(): FrameworkSet | undefined;
}

/** The DISARM language features over plain documents: no transport, no file system. */
export interface LanguageService {
  diagnostics(document: TextDocument, model: DisarmDocument, options?: DiagnosticOptions): Diagnostic[];
  /** Whether diagnostics run in the document: a DISARM document, or every document with scope `all` (see features/scope.ts). */
  isDisarmDocument(model: DisarmDocument, scope: DocumentScope): boolean;
  hover(document: TextDocument, model: DisarmDocument, position: Position): Hover | null;
  completions(document: TextDocument, model: DisarmDocument, position: Position): CompletionList | null;
  resolveCompletion(item: CompletionItem): CompletionItem;
  definition(document: TextDocument, model: DisarmDocument, position: Position): Location | null;
  documentLinks(document: TextDocument, model: DisarmDocument): DocumentLink[];
  /** With the model, its lines are read once per version. */
  documentSymbols(document: TextDocument, model?: DisarmDocument): DocumentSymbol[];
  inlayHints(document: TextDocument, model: DisarmDocument, range: Range): InlayHint[];
  codeLenses(document: TextDocument, model: DisarmDocument): CodeLens[];
  workspaceSymbols(query: string): SymbolInformation[];
  /** Every citation of the ID under the cursor across the workspace index (the document's own from its fresh model). */
  references(document: TextDocument, model: DisarmDocument, position: Position, index: WorkspaceIndex, includeDeclaration: boolean): Location[];
  /** Quick fixes for the given findings, and fix-all when asked for by kind. */
  codeActions(document: TextDocument, model: DisarmDocument, range: Range, diagnostics: Diagnostic[], options: Omit<CodeActionOptions, 'pagesFolder'>): CodeAction[];
  /** The markdown of a `disarm:` virtual document, or `undefined` for a URI that names no object. */
  virtualDocument(uri: string): string | undefined;
  /** The markdown report of what changed from the release labelled `from` to the one labelled `to`; `undefined` when either is not loaded. */
  compareReleases(from: string, to: string): string | undefined;
  /**
   * The computations that read a whole document, as steps (see `markdown/steps.ts`) for a host
   * that runs them in slices and stops them when cancelled; the methods above run them at once.
   */
  readonly inSteps: {
    diagnostics(document: TextDocument, model: DisarmDocument, options?: DiagnosticOptions): Steps<Diagnostic[]>;
    documentLinks(document: TextDocument, model: DisarmDocument): Steps<DocumentLink[]>;
    codeLenses(document: TextDocument, model: DisarmDocument): Steps<CodeLens[]>;
    codeActions(document: TextDocument, model: DisarmDocument, range: Range, diagnostics: Diagnostic[], options: Omit<CodeActionOptions, 'pagesFolder'>): Steps<CodeAction[]>;
    documentSymbols(document: TextDocument, model: DisarmDocument): Steps<DocumentSymbol[]>;
    isDisarmDocument(model: DisarmDocument, scope: DocumentScope): Steps<boolean>;
    /** Builds what the features read of newly loaded data (the names of every release), once per load. */
    prepareData(): Steps<void>;
    /** The techniques tables first (a link completes a row there), read in steps once per version. */
    completions(document: TextDocument, model: DisarmDocument, position: Position): Steps<CompletionList | null>;
  };
}

export function createLanguageService(host: ServiceHost): LanguageService {
  const pages = () => createPageLinker(host.localPagesRoot());
  const context = () => ({ index: host.index(), pages: pages(), pagesFolder: host.pagesFolder() });
  // One release has nothing to compare with: the core's behaviour, exactly.
  const releases = () => {
    const set = host.releases?.();
    return set && set.releases.length > 1 ? set : undefined;
  };
  const inSteps: LanguageService['inSteps'] = {
    diagnostics: (document, model, options) => diagnosticSteps(document, model, host.index(), { ...options, releases: releases() }),
    documentLinks: (document, model) => documentLinkSteps(document, model, host.index(), pages()),
    codeLenses: (document, model) => codeLensSteps(document, model, host.index()),
    codeActions: (document, model, range, diagnostics, options) =>
      codeActionSteps(document, model, host.index(), range, diagnostics, { ...options, pagesFolder: host.pagesFolder(), releases: releases() }),
    documentSymbols: (document, model) => documentSymbolSteps(document, documentIndex(model).lineSteps),
    isDisarmDocument: function* (model, scope) {
      const index = host.index();
      return isDisarmDocument(model, scope, index && (yield* nameBookSteps(index, releases())));
    },
    prepareData: function* () {
      const index = host.index();
      if (index) yield* nameBookSteps(index, releases());
    },
    completions: function* (document, model, position) {
      yield* documentIndex(model).techniqueTableSteps();
      return computeCompletions(document, model, position, context());
    },
  };
  return {
    inSteps,
    diagnostics: (document, model, options) => runToEnd(inSteps.diagnostics(document, model, options)),
    isDisarmDocument: (model, scope) => runToEnd(inSteps.isDisarmDocument(model, scope)),
    hover: (document, model, position) => computeHover(document, model, position, host.index(), pages(), releases()),
    completions: (document, model, position) => computeCompletions(document, model, position, context()),
    resolveCompletion: (item) => resolveCompletion(item, context()),
    definition: (document, model, position) => computeDefinition(document, model, position, host.index(), host.localPagesRoot()),
    documentLinks: (document, model) => runToEnd(inSteps.documentLinks(document, model)),
    documentSymbols: (document, model) => (model ? runToEnd(inSteps.documentSymbols(document, model)) : computeDocumentSymbols(document)),
    inlayHints: (document, model, range) => computeInlayHints(document, model, range, host.index()),
    codeLenses: (document, model) => runToEnd(inSteps.codeLenses(document, model)),
    workspaceSymbols: (query) => computeWorkspaceSymbols(query, host.index(), host.localPagesRoot()),
    virtualDocument: (uri) => renderVirtualDocument(uri, host.index()),
    codeActions: (document, model, range, diagnostics, options) => runToEnd(inSteps.codeActions(document, model, range, diagnostics, options)),
    compareReleases: (from, to) => {
      const all = host.releases?.()?.releases ?? [];
      const a = all.find((r) => r.label === from);
      const b = all.find((r) => r.label === to);
      return a && b ? renderComparison(compareReleases(a, b)) : undefined;
    },
    references: (document, model, position, index, includeDeclaration) =>
      computeReferences(document, model, position, index, includeDeclaration, (id) => {
        const object = host.index()?.objects.get(id);
        const root = host.localPagesRoot();
        return object && root ? createPageLinker(root).pageUri(object) : undefined;
      }),
  };
}
