/**
 * `npm run bench`: the performance budgets of the language tools, measured on the real DISARM
 * checkout (DISARM_FRAMEWORKS_DIR), on the build that ships (minified, as `npm run package` makes
 * it). A benchmark, not a test: it prints figures and marks each against its budget.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadSource } from '../server/src/node/dataSource';
import { loadSnapshot, SNAPSHOT_FILE } from '../server/src/node/loadSnapshot';
import { computeCompletions } from '../server/src/service/features/completion';
import { computeDiagnostics } from '../server/src/service/features/diagnostics';
import { parseDisarmDocument } from '../server/src/service/markdown/document';
import { computeHover } from '../server/src/service/features/hover';
import { createPageLinker } from '../server/src/service/framework/links';
import { suggestIds } from '../server/src/service/framework/suggest';
import { frameworksDir } from '../test/realData';
import { quantile, row, time, timeAsync } from './util';
import { benchDataLoad } from './dataLoad';
import { benchEditStorm } from './editStorm';
import { benchExtension } from './extension';
import { benchHostile } from './hostile';
import { benchWorkspace } from './workspace';

const ROOT = path.join(__dirname, '..');

/** Runs two commands in turn `runs` times (after one unmeasured round) and returns each pair's wall-clock ms. */
function processPairs(a: readonly [string, string[]], b: readonly [string, string[]], runs: number, cwd: string): Array<[number, number]> {
  const once = ([command, args]: readonly [string, string[]]) => {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { cwd, stdio: 'ignore' });
    if (result.error) throw result.error;
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  once(a);
  once(b);
  return Array.from({ length: runs }, () => [once(a), once(b)] as [number, number]);
}

