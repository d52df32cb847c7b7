import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';

/** Runs and seed: a fixed seed and a few thousand cases in CI; `npm run fuzz` sets more and a random seed. */
export const FUZZ = {
  runs: Number(process.env.FUZZ_RUNS ?? 2000),
  seed: process.env.FUZZ_SEED === 'random' ? Date.now() : Number(process.env.FUZZ_SEED ?? 20261125),
};

/** Lines of the real incidents, read at run time (never stored in the repository). */
export function realLines(frameworksDir: string): string[] {
  const incidents = path.join(frameworksDir, 'generated_pages', 'incidents');
  const lines: string[] = [];
  for (const file of readdirSync(incidents).filter((f) => /^I\d+\.md$/.test(f)).slice(0, 40)) {
    lines.push(...readFileSync(path.join(incidents, file), 'utf8').split('\n').filter((l) => l.length < 4000));
  }
  return lines;
}

const ID_TOKENS = ['T0001', 'T0146.007', 'T0152.005', 'T0115', 'T00145.006', 'T0115.12', 'T115', 'TA15', 'TA99', 'C00091', 'I00104', 'P02', 'T1059.001', 'T0999', 'TK0019'];
const ADVERSARIAL = [
  '[', ']', '](', ')', '(', '`', '``', '```', '~~~', '    ', '\t', '> ', '>>>>', '- ', '* ', '1. ', '|', '| --- |', '<!--', '-->', '<i>', '</i>',
  '<br>', '<!-- disarm-disable-next-line name-mismatch -->', '<!-- disarm-disable -->', '<!-- disarm-enable -->', '\\', '*', '_', '&amp;', '&#',
  '\u0000', '\uD800', '\uDC00', '\r\n', '\r', '\n', '\n\n', '🙂', '\u202E', 'שלום', 'مرحبا', ': ', ', ', 'https://example.org/T0001', '<https://x.y/T0002>',
  'DO NOT EDIT ABOVE THIS LINE - PLEASE ADD NOTES BELOW', '# Incident I00104: Title', '| Technique | Description given for this incident |',
];

/** One piece of a generated document: a real line, an ID in some form, adversarial text or noise. */
export function fragment(lines: readonly string[]): fc.Arbitrary<string> {
  const id = fc.constantFrom(...ID_TOKENS);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...lines) },
    { weight: 3, arbitrary: fc.constantFrom(...ADVERSARIAL) },
    { weight: 2, arbitrary: id },
    { weight: 2, arbitrary: fc.tuple(id, fc.string({ maxLength: 30 })).map(([i, n]) => `${i}: ${n}`) },
    { weight: 2, arbitrary: fc.tuple(id, fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 })).map(([i, n, d]) => `[${i} ${n}](${d}${i}.md)`) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 60 }).map((depth) => `${'> '.repeat(depth)}${'- '.repeat(depth)}T0115: Post Content`) },
  );
}

/** A markdown document of fragments joined by line breaks or nothing; now and then a long line of citations. */
export function markdown(lines: readonly string[]): fc.Arbitrary<string> {
  const body = fc.array(fc.tuple(fragment(lines), fc.constantFrom('', ' ', '\n', '\r\n', '\n\n')), { maxLength: 60 }).map((parts) => parts.map(([f, sep]) => f + sep).join(''));
  return fc.oneof({ weight: 40, arbitrary: body }, { weight: 1, arbitrary: body.map((b) => `${b}${'T0115: Post Content, '.repeat(5_000)}`) });
}

/** A 1 MB single line of citations, checked once per run rather than generated often: it takes a second to parse. */
export const MEGABYTE_LINE = `# Incident I00001: Long\n\n${'T0115: Post Content, [T0152.005 Paste Platform](x/T0152.005.md) '.repeat(16_000)}`;

/**
 * Runs a property with the fuzz settings; on failure, reports the seed, the path to replay it and
 * the start of the counterexample (a generated document can be a megabyte long).
 */
export function checkProperty<T>(property: fc.IProperty<T> | fc.IAsyncProperty<T>, runs = FUZZ.runs): Promise<void> | void {
  const report = (details: fc.RunDetails<T>): void => {
    if (!details.failed) return;
    const example = JSON.stringify(details.counterexample) ?? '';
    const shown = example.length > 2000 ? `${example.slice(0, 2000)}… (${example.length} characters)` : example;
    throw new Error(`property failed after ${details.numRuns} runs (FUZZ_SEED=${details.seed}, path ${details.counterexamplePath}): ${String(details.errorInstance)}\ncounterexample: ${shown}`);
  };
  const details = fc.check(property as fc.IProperty<T>, { numRuns: runs, seed: FUZZ.seed, endOnFailure: true });
  return details instanceof Promise ? details.then(report) : report(details);
}
