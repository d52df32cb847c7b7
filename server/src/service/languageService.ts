import type { CompletionItem, CompletionList, Diagnostic, Hover } from 'vscode-languageserver-types';
import type { Position, TextDocument } from 'vscode-languageserver-textdocument';
import { computeCompletions, resolveCompletion } from './completion';
import { computeDiagnostics, DiagnosticOptions } from './diagnostics';
import { DisarmDocument } from './document';
import { FrameworkIndex } from './framework';
import { computeHover } from './hover';
import { createPageLinker } from './links';

/** What the service needs from its host: the framework in use and where its pages are. */
export interface ServiceHost {
  /** The loaded framework, or `undefined` while no data is loaded. */
  index(): FrameworkIndex | undefined;
  /** `file:` URI of the checkout's `generated_pages/` (ending in `/`) when pages should open locally. */
  localPagesRoot(): string | undefined;
  /** `/`-separated absolute path of the checkout's `generated_pages` folder, when the data is a checkout. */
  pagesFolder(): string | undefined;
}

/** The DISARM language features over plain documents: no transport, no file system. */
export interface LanguageService {
  diagnostics(document: TextDocument, model: DisarmDocument, options?: DiagnosticOptions): Diagnostic[];
  hover(document: TextDocument, model: DisarmDocument, position: Position): Hover | null;
  completions(document: TextDocument, model: DisarmDocument, position: Position): CompletionList | null;
  resolveCompletion(item: CompletionItem): CompletionItem;
}

export function createLanguageService(host: ServiceHost): LanguageService {
  const context = () => ({ index: host.index(), pages: createPageLinker(host.localPagesRoot()), pagesFolder: host.pagesFolder() });
  return {
    diagnostics: (document, model, options) => computeDiagnostics(document, model, host.index(), options),
    hover: (document, model, position) => computeHover(document, model, position, host.index(), createPageLinker(host.localPagesRoot())),
    completions: (document, model, position) => computeCompletions(document, model, position, context()),
    resolveCompletion: (item) => resolveCompletion(item, context()),
  };
}