async function main(): Promise<void> {
  const root = frameworksDir();
  const incidents = path.join(root, 'generated_pages', 'incidents');
  const source = { kind: 'checkout' as const, path: root, origin: 'bench' };

  const loadTimes: number[] = [];
  let index = await loadSource(source, () => {});
  for (let i = 0; i < 20; i++) loadTimes.push(await timeAsync(async () => (index = await loadSource(source, () => {}))));
  row('index load (full checkout)', `median ${quantile(loadTimes, 0.5).toFixed(1)} ms, max ${Math.max(...loadTimes).toFixed(1)} ms`, '< 150 ms', Math.max(...loadTimes) < 150);

  // The built-in release history, read and turned into releases as the server and the CLI do at start.
  const snapshot = path.join(ROOT, 'dist', SNAPSHOT_FILE);
  const first = await loadSnapshot(snapshot);
  if (first.releases.length) {
    const snapshotTimes: number[] = [];
    for (let i = 0; i < 20; i++) snapshotTimes.push(await timeAsync(() => loadSnapshot(snapshot)));
    row(
      `built-in data load (${first.releases.length} releases, ${(statSync(snapshot).size / 1024).toFixed(0)} KB)`,
      `median ${quantile(snapshotTimes, 0.5).toFixed(1)} ms, max ${Math.max(...snapshotTimes).toFixed(1)} ms`,
      '< 30 ms',
      quantile(snapshotTimes, 0.5) < 30,
    );
  } else {
    row('built-in data load', `none: ${first.note}`, '< 30 ms', false);
  }

  // The incident pages themselves, named alike for both tools (the folder also holds a stray `.md`).
  const files = readdirSync(incidents).filter((f) => /^I\d+\.md$/.test(f)).sort();
  const largest = files.map((f) => path.join(incidents, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
  const text = readFileSync(largest, 'utf8');
  const document = TextDocument.create('file://' + largest, 'markdown', 1, text);
  const diagTimes: number[] = [];
  for (let i = 0; i < 60; i++) diagTimes.push(time(() => computeDiagnostics(document, parseDisarmDocument(text), index)));
  const steady = diagTimes.slice(10);
  row(
    `diagnostics, ${path.basename(largest)} (${(text.length / 1024).toFixed(0)} KB), parse included`,
    `median ${quantile(steady, 0.5).toFixed(1)} ms, p99 ${quantile(steady, 0.99).toFixed(1)} ms`,
    '< 30 ms',
    quantile(steady, 0.5) < 30,
  );

  const model = parseDisarmDocument(text);
  const pages = createPageLinker(undefined);
  const hoverTimes: number[] = [];
  const completionTimes: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const ref of model.references) {
      const position = document.positionAt(ref.start + 1);
      hoverTimes.push(time(() => computeHover(document, model, position, index, pages)));
      const end = document.positionAt(ref.start + Math.min(3, ref.token.length));
      completionTimes.push(time(() => computeCompletions(document, model, end, { index, pages })));
    }
  }
  row(`hover, ${hoverTimes.length} requests`, `median ${quantile(hoverTimes, 0.5).toFixed(3)} ms, p99 ${quantile(hoverTimes, 0.99).toFixed(3)} ms`, 'p99 < 5 ms', quantile(hoverTimes, 0.99) < 5);
  row(
    `completion, ${completionTimes.length} requests`,
    `median ${quantile(completionTimes, 0.5).toFixed(3)} ms, p99 ${quantile(completionTimes, 0.99).toFixed(3)} ms`,
    'p99 < 5 ms',
    quantile(completionTimes, 0.99) < 5,
  );

  // A quick fix's candidates for an unknown ID with a written name, over the whole index.
  suggestIds('T0097.003', index, 'Journalist Persona');
  const suggestTimes = Array.from({ length: 200 }, (_, i) => time(() => suggestIds(`T0${100 + (i % 100)}.00${i % 10}`, index, 'Some Written Name Persona')));
  row(`id suggestions, ${suggestTimes.length} requests`, `median ${quantile(suggestTimes, 0.5).toFixed(2)} ms, p99 ${quantile(suggestTimes, 0.99).toFixed(2)} ms`, 'median < 5 ms', quantile(suggestTimes, 0.5) < 5);

  await benchWorkspace({ incidents: files.map((f) => path.join(incidents, f)), index, parseWorker: path.join(ROOT, 'dist', 'parseWorker.js'), checkout: root });

  // In turn and pair by pair too, as the tree below: the ratio holds when the machine's speed drifts.
  const against = processPairs(
    [process.execPath, [path.join(ROOT, 'dist', 'cli.js'), '--data', root, ...files]],
    [process.execPath, [path.join(ROOT, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs'), ...files]],
    7,
    incidents,
  );
  const speedUp = quantile(against.map(([cli, markdownlint]) => markdownlint / cli), 0.5);
  row(`disarm-lint, ${files.length} incidents, whole process`, `median ${quantile(against.map((p) => p[0]), 0.5).toFixed(0)} ms`, '', true);
  row('markdownlint-cli2, same files, whole process', `median ${quantile(against.map((p) => p[1]), 0.5).toFixed(0)} ms`, '', true);
  row('disarm-lint speed-up over markdownlint-cli2, pair by pair', `${speedUp.toFixed(1)}x (load ${loadavg()[0].toFixed(1)})`, '>= 10x', speedUp >= 10);

  // The whole tree against the floor: a process that only reads every file and scans it with one regex.
  // Taken in turn (floor, lint, floor, lint, ...) and compared pair by pair, so that a machine
  // whose speed drifts (it is shared) moves both alike; the load average says how busy it was.
  const pagesTree = path.join(root, 'generated_pages');
  const pairs = processPairs(
    [process.execPath, [path.join(ROOT, 'bench', 'floor.mjs'), pagesTree]],
    [process.execPath, [path.join(ROOT, 'dist', 'cli.js'), '--data', root, pagesTree]],
    9,
    root,
  );
  const ratio = quantile(pairs.map(([floor, lint]) => lint / floor), 0.5);
  row('floor: read every file, one regex scan', `median ${quantile(pairs.map((p) => p[0]), 0.5).toFixed(0)} ms`, '', true);
  row('disarm-lint, whole generated_pages, whole process', `median ${quantile(pairs.map((p) => p[1]), 0.5).toFixed(0)} ms`, '', true);
  row(
    'disarm-lint over the floor, pair by pair',
    `${ratio.toFixed(1)}x (load ${loadavg()[0].toFixed(1)}, ${availableParallelism()} cores)`,
    '<= 4x',
    ratio <= 4,
  );

  await benchEditStorm(root);
  await benchDataLoad(root);
  await benchHostile(root, index, path.join(ROOT, 'dist', 'cli.js'));
  benchExtension(ROOT);
}

void main();
