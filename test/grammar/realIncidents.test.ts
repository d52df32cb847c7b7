import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { loadWASM, OnigScanner, OnigString } from 'vscode-oniguruma';
import { INITIAL, IGrammar, parseRawGrammar, Registry } from 'vscode-textmate';
import { parseDisarmDocument } from '../../server/src/service/markdown/document';
import { frameworksDir } from '../realData';

const ROOT = path.join(__dirname, '..', '..');
const INJECTION = path.join(ROOT, 'syntaxes', 'disarm.markdown.injection.tmLanguage.json');
const MARKDOWN = path.join(ROOT, 'node_modules', 'tm-grammars', 'grammars', 'markdown.json');

/** The scopes of every character of a document, as VS Code's tokenizer would give them. */
function scopesPerCharacter(grammar: IGrammar, text: string): string[] {
  const result: string[] = [];
  let state = INITIAL;
  for (const line of text.split('\n')) {
    const { tokens, ruleStack } = grammar.tokenizeLine(line, state);
    state = ruleStack;
    for (const token of tokens) for (let i = token.startIndex; i < Math.min(token.endIndex, line.length); i++) result.push(token.scopes.join(' '));
    result.push(''); // the newline
  }
  return result;
}

describe('the grammar on the real DISARM incidents', () => {
  let grammar: IGrammar;

  before(async () => {
    await loadWASM(readFileSync(path.join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm')).buffer as ArrayBuffer);
    const registry = new Registry({
      onigLib: Promise.resolve({ createOnigScanner: (s: string[]) => new OnigScanner(s), createOnigString: (s: string) => new OnigString(s) }),
      loadGrammar: async (scope) => {
        const file = scope === 'text.html.markdown' ? MARKDOWN : scope === 'disarm.markdown.injection' ? INJECTION : undefined;
        return file ? parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
      },
      getInjections: (scope) => (scope === 'text.html.markdown' ? ['disarm.markdown.injection'] : undefined),
    });
    grammar = (await registry.loadGrammar('text.html.markdown'))!;
  });

  it('highlights every ID the language server sees in prose, and nothing in link destinations', () => {
    const incidents = path.join(frameworksDir(), 'generated_pages', 'incidents');
    let checked = 0;
    for (const file of readdirSync(incidents).filter((f) => /^I\d+\.md$/.test(f))) {
      const text = readFileSync(path.join(incidents, file), 'utf8');
      const scopes = scopesPerCharacter(grammar, text);
      for (const ref of parseDisarmDocument(text).references) {
        if (ref.class.type !== 'id') continue;
        assert.match(scopes[ref.start], new RegExp(`\\.disarm\\.`), `${file}: ${ref.token} at ${ref.start} is not highlighted`);
        if (ref.destination) {
          for (let i = ref.destination.start; i < ref.destination.end; i++) assert.doesNotMatch(scopes[i], /\.disarm\./, `${file}: highlight inside a link destination`);
        }
        checked++;
      }
    }
    assert.ok(checked > 1000, `only ${checked} references checked`);
  });
});
